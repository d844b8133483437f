"""What the tiles show, read from the Store: a cheap read on every refresh."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk_app.config.schema import Config
from kiosk_app.store import Store
from kiosk_core.tiles import TileSnapshot, snapshots
from layouts.tiles import TileData, tile_view


def tile_snapshots(
    config: Config, store: Store, now: dt.datetime
) -> list[TileSnapshot]:
    """Every configured tile's snapshot at ``now``, read over one connection."""
    with store.reading():
        return snapshots(config.tiles, config.feeds, store, now)


def tile_data(config: Config, store: Store, now: dt.datetime) -> dict[str, TileData]:
    """Every tile as the screen shows it, by tile id."""
    zone = ZoneInfo(config.site.timezone)
    return {
        shot.tile.id: tile_view(shot, now, zone)
        for shot in tile_snapshots(config, store, now)
    }
