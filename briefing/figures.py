"""The figures in a text: how numbers, dates and times are written and read.

``extract`` finds every number (digits with separators, decimals, percentages,
Korean forms such as "18만 173명" or "1만 2천", English number words), date
(such as "2026. 11. 26.(목)", "11월 26일", "November 26"), year and time (such
as "08:00", "오전 8시", "8 a.m.") in a text, with its unit and the precision
it is written at ("16.6" is 0.1, "18만" is 10,000). Which figures a briefing
may state is ``briefing.check``; nothing here knows about facts.

What is particular to a language has a section of its own below: Korean,
English, Chinese, Vietnamese, then the forms all share (digits, ISO dates,
"08:00", unit symbols).
Each section holds its words (weekdays, months, periods of the day, number
words, unit words, "about", "to", "minus"), its token patterns and the
functions that read a match into a ``Mention``. The last section puts them
together: ``_FORMS`` (the token patterns, in the order they are tried),
``_UNIT_ORDER`` (the units, longest forms first), and the tables of periods,
approximations and range words. Another language adds a section and its
entries there.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

Groups = dict[str, Any]  # a match's groupdict()


@dataclasses.dataclass(frozen=True)
class Mention:
    """One number, date or time found in a text."""

    text: str
    kind: str  # number, date, monthday, month (a year's month), year, time
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

    def hours(self) -> set[int]:
        """The hours of a 24-hour clock this time can mean ("8시" is 8 or 20)."""
        hour = self.hour or 0
        written = (self.period or "").lower().replace(".", "").replace(" ", "")
        period = _PERIODS.get(written)
        if period == "pm":
            return {hour + 12 if hour < 12 else hour}
        if period == "am":
            return {0 if hour == 12 else hour}
        if period == "midday":
            return {hour if hour >= 11 else hour + 12}
        return {hour, hour + 12} if hour < 12 else {hour}


def _number(text: str) -> tuple[float, float]:
    """The value of "180,173" or "16.6" and its shown precision (1, 0.1, ...)."""
    clean = text.replace(",", "")
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return float(clean), 10.0**-decimals


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _date_reader(
    prefix: str,
    month: Callable[[str], int],
    weekday: Callable[[str | None], int | None],
) -> Callable[[Groups, str], Mention]:
    """Reads a date token whose groups are ``<prefix>_y``, ``_m``, ``_d`` and
    ``_w`` (a year, a month and a weekday as the language writes them)."""

    def read(g: Groups, raw: str) -> Mention:
        year = _int(g[f"{prefix}_y"])
        return Mention(
            raw,
            "date" if year else "monthday",
            year=year,
            month=month(g[f"{prefix}_m"]),
            day=int(g[f"{prefix}_d"]),
            weekday=weekday(g[f"{prefix}_w"]),
        )

    return read


def _with_multipliers(raw: str, multipliers: dict[str, int]) -> tuple[float, float]:
    """A figure written with multiplier characters (만, 万...), and the precision
    its last part is shown at."""
    total, step = 0.0, 1.0
    marks = "".join(multipliers)
    for digits, mult in re.findall(rf"({_NUM})\s*([{marks}]?)", raw):
        value, shown = _number(digits)
        scale = multipliers.get(mult, 1)
        total += value * scale
        step = shown * scale
    return total, step


# --- Korean ---------------------------------------------------------------------

_KO_WEEKDAYS = "월화수목금토일"  # Monday first
# periods of the day as written before a time, and what they make of its hour
_KO_PERIODS = {
    "오전": "am",
    "오후": "pm",
    "아침": "am",
    "낮": "midday",
    "저녁": "pm",
    "밤": "pm",
    "새벽": "am",
}
_KO_PERIOD_RE = "|".join(_KO_PERIODS)
_KO_MULTIPLIERS = {"억": 100_000_000, "만": 10_000, "천": 1_000}
_KO_MULT_CHARS = "".join(_KO_MULTIPLIERS)
_KO_APPROX = ("약",)
_KO_RANGE = ("에서",)
_KO_MINUS = r"영하\s*"
# unit words by canonical unit (see _UNIT_ORDER)
_KO_UNITS = {
    "%p": r"퍼센트\s*포인트",
    "%": r"퍼센트",
    "㎍/㎥": r"마이크로그램",
    "℃": r"도",
    "m/s": r"미터",
    "명": r"명",
    "세대": r"세대",
    "건": r"건",
    "면": r"면",
    "분": r"분",
    "번": r"번",
    "시간": r"시간",
    "개월": r"개월",
    "층": r"층",
    "count": r"개|곳|대|회|원|일|주",
}

# "2026. 11. 26.(목)"
_KO_DOT_DATE = rf"""(?P<kdot>(?P<kd_y>\d{{4}})\s*\.\s*(?P<kd_m>\d{{1,2}})\s*\.\s*
    (?P<kd_d>\d{{1,2}})(?!\d)\s*\.?(?:\s*\((?P<kd_w>[{_KO_WEEKDAYS}])\))?)"""
# "2026년 11월 26일 (목)", "11월 26일 목요일"
_KO_DATE = rf"""(?P<kdate>(?:(?P<kk_y>\d{{4}})년\s*)?(?P<kk_m>\d{{1,2}})월\s*
    (?P<kk_d>\d{{1,2}})일(?:\s*\((?P<kk_w>[{_KO_WEEKDAYS}])\)
    |\s*(?P<kk_w2>[{_KO_WEEKDAYS}])요일)?)"""
# "2026년"
_KO_YEAR = r"(?P<kyear>(?P<ky>\d{4})년)"
# "오전 8시", "3시 30분", "3시 반" (not "3시간")
_KO_TIME = rf"""(?P<tko>(?:(?P<tk_p>{_KO_PERIOD_RE})\s*)?(?P<tk_h>\d{{1,2}})시(?!간)
    (?:\s*(?P<tk_m>\d{{1,2}})분|\s*(?P<tk_half>반))?)"""
# "18만 173", "1만 2천", "1.2만"
_KO_BIG = rf"""(?P<kbig>(?<![A-Za-z.\d])(?:(?:{_NUM})[{_KO_MULT_CHARS}]\s*)+
    (?:(?:{_NUM})(?![{_KO_MULT_CHARS}]))?)"""


def _ko_weekday(char: str | None) -> int | None:
    return _KO_WEEKDAYS.index(char) if char else None


def _ko_dot_date(g: Groups, raw: str) -> Mention:
    return Mention(
        raw,
        "date",
        year=int(g["kd_y"]),
        month=int(g["kd_m"]),
        day=int(g["kd_d"]),
        weekday=_ko_weekday(g["kd_w"]),
    )


def _ko_date(g: Groups, raw: str) -> Mention:
    return Mention(
        raw,
        "date" if g["kk_y"] else "monthday",
        year=_int(g["kk_y"]),
        month=int(g["kk_m"]),
        day=int(g["kk_d"]),
        weekday=_ko_weekday(g["kk_w"] or g["kk_w2"]),
    )


def _ko_year(g: Groups, raw: str) -> Mention:
    return Mention(raw, "year", year=int(g["ky"]))


def _ko_time(g: Groups, raw: str) -> Mention:
    minute = 30 if g["tk_half"] else _int(g["tk_m"])
    return Mention(raw, "time", hour=int(g["tk_h"]), minute=minute, period=g["tk_p"])


def _ko_big(raw: str) -> tuple[float, float]:
    """ "18만 173" is 180,173 shown to 1; "18만" is 180,000 shown to 10,000."""
    return _with_multipliers(raw, _KO_MULTIPLIERS)


# --- English --------------------------------------------------------------------

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
_EN_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|"
    r"Oct\.?|Nov\.?|Dec\.?)"
)
_EN_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_EN_AMPM = r"a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b|AM\b|PM\b|A\.M\.|P\.M\."
# "a.m." and "A.M." are read as "am" (lower case, no dots or spaces)
_EN_PERIODS = {"am": "am", "pm": "pm"}
_EN_WORDS = {
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
_EN_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_EN_WORD_RE = "|".join(sorted([*_EN_WORDS, *_EN_SCALES], key=len, reverse=True))
# "one" alone is a pronoun far more often than a figure
_EN_NOT_FIGURES = frozenset({"one"})
_EN_APPROX = ("about", "around", "approximately", "roughly")
_EN_RANGE = ("to", "and")
_EN_MINUS = r"minus\s+"
_EN_UNITS = {
    "%p": r"percentage points?",
    "%": r"per\s?cent\b",
    "㎍/㎥": r"micrograms?(?: per cubic met(?:re|er))?",
    "℃": r"degrees?(?: Celsius)?",
    "m/s": r"met(?:re|er)s? per second",
    "명": r"people|persons?|residents?|visitors?|citizens?",
    "세대": r"households?",
    "건": r"applications?|cases?|requests?|filings?",
    "면": r"(?:parking )?spaces?|spots?",
    "분": r"minutes?|mins?\b",
    "시간": r"hours?",
    "개월": r"months?",
    "층": r"floors?",
    "count": r"weeks?|days?|won|times",
}

# "Thursday, November 26, 2026", "Nov. 26th"
_EN_DATE_MONTH_FIRST = rf"""(?P<edate1>(?:(?P<e1_w>{_EN_WEEKDAY_RE}),?\s+)?
    (?P<e1_m>{_EN_MONTH_RE})\s+(?P<e1_d>\d{{1,2}})(?:st|nd|rd|th)?\b
    (?:,?\s+(?P<e1_y>\d{{4}}))?)"""
# "Thursday 26 November 2026", "26th of November"
_EN_DATE_DAY_FIRST = rf"""(?P<edate2>(?:(?P<e2_w>{_EN_WEEKDAY_RE}),?\s+)?
    (?P<e2_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<e2_m>{_EN_MONTH_RE})
    (?:,?\s+(?P<e2_y>\d{{4}}))?)"""
# "8 a.m."
_EN_TIME = rf"(?P<ten>(?P<te_h>\d{{1,2}})\s*(?P<te_ap>{_EN_AMPM}))"
# "2.5 thousand"
_EN_BIG = rf"(?P<ebig>(?P<eb_n>{_NUM})\s+(?P<eb_m>thousand|million|billion)\b)"
# "twenty-one", "two hundred and five"
_EN_NUMBER_WORDS = (
    rf"(?P<words>\b(?:{_EN_WORD_RE})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD_RE}))*\b)"
)


def _en_weekday(word: str | None) -> int | None:
    return _EN_WEEKDAYS.index(word.lower()) if word else None


def _en_month(word: str) -> int:
    key = word.lower().rstrip(".")[:3]
    return next(i for i, m in enumerate(_EN_MONTHS, start=1) if m.startswith(key))


def _en_date(prefix: str) -> Callable[[Groups, str], Mention]:
    return _date_reader(prefix, _en_month, _en_weekday)


def _en_time(g: Groups, raw: str) -> Mention:
    return Mention(raw, "time", hour=int(g["te_h"]), period=g["te_ap"])


def _en_big(g: Groups) -> tuple[float, float]:
    """ "2.5 thousand" is 2,500 shown to 100."""
    value, step = _number(g["eb_n"])
    scale = _EN_SCALES[g["eb_m"].lower()]
    return value * scale, step * scale


def _en_words_value(text: str) -> float:
    """ "twenty-one" is 21; "two hundred and five" is 205."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in _EN_WORDS:
            current += _EN_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _EN_SCALES:
            total += max(current, 1) * _EN_SCALES[word]
            current = 0
    return float(total + current)


