"""What an unattended screen shows: the attract loop, and the sleeping screen.

Inside opening hours, a home screen left idle for ``attract.after_seconds``
shows full-screen slides (``AttractLoop``): today's headline figures from the
tiles' own snapshot (refreshed with the tiles, ``AttractFigures``), the
briefing's headlines, the notices and "touch to start". Outside the hours of
the kiosk's schedule the screen sleeps behind ``SleepCover``: black, or a dim
clock saying when it opens. ``assets/attract.js`` decides which, by the page's
own clock, from what ``sleep_settings`` and ``attract_settings`` tell it (the
screen settings); a touch ends either, without acting on what is under it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from dash import html
from dash.development.base_component import Component

from kiosk_core.locales import locale
from kiosk_core.opening_hours import is_lit, next_change, special_days

from . import ids
from .attrs import attrs
from .header import date_text
from .settings import Kiosk, ScreenConfig
from .tiles import TileData, format_value

FIGURES_PER_SLIDE = 3
NOTICES_SHOWN = 3
HEADLINES_SHOWN = 2
# the page is told the special days (holidays, exceptions) this far ahead,
# and reloads itself while asleep once it is REFRESH_DAYS past its render
WINDOW_DAYS = 400
REFRESH_DAYS = 300


# ---- what the page is told (the screen settings) ----


def sleep_settings(config: ScreenConfig, kiosk: Kiosk, now: dt.datetime) -> dict | None:
    """The kiosk's schedule as assets/attract.js reads it (None: the screen
    never sleeps): the hours of each weekday (Monday first) and of the days
    that differ (holidays, exceptions) in minutes since local midnight, the
    wake and sleep leads, and, for staff and tests, the server's own view."""
    hours = config.opening_hours(kiosk)
    if hours is None:
        return None
    today = now.astimezone(ZoneInfo(config.site.timezone)).date()
    first = today - dt.timedelta(days=1)
    last = today + dt.timedelta(days=WINDOW_DAYS)
    change = next_change(hours, now, lit=True)
    return {
        "week": [[list(span) for span in day] for day in hours.week],
        "days": {
            day.isoformat(): [list(span) for span in spans]
            for day, spans in special_days(hours, first, last).items()
        },
        "before": hours.wake_before_minutes,
        "after": hours.sleep_after_minutes,
        "wake_minutes": hours.wake_minutes,
        "when_closed": hours.when_closed,
        "refresh_after": (today + dt.timedelta(days=REFRESH_DAYS)).isoformat(),
        "lit": is_lit(hours, now),
        "next_change": change.at.isoformat() if change else None,
    }


def attract_settings(config: ScreenConfig) -> dict | None:
    """When the attract loop starts and how long each slide stays (None: off)."""
    attract = config.attract
    if not attract.enabled:
        return None
    return {
        "after_seconds": attract.after_seconds,
        "slide_seconds": attract.slide_seconds,
    }


# ---- the sleeping screen ----


def SleepCover(config: ScreenConfig, kiosk: Kiosk, now: dt.datetime) -> list:
    """A sleeping screen's content, in the kiosk's own language: nothing
    (``when_closed: blank``), or a dim clock (kept by the page's clock), "closed",
    the next opening
    (written by the page from ``data-today``/``-tomorrow``/``-on``) and
    "touch to use" in every language the site offers."""
    hours = config.opening_hours(kiosk)
    if hours is None or hours.when_closed == "blank":
        return []
    lang = config.language_for(kiosk)
    labels = config.labels
    words = locale(lang)
    local = now.astimezone(ZoneInfo(config.site.timezone))
    return [
        html.Div(
            className="sleep-clock",
            lang=words.html_lang,
            **attrs(
                {
                    "data-tz": config.site.timezone,
                    "data-date-pattern": words.date_pattern,
                    "data-weekdays": json.dumps(words.weekdays, ensure_ascii=False),
                    "data-months": json.dumps(words.months, ensure_ascii=False),
                }
            ),
            children=[
                html.Span(f"{local:%H:%M}", className="sleep-time"),
                html.Span(date_text(local, lang), className="sleep-date"),
            ],
        ),
        html.P(
            labels.sleep_closed.get(lang),
            className="sleep-closed",
            lang=words.html_lang,
        ),
        html.P(
            className="sleep-opens",
            lang=words.html_lang,
            **attrs(
                {
                    "data-today": labels.sleep_opens_today.get(lang),
                    "data-tomorrow": labels.sleep_opens_tomorrow.get(lang),
                    "data-on": labels.sleep_opens_on.get(lang),
                }
            ),
        ),
        html.Ul(
            [
                html.Li(labels.sleep_touch.get(code), lang=locale(code).html_lang)
                for code in config.site.languages
            ],
            className="sleep-touch",
        ),
    ]


# ---- the attract loop ----


