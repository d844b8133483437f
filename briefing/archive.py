"""The archive: one record per day and language, with its MP3.

Records live in the Store (``briefings`` table), audio files under
``<data dir>/briefings/`` named by id (``briefing-2026-11-26-ko-080012.mp3``),
never by a path a client sends. A new briefing replaces the day's previous one
only when both its audio and its record were written: on a full disk or an
unwritable directory the previous briefing stays and ``save_briefing`` returns
a failed status saying why (for /status).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from kiosk_core.store import BriefingStore
from kiosk_core.text import Text

log = logging.getLogger("briefing")

AUDIO_FOLDER = "briefings"
AUDIO_NAME = re.compile(r"^briefing-\d{4}-\d{2}-\d{2}-[a-z]{2}-\d{6}\.mp3$")
STATUS_KEY = "briefing.status"


Origin = Literal["model", "retry", "template"]


class RecordSentence(BaseModel):
    """A sentence with the seconds it is heard (None when subtitles only).

    ``origin`` says who wrote it: the model's first answer, its answer to the
    retry, or the template (for the same facts, in place of a sentence that
    failed, or covering a required fact); ``spoken`` is what the speech engine
    read when it differs from the text (figures filled in as words)."""

    text: str
    fact_ids: list[str] = []
    start: float | None = None
    end: float | None = None
    origin: Origin = "template"
    spoken: str | None = None


class WriterInfo(BaseModel):
    """Which writer's text was kept, and why, with every attempt.

    Each attempt (``briefing.attempts.Attempt.to_dict``) holds the model, the
    endpoint (no secret), the prompt version, the structured-output mode, the
    raw answer, the parse and check findings per sentence, tokens and seconds.
    ``sentences`` counts the kept sentences by origin."""

    name: str
    model: str | None = None
    reason: str
    attempts: list[dict[str, Any]] = []
    endpoint: str | None = None
    prompt_version: str | None = None
    sentences: dict[str, int] = {}


class SpeechInfo(BaseModel):
    """Which engine spoke, or none (subtitles only), and what failed first."""

    engine: str
    subtitles_only: bool
    attempts: list[dict[str, str]] = []


class BriefingRecord(BaseModel):
    """Everything kept about one briefing in one language."""

    day: str
    language: str
    created_at: str
    title: str
    text: str
    sentences: list[RecordSentence]
    facts: list[dict[str, Any]]  # the facts the sentences use
    check: dict[str, Any]
    writer: WriterInfo
    speech: SpeechInfo
    audio_file: str | None = None
    audio_seconds: float = 0.0
    durations: dict[str, float] = {}


@dataclasses.dataclass(frozen=True)
class ArchiveStatus:
    """The outcome of saving one briefing."""

    ok: bool
    message: str
    audio_file: str | None = None


def audio_dir(data_dir: Path) -> Path:
    """Where briefing MP3s are kept."""
    return data_dir / AUDIO_FOLDER


def audio_name(day: dt.date, language: str, created: dt.datetime) -> str:
    """The file name (id) of a briefing's MP3."""
    return f"briefing-{day.isoformat()}-{language}-{created:%H%M%S}.mp3"


def audio_file(data_dir: Path, name: str) -> Path | None:
    """The MP3 for an id taken from a URL, or None (unknown or malformed id)."""
    if not AUDIO_NAME.match(name):
        return None
    path = audio_dir(data_dir) / name
    return path if path.is_file() else None