# --- Chinese (Simplified) -------------------------------------------------------

_ZH_WEEKDAYS = "一二三四五六日"  # 周一 .. 周日 (星期天 is Sunday too)
_ZH_PERIODS = {"上午": "am", "早上": "am", "中午": "midday", "下午": "pm", "晚上": "pm"}
_ZH_PERIOD_RE = "|".join(_ZH_PERIODS)
_ZH_MULTIPLIERS = {"亿": 100_000_000, "万": 10_000, "千": 1_000}
_ZH_MULT_CHARS = "".join(_ZH_MULTIPLIERS)
_ZH_APPROX = ("约", "大约")
_ZH_RANGE = ("至", "到")
_ZH_MINUS = r"零下\s*"
_ZH_UNITS = {
    "%": r"个百分点",
    "℃": r"摄氏度|度",
    "명": r"人|名",
    "세대": r"户",
    "건": r"件|条",
    "면": r"个车位|个",
    "분": r"分钟",
    "번": r"号",
    "시간": r"小时",
    "개월": r"个月",
    "층": r"层|楼",
}
# "2026年11月26日 周四", "11月26日"
_ZH_DATE = rf"""(?P<zdate>(?:(?P<zd_y>\d{{4}})年\s*)?(?P<zd_m>\d{{1,2}})月\s*
    (?P<zd_d>\d{{1,2}})[日号](?:\s*(?:周|星期)(?P<zd_w>[{_ZH_WEEKDAYS}天]))?)"""
