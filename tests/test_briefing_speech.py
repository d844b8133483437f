"""Speech: gTTS fails fast without the internet and leaves no file; espeak-ng
gives a playable MP3 whose sentence timings fit its length; without espeak-ng
the briefing is subtitles only, and says so."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.config import SpeechConfig
from briefing.speech import SpeechError, gtts_speak, mp3_duration, spoken, synthesize

SENTENCES = [
    "2026. 11. 26.(목) 서산시 오늘의 브리핑입니다.",
    "미세먼지는 35㎍/㎥으로 보통 수준입니다.",
    "기온은 16.6℃입니다.",
]


class HangingServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (not even TLS)."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen()
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self.connections:
            conn.close()
        self._socket.close()


@pytest.fixture
def hanging() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.close()


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def decoded_seconds(mp3: Path, folder: Path) -> float:
    """The MP3's length as decoded by lame and read back with ``wave``."""
    wav = folder / "decoded.wav"
    subprocess.run(
        ["lame", "--quiet", "--decode", str(mp3), str(wav)], check=True, timeout=30
    )
    with wave.open(str(wav), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def test_spoken_spells_out_units_dates_and_times() -> None:
    assert spoken(SENTENCES[1], "ko") == (
        "미세먼지는 세제곱미터당 삼십오마이크로그램으로 보통 수준입니다."
    )
    assert spoken("기온은 16.6℃, 바람은 3.2m/s입니다.", "ko") == (
        "기온은 십육 점 육도, 바람은 초속 삼 점 이미터입니다."
    )
    assert spoken(SENTENCES[0], "ko").startswith("이천이십육년 십일월 이십육일 목요일 ")
    assert spoken("09:00부터 18:30까지", "ko") == "아홉 시부터 열여덟 시 삼십분까지"


def test_korean_figures_are_read_as_an_announcer_reads_them() -> None:
    """Sino-Korean for amounts, native numbers before counters below 100,
    digit by digit for decimals and telephone numbers, 유월 and 시월."""
    assert spoken("서산시 인구는 18만 2,261명입니다.", "ko") == (
        "서산시 인구는 십팔만 이천이백육십일명입니다."
    )
    assert spoken("대기 인원은 12명, 20명, 1번 버스", "ko") == (
        "대기 인원은 열두 명, 스무 명, 일번 버스"
    )
    assert spoken("10,000명, 0.25%, 6월과 10월", "ko") == (
        "만명, 영 점 이오퍼센트, 유월과 시월"
    )
    assert spoken("문의 041-660-2114", "ko") == "문의 공사일 육육공 이일일사"
    assert spoken("It is 16.6 ℃ and 35 ㎍/㎥ at 8:00 a.m.", "en") == (
        "It is 16.6 degrees Celsius and 35 micrograms per cubic metre at 8 a.m."
    )


def test_gtts_without_internet_fails_fast_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "briefing.mp3"
    started = time.monotonic()
    with pytest.raises(SpeechError):
        gtts_speak(SENTENCES, "ko", out, timeout=5.0)
    assert time.monotonic() - started < 7.0
    assert leftovers(tmp_path) == []


def test_gtts_against_a_hanging_server_times_out(
    tmp_path: Path, hanging: HangingServer
) -> None:
    # gTTS builds https://translate.google.<tld>/...: a tld with "x@host:port"
    # makes "translate.google.x" the user part and sends the request to us
    out = tmp_path / "briefing.mp3"
    started = time.monotonic()
    with pytest.raises(SpeechError):
        gtts_speak(SENTENCES, "ko", out, timeout=1.0, tld=f"x@127.0.0.1:{hanging.port}")
    elapsed = time.monotonic() - started
    assert hanging.connections, "gTTS never reached the local server"
    assert 0.9 <= elapsed < 4.0
    assert leftovers(tmp_path) == []


def test_falls_back_to_espeak_with_a_playable_mp3(tmp_path: Path) -> None:
    out = tmp_path / "briefing.mp3"
    config = SpeechConfig(engines=["gtts", "espeak-ng"], timeout_seconds=5)
    result = synthesize(SENTENCES, "ko", out, config)
    assert result.engine == "espeak-ng"
    assert [engine for engine, _ in result.attempts] == ["gtts"]
    assert result.audio == out and out.stat().st_size > 1000
    seconds = decoded_seconds(out, tmp_path)
    assert seconds > 3.0
    assert abs(mp3_duration(out.read_bytes()) - seconds) < 0.2
    assert len(result.timings) == len(SENTENCES)
    ends = [t.end for t in result.timings]
    starts = [t.start for t in result.timings]
    assert starts[0] == 0.0 and all(a < b for a, b in zip(starts, ends, strict=True))
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))
    assert abs(ends[-1] - seconds) < 0.3  # the last sentence ends with the audio
    assert {p.name for p in leftovers(tmp_path)} == {"briefing.mp3", "decoded.wav"}


def test_english_voice(tmp_path: Path) -> None:
    result = synthesize(
        ["The temperature is 16.6 ℃."], "en", tmp_path / "en.mp3", SpeechConfig()
    )
    assert result.engine == "espeak-ng"
    assert decoded_seconds(tmp_path / "en.mp3", tmp_path) > 1.0


def test_without_espeak_the_briefing_is_subtitles_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "briefing.mp3"
    result = synthesize(SENTENCES, "ko", out, SpeechConfig(engines=["espeak-ng"]))
    assert result.engine == "none" and result.subtitles_only
    assert result.audio is None and result.timings == ()
    assert "espeak-ng is not installed" in result.attempts[0][1]
    assert not out.exists()


def test_mp3_duration_ignores_garbage() -> None:
    assert mp3_duration(b"") == 0.0
    assert mp3_duration(b"not an mp3 at all" * 10) == 0.0
