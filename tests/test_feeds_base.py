"""Shared refresh logic: tile_state, health, logging once, config union."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from data_feeds import FeedConfig, FeedError, refresh_feed
from data_feeds.config import DemoFeedConfig, SqlFeedConfig
from kiosk_app.store import Store
from kiosk_core.readings import FeedHealth, FieldHealth, Reading
from kiosk_core.tiles import tile_state
from tests.fakes.probe import new_store

NOW = dt.datetime(2025, 11, 26, 5, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
INTERVAL = dt.timedelta(minutes=5)
MAX_AGE = dt.timedelta(hours=2)


def reading(as_of: dt.datetime, fetched_at: dt.datetime | None = None) -> Reading:
    return Reading("f", "x", as_of, 1.0, fetched_at=fetched_at or as_of)


def health(failures: int, last_attempt: dt.datetime = NOW) -> FeedHealth:
    return FeedHealth(
        "f", last_attempt, NOW - 10 * MINUTE, "HTTP 500", last_attempt, failures
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no reading", "unavailable"),
        ("new, feed ok", "fresh"),
        ("new, last attempt failed", "stale"),
        ("stored by the failed attempt (partial)", "fresh"),
        ("fetched 11 minutes ago", "stale"),
        ("hourly source: measured 70 min ago, fetched now", "fresh"),
        ("measured more than max_age ago", "unavailable"),
        ("measured more than max_age ago, feed ok", "unavailable"),
        ("no health record yet", "fresh"),
    ],
)
def test_tile_state(case: str, expected: str) -> None:
    cases = {
        "no reading": (None, health(0)),
        "new, feed ok": (reading(NOW - MINUTE), health(0)),
        "new, last attempt failed": (reading(NOW - 2 * MINUTE), health(1)),
        "stored by the failed attempt (partial)": (
            reading(NOW - 60 * MINUTE, NOW),
            health(1),
        ),
        "fetched 11 minutes ago": (reading(NOW - 11 * MINUTE), health(0)),
        "hourly source: measured 70 min ago, fetched now": (
            reading(NOW - 70 * MINUTE, NOW),
            health(0),
        ),
        "measured more than max_age ago": (reading(NOW - 121 * MINUTE), health(3)),
        "measured more than max_age ago, feed ok": (
            reading(NOW - 121 * MINUTE, NOW),
            health(0),
        ),
        "no health record yet": (reading(NOW), None),
    }
    value, record = cases[case]
    assert tile_state(value, record, NOW, MAX_AGE, INTERVAL) == expected


def flaky(results: list[object]):
    """A fetch that returns or raises the given results in turn."""

    def fetch(config: object, now: dt.datetime) -> list[Reading]:
        result = results.pop(0)
        if isinstance(result, Exception):
            raise result
        return [Reading("", "x", now, float(result))]  # type: ignore[arg-type]

    return fetch


def test_one_log_line_down_and_one_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="data_feeds")
    store = new_store(tmp_path)
    config = DemoFeedConfig(type="demo")
    fetch = flaky(
        [
            1,
            FeedError("HTTP 500 from x"),
            FeedError("HTTP 502 from x"),
            FeedError("HTTP 503 from x"),
            2,
            3,
        ]
    )
    for minute in range(6):
        refresh_feed("f", config, store, NOW + minute * MINUTE, fetch=fetch)
    messages = [r.getMessage() for r in caplog.records if r.name == "data_feeds"]
    assert messages == [
        "feed f is down: HTTP 500 from x",
        "feed f recovered after 3 failed refreshes",
    ]
    assert caplog.records[0].levelno == logging.WARNING
    latest = store.latest("f", "x")
    assert latest is not None and latest.value == 3


def test_health_counts_failures_and_keeps_last_success(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    config = DemoFeedConfig(type="demo")
    fetch = flaky([7, FeedError("a"), FeedError("b")])
    for minute in range(3):
        refresh_feed("f", config, store, NOW + minute * MINUTE, fetch=fetch)
    record = store.feed_health("f")
    # the field the good refresh got is noted; the whole-feed failures after
    # it reached no field
    x = FieldHealth("x", NOW, NOW, None, None, 0)
    assert record == FeedHealth(
        "f", NOW + 2 * MINUTE, NOW, "b", NOW + 2 * MINUTE, 2, {"x": x}
    )
    assert store.health() == {"f": record}


def test_an_adapter_bug_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    outcome = refresh_feed(
        "f",
        DemoFeedConfig(type="demo"),
        store,
        NOW,
        fetch=flaky([ZeroDivisionError("boom")]),
    )
    assert not outcome.ok
    assert outcome.error == "unexpected ZeroDivisionError in the adapter"


def test_an_empty_answer_is_a_failure(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    outcome = refresh_feed(
        "f", DemoFeedConfig(type="demo"), store, NOW, fetch=lambda config, now: []
    )
    assert outcome.error == "the source returned no values"


def test_secret_is_redacted_even_if_an_adapter_leaks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DB_URL", "postgresql://kiosk:s3cr3t-pw@db/kiosk")
    store = new_store(tmp_path)
    config = SqlFeedConfig(type="sql", url_env="DB_URL", query="select 1")
    leak = FeedError("cannot use postgresql://kiosk:s3cr3t-pw@db/kiosk")
    outcome = refresh_feed("f", config, store, NOW, fetch=flaky([leak]))
    assert outcome.error == "cannot use ***"
    assert "s3cr3t" not in caplog.text
    assert "s3cr3t" not in str(store.feed_health("f"))


def test_feed_config_union_accepts_the_current_demo_feed() -> None:
    adapter = TypeAdapter(dict[str, FeedConfig])
    feeds = adapter.validate_python(
        {
            "demo": {
                "type": "demo",
                "interval_seconds": 60,
                "timeout_seconds": 5,
                "max_age_minutes": 120,
                "seed": 3,
            },
            "air": {"type": "airkorea", "station": "독곶리"},
            "weather": {"type": "kma"},
        }
    )
    assert isinstance(feeds["demo"], DemoFeedConfig) and feeds["demo"].seed == 3
    assert feeds["air"].key_env == "AIRKOREA_KEY"  # type: ignore[union-attr]
    assert feeds["weather"].interval == dt.timedelta(minutes=10)


@pytest.mark.parametrize(
    ("feed", "message"),
    [
        ({"type": "rss"}, "does not match any of the expected tags"),
        ({"type": "demo", "sede": 1}, "Extra inputs are not permitted"),
        (
            {"type": "csv", "path": "a.csv", "columns": {}, "timezone": "Seoul"},
            "unknown time zone 'Seoul'",
        ),
        (
            {"type": "sql", "url": "postgresql://u:pw@h/db", "query": "select 1"},
            "url_env",
        ),
        (
            {"type": "sql", "url": "sqlite:///x.db", "query": "delete from t"},
            "must be a SELECT",
        ),
        ({"type": "queue"}, "exactly one of path, url or url_env"),
    ],
)
def test_feed_config_problems(feed: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(FeedConfig).validate_python(feed)


def test_health_reads_before_create_return_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "missing.db")
    assert store.feed_health("f") is None
    assert store.health() == {}