# "下午2点5分", "8点"
_ZH_TIME = rf"""(?P<tzh>(?:(?P<tz_p>{_ZH_PERIOD_RE})\s*)?(?P<tz_h>\d{{1,2}})点
    (?:\s*(?P<tz_m>\d{{1,2}})分|(?P<tz_half>半))?)"""
# "18万", "18.2万", "1万2千"
_ZH_BIG = rf"""(?P<zbig>(?<![A-Za-z.\d])(?:(?:{_NUM})[{_ZH_MULT_CHARS}]\s*)+
    (?:(?:{_NUM})(?![{_ZH_MULT_CHARS}]))?)"""


def _zh_date(g: Groups, raw: str) -> Mention:
    weekday = g["zd_w"]
    return Mention(
        raw,
        "date" if g["zd_y"] else "monthday",
        year=_int(g["zd_y"]),
        month=int(g["zd_m"]),
        day=int(g["zd_d"]),
        weekday=None if weekday is None else "一二三四五六日天".index(weekday) % 7,
    )


def _zh_time(g: Groups, raw: str) -> Mention:
    minute = 30 if g["tz_half"] else _int(g["tz_m"])
    return Mention(raw, "time", hour=int(g["tz_h"]), minute=minute, period=g["tz_p"])


def _zh_big(raw: str) -> tuple[float, float]:
    """ "18万" is 180,000 shown to 10,000; "18.2万" 182,000 shown to 1,000."""
    return _with_multipliers(raw, _ZH_MULTIPLIERS)