def _figure(config: ScreenConfig, tile_id: str, data: TileData, lang: str):
    """One figure, large: title, value and unit, grade and "as of"."""
    spec = next((t for t in config.tiles if t.id == tile_id), None)
    if spec is None or (data.value is None and not data.text):
        return None  # never a blank figure
    labels = config.labels
    if data.value is None:
        value = [html.Span(data.text, className="text")]
    else:
        value = [
            html.Span(format_value(data.value, spec.decimals), className="num"),
            html.Span(spec.unit_in(lang), className="unit"),
        ]
    meta: list[Component] = []
    if spec.detail is not None and data.text and data.value is not None:
        detail = spec.detail.get(lang).replace("{text}", data.text)
        meta.append(html.Span(detail, className="attract-detail"))
    if data.grade is not None:
        meta.append(
            html.Span(
                data.grade.label.get(lang),
                className=f"attract-grade tone-{data.grade.tone}",
            )
        )
    if data.month is not None:
        month = locale(lang).year_month(data.month)
        when = labels.as_of_month.get(lang).replace("{month}", month)
    else:
        when = labels.as_of.get(lang).replace("{time}", data.as_of)
    meta.append(html.Span(when, className="attract-as-of"))
    return html.Div(
        [
            html.Div(spec.title.get(lang), className="attract-figure-title"),
            html.Div(value, className="attract-figure-value"),
            html.Div(meta, className="attract-figure-meta"),
        ],
        className="attract-figure",
        **attrs({"data-tile": tile_id}),
    )


def figure_ids(config: ScreenConfig) -> list[str]:
    """The tiles the loop shows: attract.figures, else the first three."""
    return list(config.attract.figures) or [t.id for t in config.tiles[:3]]


def AttractFigures(
    config: ScreenConfig, lang: str, tiles: Mapping[str, TileData]
) -> list:
    """Slides of today's figures, three to a slide, from the tiles' snapshot
    (what the tile refresh gives the home screen's tiles too)."""
    shown = [
        figure
        for tile_id in figure_ids(config)
        if (figure := _figure(config, tile_id, tiles.get(tile_id, TileData()), lang))
        is not None
    ]
    heading = config.labels.tiles_heading.get(lang)
    return [
        _slide(
            "figures",
            [
                html.H2(heading, className="attract-heading"),
                html.Div(shown[n : n + FIGURES_PER_SLIDE], className="attract-figures"),
            ],
        )
        for n in range(0, len(shown), FIGURES_PER_SLIDE)
    ]


def _slide(kind: str, children: list) -> html.Div:
    return html.Div(
        children,
        className=f"attract-slide attract-slide-{kind}",
        **attrs({"data-attract-slide": kind}),
    )


def _touch_slide(config: ScreenConfig, lang: str) -> html.Div:
    """ "Touch to start" in the screen's language, then in each other one."""
    others = [code for code in config.site.languages if code != lang]
    return _slide(
        "touch",
        [
            html.P(config.site.title.get(lang), className="attract-site"),
            html.P(
                config.labels.attract_touch.get(lang), className="attract-touch-main"
            ),
            html.Ul(
                [
                    html.Li(
                        config.labels.attract_touch.get(code),
                        lang=locale(code).html_lang,
                    )
                    for code in others
                ],
                className="attract-touch-others",
            ),
        ],
    )


def AttractLoop(
    config: ScreenConfig,
    lang: str,
    tiles: Mapping[str, TileData],
    headlines: Sequence[str],
    today: dt.date,
) -> html.Div:
    """The attract loop's slides, in the order of ``attract.slides``, hidden
    until assets/attract.js shows them; a slide with nothing to say (no
    briefing today, no notices) is left out."""
    labels = config.labels
    slides: list[Component] = []
    for kind in config.attract.slides:
        if kind == "figures":
            slides.append(
                html.Div(
                    AttractFigures(config, lang, tiles),
                    id={"type": ids.TILE_GRID, "area": "attract"},
                    className="attract-group",
                )
            )
        elif kind == "briefing" and headlines:
            slides.append(
                _slide(
                    "briefing",
                    [
                        html.H2(labels.briefing.get(lang), className="attract-heading"),
                        *(
                            html.P(line, className="attract-headline")
                            for line in headlines[:HEADLINES_SHOWN]
                        ),
                    ],
                )
            )
        elif kind == "notices":
            notices = [n.text.get(lang) for n in config.notices if n.shown_on(today)]
            slides.extend(
                _slide(
                    "notice",
                    [
                        html.H2(
                            labels.notices_heading.get(lang),
                            className="attract-heading",
                        ),
                        html.P(text, className="attract-notice-text"),
                    ],
                )
                for text in notices[:NOTICES_SHOWN]
            )
        elif kind == "touch":
            slides.append(_touch_slide(config, lang))
    return html.Div(
        id=ids.ATTRACT,
        className="attract",
        hidden=True,
        **attrs({"data-slide-seconds": str(config.attract.slide_seconds)}),
        children=[
            html.Div(slides, className="attract-slides"),
            html.P(labels.attract_touch.get(lang), className="attract-foot"),
        ],
    )
