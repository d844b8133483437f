"""How well a writer does over simulated mornings: ``python -m briefing.evaluate``.

    python -m briefing.evaluate --days 30 --writer template
    python -m briefing.evaluate --days 7 --writer openai \\
        --base-url http://127.0.0.1:8000/v1 --model gemma --api-key-env "" \\
        --languages ko,en --out results.json

For each simulated weekday (``briefing.simulate``) and language it composes
the briefing as the scheduler would (no speech) and prints one line. The
output is stable so runs can be compared: a header line, then tab-separated
rows with these columns, then the totals:

    day  language  writer  sentences  model  retry  template  passed_first
    check_ok  spoken_seconds  seconds  note

``passed_first`` is the share of the model's first-answer sentences that
passed every check; ``model``/``retry``/``template`` count the sentences
kept from each. The totals give the pass rate, the salvage rate (sentences
the template said in place of the model's, where the model answered), days
wholly from the template, and the mean length and time. ``--out`` writes
every composition (texts and attempts) as JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .compose import Composition, compose, spoken_seconds
from .config import OUTPUT_MODES, BriefingConfig
from .llm import ChatClient
from .simulate import simulated_days

FORMAT = "briefing-evaluate 1"
COLUMNS = (
    "day",
    "language",
    "writer",
    "sentences",
    "model",
    "retry",
    "template",
    "passed_first",
    "check_ok",
    "spoken_seconds",
    "seconds",
    "note",
)


@dataclasses.dataclass(frozen=True)
class Row:
    """One language of one simulated day."""

    day: dt.date
    language: str
    composition: Composition
    seconds: float

    @property
    def counts(self) -> dict[str, int]:
        """Kept sentences by origin."""
        return self.composition.info.sentences

    @property
    def first(self) -> tuple[int, int]:
        """(passed, asked) sentences of the model's first answer."""
        attempts = self.composition.info.attempts
        if not attempts:
            return 0, 0
        verdicts = attempts[0].get("sentences", [])
        return sum(1 for v in verdicts if v["ok"]), len(verdicts)

    @property
    def spoken(self) -> float:
        """About how long it takes to read aloud."""
        texts = [s.text for s in self.composition.draft.sentences]
        return spoken_seconds(texts, self.language)

    def cells(self) -> list[str]:
        """The row's cells, in COLUMNS order."""
        passed, asked = self.first
        info = self.composition.info
        note = "" if info.name != "template" or not info.attempts else info.reason
        return [
            self.day.isoformat(),
            self.language,
            info.name,
            str(len(self.composition.draft.sentences)),
            str(self.counts.get("model", 0)),
            str(self.counts.get("retry", 0)),
            str(self.counts.get("template", 0)),
            f"{passed / asked:.2f}" if asked else "-",
            "yes" if self.composition.report.ok else "no",
            f"{self.spoken:.0f}",
            f"{self.seconds:.1f}",
            " ".join(note.split())[:200],
        ]

    def to_dict(self) -> dict[str, Any]:
        """Everything about the row, texts and attempts included."""
        draft = self.composition.draft
        return {
            "day": self.day.isoformat(),
            "language": self.language,
            "seconds": round(self.seconds, 2),
            "spoken_seconds": round(self.spoken, 1),
            "title": draft.title,
            "sentences": [
                {"text": s.text, "fact_ids": list(s.fact_ids), "origin": s.origin}
                for s in draft.sentences
            ],
            "check_ok": self.composition.report.ok,
            "writer": self.composition.info.model_dump(),
        }


def summary(rows: Sequence[Row]) -> dict[str, Any]:
    """The totals over all rows."""
    asked = sum(r.first[1] for r in rows)
    passed = sum(r.first[0] for r in rows)
    answered = [r for r in rows if r.first[1]]
    kept = sum(len(r.composition.draft.sentences) for r in answered)
    patched = sum(r.counts.get("template", 0) for r in answered)
    model = sum(r.counts.get("model", 0) + r.counts.get("retry", 0) for r in rows)
    total = sum(len(r.composition.draft.sentences) for r in rows)
    return {
        "rows": len(rows),
        "pass_rate": round(passed / asked, 3) if asked else None,
        "salvage_rate": round(patched / kept, 3) if kept else None,
        "model_share": round(model / total, 3) if total else 0.0,
        "template_only": sum(1 for r in rows if r.composition.info.name == "template"),
        "check_failures": sum(1 for r in rows if not r.composition.report.ok),
        "spoken_seconds_mean": round(statistics.fmean(r.spoken for r in rows), 1)
        if rows
        else 0.0,
        "seconds_mean": round(statistics.fmean(r.seconds for r in rows), 1)
        if rows
        else 0.0,
        "seconds_max": round(max((r.seconds for r in rows), default=0.0), 1),
    }


def evaluate(
    settings: BriefingConfig,
    days: int,
    languages: Sequence[str],
    first: dt.date,
    out: TextIO | None = None,
) -> list[Row]:
    """Compose every language of ``days`` simulated mornings; each row is
    printed to ``out`` as it is done."""
    client = ChatClient(settings.openai) if settings.writer == "openai" else None
    rows: list[Row] = []
    if out is not None:
        print(FORMAT, file=out)
        print("\t".join(COLUMNS), file=out, flush=True)
    for sheet in simulated_days(first, days):
        started = time.monotonic()
        deadline = started + settings.deadline_minutes * 60
        for language in languages:
            began = time.monotonic()
            made = compose(sheet, language, client, settings, deadline)
            row = Row(sheet.day, language, made, time.monotonic() - began)
            rows.append(row)
            if out is not None:
                print("\t".join(row.cells()), file=out, flush=True)
    if out is not None:
        totals = summary(rows)
        print("total\t" + "\t".join(f"{k}={v}" for k, v in totals.items()), file=out)
    return rows


def _settings(args: argparse.Namespace) -> BriefingConfig:
    openai: dict[str, Any] = {
        "base_url": args.base_url,
        "model": args.model,
        "api_key_env": args.api_key_env,
        "response_format": args.response_format.split(","),
        "max_tokens": args.max_tokens,
        "timeout_seconds": args.timeout,
        "temperature": args.temperature,
    }
    return BriefingConfig.model_validate(
        {
            "writer": args.writer,
            "openai": openai,
            "deadline_minutes": args.deadline_minutes,
            "required_facts": [f for f in args.required.split(",") if f],
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; prints the rows and totals, exits 0."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--writer", choices=("template", "openai"), default="template")
    parser.add_argument("--languages", default="ko,en")
    parser.add_argument("--first-day", default="2026-11-02", type=dt.date.fromisoformat)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000/v1")
    parser.add_argument("--model", default="local")
    parser.add_argument("--api-key-env", default="", help='"" for no key')
    parser.add_argument("--response-format", default=",".join(OUTPUT_MODES))
    parser.add_argument("--max-tokens", type=int, default=1500)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--temperature", type=float, default=0.3)
    parser.add_argument("--deadline-minutes", type=float, default=60.0)
    parser.add_argument("--required", default="temperature,pm10,queue-waiting")
    parser.add_argument("--out", type=Path, help="write every composition as JSON")
    args = parser.parse_args(argv)
    languages = [code for code in args.languages.split(",") if code]
    rows = evaluate(_settings(args), args.days, languages, args.first_day, sys.stdout)
    if args.out is not None:
        args.out.write_text(
            json.dumps(
                {
                    "format": FORMAT,
                    "summary": summary(rows),
                    "rows": [r.to_dict() for r in rows],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
