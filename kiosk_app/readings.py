"""What the tiles show, read from the Store: a cheap read on every refresh,
and ``SharedTiles``, one read for every screen a web process serves."""

from __future__ import annotations

import datetime as dt
import threading
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


def tile_data(
    config: Config,
    store: Store,
    now: dt.datetime,
    shared: SharedTiles | None = None,
) -> dict[str, TileData]:
    """Every tile as the screen shows it, by tile id (read through ``shared``
    when given)."""
    zone = ZoneInfo(config.site.timezone)
    shots = (
        shared.snapshots(config, now)
        if shared is not None
        else tile_snapshots(config, store, now)
    )
    return {shot.tile.id: tile_view(shot, now, zone) for shot in shots}


class SharedTiles:
    """The tiles' snapshots read once per ``FRESH_FOR`` for every screen a web
    process serves.

    Every screen shows the same readings (only the words differ by language),
    and a city's screens ask every ``tile_refresh_seconds``: 200 screens on
    two workers are about 13 refreshes a second, each some fifty reads (a
    reading, its health and its history per tile). Kept two seconds, the
    snapshots cost one read a worker per two seconds, whatever the number of
    screens; on PostgreSQL, where each read is a round trip to the database,
    that is what lets the screens of a city share one. A new config (another
    object from the holder) is read afresh at once.
    """

    FRESH_FOR = dt.timedelta(seconds=2)

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._kept: tuple[Config, dt.datetime, list[TileSnapshot]] | None = None

    def snapshots(self, config: Config, now: dt.datetime) -> list[TileSnapshot]:
        """The snapshots of ``config``'s tiles, read at most ``FRESH_FOR`` ago."""
        with self._lock:
            kept = self._kept
        if kept is not None:
            kept_config, read_at, shots = kept
            if (
                kept_config is config
                and dt.timedelta(0) <= now - read_at < self.FRESH_FOR
            ):
                return shots
        shots = tile_snapshots(config, self._store, now)
        with self._lock:
            self._kept = (config, now, shots)
        return shots