# --- Vietnamese ------------------------------------------------------------------

_VI_WEEKDAY_NAMES = ("hai", "ba", "tư", "năm", "sáu", "bảy")  # Thứ Hai .. Thứ Bảy
_VI_WEEKDAY_RE = r"(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ\s+Nhật)"
_VI_APPROX = ("khoảng", "chừng")
_VI_RANGE = ("đến", "tới")
_VI_MINUS = r"âm\s+"
_VI_UNITS = {
    "%": r"phần\s+trăm",
    "℃": r"độ(?:\s+C)?",
    "명": r"người",
    "세대": r"hộ",
    "건": r"hồ\s+sơ|thông\s+báo|trường\s+hợp",
    "면": r"chỗ",
    "분": r"phút",
    "시간": r"giờ",
    "개월": r"tháng",
    "층": r"tầng",
}
# "Thứ Năm, ngày 26 tháng 11 năm 2026", "ngày 26 tháng 11", "Thứ Năm, 26/11/2026"
_VI_DATE = rf"""(?P<vdate>(?:(?P<vd_w>{_VI_WEEKDAY_RE}),?\s*)?(?:ngày\s+)?
    (?P<vd_d>\d{{1,2}})\s+tháng\s+(?P<vd_m>\d{{1,2}})(?:,?\s+năm\s+(?P<vd_y>\d{{4}}))?)"""
_VI_SLASH_DATE = rf"""(?P<vslash>(?:(?P<vs_w>{_VI_WEEKDAY_RE}),?\s*)?
    (?P<vs_d>\d{{1,2}})/(?P<vs_m>\d{{1,2}})(?:/(?P<vs_y>\d{{4}}))?)"""
# "14 giờ 5 phút", "8 giờ"
_VI_TIME = r"(?P<tvi>(?P<tv_h>\d{1,2})\s+giờ(?:\s+(?P<tv_m>\d{1,2})\s+phút)?)"


def _vi_weekday(text: str | None) -> int | None:
    if not text:
        return None
    words = text.lower().split()
    if words[0] == "chủ":
        return 6
    return _VI_WEEKDAY_NAMES.index(words[-1])


def _vi_date(prefix: str) -> Callable[[Groups, str], Mention]:
    return _date_reader(prefix, int, _vi_weekday)


def _vi_time(g: Groups, raw: str) -> Mention:
    return Mention(raw, "time", hour=int(g["tv_h"]), minute=_int(g["tv_m"]))


def latin_figures(text: str) -> str:
    """Vietnamese figures (182.261 and 16,6) written the way the tokenizer reads
    them (182,261 and 16.6): group and decimal marks swap between digits."""
    return re.sub(
        r"(?<=\d)[.,](?=\d)", lambda m: "," if m.group(0) == "." else ".", text
    )


# --- forms every language shares -----------------------------------------------

