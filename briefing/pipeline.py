"""facts → writer → check → (one retry with the findings) → template → speech →
archive, for each configured language.

The LLM's text is kept only if it passes the number check, at once or on one
retry that carries the checker's findings; otherwise the template writer's
text is used and the record says why. Transport failures (timeout,
unreachable, HTTP error) go to the template at once: a retry would only double
the wait.
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
    WriterInfo,
    save_briefing,
    write_status,
)
from .check import CheckReport, check_sentences
from .config import BriefingConfig
from .facts import FactSheet, FactSource, build_facts
from .speech import synthesize
from .template import TemplateWriter
from .writer import Draft, OpenAIWriter, Writer, WriterError

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


def check_draft(draft: Draft, sheet: FactSheet) -> CheckReport:
    """The number check of a draft's title and sentences."""
    return check_sentences(
        ((s.text, s.fact_ids) for s in draft.sentences),
        sheet,
        title=draft.title,
        language=draft.language,
    )


def _template(sheet: FactSheet, language: str) -> tuple[Draft, CheckReport]:
    draft = TemplateWriter().write(sheet, language)
    report = check_draft(draft, sheet)
    if not report.ok:  # a bug: never speak an unchecked figure, drop the sentence
        log.error(
            "briefing: the template failed the number check: %s", report.summary()
        )
        bad = {f.sentence for f in report.findings}
        kept = tuple(s for i, s in enumerate(draft.sentences) if i not in bad)
        draft = dataclasses.replace(draft, sentences=kept)
        report = check_draft(draft, sheet)
    return draft, report


def write_checked(
    sheet: FactSheet, language: str, writer: Writer | None
) -> tuple[Draft, CheckReport, WriterInfo]:
    """The first text that passes the check: the writer's, its retry, or the
    template's; with the reason it won and every attempt."""
    attempts: list[dict[str, Any]] = []
    if writer is None or writer.name == "template":
        draft, report = _template(sheet, language)
        return (
            draft,
            report,
            WriterInfo(name="template", reason="configured", attempts=attempts),
        )
    findings: Sequence[str] = ()
    previous: Draft | None = None
    reason = ""
    for attempt in (1, 2):
        started = time.monotonic()
        try:
            draft = writer.write(sheet, language, findings, previous)
        except WriterError as err:
            attempts.append(
                {
                    "attempt": attempt,
                    "ok": False,
                    "error": str(err),
                    "kind": err.kind,
                    "seconds": round(time.monotonic() - started, 2),
                }
            )
            reason = f"{writer.name} failed ({err.kind}): {err}"
            if not err.retryable or attempt == 2:
                break
            findings = [f"your answer could not be used: {err}"]
            previous = Draft(language, "", (), writer.name, raw=err.raw)
            continue
        except Exception as err:  # a writer bug must not stop the briefing
            log.warning("briefing: writer %s crashed", writer.name, exc_info=True)
            reason = f"{writer.name} failed: unexpected {type(err).__name__}"
            attempts.append({"attempt": attempt, "ok": False, "error": reason})
            break
        report = check_draft(draft, sheet)
        attempts.append(
            {
                "attempt": attempt,
                "ok": report.ok,
                "findings": [str(f) for f in report.findings],
                "seconds": round(time.monotonic() - started, 2),
            }
        )
        if report.ok:
            why = (
                "passed the number check"
                if attempt == 1
                else "passed the number check on the retry"
            )
            return (
                draft,
                report,
                WriterInfo(
                    name=writer.name, model=draft.model, reason=why, attempts=attempts
                ),
            )
        findings, previous = [str(f) for f in report.findings], draft
        reason = (
            f"{writer.name}'s text failed the number check"
            f"{' twice' if attempt == 2 else ''}: {report.summary()}"
        )
    log.warning("briefing %s: using the template: %s", language, reason)
    draft, report = _template(sheet, language)
    return (
        draft,
        report,
        WriterInfo(name="template", reason=reason, model=None, attempts=attempts),
    )


def make_writer(briefing: BriefingConfig) -> Writer | None:
    """The configured LLM writer (None for the template)."""
    if briefing.writer == "openai":
        return OpenAIWriter(briefing.openai, briefing.target_seconds)
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
    writer: Writer | None,
    now: dt.datetime,
) -> LanguageOutcome:
    """Write, check, speak and archive one language's briefing."""
    started = time.monotonic()
    draft, report, info = write_checked(sheet, language, writer)
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
    writer: Writer | None = None,
) -> BuildResult:
    """Build, check, speak and archive today's briefing in every language;
    records the outcome for /status and returns it."""
    settings = briefing_config_of(config, briefing)
    now = now or dt.datetime.now(dt.UTC)
    started = time.monotonic()
    sheet = build_facts(config, store, now)
    chosen = writer if writer is not None else make_writer(settings)
    outcomes = []
    for language in languages or settings.languages or config.site.languages:
        try:
            outcome = build_language(
                sheet, language, settings, store, data_dir, chosen, now
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
