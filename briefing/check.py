"""The number check: code, not a prompt.

Every number in a briefing (digits with separators, decimals, percentages,
Korean forms such as "18만 173명" or "1만 2천", English number words, dates
such as "2026. 11. 26.(목)", times such as "08:00" or "오전 8시") is extracted
with its unit and must match a fresh fact at the precision shown: "17도" is a
fine rounding of 16.6 ℃, "6.6도" is not. Dates must be the briefing day or a
fact's as_of day; times must be an as_of time or a time in a notice. A number
that matches only a stale fact, any URL and any markup fail the text too.

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

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KO_WEEKDAYS = "월화수목금토일"
_EN_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|"
    r"Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PERIOD_KO = r"오전|오후|아침|낮|저녁|밤|새벽"
_AMPM = r"a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b|AM\b|PM\b|A\.M\.|P\.M\."
_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_WORD_RE = "|".join(sorted([*_WORDS, *_SCALES], key=len, reverse=True))
_KO_MULT = {"억": 100_000_000, "만": 10_000, "천": 1_000}

_TOKEN = re.compile(
    rf"""
    (?P<kdot>(?P<kd_y>\d{{4}})\s*\.\s*(?P<kd_m>\d{{1,2}})\s*\.\s*(?P<kd_d>\d{{1,2}})
        (?!\d)\s*\.?(?:\s*\((?P<kd_w>[{_KO_WEEKDAYS}])\))?)
  | (?P<iso>(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}}))
  | (?P<kdate>(?:(?P<kk_y>\d{{4}})년\s*)?(?P<kk_m>\d{{1,2}})월\s*(?P<kk_d>\d{{1,2}})일
        (?:\s*\((?P<kk_w>[{_KO_WEEKDAYS}])\)|\s*(?P<kk_w2>[{_KO_WEEKDAYS}])요일)?)
  | (?P<kyear>(?P<ky>\d{{4}})년)
  | (?P<edate1>(?:(?P<e1_w>{_WEEKDAY_RE}),?\s+)?(?P<e1_m>{_MONTH_RE})\s+
        (?P<e1_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<e1_y>\d{{4}}))?)
  | (?P<edate2>(?:(?P<e2_w>{_WEEKDAY_RE}),?\s+)?(?P<e2_d>\d{{1,2}})(?:st|nd|rd|th)?
        \s+(?:of\s+)?(?P<e2_m>{_MONTH_RE})(?:,?\s+(?P<e2_y>\d{{4}}))?)
  | (?P<tcolon>(?:(?P<tc_p>{_PERIOD_KO})\s*)?(?P<tc_h>\d{{1,2}}):(?P<tc_m>\d{{2}})
        (?:\s*(?P<tc_ap>{_AMPM}))?)
  | (?P<tko>(?:(?P<tk_p>{_PERIOD_KO})\s*)?(?P<tk_h>\d{{1,2}})시(?!간)
        (?:\s*(?P<tk_m>\d{{1,2}})분|\s*(?P<tk_half>반))?)
  | (?P<ten>(?P<te_h>\d{{1,2}})\s*(?P<te_ap>{_AMPM}))
  | (?P<kbig>(?<![A-Za-z.\d])(?:(?:{_NUM})[억만천]\s*)+(?:(?:{_NUM})(?![억만천]))?)
  | (?P<ebig>(?P<eb_n>{_NUM})\s+(?P<eb_m>thousand|million|billion)\b)
  | (?P<words>\b(?:{_WORD_RE})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD_RE}))*\b)
  | (?P<plain>(?P<p_sign>-|−|영하\s*|minus\s+)?(?<![A-Za-z.\d])(?P<p_n>{_NUM}))
    """,
    re.VERBOSE | re.IGNORECASE,
)

# (pattern, canonical unit), longest forms first; matched right after a number
_KINDS = (
    "kdot",
    "iso",
    "kdate",
    "kyear",
    "edate1",
    "edate2",
    "tcolon",
    "tko",
    "ten",
    "kbig",
    "ebig",
    "words",
    "plain",
)
_UNITS: tuple[tuple[str, str], ...] = (
    (r"%\s*p\b|%p|퍼센트\s*포인트|percentage points?", "%p"),
    (r"%|퍼센트|per\s?cent\b", "%"),
    (
        r"㎍/㎥|[µμu]g/m[³3]|마이크로그램|micrograms?(?: per cubic met(?:re|er))?",
        "㎍/㎥",
    ),
    (r"℃|°\s*C\b|°|degrees?(?: Celsius)?|도", "℃"),
    (r"m/s|미터|met(?:re|er)s? per second", "m/s"),
    (r"ppm", "ppm"),
    (r"명|people|persons?|residents?|visitors?|citizens?", "명"),
    (r"세대|households?", "세대"),
    (r"건|applications?|cases?|requests?|filings?", "건"),
    (r"면|(?:parking )?spaces?|spots?", "면"),
    (r"분|minutes?|mins?\b", "분"),
    (r"번", "번"),
    (r"시간|hours?", "시간"),
    (r"개월|months?", "개월"),
    (r"층|floors?", "층"),
    (r"개|곳|대|회|원|일|주|weeks?|days?|won|times", "count"),
)
_UNIT_RE = re.compile(
    r"\s*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS)) + ")",
    re.IGNORECASE,
)
_APPROX = re.compile(r"(?:약|about|around|approximately|roughly)\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:~|〜|–|-|to|에서|and)\s*$", re.IGNORECASE)
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
class Mention:
    """One number, date or time found in a text."""

    text: str
    kind: str  # number, date, monthday, year, time
    value: float | None = None
    step: float = 1.0  # the precision shown: 0.1 for "16.6", 10000 for "18만"
    unit: str | None = None  # canonical unit (℃, ㎍/㎥, 명, %, ...)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday, when the text names it
    hour: int | None = None
    minute: int | None = None
    period: str | None = None  # 오전/오후/a.m./p.m. as written


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


def _number(text: str) -> tuple[float, float]:
    """The value of "180,173" or "16.6" and its shown precision (1, 0.1, ...)."""
    clean = text.replace(",", "")
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return float(clean), 10.0**-decimals


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    match = _UNIT_RE.match(text, end)
    if not match or match.lastgroup is None:
        return None, end
    unit_end = match.end()
    # a Latin unit must end at a word boundary ("degrees", not "degreesX")
    if (
        unit_end < len(text)
        and text[unit_end - 1].isascii()
        and (
            text[unit_end - 1].isalpha()
            and text[unit_end].isalpha()
            and text[unit_end].isascii()
        )
    ):
        return None, end
    return _UNITS[int(match.lastgroup[1:])][1], unit_end


def _words_value(text: str) -> float | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in _WORDS:
            current += _WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return float(total + current)


def _kbig(text: str) -> tuple[float, float]:
    total, step = 0.0, 1.0
    parts = re.findall(rf"({_NUM})\s*([억만천]?)", text)
    for digits, mult in parts:
        value, shown = _number(digits)
        scale = _KO_MULT.get(mult, 1)
        total += value * scale
        step = shown * scale
    return total, step


def _weekday_ko(char: str | None) -> int | None:
    return _KO_WEEKDAYS.index(char) if char else None


def _weekday_en(word: str | None) -> int | None:
    return _EN_WEEKDAYS.index(word.lower()) if word else None


def _month_en(word: str) -> int:
    key = word.lower().rstrip(".")[:3]
    return next(i for i, m in enumerate(_EN_MONTHS, start=1) if m.startswith(key))


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _approx_step(text: str, start: int, value: float, step: float) -> float:
    """Wider precision for "약 180,000" / "about 180,000" (two significant digits)."""
    if step != 1.0 or not _APPROX.search(text[max(0, start - 16) : start]):
        return step
    digits = str(int(abs(value)))
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** max(0, min(zeros, len(digits) - 2)))


def extract(text: str) -> list[Mention]:
    """Every number, date and time in ``text``, with units, in order."""
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        g = match.groupdict()
        raw = match.group(0)
        kind = next((k for k in _KINDS if g[k] is not None), None)
        if kind is None or (kind == "words" and raw.lower() == "one"):
            continue  # "one" alone is a pronoun far more often than a figure
        spans.append(match.span())
        if kind == "kdot":
            found.append(
                Mention(
                    raw,
                    "date",
                    year=int(g["kd_y"]),
                    month=int(g["kd_m"]),
                    day=int(g["kd_d"]),
                    weekday=_weekday_ko(g["kd_w"]),
                )
            )
        elif kind == "iso":
            found.append(
                Mention(
                    raw,
                    "date",
                    year=int(g["iso_y"]),
                    month=int(g["iso_m"]),
                    day=int(g["iso_d"]),
                )
            )
        elif kind == "kdate":
            found.append(
                Mention(
                    raw,
                    "date" if g["kk_y"] else "monthday",
                    year=_int(g["kk_y"]),
                    month=int(g["kk_m"]),
                    day=int(g["kk_d"]),
                    weekday=_weekday_ko(g["kk_w"] or g["kk_w2"]),
                )
            )
        elif kind == "kyear":
            found.append(Mention(raw, "year", year=int(g["ky"])))
        elif kind in ("edate1", "edate2"):
            p = "e1" if kind == "edate1" else "e2"
            year = _int(g[f"{p}_y"])
            found.append(
                Mention(
                    raw,
                    "date" if year else "monthday",
                    year=year,
                    month=_month_en(g[f"{p}_m"]),
                    day=int(g[f"{p}_d"]),
                    weekday=_weekday_en(g[f"{p}_w"]),
                )
            )
        elif kind == "tcolon":
            found.append(
                Mention(
                    raw,
                    "time",
                    hour=int(g["tc_h"]),
                    minute=int(g["tc_m"]),
                    period=g["tc_p"] or g["tc_ap"],
                )
            )
        elif kind == "tko":
            minute = 30 if g["tk_half"] else _int(g["tk_m"])
            found.append(
                Mention(
                    raw, "time", hour=int(g["tk_h"]), minute=minute, period=g["tk_p"]
                )
            )
        elif kind == "ten":
            found.append(Mention(raw, "time", hour=int(g["te_h"]), period=g["te_ap"]))
        else:
            found.append(_quantity(text, match, kind))
    return _ranges(text, found, spans)


def _quantity(text: str, match: re.Match[str], kind: str) -> Mention:
    g = match.groupdict()
    raw = match.group(0).rstrip()
    end = match.start() + len(raw)
    if kind == "kbig":
        value, step = _kbig(raw)
    elif kind == "ebig":
        value, step = _number(g["eb_n"])
        scale = _SCALES[g["eb_m"].lower()]
        value, step = value * scale, step * scale
    elif kind == "words":
        value, step = _words_value(raw) or 0.0, 1.0
    else:
        value, step = _number(g["p_n"])
        sign = g["p_sign"]
        before = text[match.start() - 1] if match.start() > 0 else " "
        if sign and not (sign in "-−" and (before.isalnum() or before in ".,")):
            value = -value
    step = _approx_step(text, match.start(), value, step)
    unit, unit_end = _unit_after(text, end)
    shown = text[match.start() : unit_end].strip()
    if (
        unit is None
        and kind == "plain"
        and step == 1.0
        and 1900 <= value <= 2100
        and "," not in raw
    ):
        return Mention(shown, "year", value=value, year=int(value))
    return Mention(shown, "number", value=value, step=step, unit=unit)


def _ranges(
    text: str, found: list[Mention], spans: list[tuple[int, int]]
) -> list[Mention]:
    """In "18~20도" the first number takes the second one's unit."""
    result = list(found)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if first.kind != "number" or second.kind != "number" or first.unit:
            continue
        between = text[spans[i][1] : spans[i + 1][0]]
        if _RANGE.match(between):
            result[i] = dataclasses.replace(
                first, unit=second.unit, value=abs(first.value or 0.0)
            )
    return result


