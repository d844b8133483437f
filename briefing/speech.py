"""Speech: the briefing as one MP3 with start/end seconds per sentence.

Engines are tried in the configured order, each bounded by a timeout:
``gtts`` (Google Translate's voice; needs the internet), ``espeak-ng``
(offline; each sentence to WAV, measured with ``wave``, joined with short
pauses, encoded once with ``lame``), then none: the briefing is shown as
subtitles only and recorded as such. A failed engine leaves no file behind.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kiosk_core.locales import locale

from .config import SpeechConfig

log = logging.getLogger("briefing")


class SpeechError(Exception):
    """An engine could not speak the briefing (the message is safe to show)."""


@dataclasses.dataclass(frozen=True)
class Timing:
    """When one sentence is heard, in seconds from the start of the audio."""

    start: float
    end: float


@dataclasses.dataclass(frozen=True)
class SpeechResult:
    """What speech produced: an MP3 and timings, or subtitles only."""

    engine: str  # "gtts", "espeak-ng" or "none"
    audio: Path | None
    timings: tuple[Timing, ...]
    duration: float
    attempts: tuple[tuple[str, str], ...]  # (engine, error) for engines that failed
    seconds_spent: float = 0.0

    @property
    def subtitles_only(self) -> bool:
        """True when no engine produced audio."""
        return self.audio is None


def spoken(text: str, language: str) -> str:
    """Subtitle text as it should be read aloud: units, dates and times spelled
    out so every engine says them the same way (the language's locale knows
    how)."""
    return locale(language).spoken(text)


# --- measuring MP3 ------------------------------------------------------------

_BITRATES = {  # (MPEG-1?, layer 3) kbps by index
    True: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    False: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_duration(data: bytes) -> float:
    """Seconds of MPEG audio layer III in ``data``, from its frame headers
    (0.0 when there is no valid frame)."""
    pos = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        pos = 10 + size
    seconds, frames = 0.0, 0
    while pos + 4 <= len(data):
        header = int.from_bytes(data[pos : pos + 4], "big")
        version = (header >> 19) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        layer = (header >> 17) & 3  # 1: layer III
        bitrate_index = (header >> 12) & 15
        rate_index = (header >> 10) & 3
        if (
            (header >> 21) != 0x7FF
            or version == 1
            or layer != 1
            or bitrate_index in (0, 15)
            or rate_index == 3
        ):
            if frames:
                break  # trailing tag or garbage after the audio
            pos += 1  # not yet in sync
            continue
        mpeg1 = version == 3
        rate = _RATES[version][rate_index]
        bitrate = _BITRATES[mpeg1][bitrate_index] * 1000
        padding = (header >> 9) & 1
        samples = 1152 if mpeg1 else 576
        length = samples // 8 * bitrate // rate + padding
        if length < 4:
            break
        seconds += samples / rate
        frames += 1
        pos += length
    return seconds


def wav_duration(path: Path) -> float:
    """Seconds of audio in a WAV file."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


# --- engines ------------------------------------------------------------------


def _timings(durations: Sequence[float], pause: float) -> tuple[Timing, ...]:
    timings, clock = [], 0.0
    for index, length in enumerate(durations):
        timings.append(Timing(round(clock, 3), round(clock + length, 3)))
        clock += length + (pause if index < len(durations) - 1 else 0.0)
    return tuple(timings)


def gtts_speak(
    sentences: Sequence[str],
    language: str,
    out: Path,
    timeout: float,
    tld: str = "com",
) -> tuple[float, ...]:
    """Speak each sentence with gTTS into one MP3 at ``out``; the per-sentence
    durations. SpeechError after ``timeout`` seconds in all (no file left)."""
    from gtts import gTTS
    from gtts.tts import gTTSError

    deadline = time.monotonic() + timeout
    parts: list[bytes] = []
    durations: list[float] = []
    for sentence in sentences:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SpeechError(f"gTTS took longer than {timeout:g} s")
        buffer = io.BytesIO()
        try:
            gTTS(
                sentence,
                lang=locale(language).voices["gtts"],
                tld=tld,
                lang_check=False,
                timeout=left,
            ).write_to_fp(buffer)
        except (gTTSError, OSError, ValueError, AssertionError) as err:
            raise SpeechError(f"gTTS failed: {type(err).__name__}") from None
        data = buffer.getvalue()
        seconds = mp3_duration(data)
        if not data or seconds <= 0:
            raise SpeechError("gTTS returned no audio")
        parts.append(data)
        durations.append(seconds)
    _write_atomically(out, b"".join(parts))
    return tuple(durations)


