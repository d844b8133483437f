"""Plane geometry of a walk: bearings, turns and the bends worth telling."""

from __future__ import annotations

import math
from typing import Literal

from .spec import Point

Turn = Literal["straight", "left", "right", "back"]


def bearing(a: Point, b: Point) -> float:
    """Compass bearing from a to b: 0 north, 90 east."""
    return math.degrees(math.atan2(b[0] - a[0], b[1] - a[1])) % 360


def relative(heading: float, towards: float) -> float:
    """Signed turn from ``heading`` to bearing ``towards`` in (-180, 180]; right
    is positive."""
    turn = (towards - heading) % 360
    return turn - 360 if turn > 180 else turn


def turn(heading: float | None, towards: float) -> Turn | None:
    """The turn from ``heading`` to bearing ``towards`` (None without a heading)."""
    if heading is None:
        return None
    rel = relative(heading, towards)
    if abs(rel) <= 30:
        return "straight"
    if abs(rel) >= 150:
        return "back"
    return "right" if rel > 0 else "left"


def simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and bends under 20 degrees."""
    kept: list[Point] = []
    for p in points:
        if not kept or math.dist(kept[-1], p) > 0.05:
            kept.append(p)
    changed = True
    while changed and len(kept) > 2:
        changed = False
        for i in range(1, len(kept) - 1):
            before = bearing(kept[i - 1], kept[i])
            after = bearing(kept[i], kept[i + 1])
            if abs(relative(before, after)) < 20:
                del kept[i]
                changed = True
                break
    return kept
