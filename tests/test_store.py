"""The Store: readings, samples for sparklines, deltas, retention, feed health,
and reads that fail quietly for the screen but once in the log."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk_app.store import Store
from kiosk_core.readings import Point, Reading, from_utc_text
from tests.fakes.probe import new_store

NOW = dt.datetime(2025, 11, 26, 5, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return new_store(tmp_path)


def hourly(store: Store, values: list[float], end: dt.datetime = NOW) -> None:
    """Store one reading per hour, the last one at ``end``."""
    start = end - (len(values) - 1) * HOUR
    store.add_readings(
        [
            Reading("demo", "pm10", start + i * HOUR, v, unit="㎍/㎥")
            for i, v in enumerate(values)
        ],
        fetched_at=end,
    )


def stored(store: Store, feed: str, field: str) -> list[Point]:
    """Every stored value of a field, oldest first (straight from the file: what
    retention kept, row by row)."""
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute(
            "SELECT as_of, value FROM readings WHERE feed = ? AND field = ?"
            " ORDER BY as_of",
            (feed, field),
        ).fetchall()
    conn.close()
    return [Point(from_utc_text(as_of), value) for as_of, value in rows]


def test_latest_and_repeated_as_of_replaces(store: Store) -> None:
    hourly(store, [30, 40])
    store.add_readings([Reading("demo", "pm10", NOW, 41, unit="㎍/㎥")], NOW + HOUR)
    latest = store.latest("demo", "pm10")
    assert latest is not None
    assert (latest.value, latest.as_of, latest.fetched_at) == (41, NOW, NOW + HOUR)
    assert store.latest("demo", "pm25") is None


def test_store_is_in_wal_mode(store: Store) -> None:
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_samples_return_what_was_written(store: Store) -> None:
    values = [float(v) for v in range(10, 34)]
    hourly(store, values)
    points = store.samples("demo", "pm10", NOW - 23 * HOUR, NOW, 24)
    assert [p.value for p in points] == values
    assert points[0].as_of == NOW - 23 * HOUR and points[-1].as_of == NOW
    recent = store.samples("demo", "pm10", NOW - 2 * HOUR, NOW, 3)
    assert [p.value for p in recent] == [31, 32, 33]


def test_samples_skip_text_only_readings(store: Store) -> None:
    store.add_readings([Reading("demo", "bus_1_minutes", NOW, None, "운행 종료")], NOW)
    assert store.samples("demo", "bus_1_minutes", NOW - HOUR, NOW, 2) == []


def test_day_and_week_over_week_change(store: Store) -> None:
    values = [100.0 + i for i in range(8 * 24 + 1)]  # +1 per hour for 8 days
    hourly(store, values)
    day = store.change_since("demo", "pm10", dt.timedelta(days=1))
    assert day is not None
    assert (day.latest.value, day.earlier.value, day.difference) == (
        values[-1],
        values[-25],
        24,
    )
    assert day.earlier.as_of == NOW - dt.timedelta(days=1)
    assert day.percent == pytest.approx(100 * 24 / values[-25])
    week = store.change_since("demo", "pm10", dt.timedelta(days=7))
    assert week is not None and week.difference == 7 * 24


def test_change_needs_a_reading_near_the_earlier_moment(store: Store) -> None:
    hourly(store, [5.0, 6.0])  # only one hour of history
    assert store.change_since("demo", "pm10", dt.timedelta(days=1)) is None
    store.add_readings([Reading("demo", "pm10", NOW - dt.timedelta(days=3), 1)], NOW)
    # a reading three days back is no day-over-day baseline
    assert store.change_since("demo", "pm10", dt.timedelta(days=1)) is None
    assert store.change_since("demo", "nothing", dt.timedelta(days=1)) is None


def test_retention_removes_old_rows_only(store: Store) -> None:
    hourly(store, [float(v) for v in range(72)])
    removed = store.prune_readings(NOW - dt.timedelta(days=1))
    assert removed == 72 - 25
    points = stored(store, "demo", "pm10")
    assert len(points) == 25 and points[0].as_of == NOW - dt.timedelta(days=1)
    latest = store.latest("demo", "pm10")
    assert latest is not None and latest.value == 71


def test_health_success_failure_and_recovery(store: Store) -> None:
    assert store.feed_health("air") is None
    assert store.record_failure("air", NOW, "HTTP 500") == 1
    assert store.record_failure("air", NOW + HOUR, "timeout") == 2
    health = store.feed_health("air")
    assert health is not None and not health.ok
    assert (health.last_error, health.last_success, health.last_attempt) == (
        "timeout",
        None,
        NOW + HOUR,
    )
    assert store.record_success("air", NOW + 2 * HOUR) == 2
    assert store.record_success("air", NOW + 3 * HOUR) == 0
    store.record_success("kma", NOW)
    everything = store.health()
    assert sorted(everything) == ["air", "kma"]
    air = everything["air"]
    assert air.ok and air.last_success == NOW + 3 * HOUR
    assert air.last_error == "timeout"  # the last error stays for the status page


def test_feed_text_is_stored_verbatim(store: Store) -> None:
    text = "<img src=x onerror=alert(1)> 민원실 '휴무' & \"점검\""
    store.add_readings([Reading("demo", "notice", NOW, None, text)], NOW)
    latest = store.latest("demo", "notice")
    assert latest is not None and latest.text == text


def test_thinning_keeps_the_last_reading_of_each_old_hour(store: Store) -> None:
    start = NOW - 3 * HOUR
    store.add_readings(
        [
            Reading("demo", "queue_waiting", start + i * dt.timedelta(minutes=1), i)
            for i in range(180)
        ],
        fetched_at=NOW,
    )
    removed = store.prune_readings(NOW - 10 * HOUR, thin_before=NOW - HOUR)
    assert removed == 2 * 59
    points = stored(store, "demo", "queue_waiting")
    assert [p.value for p in points[:3]] == [59, 119, 120]
    assert len(points) == 2 + 60


def test_samples_give_the_value_in_force_at_evenly_spaced_moments(tmp_path):
    store = Store(tmp_path / "kiosk.db")
    store.create()
    start = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    store.add_readings(
        [Reading("f", "x", start + dt.timedelta(minutes=m), m) for m in range(61)],
        start,
    )
    points = store.samples("f", "x", start, start + dt.timedelta(hours=1), 7)
    assert [p.value for p in points] == [0, 10, 20, 30, 40, 50, 60]
    # moments before the first reading are left out, not invented
    early = store.samples(
        "f", "x", start - dt.timedelta(hours=1), start + dt.timedelta(hours=1), 5
    )
    assert [p.value for p in early] == [0, 30, 60]


def test_reads_in_one_block_see_the_same_data(tmp_path):
    store = Store(tmp_path / "kiosk.db")
    store.create()
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    store.add_readings([Reading("f", "x", now, 1.5)], now)
    with store.reading():
        inside = (store.latest("f", "x"), store.health(), store.get_meta("missing", 7))
    assert inside[0].value == 1.5 and inside[1] == {} and inside[2] == 7
    assert store.latest("f", "x").value == 1.5


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_broken_file_is_logged_once_until_a_read_succeeds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = new_store(tmp_path / "good")
    good.add_readings([Reading("f", "x", NOW, 1.5)], NOW)
    path = tmp_path / "kiosk.db"
    path.write_bytes(b"this is no database " * 100)
    store = Store(path)
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    # the screen still gets its empty answers, poll after poll
    for _ in range(3):
        assert store.latest("f", "x") is None
        assert store.health() == {}
        assert store.samples("f", "x", NOW - HOUR, NOW, 4) == []
        assert store.get_meta("beat", 7) == 7
        assert not store.ping()
    errors = _errors(caplog)
    assert len(errors) == 1
    assert "file is not a database" in errors[0] and "latest()" in errors[0]

    shutil.copy(good.path, path)  # repaired: a read succeeds, and says so
    reading = store.latest("f", "x")
    assert reading is not None and reading.value == 1.5
    assert any("reads again" in r.getMessage() for r in caplog.records)
    assert len(_errors(caplog)) == 1

    path.write_bytes(b"this is no database " * 100)  # broken again: logged again
    for _ in range(3):
        assert store.latest("f", "x") is None
    assert len(_errors(caplog)) == 2


def test_one_unreadable_table_is_logged_once_while_others_read(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.record_success("air", NOW)
    with sqlite3.connect(store.path) as conn:
        conn.execute("DROP TABLE readings")
    conn.close()
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    for _ in range(3):
        assert store.latest("air", "pm10") is None
        assert sorted(store.health()) == ["air"]  # succeeds, but had not failed
    errors = _errors(caplog)
    assert len(errors) == 1 and "no such table: readings" in errors[0]
