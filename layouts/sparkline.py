"""A tiny line chart as an SVG data URI: no plotting library on the home screen."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

WIDTH, HEIGHT, PAD = 240, 48, 4


def sparkline_uri(values: Sequence[float], colour: str = "#0b3b6f") -> str:
    """An ``<img src>`` for the line through ``values`` (empty for fewer than 2)."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    scale = (HEIGHT - 2 * PAD) / spread
    points = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) * scale:.1f}"
        for i, v in enumerate(values)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<polyline points="{points}" fill="none" stroke="{colour}" '
        'stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/></svg>'
    )
    return "data:image/svg+xml," + quote(svg)
