"""The demo config and a Store filled from its feeds, for briefing tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from data_feeds.runner import FeedRunner
from kiosk_app.config import parse_config
from kiosk_app.config.schema import Config
from kiosk_app.store import Store

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)  # Thursday 10:30 in Seoul


def demo_config() -> Config:
    """The shipped config.yaml."""
    return parse_config(
        (REPO / "config.yaml").read_text(encoding="utf-8"), "config.yaml"
    )


def fill_store(folder: Path, config: Config, now: dt.datetime = NOW) -> Store:
    """A Store with the demo feed refreshed at ``now`` (8 days of history)."""
    store = Store(folder / "kiosk.db")
    store.create()
    feeds = {
        fid: feed.model_copy(update={"backfill_days": 8})
        if hasattr(feed, "backfill_days")
        else feed
        for fid, feed in config.feeds.items()
    }
    FeedRunner(store).refresh(feeds, now)
    return store
