"""Indicator tiles, grouped by menu the way the city's data platform groups them.

More tiles than fit on one page are split into pages (whole menus where
possible) that assets/motion.js rotates slowly; a button per page (a small dot
while the pages turn, a large numbered button while they are still) shows any
page at once.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dash import html

from kiosk_core.grades import GradeStep
from kiosk_core.locales import locale
from kiosk_core.tiles import Tile, TileSnapshot, figures_month

from . import ids
from .attrs import attrs
from .settings import Labels, ScreenConfig
from .sparkline import sparkline_uri


@dataclass(frozen=True)
class TileData:
    """What a tile shows, already read from the Store."""

    value: float | None = None
    text: str | None = None
    state: str = "unavailable"  # "fresh" | "stale" | "unavailable"
    as_of: str = ""  # local HH:MM of the value
    month: dt.date | None = None  # the month of monthly figures
    grade: GradeStep | None = None
    spark: tuple[float, ...] = ()
    delta: float | None = None


def as_of_text(moment: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> str:
    """When a value was measured, as a badge shows it: "14:05" today, with the
    date ("11/25 14:05") when it is from another day."""
    local = moment.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return f"{local:%H:%M}"
    return f"{local.month}/{local.day} {local:%H:%M}"


def tile_view(shot: TileSnapshot, now: dt.datetime, zone: ZoneInfo) -> TileData:
    """What a tile shows of its snapshot: nothing once it is unavailable."""
    if shot.as_of is None or shot.state == "unavailable":
        return TileData()
    delta = shot.delta
    return TileData(
        value=shot.value,
        text=shot.text,
        state=shot.state,
        as_of=as_of_text(shot.as_of, now, zone),
        month=figures_month(shot.as_of, zone) if shot.tile.period else None,
        grade=shot.grade,
        spark=shot.spark,
        delta=delta.difference if delta else None,
    )


def format_value(value: float, decimals: int) -> str:
    """A number with thousands separators and the configured decimals."""
    return f"{value:,.{decimals}f}"


def _value(spec: Tile, data: TileData, lang: str) -> list[html.Div]:
    if data.value is None:
        shown = data.text or (spec.empty.get(lang) if spec.empty else "–")
        return [html.Div(html.Span(shown, className="text"), className="tile-value")]
    value = html.Div(
        className="tile-value",
        children=[
            html.Span(format_value(data.value, spec.decimals), className="num"),
            html.Span(spec.unit_in(lang), className="unit"),
        ],
    )
    if spec.detail is None or not data.text:
        return [value]
    detail = spec.detail.get(lang).replace("{text}", data.text)
    return [value, html.Div(detail, className="tile-detail")]


# a title longer than this (CJK characters count twice) takes three lines at
# the card's title size: it is set smaller so the value keeps its room
LONG_TITLE = 32


def _title_class(title: str) -> str:
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in title)
    return "tile-title tile-title-long" if width > LONG_TITLE else "tile-title"


def _when(spec: Tile, data: TileData, lang: str, labels: Labels) -> str | None:
    """The tile's "as of": always the month of monthly figures; else the time
    of a value that could not be refreshed."""
    if data.month is not None:
        month = locale(lang).year_month(data.month)
        return labels.as_of_month.get(lang).replace("{month}", month)
    if data.state == "stale":
        return labels.as_of.get(lang).replace("{time}", data.as_of)
    return None


def _delta(spec: Tile, data: TileData, lang: str, labels: Labels) -> html.Div:
    label = labels.delta_week if spec.delta == "week" else labels.delta_day
    change = data.delta or 0.0
    arrow = "▲" if change > 0 else "▼" if change < 0 else "–"
    amount = format_value(abs(change), spec.decimals)
    return html.Div(f"{label.get(lang)} {arrow} {amount}", className="tile-delta")


def IndicatorTile(
    spec: Tile, data: TileData, lang: str, labels: Labels, menu: str = ""
) -> html.Div:
    """One tile: menu, title, value with unit and grade, and how fresh it is."""
    title = spec.title.get(lang)
    shows = data.value is not None or data.text or spec.empty is not None
    state = data.state if shows else "unavailable"
    body: list = [
        html.Div(menu, className="tile-menu"),
        html.Div(title, className=_title_class(title)),
    ]
    if state == "unavailable":
        body.append(
            html.Div(labels.unavailable.get(lang), className="tile-unavailable")
        )
    else:
        body.extend(_value(spec, data, lang))
        footer: list = []
        if data.grade is not None:
            footer.append(
                html.Span(
                    data.grade.label.get(lang),
                    className=f"tile-grade tone-{data.grade.tone}",
                )
            )
        when = _when(spec, data, lang, labels)
        if when is not None:
            kind = "tile-badge" if state == "stale" else "tile-badge tile-period"
            footer.append(html.Span(when, className=kind))
        elif data.delta is not None and spec.delta:
            footer.append(_delta(spec, data, lang, labels))
        if footer:
            body.append(html.Div(footer, className="tile-footer"))
        if data.spark:
            body.append(
                html.Img(src=sparkline_uri(data.spark), alt="", className="tile-spark")
            )
    return html.Div(
        body,
        className=f"tile tile-{state}",
        id=f"tile-{spec.id}",
        **attrs({"data-menu": spec.menu}),
    )


def tile_pages(config: ScreenConfig) -> list[list[Tile]]:
    """Tiles by menu (menus: order), in pages of at most tiles_per_page.

    A page takes whole menus while they fit; a menu larger than a page is split.
    """
    size = config.screen.tiles_per_page
    order = {menu.id: index for index, menu in enumerate(config.menus)}
    groups: dict[str, list[Tile]] = {}
    for tile in sorted(config.tiles, key=lambda t: order.get(t.menu, len(order))):
        groups.setdefault(tile.menu, []).append(tile)
    pages: list[list[Tile]] = [[]]
    for tiles in groups.values():
        if pages[-1] and len(pages[-1]) + len(tiles) > size:
            pages.append([])
        for tile in tiles:
            if len(pages[-1]) == size:
                pages.append([])
            pages[-1].append(tile)
    return [page for page in pages if page]


def _page_label(labels: Labels, lang: str, n: int, total: int) -> str:
    return (
        labels.tile_page.get(lang).replace("{n}", str(n)).replace("{total}", str(total))
    )


def _page_buttons(labels: Labels, lang: str, total: int) -> html.Div:
    """One button per page; assets/motion.js marks the one shown (aria-current)
    and says the page a tap brings up in the polite status line."""
    buttons = [
        html.Button(
            html.Span(str(n), className="tile-dot-number"),
            className="tile-dot active" if n == 1 else "tile-dot",
            n_clicks=0,
            **attrs(
                {
                    "aria-label": _page_label(labels, lang, n, total),
                    "aria-controls": f"tile-page-{n}",
                    "aria-current": "true" if n == 1 else "false",
                    "data-motion-go": str(n - 1),
                }
            ),
        )
        for n in range(1, total + 1)
    ]
    return html.Div(
        [
            *buttons,
            html.P(
                className="visually-hidden tile-page-status",
                **attrs({"aria-live": "polite", "data-motion-status": ""}),
            ),
        ],
        className="tile-dots",
        role="group",
        **attrs({"aria-label": labels.tile_pages.get(lang)}),
    )


def TileGrid(config: ScreenConfig, lang: str, data: Mapping[str, TileData]) -> list:
    """Every page of tiles (the first one shown) and a button per page when
    there are more."""
    pages = tile_pages(config)
    total = len(pages)
    children: list = [
        html.Div(
            [
                IndicatorTile(
                    tile,
                    data.get(tile.id, TileData()),
                    lang,
                    config.labels,
                    config.menu_title(tile.menu).get(lang),
                )
                for tile in page
            ],
            id=f"tile-page-{index + 1}",
            className="tile-page active" if index == 0 else "tile-page",
            role="group",
            **attrs(
                {
                    "aria-label": _page_label(config.labels, lang, index + 1, total),
                    "data-motion-item": "",
                }
            ),
        )
        for index, page in enumerate(pages)
    ]
    if total > 1:
        children.append(_page_buttons(config.labels, lang, total))
    return children


def TileArea(config: ScreenConfig, lang: str, data: Mapping[str, TileData]) -> html.Div:
    """The container the tile refresh callback fills; pages rotate every N seconds."""
    return html.Div(
        TileGrid(config, lang, data),
        id={"type": ids.TILE_GRID, "area": "home"},
        className="tile-grid",
        **attrs(
            {
                "data-motion": "tiles",
                "data-page-seconds": str(config.screen.tile_page_seconds),
            }
        ),
    )
