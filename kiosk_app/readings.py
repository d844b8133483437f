"""What the tiles show, read from the Store: a cheap read on every refresh."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from data_feeds.base import tile_state
from data_feeds.grades import grade_of
from kiosk_app.config.schema import Config, Tile
from kiosk_app.store import FeedHealth, Store
from layouts.tiles import TileData

_DELTA = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=7)}
SPARK_POINTS = 24


def _tile(
    tile: Tile,
    config: Config,
    store: Store,
    health: FeedHealth | None,
    now: dt.datetime,
    zone: ZoneInfo,
) -> TileData:
    feed = config.feeds[tile.feed]
    reading = store.latest(tile.feed, tile.field)
    state = tile_state(reading, health, now, feed.max_age, feed.interval)
    if reading is None or state == "unavailable":
        return TileData()
    grade = None
    if tile.grade is not None and reading.value is not None:
        grade = grade_of(reading.value, tile.grade.resolved())
    spark: tuple[float, ...] = ()
    if tile.sparkline is not None:
        points = store.samples(
            tile.feed, tile.field, now - tile.sparkline.span, now, SPARK_POINTS
        )
        spark = tuple(p.value for p in points if p.value is not None)
    delta = None
    if tile.delta is not None:
        change = store.change_since(tile.feed, tile.field, _DELTA[tile.delta])
        delta = change.difference if change else None
    return TileData(
        value=reading.value,
        text=reading.text,
        state=state,
        as_of=as_of_text(reading.as_of, now, zone),
        grade=grade,
        spark=spark,
        delta=delta,
    )


def as_of_text(moment: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> str:
    """When a value was measured, as a badge shows it: "14:05" today, with the
    date ("11/25 14:05") when it is from another day."""
    local = moment.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return f"{local:%H:%M}"
    return f"{local.month}/{local.day} {local:%H:%M}"


def tile_data(config: Config, store: Store, now: dt.datetime) -> dict[str, TileData]:
    """Every tile's current value, freshness, grade, line and change, by tile id."""
    zone = ZoneInfo(config.site.timezone)
    with store.reading():
        health = store.health()
        return {
            tile.id: _tile(tile, config, store, health.get(tile.feed), now, zone)
            for tile in config.tiles
        }
