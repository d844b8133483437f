"""Refresh one feed in this thread: fetch with its adapter, then record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from kiosk_core.readings import Reading
from kiosk_core.store import FeedStore

from .base import FeedError, Fetch, Outcome, collect, record, utc_now
from .config import FeedBase
from .registry import fetcher


def refresh_feed(
    feed_id: str,
    config: FeedBase,
    store: FeedStore,
    now: dt.datetime | None = None,
    fetch: Fetch | None = None,
    used: Collection[str] | None = None,
) -> Outcome:
    """Fetch one feed in this thread and record the result (see runner for many)."""
    now = now or utc_now()
    try:
        result: list[Reading] | FeedError = collect(
            feed_id, config, now, fetch or fetcher(config)
        )
    except FeedError as err:
        result = err
    return record(store, feed_id, config, now, result, used)
