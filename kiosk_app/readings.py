"""What the tiles show, read from the Store (a cheap read on every refresh)."""

from __future__ import annotations

import datetime as dt

from kiosk_app.config.schema import Config
from kiosk_app.store import Store
from layouts.tiles import TileData


def tile_data(config: Config, store: Store, now: dt.datetime) -> dict[str, TileData]:
    """The latest value of every tile's field, by tile id."""
    result: dict[str, TileData] = {}
    for tile in config.tiles:
        reading = store.latest(tile.feed, tile.field)
        if reading is not None and reading.value is not None:
            result[tile.id] = TileData(reading.value, "fresh")
    return result
