"""The whole kiosk screen: a static frame plus the parts that follow state.

``screen_parts`` is used both for the first page load (so the screen is never
empty while scripts start) and by the render callback on every change of
screen, language or config.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from dash import dcc, html

from kiosk_app.config.schema import Config, Kiosk

from . import ids
from .header import Clock, HeaderText
from .home import HomePage
from .placeholder import PlaceholderPage
from .ticker import Ticker
from .tiles import TileData

VIEWS = ("home", "directory", "briefing")
CONFIG_POLL_MS = 2000


def Page(config: Config, view: str, lang: str, tiles: Mapping[str, TileData]):
    """The main area for one screen."""
    labels = config.labels
    if view == "directory":
        return PlaceholderPage(config, labels.find_way, lang)
    if view == "briefing":
        return PlaceholderPage(config, labels.briefing, lang)
    return HomePage(config, lang, tiles)


def screen_parts(
    config: Config,
    kiosk: Kiosk,
    lang: str,
    view: str,
    now: dt.datetime,
    tiles: Mapping[str, TileData],
) -> dict:
    """Everything that depends on config, language and screen, keyed by part."""
    today = now.astimezone(ZoneInfo(config.site.timezone)).date()
    return {
        "header": [
            *HeaderText(config, kiosk, lang),
            Clock(config.site.timezone, lang, now),
        ],
        "toggle": config.labels.language_toggle.get(lang),
        "page": Page(config, view, lang, tiles),
        "ticker": Ticker(config, lang, today),
        "settings": {
            "idle_seconds": config.screen.idle_seconds,
            "default_language": config.language_for(kiosk),
        },
    }


def Shell(
    config: Config,
    kiosk: Kiosk,
    version: str,
    now: dt.datetime,
    tiles: Mapping[str, TileData],
) -> html.Div:
    """The full first-load layout of one kiosk."""
    lang = config.language_for(kiosk)
    parts = screen_parts(config, kiosk, lang, "home", now, tiles)
    labels = config.labels
    return html.Div(
        className="kiosk",
        children=[
            dcc.Store(id=ids.VIEW, data="home"),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.KIOSK, data=kiosk.id),
            dcc.Store(id=ids.CONFIG_VERSION, data=version),
            dcc.Store(id=ids.SCREEN_SETTINGS, data=parts["settings"]),
            dcc.Interval(id=ids.CONFIG_POLL, interval=CONFIG_POLL_MS),
            dcc.Interval(id=ids.IDLE_TICK, interval=1000),
            dcc.Interval(
                id=ids.TILE_REFRESH, interval=config.screen.tile_refresh_seconds * 1000
            ),
            html.Header(
                className="kiosk-header",
                children=[
                    html.Div(
                        parts["header"], id=ids.HEADER, className="kiosk-header-main"
                    ),
                    html.Button(
                        parts["toggle"],
                        id=ids.LANG_TOGGLE,
                        className="kiosk-button lang-toggle",
                        n_clicks=0,
                    ),
                ],
            ),
            html.Main(parts["page"], id=ids.PAGE, className="kiosk-page"),
            html.Footer(parts["ticker"], id=ids.TICKER, className="kiosk-ticker"),
            html.Div(
                id=ids.OFFLINE,
                className="kiosk-offline",
                role="status",
                children=[
                    html.P(labels.reconnecting.ko, lang="ko"),
                    html.P(labels.reconnecting.en, lang="en"),
                ],
            ),
        ],
    )
