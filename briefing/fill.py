"""Figures filled in by code: ``{pm10}`` becomes "35㎍/㎥", written as the
template writes it in the sentence's language.

A model names facts by id in braces and never has to copy a number right.
``{date}`` is the briefing's date; ``{notice-1}`` a notice's text; a monthly
figure carries its month ("18만 2,261명(2026년 10월)") unless the sentence
names the month already. A brace that names no fact, or a fact that is not
fresh, is a problem in words: the sentence cannot be said.
"""

from __future__ import annotations

import dataclasses
import re

from kiosk_core.locales import locale

from .facts import Fact, FactSheet
from .template import written_figure

PLACEHOLDER = re.compile(r"\{\s*([A-Za-z0-9_.\-]+)\s*\}")


@dataclasses.dataclass(frozen=True)
class Filled:
    """A sentence with its figures in, and what stopped any from going in."""

    text: str
    problems: tuple[str, ...] = ()
    filled: tuple[str, ...] = ()  # the ids put in


def _month_named(sentence: str, fact: Fact, language: str) -> bool:
    return (
        fact.month is not None and locale(language).year_month(fact.month) in sentence
    )


def figure_of(
    fact: Fact, sheet: FactSheet, language: str, sentence: str = ""
) -> str | None:
    """What ``{fact.id}`` becomes in ``language`` (None: nothing can be said)."""
    if fact.kind == "notice":
        return (fact.text(language) or "").strip() or None
    if not fact.usable:
        return None
    if fact.value is None:
        return fact.text(language)
    shown = written_figure(sheet, fact, language)
    if fact.month is not None and not _month_named(sentence, fact, language):
        words = locale(language)
        shown += words.aside.format(words.year_month(fact.month))
    return shown


def _unit_after(text: str, end: int, fact: Fact, language: str) -> int:
    """Where the text goes on after a placeholder: past a unit the model
    wrote after it as well ("{pm10}㎍/㎥"), so the unit is not said twice."""
    unit = fact.unit_in(language).strip()
    if fact.value is None or not unit:
        return end
    rest = text[end:]
    stripped = rest.lstrip()
    if stripped.startswith(unit):
        return end + (len(rest) - len(stripped)) + len(unit)
    return end


def fill(text: str, sheet: FactSheet, language: str) -> Filled:
    """``text`` with every ``{id}`` replaced by its figure."""
    problems: list[str] = []
    filled: list[str] = []
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        fact_id = match[1]
        if fact_id == "date":
            out.append(locale(language).long_date(sheet.day))
            continue
        fact = sheet.get(fact_id)
        if fact is None:
            problems.append(
                f"{{{fact_id}}} names no fact: use only the ids in the table"
            )
            out.append(match[0])
            continue
        figure = figure_of(fact, sheet, language, text)
        if figure is None:
            problems.append(
                f"{{{fact_id}}} has no figure now: say that it cannot be reported"
            )
            out.append(match[0])
            continue
        out.append(figure)
        filled.append(fact_id)
        position = _unit_after(text, position, fact, language)
    out.append(text[position:])
    return Filled("".join(out), tuple(problems), tuple(filled))
