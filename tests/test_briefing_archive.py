"""The archive: a full disk or an unwritable folder is reported as a clear
status and the previous briefing stays; retention prunes old days; the portal
JSON carries what a citizen needs."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
from pathlib import Path

import pytest

from briefing.archive import audio_dir, audio_file, briefing_json, read_status
from briefing.config import BriefingConfig
from briefing.jobs import build_briefing_now
from briefing.pipeline import build_briefing
from kiosk_app.store import Store
from tests.support.briefing_data import NOW, demo_config, fill_store

KO_ONLY = BriefingConfig.model_validate({"languages": ["ko"]})  # espeak-ng
LATER = NOW + dt.timedelta(minutes=20)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return fill_store(tmp_path, demo_config())


def test_a_briefing_is_archived_with_audio_and_timings(
    store: Store, tmp_path: Path
) -> None:
    result = build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=NOW)
    assert result.ok and result.status()["languages"]["ko"]["speech"] == "espeak-ng"
    record = store.latest_briefing("ko")
    assert record is not None
    path = audio_file(tmp_path, record["audio_file"])
    assert path is not None and path.stat().st_size > 10_000
    assert record["audio_seconds"] > 30
    assert all(
        s["start"] is not None and s["end"] > s["start"] for s in record["sentences"]
    )
    sentences = len(record["sentences"])
    assert record["writer"] == {
        "name": "template",
        "model": None,
        "reason": "configured",
        "attempts": [],
        "endpoint": None,
        "prompt_version": None,
        "sentences": {"template": sentences},
    }
    assert {s["origin"] for s in record["sentences"]} == {"template"}
    assert {f["id"] for f in record["facts"]} >= {"temperature", "population"}
    assert read_status(store)["ok"] is True  # type: ignore[index]
    body = briefing_json(record, f"/briefing/audio/{record['audio_file']}")
    assert body["date"] == "2026-11-26" and body["language"] == "ko"
    assert body["audio_url"].endswith(".mp3") and body["subtitles_only"] is False
    assert set(body["sentences"][0]) == {"text", "start", "end"}
    fact = next(f for f in body["facts"] if f["id"] == "population")
    assert fact["label"] == "서산시 인구" and fact["unit"] == "명"
    assert fact["as_of"].startswith("2026-11-26T10:30") and fact["source"]
    assert body["writer"]["name"] == "template"


def test_audio_ids_from_urls_are_checked(tmp_path: Path) -> None:
    assert audio_file(tmp_path, "../kiosk.db") is None
    assert audio_file(tmp_path, "briefing-2026-11-26-ko-083000.mp3") is None  # absent


def test_unwritable_audio_folder_is_reported_and_previous_stays(
    store: Store, tmp_path: Path
) -> None:
    no_audio = BriefingConfig.model_validate(
        {"languages": ["ko"], "speech": {"engines": []}}
    )
    assert build_briefing(demo_config(), store, tmp_path, no_audio, now=NOW).ok
    previous = store.latest_briefing("ko")
    shutil.rmtree(audio_dir(tmp_path), ignore_errors=True)
    audio_dir(tmp_path).write_text("a file where the folder should be")
    result = build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=LATER)
    assert not result.ok
    message = result.status()["languages"]["ko"]["message"]
    assert "cannot write the briefing audio" in message and "briefings" in message
    assert store.latest_briefing("ko") == previous
    status = read_status(store)
    assert status is not None and status["ok"] is False
    assert "cannot write the briefing audio" in status["languages"]["ko"]["message"]


def test_full_disk_keeps_the_previous_briefing_and_its_audio(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=NOW).ok
    previous = store.latest_briefing("ko")
    assert previous is not None

    def disk_full(src: object, dst: object, **kwargs: object) -> None:
        Path(str(dst)).write_bytes(b"\0" * 100)  # a partial write, then ENOSPC
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    result = build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=LATER)
    assert not result.ok
    assert "No space left on device" in result.status()["languages"]["ko"]["message"]
    assert store.latest_briefing("ko") == previous
    assert audio_file(tmp_path, previous["audio_file"]) is not None
    assert sorted(p.name for p in audio_dir(tmp_path).iterdir()) == [
        previous["audio_file"]
    ]  # no partial file left


def test_rebuilding_a_day_replaces_its_audio(store: Store, tmp_path: Path) -> None:
    build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=NOW)
    first = store.latest_briefing("ko")
    build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=LATER)
    second = store.latest_briefing("ko")
    assert first and second and first["audio_file"] != second["audio_file"]
    assert [p.name for p in audio_dir(tmp_path).iterdir()] == [second["audio_file"]]


def test_retention_prunes_old_days(store: Store, tmp_path: Path) -> None:
    settings = BriefingConfig.model_validate({"languages": ["ko"], "retention_days": 3})
    config = demo_config()
    old = NOW - dt.timedelta(days=5)
    fill_store(tmp_path / "old", config, old)  # readings for that morning
    old_store = Store(tmp_path / "old" / "kiosk.db")
    build_briefing(config, old_store, tmp_path, settings, now=old)
    old_record = old_store.latest_briefing("ko")
    assert old_record is not None
    store.put_briefing(dt.date(2026, 11, 21), "ko", old_record, old)
    build_briefing_now(config, store, tmp_path, settings, now=NOW)
    assert [r["day"] for r in store.recent_briefings("ko")] == ["2026-11-26"]
    assert audio_file(tmp_path, old_record["audio_file"]) is None


def test_subtitles_only_is_recorded(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng, no lame
    result = build_briefing(demo_config(), store, tmp_path, KO_ONLY, now=NOW)
    assert result.ok
    assert "subtitles only" in result.status()["languages"]["ko"]["message"]
    record = store.latest_briefing("ko")
    assert record is not None and record["audio_file"] is None
    assert record["speech"]["subtitles_only"] is True
    assert record["speech"]["attempts"][0]["engine"] == "espeak-ng"
    body = briefing_json(record, "/briefing/audio/x.mp3")
    assert body["audio_url"] is None and body["subtitles_only"] is True
    assert body["sentences"][0]["start"] is None
