"""The notices ticker along the bottom of the screen.

The notices scroll slowly; while motion is still (pause, voice guidance, high
contrast, or reduced motion asked for by the system) assets/motion.js shows
them one at a time, whole, with large buttons to step through them.
"""

from __future__ import annotations

import datetime as dt

from dash import html

from .attrs import attrs
from .settings import Labels, ScreenConfig


def _count(labels: Labels, lang: str, n: int, total: int) -> str:
    return (
        labels.notice_of.get(lang).replace("{n}", str(n)).replace("{total}", str(total))
    )


def _steps(labels: Labels, lang: str, total: int) -> list:
    """Previous / "1/3" / next, shown only while motion is still."""

    def step(go: str, glyph: str, name: str) -> html.Button:
        return html.Button(
            glyph,
            className=f"ticker-step ticker-{go}",
            n_clicks=0,
            **attrs({"aria-label": name, "data-motion-go": go}),
        )

    return [
        step("prev", "‹", labels.notice_previous.get(lang)),
        html.Span(
            f"1/{total}",
            className="ticker-count",
            **attrs({"aria-hidden": "true", "data-motion-count": ""}),
        ),
        step("next", "›", labels.notice_next.get(lang)),
        html.Span(
            className="visually-hidden",
            **attrs({"aria-live": "polite", "data-motion-status": ""}),
        ),
    ]


def Ticker(config: ScreenConfig, lang: str, today: dt.date) -> list:
    """Today's notices scrolling slowly; a calm line when there are none."""
    labels = config.labels
    notices = [n.text.get(lang) for n in config.notices if n.shown_on(today)]
    heading = html.Span(labels.notices_heading.get(lang), className="ticker-label")
    if not notices:
        line = html.Span(labels.no_notices.get(lang), className="ticker-static")
        return [heading, html.Div(line, className="ticker-window")]
    total = len(notices)
    items = [
        html.Span(
            text,
            className="ticker-item active" if n == 1 else "ticker-item",
            **attrs(
                {
                    "data-motion-item": "",
                    "data-motion-label": _count(labels, lang, n, total),
                }
            ),
        )
        for n, text in enumerate(notices, 1)
    ]
    # the run is shown twice so the scroll wraps around without a gap
    copies = [
        html.Span(
            text, className="ticker-item ticker-copy", **attrs({"aria-hidden": "true"})
        )
        for text in notices
    ]
    run = html.Div(
        items + copies,
        className="ticker-run",
        style={"animationDuration": f"{config.screen.ticker_seconds}s"},
    )
    window = html.Div(run, className="ticker-window")
    steps = _steps(labels, lang, total) if total > 1 else []
    return [
        heading,
        html.Div(
            [window, *steps],
            className="ticker-notices",
            # the status says the notice a step brings up, not only its number
            **attrs({"data-motion": "ticker", "data-motion-say": "text"}),
        ),
    ]
