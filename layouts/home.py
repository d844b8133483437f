"""The home screen: city indicators and the two ways in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import html
from dash.development.base_component import Component

from .header import ScreenTitle
from .navigation import EntryButton, second_language
from .settings import ScreenConfig
from .tiles import TileArea, TileData


def HomePage(
    config: ScreenConfig,
    lang: str,
    tiles: Mapping[str, TileData],
    headlines: Sequence[str] = (),
    attract: Component | None = None,
) -> html.Div:
    """Tiles above, large entry buttons within reach below (right in landscape);
    the briefing's button shows today's headlines in turn. ``attract``: the
    attract loop's slides (layouts/attract.py), shown when the screen idles."""
    labels = config.labels
    other = second_language(config.site.languages, lang)
    return html.Div(
        className="home",
        children=[
            # the site title names this screen; the header already shows it
            ScreenTitle(config.site.title.get(lang), "visually-hidden"),
            html.Section(
                className="tiles",
                children=[
                    html.H2(labels.tiles_heading.get(lang), className="section-title"),
                    TileArea(config, lang, tiles),
                ],
            ),
            html.Nav(
                className="entries",
                children=[
                    EntryButton(
                        "directory",
                        labels.find_way,
                        labels.find_way_hint,
                        "route",
                        lang,
                        other,
                    ),
                    EntryButton(
                        "briefing",
                        labels.briefing,
                        labels.briefing_hint,
                        "briefing",
                        lang,
                        other,
                        headlines,
                    ),
                ],
            ),
            *([attract] if attract is not None else []),
        ],
    )
