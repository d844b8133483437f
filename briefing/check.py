"""The number check: code, not a prompt.

Every number, date and time in a briefing (as ``briefing.figures`` reads
them: "18만 173명", "2026. 11. 26.(목)", "오전 8시", "twenty-one households")
must match a fresh fact at the precision shown: "17도" is a fine rounding of
16.6 ℃, "6.6도" is not. Dates must be the briefing day or a fact's as_of day;
times must be an as_of time or a time in a notice. A number that matches only
a stale fact, any URL and any markup fail the text too.

Rules that keep a writer honest beyond "the number exists somewhere":
- a sentence that lists fact ids may only use those facts' numbers;
- a unit must agree with the fact's unit (1명 is not a unitless 1);
- a number from a notice counts only in a sentence that renders that notice
  (most of its words), so an instruction hidden in a notice cannot lend its
  numbers to a claim.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .facts import Fact, FactSheet
from .figures import Mention, canonical_unit, extract

_MARKUP = (
    (
        re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|kr|io)\b", re.I),
        "a web address",
    ),
    (re.compile(r"<\s*/?\s*[a-zA-Z!]|&[a-zA-Z]+;|&#\d+;"), "HTML markup"),
    (re.compile(r"\*\*|__|```|`|^\s*#|\[[^\]]*\]\([^)]*\)|[{}]", re.M), "markup"),
)
_WORD_SPLIT = re.compile(r"[^\w]+")


@dataclasses.dataclass(frozen=True)
class Finding:
    """Why a sentence failed the check."""

    sentence: int  # index into the checked sentences (-1: the title)
    mention: str
    problem: str

    def __str__(self) -> str:
        where = "title" if self.sentence < 0 else f"sentence {self.sentence + 1}"
        return f"{where}: '{self.mention}' {self.problem}"


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """The checker's verdict on a whole text."""

    ok: bool
    findings: tuple[Finding, ...]
    matched: tuple[tuple[int, str, str], ...]  # (sentence, mention, fact id)

    def summary(self) -> str:
        """One line per finding (empty when the text passed)."""
        return "\n".join(str(f) for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the archive."""
        return {
            "ok": self.ok,
            "findings": [str(f) for f in self.findings],
            "matched": [
                {"sentence": s, "mention": m, "fact": f} for s, m, f in self.matched
            ],
        }


@dataclasses.dataclass(frozen=True)
class _Allowed:
    value: float
    unit: str
    fact_id: str
    stale: bool
    notice: bool = False


def _allowed_numbers(sheet: FactSheet) -> list[_Allowed]:
    allowed: list[_Allowed] = []
    for fact in sheet.facts:
        if fact.kind == "notice":
            for language, text in fact.all_texts().items():
                for mention in extract(text, language):
                    if mention.kind == "number" and mention.value is not None:
                        allowed.append(
                            _Allowed(
                                mention.value,
                                mention.unit or "",
                                fact.id,
                                False,
                                notice=True,
                            )
                        )
            continue
        if fact.value is None:
            continue
        stale = not fact.usable
        unit = canonical_unit(fact.unit)
        allowed.append(_Allowed(fact.value, unit, fact.id, stale))
        if fact.kind == "change":
            allowed.append(_Allowed(abs(fact.value), unit, fact.id, stale))
            if fact.percent is not None:
                allowed.append(_Allowed(fact.percent, "%", fact.id, stale))
                allowed.append(_Allowed(abs(fact.percent), "%", fact.id, stale))
                if unit == "%":
                    allowed.append(_Allowed(abs(fact.value), "%p", fact.id, stale))
    return allowed


def _close(fact_value: float, mention: Mention) -> bool:
    value = mention.value if mention.value is not None else 0.0
    return abs(fact_value - value) <= mention.step / 2 + 1e-9 * max(1.0, abs(value))


def _unit_fits(mention: Mention, allowed: _Allowed) -> bool:
    if allowed.notice:  # a notice's number keeps the unit it was written with
        return (mention.unit or "") == allowed.unit
    if mention.unit is None:
        return allowed.unit not in ("%", "%p")
    return mention.unit == allowed.unit or (
        allowed.unit == "" and mention.unit not in ("%", "%p")
    )


def _words(text: str) -> set[str]:
    return {
        w for w in _WORD_SPLIT.split(text.lower()) if len(w) > 1 and not w.isdigit()
    }


def renders(sentence: str, notice: Fact) -> bool:
    """True when ``sentence`` carries most of a notice's words (either language)."""
    said = _words(sentence)
    for text in notice.all_texts().values():
        words = _words(text)
        if words and len(words & said) >= 0.6 * len(words):
            return True
    return False


def _cited(ids: Sequence[str], sheet: FactSheet) -> set[str]:
    """The ids a sentence may draw on: each listed id with its base and changes."""
    result: set[str] = set()
    for fact_id in ids:
        result.add(fact_id)
        base = fact_id.split(".")[0]
        result.add(base)
        result.update(f.id for f in sheet.facts if f.base == base)
    return result


Times = dict[tuple[int, int], set[str]]  # (hour, minute) -> the facts giving it


def _when_allowed(
    sheet: FactSheet,
) -> tuple[set[dt.date], set[dt.date], Times, Times]:
    """(dates, stale dates, times, stale times) a text may state: the
    briefing's day, as_of moments, and those written in notices and in the
    texts of fresh readings; each time with the facts it comes from."""
    dates, stale_dates = {sheet.day}, set()
    times: Times = {}
    stale_times: Times = {}
    for fact in sheet.facts:
        # times and dates written in a notice, or in a source's text that can
        # be said ("09:00–18:00", a car park's hours)
        if fact.kind == "notice" or fact.usable:
            for language, text in fact.all_texts().items():
                for m in extract(text, language):
                    if m.kind == "time" and m.hour is not None:
                        for hour in m.hours():
                            times.setdefault((hour, m.minute or 0), set()).add(fact.id)
                    if m.kind == "date" and m.year and m.month and m.day:
                        dates.add(dt.date(m.year, m.month, m.day))
                    elif m.kind in ("date", "monthday") and m.month and m.day:
                        # "12월 1일부터": this year's, or next year's in December
                        for year in (sheet.day.year, sheet.day.year + 1):
                            if (day := _date(year, m.month, m.day)) is not None:
                                dates.add(day)
        if fact.kind == "notice":
            continue
        for moment in (fact.as_of, fact.earlier_as_of):
            if moment is None:
                continue
            local = sheet.local(moment)
            if fact.usable:
                dates.add(local.date())
                times.setdefault((local.hour, local.minute), set()).add(fact.id)
            else:
                stale_dates.add(local.date())
                stale_times.setdefault((local.hour, local.minute), set()).add(fact.id)
    stale_only = {k: v for k, v in stale_times.items() if k not in times}
    return dates, stale_dates - dates, times, stale_only


def _date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when there is no such day (month 13, 30 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _check_when(
    m: Mention, sheet: FactSheet, allowed: tuple[Any, ...], cited: set[str] | None
) -> str | None:
    dates, stale_dates, times, stale_times = allowed
    if m.kind == "time":
        hours = m.hours()
        if m.minute is not None and m.minute > 59 or max(hours) > 24:
            return "is not a time"

        def sources(pool: Times) -> set[str]:
            return {
                fact_id
                for (h, mi), ids in pool.items()
                if h in hours and (m.minute is None or mi == m.minute)
                for fact_id in ids
            }

        found = sources(times)
        if found and (cited is None or found & cited):
            return None
        if found:
            return (
                f"is the time of '{sorted(found)[0]}', which this sentence does "
                "not list among its facts"
            )
        if sources(stale_times):
            return "is the time of an out-of-date reading"
        return "is not a time in the facts (as_of times or notices)"
    if m.kind == "year":
        years = {d.year for d in dates}
        return None if m.year in years else "is not the year of the briefing or facts"
    if m.kind == "month":
        months = {(d.year, d.month) for d in dates} | {
            (f.month.year, f.month.month) for f in sheet.facts if f.month is not None
        }
        if (m.year, m.month) in months:
            return None
        return "is not the month of the briefing or of monthly figures"
    if m.kind == "date":
        day = _date(m.year, m.month, m.day) if m.year and m.month and m.day else None
        if day is None:
            return "is not a valid date"
        candidates = [day]
    elif m.month and m.day:  # month and day: in the year of a date the text may state
        candidates = [d for d in dates if (d.month, d.day) == (m.month, m.day)]
    else:
        return "is not a valid date"
    if not candidates:
        return "is not the briefing date or an as_of date"
    day = candidates[0]
    if m.weekday is not None and day.weekday() != m.weekday:
        return f"names the wrong weekday ({day:%Y-%m-%d} is a {day:%A})"
    if day in dates:
        return None
    if day in stale_dates:
        return "is the date of an out-of-date reading"
    return "is not the briefing date or an as_of date"


def _check_number(
    m: Mention,
    sentence: str,
    cited: set[str] | None,
    sheet: FactSheet,
    allowed: list[_Allowed],
) -> tuple[str | None, str]:
    fits = [a for a in allowed if _unit_fits(m, a) and _close(a.value, m)]
    usable = []
    for a in fits:
        if a.notice:
            notice = sheet.get(a.fact_id)
            if notice is None or not renders(sentence, notice):
                continue
        if not a.stale:
            usable.append(a)
    if cited is not None:
        in_cited = [a for a in usable if a.fact_id in cited]
        if in_cited:
            return None, in_cited[0].fact_id
        if usable:
            return (
                f"matches '{usable[0].fact_id}', which this sentence does not "
                "list among its facts"
            ), ""
    elif usable:
        return None, usable[0].fact_id
    if any(a.stale for a in fits):
        stale = next(a for a in fits if a.stale)
        return (
            f"comes from '{stale.fact_id}', which is out of date: say it is "
            "unavailable instead"
        ), ""
    unit = f" {m.unit}" if m.unit else ""
    return f"does not match any fact{unit and ' in' + unit} at the precision shown", ""


def _mask_labels(text: str, sheet: FactSheet) -> str:
    """``text`` with fact labels that hold digits ("1번 버스") blanked out: a name
    is not a figure."""
    labels = {
        label
        for f in sheet.facts
        for label in f.labels.root.values()
        if any(ch.isdigit() for ch in label)
    }
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(re.escape(label), "_" * len(label), text, flags=re.IGNORECASE)
    return text


def check_sentences(
    sentences: Iterable[tuple[str, Sequence[str] | None]],
    sheet: FactSheet,
    title: str | None = None,
    language: str = "",
) -> CheckReport:
    """Check sentences (text, cited fact ids or None) and a title against a sheet;
    figures are read as ``language`` writes them."""
    allowed = _allowed_numbers(sheet)
    when = _when_allowed(sheet)
    findings: list[Finding] = []
    matched: list[tuple[int, str, str]] = []
    items: list[tuple[int, str, Sequence[str] | None]] = []
    if title:
        items.append((-1, title, None))
    items.extend((i, text, ids) for i, (text, ids) in enumerate(sentences))
    for index, text, ids in items:
        for pattern, what in _MARKUP:
            hit = pattern.search(text)
            if hit:
                findings.append(
                    Finding(index, hit.group(0), f"is {what}: plain sentences only")
                )
        cited = _cited(ids, sheet) if ids is not None else None
        for mention in extract(_mask_labels(text, sheet), language):
            if mention.kind == "number":
                problem, fact_id = _check_number(mention, text, cited, sheet, allowed)
            else:
                problem = _check_when(mention, sheet, when, cited)
                fact_id = "(date/time)"
            if problem:
                findings.append(Finding(index, mention.text, problem))
            else:
                matched.append((index, mention.text, fact_id))
    return CheckReport(not findings, tuple(findings), tuple(matched))


def check_text(text: str, sheet: FactSheet) -> CheckReport:
    """Check free text (no fact ids listed) against a sheet."""
    return check_sentences([(text, None)], sheet)
