"""Indicator tiles, grouped by menu the way the city's data platform groups them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dash import html

from kiosk_app.config.schema import Config, Labels, Tile


@dataclass(frozen=True)
class TileData:
    """What a tile shows: a formatted value (or None) and its freshness."""

    value: float | None = None
    state: str = "unavailable"  # "fresh" | "stale" | "unavailable"
    as_of: str = ""  # local HH:MM of the value, shown when stale


def format_value(value: float, decimals: int) -> str:
    """A number with thousands separators and the configured decimals."""
    return f"{value:,.{decimals}f}"


def IndicatorTile(
    spec: Tile, data: TileData, lang: str, labels: Labels, menu: str = ""
) -> html.Div:
    """One tile: menu, title, value with unit, and a badge unless fresh."""
    body: list = [
        html.Div(menu, className="tile-menu"),
        html.Div(spec.title.get(lang), className="tile-title"),
    ]
    if data.state == "unavailable" or data.value is None:
        body.append(
            html.Div(labels.unavailable.get(lang), className="tile-unavailable")
        )
        state = "unavailable"
    else:
        state = data.state
        body.append(
            html.Div(
                className="tile-value",
                children=[
                    html.Span(format_value(data.value, spec.decimals), className="num"),
                    html.Span(spec.unit, className="unit"),
                ],
            )
        )
        if state == "stale":
            badge = labels.as_of.get(lang).replace("{time}", data.as_of)
            body.append(html.Div(badge, className="tile-badge"))
    return html.Div(
        body,
        className=f"tile tile-{state}",
        id=f"tile-{spec.id}",
        **{"data-menu": spec.menu},
    )


def tiles_by_menu(config: Config) -> list[Tile]:
    """Tiles ordered by their menu (in menus: order), then as listed."""
    order = {menu.id: index for index, menu in enumerate(config.menus)}
    return sorted(config.tiles, key=lambda t: order.get(t.menu, len(order)))


def TileGrid(config: Config, lang: str, data: Mapping[str, TileData]) -> list[html.Div]:
    """Every tile, grouped by menu, each labelled with its menu."""
    return [
        IndicatorTile(
            tile,
            data.get(tile.id, TileData()),
            lang,
            config.labels,
            config.menu_title(tile.menu).get(lang),
        )
        for tile in tiles_by_menu(config)
    ]