def canonical_unit(unit: str) -> str:
    """The checker's name for a fact's unit ("" when it has none)."""
    if not unit:
        return ""
    found, end = _unit_after(unit, 0)
    return found if found and end == len(unit) else unit


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
            for text in (fact.text_ko or "", fact.text_en or ""):
                for mention in extract(text):
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
    for text in (notice.text_ko, notice.text_en):
        words = _words(text or "")
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


def _when_allowed(
    sheet: FactSheet,
) -> tuple[set[dt.date], set[dt.date], set[tuple[int, int]], set[tuple[int, int]]]:
    """(dates, stale dates, times, stale times) a text may state."""
    dates, stale_dates = {sheet.day}, set()
    times: set[tuple[int, int]] = set()
    stale_times: set[tuple[int, int]] = set()
    for fact in sheet.facts:
        if fact.kind == "notice":
            for text in (fact.text_ko or "", fact.text_en or ""):
                for m in extract(text):
                    if m.kind == "time" and m.hour is not None:
                        for hour in _hours(m):
                            times.add((hour, m.minute or 0))
                    if m.kind == "date" and m.year and m.month and m.day:
                        dates.add(dt.date(m.year, m.month, m.day))
            continue
        for moment in (fact.as_of, fact.earlier_as_of):
            if moment is None:
                continue
            local = sheet.local(moment)
            if fact.usable:
                dates.add(local.date())
                times.add((local.hour, local.minute))
            else:
                stale_dates.add(local.date())
                stale_times.add((local.hour, local.minute))
    return dates, stale_dates - dates, times, stale_times - times


