"""Grade scales: a value's word and tone, never its colour alone.

The built-in scales are the Korean air-quality grades (µg/m³):
PM10 좋음 0–30, 보통 31–80, 나쁨 81–150, 매우나쁨 151+;
PM2.5 좋음 0–15, 보통 16–35, 나쁨 36–75, 매우나쁨 76+;
and the comprehensive air-quality index (통합대기환경지수, KHAI):
좋음 0–50, 보통 51–100, 나쁨 101–250, 매우나쁨 251+.
"""

from __future__ import annotations

import math
from typing import Literal

from .sections import Section
from .text import Text, text

Tone = Literal["good", "moderate", "bad", "very_bad", "info"]


class GradeStep(Section):
    """Values up to ``max`` (inclusive) get this label and tone."""

    max: float
    label: Text
    tone: Tone = "info"


def _air(*bounds: float) -> tuple[GradeStep, ...]:
    words = [
        (text("좋음", "Good", zh="好", vi="Tốt"), "good"),
        (text("보통", "Moderate", zh="一般", vi="Trung bình"), "moderate"),
        (text("나쁨", "Bad", zh="差", vi="Kém"), "bad"),
        (text("매우나쁨", "Very bad", zh="很差", vi="Rất kém"), "very_bad"),
    ]
    limits = [*bounds, math.inf]
    return tuple(
        GradeStep(max=limit, label=label, tone=tone)
        for limit, (label, tone) in zip(limits, words, strict=True)
    )


SCALES: dict[str, tuple[GradeStep, ...]] = {
    "pm10": _air(30, 80, 150),
    "pm25": _air(15, 35, 75),
    "khai": _air(50, 100, 250),
}


def grade_of(
    value: float, steps: tuple[GradeStep, ...] | list[GradeStep]
) -> GradeStep | None:
    """The first step whose ``max`` is at or above ``value`` (None past the last)."""
    # measurements are reported as whole numbers: 30.4 still counts as 30
    shown = round(value)
    return next((step for step in steps if shown <= step.max), None)


def air_grade(kind: str, value: float) -> tuple[int, str]:
    """The Korean grade of an air-quality value as AirKorea numbers it:
    (1 좋음 .. 4 매우나쁨, the Korean word); ``kind`` is pm10, pm25 or khai."""
    steps = SCALES[kind]
    step = grade_of(value, steps) or steps[-1]
    return steps.index(step) + 1, step.label.get("ko")


def air_grade_name(level: int) -> str:
    """The Korean word of AirKorea's grade number (1..4)."""
    return SCALES["pm10"][level - 1].label.get("ko")