_ISO_DATE = r"(?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2}))"
# "08:00", "오후 3:30", "3:30 p.m."
_COLON_TIME = rf"""(?P<tcolon>(?:(?P<tc_p>{_KO_PERIOD_RE})\s*)?(?P<tc_h>\d{{1,2}}):
    (?P<tc_m>\d{{2}})(?:\s*(?P<tc_ap>{_EN_AMPM}))?)"""
_MINUS = "|".join(("-", "−", _KO_MINUS, _EN_MINUS, _ZH_MINUS, _VI_MINUS))
# "180,173", "-3.2", "영하 3.2", "minus 3"
_PLAIN = rf"(?P<plain>(?P<p_sign>{_MINUS})?(?<![A-Za-z.\d])(?P<p_n>{_NUM}))"
_UNIT_SYMBOLS = {
    "%p": r"%\s*p\b|%p",
    "%": r"%",
    "㎍/㎥": r"㎍/㎥|[µμu]g/m[³3]",
    "℃": r"℃|°\s*C\b|°",
    "m/s": r"m/s",
    "ppm": r"ppm",
}
_RANGE_SYMBOLS = ("~", "〜", "–", "-")


def _iso_date(g: Groups, raw: str) -> Mention:
    return Mention(
        raw,
        "date",
        year=int(g["iso_y"]),
        month=int(g["iso_m"]),
        day=int(g["iso_d"]),
    )


def _colon_time(g: Groups, raw: str) -> Mention:
    return Mention(
        raw,
        "time",
        hour=int(g["tc_h"]),
        minute=int(g["tc_m"]),
        period=g["tc_p"] or g["tc_ap"],
    )


def _plain(text: str, match: re.Match[str]) -> tuple[float, float]:
    """A number in digits, negative after a minus sign or word (a hyphen right
    after a word or number is a dash, not a sign; after Chinese or Korean
    writing, which needs no space, it is a sign: 气温为-0.6℃)."""
    value, step = _number(match.group("p_n"))
    sign = match.group("p_sign")
    before = text[match.start() - 1] if match.start() > 0 else " "
    spaceless = "\u4e00" <= before <= "\u9fff" or "가" <= before <= "힣"
    word = before.isalnum() and not spaceless
    if sign and not (sign in "-−" and (word or before in ".,")):
        value = -value
    return value, step


# --- a month of a year (monthly figures: "2026년 10월 기준") ------------------------

_YEAR_MONTH = rf"""(?P<ym>
    (?P<ymk_y>\d{{4}})\s*[년年]\s*(?P<ymk_m>\d{{1,2}})\s*[월月](?!\s*\d{{1,2}}\s*[일日])
    |tháng\s+(?P<ymv_m>\d{{1,2}})\s*/\s*(?P<ymv_y>\d{{4}})(?!\d)
    |(?P<yme_m>{_EN_MONTH_RE})\s+(?P<yme_y>\d{{4}})(?!\d))"""


def _year_month(g: Groups, raw: str) -> Mention:
    if g["ymk_y"]:
        year, month = int(g["ymk_y"]), int(g["ymk_m"])
    elif g["ymv_y"]:
        year, month = int(g["ymv_y"]), int(g["ymv_m"])
    else:
        year, month = int(g["yme_y"]), _en_month(g["yme_m"])
    return Mention(raw, "month", year=year, month=month)


# --- the languages together -----------------------------------------------------

# Token patterns in the order they are tried (the first that matches wins: a
# date before the numbers in it, "18만" before "18").
_FORMS: tuple[tuple[str, str], ...] = (
    ("kdot", _KO_DOT_DATE),
    ("iso", _ISO_DATE),
    ("kdate", _KO_DATE),
    ("zdate", _ZH_DATE),
    ("vdate", _VI_DATE),
    ("vslash", _VI_SLASH_DATE),
    ("edate1", _EN_DATE_MONTH_FIRST),
    ("edate2", _EN_DATE_DAY_FIRST),
    ("ym", _YEAR_MONTH),
    ("kyear", _KO_YEAR),
    ("tcolon", _COLON_TIME),
    ("tko", _KO_TIME),
    ("tzh", _ZH_TIME),
    ("tvi", _VI_TIME),
    ("ten", _EN_TIME),
    ("kbig", _KO_BIG),
    ("zbig", _ZH_BIG),
    ("ebig", _EN_BIG),
    ("words", _EN_NUMBER_WORDS),
    ("plain", _PLAIN),
)
_KINDS = tuple(kind for kind, _ in _FORMS)
_TOKEN = re.compile(
    "|".join(pattern for _, pattern in _FORMS), re.VERBOSE | re.IGNORECASE
)