def _describe(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return f"{type(err).__name__}: {err}"


def save_briefing(
    store: BriefingStore,
    data_dir: Path,
    record: BriefingRecord,
    audio: Path | None,
) -> ArchiveStatus:
    """Keep a briefing: copy its audio in, then store the record; on any failure
    nothing changes and the status says what went wrong."""
    day = dt.date.fromisoformat(record.day)
    created = dt.datetime.fromisoformat(record.created_at)
    name: str | None = None
    target: Path | None = None
    if audio is not None:
        folder = audio_dir(data_dir)
        name = audio_name(day, record.language, created)
        target = folder / name
        part = folder / f".{name}.part"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(audio, part)
            os.replace(part, target)
        except OSError as err:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            message = f"cannot write the briefing audio to {folder}: {_describe(err)}"
            log.error("briefing %s %s: %s", record.day, record.language, message)
            return ArchiveStatus(False, message)
    previous = store.briefing(day, record.language)
    kept = record.model_copy(update={"audio_file": name})
    try:
        store.put_briefing(day, record.language, kept.model_dump(mode="json"), created)
    except store.errors + (OSError,) as err:
        if target is not None:
            target.unlink(missing_ok=True)
        message = f"cannot store the briefing record: {_describe(err)}"
        log.error("briefing %s %s: %s", record.day, record.language, message)
        return ArchiveStatus(False, message)
    old = (previous or {}).get("audio_file")
    if old and old != name:
        _remove_audio(data_dir, old)
    return ArchiveStatus(True, "saved", name)


def _remove_audio(data_dir: Path, name: str) -> None:
    path = audio_file(data_dir, name)
    if path is not None:
        try:
            path.unlink()
        except OSError as err:
            log.warning("briefing: cannot remove old audio %s: %s", name, err)


def prune(
    store: BriefingStore, data_dir: Path, retention_days: int, today: dt.date
) -> int:
    """Delete briefings (records and audio) older than the retention; the count."""
    cutoff = today - dt.timedelta(days=retention_days)
    try:
        removed = store.prune_briefings(cutoff)
    except store.errors + (OSError,) as err:
        log.warning("briefing: cannot prune old briefings: %s", err)
        return 0
    for record in removed:
        if record.get("audio_file"):
            _remove_audio(data_dir, record["audio_file"])
    folder = audio_dir(data_dir)
    if folder.is_dir():  # audio whose record was never stored (a crash midway)
        for path in folder.glob("briefing-*.mp3"):
            match = re.match(r"briefing-(\d{4}-\d{2}-\d{2})-", path.name)
            if match and dt.date.fromisoformat(match[1]) < cutoff:
                path.unlink(missing_ok=True)
    return len(removed)


def write_status(store: BriefingStore, status: dict[str, Any]) -> None:
    """Remember the last build's outcome for /status (logged if impossible)."""
    try:
        store.set_meta(STATUS_KEY, status)
    except store.errors + (OSError,) as err:
        log.error("briefing: cannot record the status: %s", err)


def read_status(store: BriefingStore) -> dict[str, Any] | None:
    """The last build's outcome (for /status), or None before the first build."""
    status = store.get_meta(STATUS_KEY)
    return status if isinstance(status, dict) else None


def _by_language(value: Any, language: str) -> str | None:
    if isinstance(value, dict) and value:
        return Text.model_validate(value).get(language)
    return value if isinstance(value, str) else None


def stored_fact_words(fact: dict[str, Any], language: str) -> dict[str, str | None]:
    """A stored fact's label, unit, text and grade in ``language``; records
    written before facts were kept by language have ``label_ko``/``label_en``."""
    if "labels" not in fact:  # an older record: Korean and English only
        english = language == "en"
        return {
            "label": fact.get("label_en" if english else "label_ko"),
            "unit": (fact.get("unit_en") if english else None) or fact.get("unit"),
            "text": fact.get("text_en" if english else "text_ko"),
            "grade": fact.get("grade_en" if english else "grade_ko"),
        }
    text = fact.get("texts")
    if fact.get("kind") != "notice" and isinstance(text, dict):
        text = text.get(language)  # a reading's text: only as the source wrote it
    return {
        "label": _by_language(fact.get("labels"), language),
        "unit": _by_language(fact.get("units"), language) or fact.get("unit"),
        "text": _by_language(text, language),
        "grade": _by_language(fact.get("grades"), language),
    }


def _json_fact(fact: dict[str, Any], language: str) -> dict[str, Any]:
    words = stored_fact_words(fact, language)
    return {
        "id": fact["id"],
        "label": words["label"],
        "value": fact.get("value"),
        "shown": fact.get("shown"),
        "text": words["text"],
        "unit": fact.get("unit", ""),
        "as_of": fact.get("as_of"),
        "source": fact.get("source", ""),
    }


def briefing_json(record: dict[str, Any], audio_url: str | None) -> dict[str, Any]:
    """The portal's /briefing/latest.json body for a stored record."""
    return {
        "date": record["day"],
        "language": record["language"],
        "created_at": record.get("created_at"),
        "title": record["title"],
        "text": record["text"],
        "sentences": [
            {"text": s["text"], "start": s.get("start"), "end": s.get("end")}
            for s in record.get("sentences", [])
        ],
        "audio_url": audio_url if record.get("audio_file") else None,
        "audio_seconds": record.get("audio_seconds", 0.0),
        "subtitles_only": record.get("speech", {}).get("subtitles_only", True),
        "facts": [_json_fact(f, record["language"]) for f in record.get("facts", [])],
        "writer": {
            "name": record["writer"]["name"],
            "model": record["writer"].get("model"),
            "reason": record["writer"]["reason"],
        },
    }
