"""facts → composition (model sentences that pass, the template's for the
rest: ``briefing.compose``) → speech → archive, for each configured language.

The languages are made one after another within one deadline for the whole
job (``briefing.deadline_minutes``): a slow model on a CPU uses what the
earlier languages left, and a language with no time left gets the template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from kiosk_core.store import BriefingStore, TileStore

from .archive import (
    BriefingRecord,
    RecordSentence,
    SpeechInfo,
    save_briefing,
    write_status,
)
from .compose import compose
from .config import BriefingConfig
from .facts import FactSheet, FactSource, build_facts
from .llm import ChatClient
from .speech import spoken, synthesize
from .writer import Draft

log = logging.getLogger("briefing")


class BriefingSource(FactSource, Protocol):
    """config.yaml as the briefing sees it: the fact sources and its section."""

    @property
    def briefing(self) -> BriefingConfig: ...


class Store(TileStore, BriefingStore, Protocol):
    """What the briefing reads (tiles) and writes (its records)."""


@dataclasses.dataclass(frozen=True)
class LanguageOutcome:
    """What happened to one language's briefing."""

    language: str
    ok: bool  # archived
    writer: str
    reason: str
    engine: str
    message: str
    record: BriefingRecord | None = None


@dataclasses.dataclass(frozen=True)
class BuildResult:
    """The outcome of one build (all languages)."""

    day: dt.date
    at: dt.datetime
    outcomes: tuple[LanguageOutcome, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """True when every language was archived."""
        return all(o.ok for o in self.outcomes)

    def status(self) -> dict[str, Any]:
        """A JSON-ready summary for /status."""
        return {
            "ok": self.ok,
            "day": self.day.isoformat(),
            "at": self.at.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 2),
            "languages": {
                o.language: {
                    "ok": o.ok,
                    "writer": o.writer,
                    "reason": o.reason,
                    "speech": o.engine,
                    "message": o.message,
                }
                for o in self.outcomes
            },
        }


def briefing_config_of(
    config: BriefingSource, briefing: BriefingConfig | None = None
) -> BriefingConfig:
    """``briefing`` if given, else ``config.briefing``, else the defaults."""
    if briefing is not None:
        return briefing
    found = getattr(config, "briefing", None)
    return found if isinstance(found, BriefingConfig) else BriefingConfig()


def make_client(briefing: BriefingConfig) -> ChatClient | None:
    """The configured model endpoint (None for the template)."""
    if briefing.writer == "openai":
        return ChatClient(briefing.openai)
    return None


def _used_facts(draft: Draft, sheet: FactSheet) -> list[dict[str, Any]]:
    ids = dict.fromkeys(i for s in draft.sentences for i in s.fact_ids)
    return [f.to_dict(sheet.zone) for f in sheet.facts if f.id in ids]


def build_language(
    sheet: FactSheet,
    language: str,
    briefing: BriefingConfig,
    store: Store,
    data_dir: Path,
    client: ChatClient | None,
    now: dt.datetime,
    deadline: float,
) -> LanguageOutcome:
    """Write, check, speak and archive one language's briefing."""
    started = time.monotonic()
    made = compose(sheet, language, client, briefing, deadline)
    draft, report, info = made.draft, made.report, made.info
    wrote = time.monotonic()
    texts = [s.text for s in draft.sentences]
    with tempfile.TemporaryDirectory(prefix="briefing-audio-") as folder:
        speech = synthesize(
            texts, language, Path(folder) / "briefing.mp3", briefing.speech
        )
        spoke = time.monotonic()
        sentences = [
            RecordSentence(
                text=s.text,
                fact_ids=list(s.fact_ids),
                start=speech.timings[i].start if speech.timings else None,
                end=speech.timings[i].end if speech.timings else None,
                origin=s.origin,
                spoken=heard if (heard := spoken(s.text, language)) != s.text else None,
            )
            for i, s in enumerate(draft.sentences)
        ]
        record = BriefingRecord(
            day=sheet.day.isoformat(),
            language=language,
            created_at=now.astimezone(sheet.zone).isoformat(timespec="seconds"),
            title=draft.title,
            text=draft.text,
            sentences=sentences,
            facts=_used_facts(draft, sheet),
            check=report.to_dict(),
            writer=info,
            speech=SpeechInfo(
                engine=speech.engine,
                subtitles_only=speech.subtitles_only,
                attempts=[{"engine": e, "error": m} for e, m in speech.attempts],
            ),
            audio_seconds=round(speech.duration, 2),
            durations={
                "writer_seconds": round(wrote - started, 3),
                "speech_seconds": round(spoke - wrote, 3),
            },
        )
        saved = save_briefing(store, data_dir, record, speech.audio)
    message = saved.message
    if saved.ok and speech.subtitles_only:
        failures = "; ".join(f"{e}: {m}" for e, m in speech.attempts)
        message = "saved without audio (subtitles only)" + (
            f": {failures}" if failures else ": no speech engine configured"
        )
    return LanguageOutcome(
        language,
        saved.ok,
        info.name,
        info.reason,
        speech.engine,
        message,
        record if saved.ok else None,
    )


def build_briefing(
    config: BriefingSource,
    store: Store,
    data_dir: Path,
    briefing: BriefingConfig | None = None,
    now: dt.datetime | None = None,
    languages: Sequence[str] | None = None,
) -> BuildResult:
    """Build, check, speak and archive today's briefing in every language,
    one after another within ``deadline_minutes`` for them all; records the
    outcome for /status and returns it."""
    settings = briefing_config_of(config, briefing)
    now = now or dt.datetime.now(dt.UTC)
    started = time.monotonic()
    deadline = started + settings.deadline_minutes * 60
    sheet = build_facts(config, store, now)
    client = make_client(settings)
    outcomes = []
    for language in languages or settings.languages or config.site.languages:
        try:
            outcome = build_language(
                sheet, language, settings, store, data_dir, client, now, deadline
            )
        except Exception as err:  # keep the other language and the scheduler alive
            log.exception("briefing %s failed", language)
            outcome = LanguageOutcome(
                language,
                False,
                "none",
                "",
                "none",
                f"unexpected {type(err).__name__}: {err}",
            )
        outcomes.append(outcome)
    result = BuildResult(
        sheet.day,
        now.astimezone(sheet.zone),
        tuple(outcomes),
        time.monotonic() - started,
    )
    write_status(store, result.status())
    return result
