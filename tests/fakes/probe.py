"""Drive one feed through refreshes and check what a user of the screen would see."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from pathlib import Path

from data_feeds.base import Outcome
from data_feeds.config import FeedBase
from data_feeds.refresh import refresh_feed
from kiosk_app.store import Store
from kiosk_core.readings import FeedHealth
from kiosk_core.tiles import TileState, tile_state


def new_store(directory: Path) -> Store:
    """An empty Store in ``directory``."""
    store = Store(directory / "kiosk.db")
    store.create()
    return store


@dataclasses.dataclass
class Probe:
    """One feed, one field it writes, and the Store it writes to."""

    store: Store
    feed: str
    config: FeedBase
    field: str
    # the fields tiles show (None: every field counts, as without a config)
    used: Collection[str] | None = None

    def refresh(self, now: dt.datetime) -> Outcome:
        """Refresh the feed at ``now`` (in this thread)."""
        return refresh_feed(self.feed, self.config, self.store, now, used=self.used)

    def value(self) -> float | None:
        """The newest stored value of the field (None when nothing is stored)."""
        reading = self.store.latest(self.feed, self.field)
        return reading.value if reading else None

    def health(self) -> FeedHealth:
        """The feed's health record (it must exist)."""
        health = self.store.feed_health(self.feed)
        assert health is not None
        return health

    def state(self, now: dt.datetime) -> TileState:
        """How the field's tile looks at ``now``."""
        return tile_state(
            self.store.latest(self.feed, self.field),
            self.health(),
            now,
            self.config.max_age,
            self.config.interval,
        )

    def fails(self, now: dt.datetime, failures: int, error: str) -> None:
        """Refresh at ``now``; the refresh fails, the last good value stays, stale."""
        before = self.value()
        outcome = self.refresh(now)
        assert not outcome.ok, outcome
        assert self.value() == before
        health = self.health()
        assert health.consecutive_failures == failures
        assert health.last_error is not None and error in health.last_error, (
            health.last_error
        )
        assert health.last_attempt == now
        assert self.state(now) == "stale"
