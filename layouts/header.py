"""The header: kiosk title, where this kiosk is, date and a live clock."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from dash import html
from dash.development.base_component import Component

from kiosk_core.locales import locale

from . import ids
from .attrs import attrs
from .settings import Kiosk, ScreenConfig


def date_text(moment: dt.datetime, lang: str) -> str:
    """A date as a reader of ``lang`` expects it: 2026. 11. 26.(목)."""
    return locale(lang).date(moment.date())


def Clock(timezone: str, lang: str, now: dt.datetime) -> html.Div:
    """Date and time; server-rendered now, then kept ticking by assets/kiosk.js."""
    local = now.astimezone(ZoneInfo(timezone))
    words = locale(lang)
    return html.Div(
        id=ids.CLOCK,
        className="kiosk-clock",
        **attrs(
            {
                "data-tz": timezone,
                "data-lang": lang,
                "data-date-pattern": words.date_pattern,
                "data-weekdays": json.dumps(words.weekdays, ensure_ascii=False),
                "data-months": json.dumps(words.months, ensure_ascii=False),
            }
        ),
        children=[
            html.Span(date_text(local, lang), className="kiosk-clock-date"),
            html.Span(f"{local:%H:%M}", className="kiosk-clock-time"),
        ],
    )


def HeaderText(config: ScreenConfig, kiosk: Kiosk, lang: str) -> list:
    """Title, subtitle and the kiosk's own location. The site title is not a
    heading: each screen has its own ``<h1>`` naming it (see ``ScreenTitle``)."""
    parts: list[Component] = [
        html.P(config.site.title.get(lang), id=ids.TITLE, className="kiosk-title")
    ]
    if config.site.subtitle:
        parts.append(html.P(config.site.subtitle.get(lang), className="kiosk-subtitle"))
    parts.append(html.P(kiosk.name.get(lang), className="kiosk-location"))
    return parts


def ScreenTitle(text: str, class_name: str = "section-title") -> html.H1:
    """The screen's one ``<h1>``, naming it; assets/kiosk.js moves the focus
    to it when the screen changes (hence focusable by script only)."""
    return html.H1(text, className=f"{class_name} screen-title".strip(), tabIndex="-1")
