"""Refreshing several feeds at once: a slow or hanging feed never delays another."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from data_feeds.base import Fetch
from data_feeds.config import DemoFeedConfig, FeedBase, HttpJsonFeedConfig
from data_feeds.runner import FeedRunner
from kiosk_app.store import Store
from kiosk_core.readings import Reading
from tests.fakes import FakeServer
from tests.fakes.probe import new_store

NOW = dt.datetime(2025, 11, 26, 5, 25, tzinfo=dt.UTC)


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll ``condition`` until true or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return new_store(tmp_path)


def http_feed(server: FakeServer, path: str, timeout: float) -> HttpJsonFeedConfig:
    return HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + path,
            "timeout_seconds": timeout,
            "fields": {"value": {"path": "value"}},
        }
    )


def test_slow_feed_does_not_delay_a_fast_one(store: Store, server: FakeServer) -> None:
    server.set(json_body={"value": 1}, delay=4.0, path="/slow")
    server.set(json_body={"value": 2}, path="/fast")
    feeds = {
        "slow": http_feed(server, "/slow", 2.0),
        "fast": http_feed(server, "/fast", 2.0),
    }
    runner = FeedRunner(store)
    try:
        assert sorted(runner.refresh_due(feeds, NOW)) == ["fast", "slow"]
        assert wait_for(lambda: store.latest("fast", "value") is not None)
        # the fast reading is in while the slow feed is still waiting
        assert "slow" in runner.running()
        assert store.feed_health("slow") is None
        assert wait_for(lambda: store.feed_health("slow") is not None)
    finally:
        runner.close()
    slow = store.feed_health("slow")
    assert slow is not None and slow.consecutive_failures == 1
    assert "within 2 s" in str(slow.last_error)
    assert store.latest("slow", "value") is None


def hanging(release: threading.Event) -> Callable[[FeedBase], Fetch]:
    """A fetch_for whose "hang" feed (seed 1) blocks until ``release`` is set."""

    def fetch_for(config: FeedBase) -> Fetch:
        def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
            assert isinstance(config, DemoFeedConfig)
            if config.seed == 1:
                release.wait(10)
            return [Reading("", "value", now, float(config.seed))]

        return fetch

    return fetch_for


def test_hanging_fetch_times_out_and_its_late_data_is_dropped(store: Store) -> None:
    release = threading.Event()
    runner = FeedRunner(
        store, fetch_for=hanging(release), backfill_for=lambda config: None
    )
    feeds = {
        "hang": DemoFeedConfig(type="demo", seed=1, timeout_seconds=0.3),
        "ok": DemoFeedConfig(type="demo", seed=2, timeout_seconds=5),
    }
    try:
        outcomes = runner.refresh(feeds, NOW)
        assert outcomes["ok"].ok
        assert outcomes["hang"].error == "no result within 0.3 s"
        assert runner.running() == ["hang"]
        # still hanging: not started again, so threads do not pile up
        later = NOW + dt.timedelta(minutes=5)
        assert runner.refresh_due(feeds, later) == ["ok"]
        release.set()
        assert wait_for(lambda: runner.running() == [])
    finally:
        release.set()
        runner.close()
    assert store.latest("hang", "value") is None
    health = store.feed_health("hang")
    assert health is not None and health.consecutive_failures == 1


def test_refresh_due_follows_each_interval(store: Store) -> None:
    runner = FeedRunner(
        store, fetch_for=hanging(threading.Event()), backfill_for=lambda config: None
    )
    feeds = {
        "minute": DemoFeedConfig(type="demo", interval_seconds=60),
        "hourly": DemoFeedConfig(type="demo", interval_seconds=3600),
    }
    try:
        assert sorted(runner.refresh_due(feeds, NOW)) == ["hourly", "minute"]
        assert wait_for(lambda: runner.running() == [])
        assert runner.refresh_due(feeds, NOW + dt.timedelta(seconds=30)) == []
        assert runner.refresh_due(feeds, NOW + dt.timedelta(seconds=60)) == ["minute"]
        assert wait_for(lambda: runner.running() == [])
        assert sorted(runner.refresh_due(feeds, NOW + dt.timedelta(hours=1))) == [
            "hourly",
            "minute",
        ]
    finally:
        runner.close()
