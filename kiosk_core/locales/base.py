"""One interface for every screen language; each language is one module.

A locale says how its readers write dates, times and numbers, how a speech
engine should hear them, which letter pad finds a name, what the speech
engines call its voice, and how the fixed phrases (directions, for one) read.
Phrases are templates with named slots: ``{room}``; a slot may carry a
Korean-style particle pair, ``{room:은/는}``, which a language without
particles ignores.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

_SLOT = re.compile(r"\{(\w+)(?::([^{}]+))?\}")
# what a match of a spoken rule becomes: a template ("\\1 percent") or a function
Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Locale:
    """A screen language. Subclass per language and override what differs."""

    code: str  # as config.yaml writes it: ko, en, zh, vi
    name: str  # in its own script, for the language picker: 한국어, 中文
    html_lang: str  # BCP 47 for <html lang>: ko, en, zh-Hans, vi
    weekdays: tuple[str, ...]  # Monday first, as a date shows them
    # the header's date: {Y} year, {M}/{MM} month (01), {D}/{DD} day, {W}
    # weekday, {Mon} month name; the screen's clock (assets/kiosk.js) fills
    # the same pattern when the day changes
    date_pattern: str = "{W} {DD} {Mon} {Y}"
    # a month of monthly figures (a tile's "as of"), in the same slots
    month_pattern: str = "{Mon} {Y}"
    months: tuple[str, ...] = tuple(str(month) for month in range(1, 13))
    # how the speech engines name this language's voice
    voices: Mapping[str, str] = field(default_factory=dict)
    # subtitle text -> what speech engines read: (pattern, replacement), in order
    spoken_rules: tuple[tuple[str, Replacement], ...] = ()
    # the keys of the search pad, in order ("" when the language has none)
    letter_pad: tuple[str, ...] = tuple(string.ascii_uppercase)
    # directions and other fixed phrases, by key (see ``phrase``)
    phrases: Mapping[str, str] = field(default_factory=dict)
    sentence_gap: str = " "  # between sentences ("" in Chinese)
    aside: str = " ({})"  # words in brackets after a label ("（{}）" in Chinese)
    unit_gap: str = " "  # between a figure and its unit word ("" in Chinese)
    # how a language model is asked to write it ({low}-{high}: the length)
    writing_style: str = "Write in plain, formal language. About {low}-{high} words."
    reading_rate: float = 2.5  # words (or syllables, characters) read per second
    decimal_mark: str = "."
    group_mark: str = ","

    # --- written forms -------------------------------------------------------

    def number(self, value: float, decimals: int = 0) -> str:
        """A figure as the screen writes it: 182,261 · 16.6 (182.261 in vi)."""
        shown = f"{round(value, decimals):,.{decimals}f}"
        if (self.group_mark, self.decimal_mark) == (",", "."):
            return shown
        swap = {",": self.group_mark, ".": self.decimal_mark}
        return "".join(swap.get(char, char) for char in shown)

    def large_number(self, value: float, decimals: int = 0) -> str:
        """A figure as news text writes it (Korean: 18만 2,261); else ``number``."""
        return self.number(value, decimals)

    def date(self, day: dt.date) -> str:
        """The header's date: 2026. 11. 26.(목) · Thu 26 Nov 2026."""
        return self.date_pattern.format(
            Y=day.year,
            M=day.month,
            MM=f"{day.month:02d}",
            D=day.day,
            DD=f"{day.day:02d}",
            W=self.weekdays[day.weekday()],
            Mon=self.months[day.month - 1],
        )

    def long_date(self, day: dt.date) -> str:
        """A date in running text (the briefing's opening)."""
        return self.date(day)

    def year_month(self, day: dt.date) -> str:
        """The month of monthly figures: 2026년 10월 · Oct 2026."""
        return self.month_pattern.format(
            Y=day.year,
            M=day.month,
            MM=f"{day.month:02d}",
            Mon=self.months[day.month - 1],
        )

    def clock(self, moment: dt.datetime | dt.time) -> str:
        """A time on screen: 14:05."""
        return f"{moment.hour:02d}:{moment.minute:02d}"

    def spoken_time(self, moment: dt.datetime | dt.time) -> str:
        """A time in running text: 오후 2시 5분 · 2:05 p.m."""
        return self.clock(moment)

    def month_day(self, day: dt.date) -> str:
        """A short date for a badge: 11/25."""
        return f"{day.month}/{day.day}"

    # --- phrases ---------------------------------------------------------------

    def particle(self, word: str, pair: str) -> str:
        """``word`` with the particle of ``pair`` ("은/는"); languages without
        particles return the word."""
        return word

    def fill(self, template: str, **slots: object) -> str:
        """A template with its slots filled (and particles chosen)."""

        def slot(match: re.Match[str]) -> str:
            word = str(slots[match[1]])
            return self.particle(word, match[2]) if match[2] else word

        return _SLOT.sub(slot, template)

    def phrase(self, key: str, **slots: object) -> str:
        """A fixed phrase of this language, filled; KeyError when it lacks it."""
        return self.fill(self.phrases[key], **slots)

    def sentence(self, text: str) -> str:
        """A phrase as a sentence (capitalised where the script has case)."""
        return text[:1].upper() + text[1:]

    # --- search and speech ---------------------------------------------------------

    def initials(self, name: str) -> str:
        """What the letter pad matches in a name: the first letter of each word."""
        words = re.findall(r"[^\W\d_]+", fold(name))
        return "".join(word[0].upper() for word in words)

    def spoken(self, text: str) -> str:
        """Subtitle text as a speech engine should read it (units spelled out)."""
        for pattern, replacement in self.spoken_rules:
            text = re.sub(pattern, replacement, text)
        return text


def fold(text: str) -> str:
    """Latin text without diacritics (Tiếng Việt -> Tieng Viet; đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
