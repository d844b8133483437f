"""The notices ticker along the bottom of the screen."""

from __future__ import annotations

import datetime as dt

from dash import html

from .attrs import attrs
from .settings import ScreenConfig


def Ticker(config: ScreenConfig, lang: str, today: dt.date) -> list:
    """Today's notices scrolling slowly; a calm line when there are none."""
    notices = [n.text.get(lang) for n in config.notices if n.shown_on(today)]
    heading = html.Span(
        config.labels.notices_heading.get(lang), className="ticker-label"
    )
    if not notices:
        line = html.Span(config.labels.no_notices.get(lang), className="ticker-static")
        return [heading, html.Div(line, className="ticker-window")]
    items = [html.Span(text, className="ticker-item") for text in notices]
    # the run is shown twice so the scroll wraps around without a gap
    run = html.Div(
        items
        + [
            html.Span(
                t.children, className="ticker-item", **attrs({"aria-hidden": "true"})
            )
            for t in items
        ],
        className="ticker-run",
        style={"animationDuration": f"{config.screen.ticker_seconds}s"},
    )
    return [heading, html.Div(run, className="ticker-window")]
