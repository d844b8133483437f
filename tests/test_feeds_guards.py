"""Readings no tile may show: dated in the future, or not a finite number."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data_feeds import FeedError, refresh_feed
from data_feeds.base import MAX_CLOCK_SKEW
from data_feeds.config import DemoFeedConfig, HttpJsonFeedConfig, SqlFeedConfig
from kiosk_core.readings import Reading
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 5, 25, tzinfo=dt.UTC)  # 14:25 in Seoul
MINUTE = dt.timedelta(minutes=1)


def answer(waiting: object, updated: dt.datetime) -> dict:
    """A platform answer: people waiting, free parking, measured at ``updated``."""
    local = updated.astimezone(KST).strftime("%Y-%m-%d %H:%M")
    return {"data": {"updated": local, "waiting": waiting, "parking": 41}}


@pytest.fixture
def probe(tmp_path: Path, server: FakeServer) -> Probe:
    config = HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + "/api/status",
            "fields": {
                "queue_waiting": {"path": "data.waiting", "unit": "명"},
                "parking_free": {"path": "data.parking", "unit": "면"},
            },
            "as_of_path": "data.updated",
            "timeout_seconds": 0.5,
            "interval_seconds": 60,
            "max_age_minutes": 30,
        }
    )
    return Probe(new_store(tmp_path), "platform", config, "queue_waiting")


def test_an_answer_dated_a_year_ahead_does_not_freeze_the_tile(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=answer(12, NOW - 5 * MINUTE))
    assert probe.refresh(NOW).ok

    bad_at = NOW + MINUTE
    server.set(json_body=answer(99, NOW + dt.timedelta(days=365)))
    probe.fails(bad_at, 1, "queue_waiting, parking_free dated 2026-11-26 05:25 UTC")

    later = NOW + 2 * MINUTE
    server.set(json_body=answer(7, later - MINUTE))
    assert probe.refresh(later).ok
    # the tile shows the current value, not the one dated next year
    assert probe.value() == 7
    assert probe.state(later) == "fresh"
    health = probe.health()
    assert health.ok and health.last_error_at == bad_at
    assert "in the future" in (health.last_error or "")


def test_a_source_clock_a_little_ahead_is_still_believed(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=answer(12, NOW + 2 * MINUTE))
    assert probe.refresh(NOW).ok
    assert probe.value() == 12 and probe.state(NOW) == "fresh"
    # past the skew (counted from the end of the fetch) it is refused
    ahead = NOW + probe.config.timeout + MAX_CLOCK_SKEW + 2 * MINUTE
    server.set(json_body=answer(30, ahead))
    probe.fails(NOW + MINUTE, 1, "in the future")
    assert probe.value() == 12


def test_one_field_dated_ahead_fails_the_refresh_and_the_others_are_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "platform.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE indicator (field TEXT, value REAL, as_of TEXT)")
        conn.execute(
            "INSERT INTO indicator VALUES ('population', 180173, '2025-11-26 00:00'),"
            " ('households', 84142, '2025-11-26 00:00')"
        )
    conn.close()
    config = SqlFeedConfig.model_validate(
        {
            "type": "sql",
            "url": f"sqlite:///{db}",
            "query": "SELECT field, value, as_of FROM indicator",
            "max_age_minutes": 2880,
        }
    )
    store = new_store(tmp_path)
    households = Probe(store, "stats", config, "households")
    population = Probe(store, "stats", config, "population")
    assert households.refresh(NOW).ok

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE indicator SET value = value + 1")
        conn.execute(
            "UPDATE indicator SET value = 1, as_of = '2026-01-01 00:00' "
            "WHERE field = 'households'"
        )
    conn.close()
    later = NOW + dt.timedelta(hours=1)
    outcome = households.refresh(later)
    assert not outcome.ok
    assert outcome.error == "households dated 2025-12-31 15:00 UTC, in the future"
    assert population.value() == 180174 and population.state(later) == "fresh"
    assert households.value() == 84142 and households.state(later) == "stale"


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (json.dumps(answer(float("inf"), NOW)), "inf"),  # JSON Infinity
        (json.dumps(answer(float("-inf"), NOW)), "-inf"),
        (json.dumps(answer(float("nan"), NOW)), "nan"),  # JSON NaN
        (json.dumps(answer("Infinity", NOW)), "Infinity"),
        (
            json.dumps(answer(0, NOW)).replace(
                '"waiting": 0', '"waiting": 1' + "0" * 400
            ),
            "1000000000",
        ),
    ],
    ids=["Infinity", "-Infinity", "NaN", "text Infinity", "400 digits"],
)
def test_a_non_finite_number_keeps_the_last_good_value(
    probe: Probe, server: FakeServer, body: str, shown: str
) -> None:
    server.set(json_body=answer(12, NOW - MINUTE))
    assert probe.refresh(NOW).ok
    server.set(body)
    probe.fails(NOW + MINUTE, 1, f"data.waiting is not a finite number ({shown}")
    assert probe.value() == 12


def from_adapter(readings: list[Reading], error: str = ""):
    """An adapter (any type) that returns ``readings``, or fails with them."""

    def fetch(config: object, now: dt.datetime) -> list[Reading]:
        if error:
            raise FeedError(error, readings)
        return readings

    return fetch


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_any_adapter_giving_a_non_finite_value_fails_that_field(
    tmp_path: Path, bad: float
) -> None:
    store = new_store(tmp_path)
    config = DemoFeedConfig(type="demo")
    good = Reading("", "population", NOW, 180173.0, unit="명")
    refresh_feed("demo", config, store, NOW, fetch=from_adapter([good]))
    waiting = Reading("", "queue_waiting", NOW + MINUTE, 12.0, unit="명")
    refresh_feed("demo", config, store, NOW, fetch=from_adapter([waiting]))

    later = NOW + 2 * MINUTE
    readings = [
        Reading("", "population", later, 180174.0, unit="명"),
        Reading("", "queue_waiting", later, bad, unit="명"),
    ]
    outcome = refresh_feed("demo", config, store, later, fetch=from_adapter(readings))
    assert not outcome.ok
    assert outcome.error == f"queue_waiting is not a finite number ({bad})"
    latest = store.latest("demo", "queue_waiting")
    assert latest is not None and latest.value == 12
    population = store.latest("demo", "population")
    assert population is not None and population.value == 180174


def test_the_central_check_adds_to_an_adapters_own_failure(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    readings = [
        Reading("", "pm10", NOW, 31.0),
        Reading("", "pm25", NOW + dt.timedelta(days=2), 12.0),
    ]
    outcome = refresh_feed(
        "air",
        DemoFeedConfig(type="demo"),
        store,
        NOW,
        fetch=from_adapter(readings, "o3Value has no value ('-')"),
    )
    assert outcome.error == (
        "o3Value has no value ('-'); pm25 dated 2025-11-28 05:25 UTC, in the future"
    )
    assert outcome.stored == 1
    assert store.latest("air", "pm25") is None