def _hours(mention: Mention) -> set[int]:
    hour = mention.hour or 0
    period = (mention.period or "").lower().replace(".", "").replace(" ", "")
    if period in ("오후", "저녁", "밤", "pm"):
        return {hour + 12 if hour < 12 else hour}
    if period in ("오전", "아침", "새벽", "am"):
        return {0 if hour == 12 else hour}
    if period == "낮":
        return {hour if hour >= 11 else hour + 12}
    return {hour, hour + 12} if hour < 12 else {hour}


def _check_when(m: Mention, sheet: FactSheet, allowed: tuple[Any, ...]) -> str | None:
    dates, stale_dates, times, stale_times = allowed
    if m.kind == "time":
        hours = _hours(m)
        if m.minute is not None and m.minute > 59 or max(hours) > 24:
            return "is not a time"

        def fits(pool: set[tuple[int, int]]) -> bool:
            return any(
                h in hours and (m.minute is None or mi == m.minute) for h, mi in pool
            )

        if fits(times):
            return None
        if fits(stale_times):
            return "is the time of an out-of-date reading"
        return "is not a time in the facts (as_of times or notices)"
    if m.kind == "year":
        years = {d.year for d in dates}
        return None if m.year in years else "is not the year of the briefing or facts"
    try:
        if m.kind == "date":
            assert m.year and m.month and m.day
            day = dt.date(m.year, m.month, m.day)
            candidates = [day]
        else:
            assert m.month and m.day
            candidates = [
                dt.date(d.year, m.month, m.day)
                for d in dates
                if (d.month, d.day) == (m.month, m.day)
            ]
    except (ValueError, AssertionError):
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
        for label in (f.label_ko, f.label_en)
        if any(ch.isdigit() for ch in label)
    }
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(re.escape(label), "_" * len(label), text, flags=re.IGNORECASE)
    return text


def check_sentences(
    sentences: Iterable[tuple[str, Sequence[str] | None]],
    sheet: FactSheet,
    title: str | None = None,
) -> CheckReport:
    """Check sentences (text, cited fact ids or None) and a title against a sheet."""
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
        cited = _cited(ids, sheet) if ids else None
        for mention in extract(_mask_labels(text, sheet)):
            if mention.kind == "number":
                problem, fact_id = _check_number(mention, text, cited, sheet, allowed)
            else:
                problem, fact_id = _check_when(mention, sheet, when), "(date/time)"
            if problem:
                findings.append(Finding(index, mention.text, problem))
            else:
                matched.append((index, mention.text, fact_id))
    return CheckReport(not findings, tuple(findings), tuple(matched))


def check_text(text: str, sheet: FactSheet) -> CheckReport:
    """Check free text (no fact ids listed) against a sheet."""
    return check_sentences([(text, None)], sheet)
