"""The whole kiosk screen: a static frame plus the parts that follow state.

``chrome_parts`` (header, toggle label, ticker, timers) depends on language and
config only; the page in the middle also follows the screen the visitor is
on. Both are used for the first page load (so the screen is never empty while
scripts start) and by the render callbacks. The screens themselves, and the
browser state each keeps, are declared once in ``layouts.registry``.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from dash import dcc, html

from kiosk_core.locales import locale

from . import ids
from .attract import SleepCover, attract_settings, sleep_settings
from .attrs import attrs
from .header import Clock, HeaderText
from .navigation import AccessBar, LanguagePicker
from .registry import SCREENS, ScreenSpec
from .settings import Kiosk, ScreenConfig
from .ticker import Ticker
from .voice import voice_settings

VIEWS = SCREENS.views


def _page_title(config: ScreenConfig, spec: ScreenSpec, lang: str) -> str:
    site = config.site.title.get(lang)
    title = spec.title_in(config, lang)
    return site if title == site else f"{title} · {site}"


def _asleep(schedule: dict | None) -> bool:
    return schedule is not None and not schedule["lit"]


def chrome_parts(
    config: ScreenConfig, kiosk: Kiosk, lang: str, now: dt.datetime
) -> dict:
    """Everything around the page that depends on config and language."""
    today = now.astimezone(ZoneInfo(config.site.timezone)).date()
    return {
        "header": [
            *HeaderText(config, kiosk, lang),
            Clock(config.site.timezone, lang, now),
        ],
        "languages": LanguagePicker(config.site.languages, lang),
        "ticker": Ticker(config, lang, today),
        "access": AccessBar(config.labels, lang),
        "settings": {
            "idle_seconds": config.screen.idle_seconds,
            "idle_warning_seconds": config.screen.idle_warning_seconds,
            # lower screen: controls below this fraction of the height (access.js)
            "low_reach_top": config.screen.low_reach_top,
            # the browser tab's title on each screen: "길찾기 · 서산시청 종합안내"
            "titles": {spec.id: _page_title(config, spec, lang) for spec in SCREENS},
            # the warning's words in this language ({seconds}: the countdown)
            "idle_warning": {
                "title": config.labels.more_time.get(lang),
                "button": config.labels.more_time_button.get(lang),
                "countdown": config.labels.more_time_countdown.get(lang),
            },
            "default_language": config.language_for(kiosk),
            # each offered language's <html lang> (zh-Hans for zh)
            "html_lang": {
                code: locale(code).html_lang for code in config.site.languages
            },
            "timezone": config.site.timezone,
            "autoplay_times": list(config.briefing.autoplay_times),
            # voice guidance and the keypad (assets/keypad.js, assets/voice.js)
            "voice": voice_settings(config, lang),
            # opening hours and the attract loop (assets/attract.js)
            "schedule": sleep_settings(config, kiosk, now),
            "attract": attract_settings(config),
        },
        "tile_refresh_ms": config.screen.tile_refresh_seconds * 1000,
        # what a sleeping screen shows (layouts/attract.py)
        "sleep": SleepCover(config, kiosk, now),
    }


def Shell(
    config: ScreenConfig,
    kiosk: Kiosk,
    version: str,
    release: str,
    now: dt.datetime,
    page,
    *,
    plot_script: str | None = None,
) -> html.Div:
    """The full first-load layout of one kiosk, showing ``page`` (home).

    ``data-version`` and ``data-boot`` let the page's beat (assets/kiosk.js)
    tell a config change (re-render) from a new release of the kiosk on the
    server (reload; ``release`` is kiosk_app/release.py's id);
    ``data-screens`` tells it the screens (``SCREENS.manifest``), with
    ``plot_script``, the address of plotly.js, for the screens that plot.
    """
    lang = config.language_for(kiosk)
    parts = chrome_parts(config, kiosk, lang, now)
    labels = config.labels
    return html.Div(
        id=ids.ROOT,
        className="kiosk",
        **attrs(
            {
                "data-version": version,
                "data-boot": release,
                "data-kiosk": kiosk.id,
                "data-screens": json.dumps(
                    SCREENS.manifest(plot_script), ensure_ascii=False
                ),
            }
        ),
        children=[
            dcc.Store(id=ids.ACCESS, data={}),
            dcc.Store(id=ids.VIEW, data=SCREENS.home.id),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.KIOSK, data=kiosk.id),
            dcc.Store(id=ids.CONFIG_VERSION, data=version),
            dcc.Store(id=ids.SCREEN_SETTINGS, data=parts["settings"]),
            *(dcc.Store(id=store, data=initial) for store, initial in SCREENS.state()),
            dcc.Interval(id=ids.IDLE_TICK, interval=1000),
            dcc.Interval(id=ids.TILE_REFRESH, interval=parts["tile_refresh_ms"]),
            html.Header(
                className="kiosk-header",
                children=[
                    html.Div(
                        parts["header"], id=ids.HEADER, className="kiosk-header-main"
                    ),
                    html.Div(
                        parts["languages"],
                        id=ids.LANG_PICKER,
                        className="lang-picker",
                        role="group",
                        **attrs({"aria-label": labels.language_toggle.get(lang)}),
                    ),
                ],
            ),
            html.Main(page, id=ids.PAGE, className="kiosk-page"),
            html.Footer(
                className="kiosk-footer",
                children=[
                    html.Div(parts["ticker"], id=ids.TICKER, className="kiosk-ticker"),
                    html.Div(
                        parts["access"], id=ids.ACCESS_BAR, className="access-bar"
                    ),
                ],
            ),
            # filled and shown by assets/kiosk.js before an idle reset
            html.Div(
                id=ids.IDLE_WARNING,
                className="idle-warning",
                role="alertdialog",
                hidden=True,
                # named by its title and described by the countdown, both
                # written in the visitor's language when it is shown
                **attrs(
                    {
                        "aria-modal": "true",
                        "aria-labelledby": "kiosk-idle-title",
                        "aria-describedby": "kiosk-idle-countdown",
                    }
                ),
                children=html.Div(
                    className="idle-warning-box",
                    children=[
                        html.H2(id="kiosk-idle-title", className="idle-title"),
                        html.P(
                            id="kiosk-idle-countdown",
                            className="idle-countdown",
                            **attrs({"aria-live": "polite"}),
                        ),
                        html.Button(
                            id=ids.IDLE_EXTEND, className="kiosk-button idle-extend"
                        ),
                    ],
                ),
            ),
            # shown by assets/attract.js outside opening hours; already shown
            # when the page is loaded then, so that it never lights up first
            html.Div(
                parts["sleep"],
                id=ids.SLEEP,
                className="kiosk-sleep",
                hidden=not _asleep(parts["settings"]["schedule"]),
                role="region",
                **attrs(
                    {
                        "aria-label": labels.sleep_closed.get(lang),
                        "data-when-closed": (parts["settings"]["schedule"] or {}).get(
                            "when_closed", "clock"
                        ),
                    }
                ),
            ),
            html.Div(
                id=ids.OFFLINE,
                className="kiosk-offline",
                role="status",
                children=[
                    html.P(labels.reconnecting.get(code), lang=locale(code).html_lang)
                    for code in config.site.languages
                ],
            ),
        ],
    )