# How a date or time token is read
_WHEN_READERS: dict[str, Callable[[Groups, str], Mention]] = {
    "kdot": _ko_dot_date,
    "iso": _iso_date,
    "kdate": _ko_date,
    "zdate": _zh_date,
    "vdate": _vi_date("vd"),
    "vslash": _vi_date("vs"),
    "kyear": _ko_year,
    "ym": _year_month,
    "edate1": _en_date("e1"),
    "edate2": _en_date("e2"),
    "tcolon": _colon_time,
    "tko": _ko_time,
    "tzh": _zh_time,
    "tvi": _vi_time,
    "ten": _en_time,
}
# How a quantity token is read: (value, precision shown)
_QUANTITY_READERS: dict[str, Callable[[str, re.Match[str]], tuple[float, float]]] = {
    "kbig": lambda text, match: _ko_big(match.group(0).rstrip()),
    "zbig": lambda text, match: _zh_big(match.group(0).rstrip()),
    "ebig": lambda text, match: _en_big(match.groupdict()),
    "words": lambda text, match: (_en_words_value(match.group(0).rstrip()), 1.0),
    "plain": _plain,
}

_PERIODS = {**_KO_PERIODS, **_EN_PERIODS, **_ZH_PERIODS}

# Units, matched right after a number: longest forms first
_UNIT_ORDER = (
    "%p",
    "%",
    "㎍/㎥",
    "℃",
    "m/s",
    "ppm",
    "명",
    "세대",
    "건",
    "면",
    "분",
    "번",
    "시간",
    "개월",
    "층",
    "count",
)
_UNITS: tuple[tuple[str, str], ...] = tuple(
    (
        unit,
        "|".join(
            table[unit]
            for table in (_UNIT_SYMBOLS, _KO_UNITS, _EN_UNITS, _ZH_UNITS, _VI_UNITS)
            if unit in table
        ),
    )
    for unit in _UNIT_ORDER
)
_UNIT_RE = re.compile(
    r"\s*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (_, p) in enumerate(_UNITS)) + ")",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"(?:" + "|".join((*_KO_APPROX, *_EN_APPROX, *_ZH_APPROX, *_VI_APPROX)) + r")\s*$",
    re.IGNORECASE,
)
_RANGE = re.compile(
    r"^\s*(?:"
    + "|".join(
        map(
            re.escape, (*_RANGE_SYMBOLS, *_KO_RANGE, *_EN_RANGE, *_ZH_RANGE, *_VI_RANGE)
        )
    )
    + r")\s*$",
    re.IGNORECASE,
)


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
    return _UNITS[int(match.lastgroup[1:])][0], unit_end


def canonical_unit(unit: str) -> str:
    """The checker's name for a fact's unit ("" when it has none)."""
    if not unit:
        return ""
    found, end = _unit_after(unit, 0)
    return found if found and end == len(unit) else unit


def _approx_step(text: str, start: int, value: float, step: float) -> float:
    """Wider precision for "약 180,000" / "about 180,000" (two significant digits)."""
    if step != 1.0 or not _APPROX.search(text[max(0, start - 16) : start]):
        return step
    digits = str(int(abs(value)))
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** max(0, min(zeros, len(digits) - 2)))


def extract(text: str, language: str = "") -> list[Mention]:
    """Every number, date and time in ``text``, with units, in order; a
    Vietnamese text's figures are read with its own marks (182.261 · 16,6)."""
    if language == "vi":
        text = latin_figures(text)
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        g = match.groupdict()
        raw = match.group(0)
        kind = next((k for k in _KINDS if g[k] is not None), None)
        if kind is None or (kind == "words" and raw.lower() in _EN_NOT_FIGURES):
            continue
        spans.append(match.span())
        when = _WHEN_READERS.get(kind)
        if when is not None:
            found.append(when(g, raw))
        else:
            found.append(_quantity(text, match, kind))
    return _ranges(text, found, spans)


def _quantity(text: str, match: re.Match[str], kind: str) -> Mention:
    raw = match.group(0).rstrip()
    end = match.start() + len(raw)
    value, step = _QUANTITY_READERS[kind](text, match)
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