def _write_atomically(out: Path, data: bytes) -> None:
    tmp = out.with_name(f".{out.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _espeak_one(
    binary: str, voice: str, wpm: int, text: str, wav_path: Path, timeout: float
) -> None:
    subprocess.run(
        [binary, "-v", voice, "-s", str(wpm), "-w", str(wav_path), "--stdin"],
        input=text.encode("utf-8"),
        check=True,
        timeout=max(timeout, 0.1),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def espeak_speak(
    sentences: Sequence[str],
    language: str,
    out: Path,
    config: SpeechConfig,
    timeout: float,
) -> tuple[float, ...]:
    """Speak with espeak-ng (one WAV per sentence), join with pauses, encode one
    MP3 with lame at ``out``; the per-sentence durations."""
    espeak, lame = shutil.which("espeak-ng"), shutil.which("lame")
    if espeak is None:
        raise SpeechError("espeak-ng is not installed (not on PATH)")
    if lame is None:
        raise SpeechError("lame is not installed (not on PATH)")
    voice = config.espeak_voices.get(language) or locale(language).voices["espeak"]
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        work = Path(folder)
        paths = [work / f"{i:03d}.wav" for i in range(len(sentences))]
        try:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                jobs = [
                    pool.submit(
                        _espeak_one,
                        espeak,
                        voice,
                        config.espeak_words_per_minute,
                        text,
                        path,
                        deadline - time.monotonic(),
                    )
                    for text, path in zip(sentences, paths, strict=True)
                ]
                for job in jobs:
                    job.result()
            durations = tuple(wav_duration(p) for p in paths)
            joined = work / "all.wav"
            _join_wavs(paths, joined, config.pause_seconds)
            mp3 = work / "all.mp3"
            subprocess.run(
                [
                    lame,
                    "--quiet",
                    "-b",
                    str(config.mp3_bitrate_kbps),
                    "-m",
                    "m",
                    str(joined),
                    str(mp3),
                ],
                check=True,
                timeout=max(deadline - time.monotonic(), 0.1),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except subprocess.TimeoutExpired:
            raise SpeechError(f"espeak-ng took longer than {timeout:g} s") from None
        except subprocess.CalledProcessError as err:
            tool = Path(str(err.cmd[0])).name
            detail = (err.stderr or b"").decode(errors="replace").strip()[:200]
            raise SpeechError(f"{tool} failed: {detail or err.returncode}") from None
        except (OSError, wave.Error, EOFError) as err:
            raise SpeechError(f"espeak-ng audio unreadable: {err}") from None
        _write_atomically(out, mp3.read_bytes())
    return durations


def _join_wavs(paths: Sequence[Path], out: Path, pause: float) -> None:
    params = None
    with wave.open(str(out), "wb") as joined:
        for index, path in enumerate(paths):
            with wave.open(str(path), "rb") as part:
                if params is None:
                    params = part.getparams()
                    joined.setparams(params)
                elif part.getparams()[:3] != params[:3]:
                    raise wave.Error("espeak-ng parts differ in format")
                joined.writeframes(part.readframes(part.getnframes()))
            if index < len(paths) - 1 and params is not None:
                silence = int(pause * params.framerate)
                joined.writeframes(
                    b"\0" * silence * params.sampwidth * params.nchannels
                )


def synthesize(
    sentences: Sequence[str],
    language: str,
    out: Path,
    config: SpeechConfig,
) -> SpeechResult:
    """Speak subtitle sentences with the first engine that works; write ``out``.

    The text is spoken as ``spoken()`` renders it. With no working engine the
    result has no audio (subtitles only) and lists each engine's failure.
    """
    started = time.monotonic()
    texts = [spoken(s, language) for s in sentences]
    attempts: list[tuple[str, str]] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    for engine in config.engines:
        try:
            if engine == "gtts":
                durations = gtts_speak(
                    texts, language, out, config.timeout_seconds, config.gtts_tld
                )
                pause = 0.0
            else:
                durations = espeak_speak(
                    texts, language, out, config, config.timeout_seconds
                )
                pause = config.pause_seconds
        except SpeechError as err:
            log.info("briefing speech: %s failed: %s", engine, err)
            attempts.append((engine, str(err)))
            continue
        except Exception as err:  # an engine bug must not stop the briefing
            log.warning("briefing speech: %s crashed", engine, exc_info=True)
            attempts.append((engine, f"unexpected {type(err).__name__}"))
            out.unlink(missing_ok=True)
            continue
        duration = mp3_duration(out.read_bytes())
        return SpeechResult(
            engine,
            out,
            _timings(durations, pause),
            duration,
            tuple(attempts),
            time.monotonic() - started,
        )
    return SpeechResult(
        "none", None, (), 0.0, tuple(attempts), time.monotonic() - started
    )
