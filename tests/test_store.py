"""The Store: readings, samples for sparklines, deltas, retention, feed health,
briefings, screens and notes, and reads that fail quietly for the screen but
once in the log. Every test of the Store's behaviour runs on SQLite and on a
real PostgreSQL (tests/support/postgres.py), each with a new database."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk_app.config.loader import load_config
from kiosk_app.config.schema import StoreSettings
from kiosk_app.settings import Settings
from kiosk_app.store import (
    BadDatabaseUrl,
    ScreenBeat,
    Store,
    open_store,
    prepare_store,
)
from kiosk_app.store.backend import this_process
from kiosk_app.store.postgres import PostgresBackend
from kiosk_core.readings import Point, Reading, from_utc_text
from tests.conftest import copy_config
from tests.fakes.probe import new_store
from tests.support.server import REPO, free_port

NOW = dt.datetime(2025, 11, 26, 5, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty Store on each backend."""
    if request.param == "sqlite":
        yield new_store(tmp_path)
        return
    found = Store(PostgresBackend(request.getfixturevalue("postgres_url")))
    found.create()
    yield found
    found.close()


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
    """Every stored value of a field, oldest first (straight from the table:
    what retention kept, row by row)."""
    with store._connect() as conn:
        rows = conn.execute(
            "SELECT as_of, value FROM readings WHERE feed = ? AND field = ?"
            " ORDER BY as_of",
            (feed, field),
        ).fetchall()
    return [Point(from_utc_text(row["as_of"]), row["value"]) for row in rows]


def test_latest_and_repeated_as_of_replaces(store: Store) -> None:
    hourly(store, [30, 40])
    store.add_readings([Reading("demo", "pm10", NOW, 41, unit="㎍/㎥")], NOW + HOUR)
    latest = store.latest("demo", "pm10")
    assert latest is not None
    assert (latest.value, latest.as_of, latest.fetched_at) == (41, NOW, NOW + HOUR)
    assert store.latest("demo", "pm25") is None


def test_a_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    store = new_store(tmp_path)
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
    # which process refreshed each feed (one scheduler leads: tests/test_leader.py)
    assert store.attempts_by() == {"air": this_process(), "kma": this_process()}


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


def test_samples_give_the_value_in_force_at_evenly_spaced_moments(store: Store):
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


def test_reads_in_one_block_see_the_same_data(store: Store):
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
    with store._connect() as conn:
        conn.execute("DROP TABLE readings")
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    for _ in range(3):
        assert store.latest("air", "pm10") is None
        assert sorted(store.health()) == ["air"]  # succeeds, but had not failed
    errors = _errors(caplog)
    assert len(errors) == 1 and "readings" in errors[0] and "latest()" in errors[0]


def test_field_health_starts_failing_and_recovers(store: Store) -> None:
    changes = store.record_fields("air", NOW, ["pm10", "pm25"], {"o3": "no value"})
    assert (changes.started, changes.recovered) == (("o3",), {})
    changes = store.record_fields("air", NOW + HOUR, ["pm10"], {"o3": "no value"})
    assert (changes.started, changes.recovered) == ((), {})
    changes = store.record_fields("air", NOW + 2 * HOUR, ["pm10", "o3"], {})
    assert (changes.started, changes.recovered) == ((), {"o3": 2})
    store.record_success("air", NOW + 2 * HOUR)
    health = store.feed_health("air")
    assert health is not None and sorted(health.fields) == ["o3", "pm10", "pm25"]
    assert store.health()["air"].fields["o3"].ok


def test_briefings_by_day_and_language_replaced_and_pruned(store: Store) -> None:
    day = dt.date(2025, 11, 26)
    for n in range(3):
        for language in ("ko", "en"):
            record = {"day": str(day - dt.timedelta(days=n)), "lang": language}
            store.put_briefing(day - dt.timedelta(days=n), language, record, NOW)
    store.put_briefing(day, "ko", {"day": str(day), "lang": "ko", "again": 1}, NOW)
    assert store.briefing(day, "ko") == {"day": str(day), "lang": "ko", "again": 1}
    assert store.briefing(day, "vi") is None
    latest = store.latest_briefing("en")
    assert latest is not None and latest["day"] == str(day)
    assert [(r["day"][-2:], r["lang"]) for r in store.recent_briefings(limit=3)] == [
        ("26", "en"),
        ("26", "ko"),
        ("25", "en"),
    ]
    removed = store.prune_briefings(day - dt.timedelta(days=1))
    assert sorted(r["lang"] for r in removed) == ["en", "ko"]
    assert len(store.recent_briefings()) == 4


def test_screens_keep_a_few_instances_and_the_moment_of_an_error(
    store: Store,
) -> None:
    for n in range(10):
        store.put_screen(
            ScreenBeat("lobby", f"page-{n:02d}", js_heap_bytes=5_000_000_000 + n),
            NOW + n * dt.timedelta(seconds=30),
        )
    rows = store.screens()
    assert [r.beat.instance for r in rows][:2] == ["page-09", "page-08"]
    assert len(rows) == 8 and rows[0].beat.js_heap_bytes == 5_000_000_009
    later = NOW + HOUR
    store.put_screen(ScreenBeat("lobby", "page-09", error="boom"), later)
    store.put_screen(ScreenBeat("lobby", "page-09", error="boom"), later + HOUR)
    row = store.screens()[0]
    assert row.error_at == later and row.last_seen == later + HOUR
    store.put_screen(ScreenBeat("lobby", "page-09"), later + 2 * HOUR)
    assert store.screens()[0].error_at is None


def test_notes_keep_json_values(store: Store) -> None:
    store.set_meta("leader", {"host": "서버-1", "pid": 12})
    store.set_meta("leader", {"host": "서버-2", "pid": 13})
    assert store.get_meta("leader") == {"host": "서버-2", "pid": 13}
    assert store.get_meta("missing", "default") == "default"
    with store._connect() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", ("leader",))
        assert json.loads(row.fetchone()["value"])["host"] == "서버-2"


# ---- PostgreSQL: a database that is down, the password, choosing the backend


class Silent:
    """A TCP port that accepts connections and never answers (a database
    machine that hangs), counting the connections it is offered."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.sock.accept()[0])

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def test_a_database_that_hangs_answers_empty_after_one_connect_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    silent = Silent()
    url = f"postgresql://kiosk:pw@127.0.0.1:{silent.port}/kiosk?connect_timeout=2"
    store = Store(PostgresBackend(url))
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    try:
        # one screen refresh: every read answers empty, and only the first
        # waits for the connect timeout (the others are refused at once)
        with store.reading():
            assert store.latest("f", "x") is None
            assert store.health() == {}
            assert store.samples("f", "x", NOW - HOUR, NOW, 4) == []
            assert store.get_meta("beat", 7) == 7
            assert store.screens() == []
        for _ in range(5):
            assert store.latest("f", "x") is None
            assert not store.ping()
    finally:
        silent.close()
    assert len(silent.accepted) == 1
    errors = _errors(caplog)
    assert len(errors) == 1 and "timeout" in errors[0], errors


def test_the_password_never_reaches_the_log(
    postgres_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    password = urllib.parse.unquote(urllib.parse.urlsplit(postgres_url).password or "")
    assert len(password) > 8
    caplog.set_level(logging.DEBUG)
    good = Store(PostgresBackend(postgres_url))
    good.create()
    assert good.ping() and password not in good.name
    # a wrong password, and a server that is not there, with the password in
    # the URL: both are logged, by name, without it
    wrong = Store(PostgresBackend(postgres_url.replace(password, password[::-1])))
    assert wrong.latest("f", "x") is None
    port = urllib.parse.urlsplit(postgres_url).port
    gone = Store(PostgresBackend(postgres_url.replace(f":{port}/", f":{free_port()}/")))
    assert gone.latest("f", "x") is None
    assert not prepare_store(gone)
    good.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "password authentication failed" in logged
    assert "Connection refused" in logged or "connection refused" in logged
    assert wrong.name in logged and "kiosk_test@127.0.0.1" in wrong.name
    assert password not in logged and password[::-1] not in logged


def test_the_backend_follows_the_variable_config_names(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "config.yaml", tmp_path / "var")
    shipped = load_config(REPO / "config.yaml")
    config = shipped.model_copy(update={"store": StoreSettings(url_env="KIOSK_DB_URL")})
    without = shipped.model_copy(update={"store": StoreSettings()})
    url = "postgresql://kiosk:s3cret@db.example:5433/kiosk"
    assert open_store(settings, config, {}).path == tmp_path / "var" / "kiosk.db"
    assert open_store(settings, config, {"KIOSK_DB_URL": " "}).name.startswith("SQLite")
    chosen = open_store(settings, config, {"KIOSK_DB_URL": url})
    assert chosen.name == "postgresql://kiosk@db.example:5433/kiosk"
    # without store.url_env the variable is not looked at
    assert open_store(settings, without, {"KIOSK_DB_URL": url}).name.startswith(
        "SQLite"
    )
    for bad in ("mysql://kiosk:s3cret@db/kiosk", "host=db password=s3cret"):
        with pytest.raises(BadDatabaseUrl) as raised:
            open_store(settings, config, {"KIOSK_DB_URL": bad})
        assert "KIOSK_DB_URL" in str(raised.value)
        assert "s3cret" not in str(raised.value)


def test_check_warns_when_the_database_variable_is_unset_or_no_url(
    tmp_path: Path,
) -> None:
    config = copy_config(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_DB_URL"}
    for value, said in (
        (None, "KIOSK_DB_URL is not set here: the Store is the SQLite file"),
        ("mysql://kiosk:s3cret@db/kiosk", "KIOSK_DB_URL must be a postgresql://"),
        ("postgresql://kiosk:s3cret@db/kiosk", None),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "kiosk_app", "check", str(config)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "KIOSK_DB_URL": value} if value else env,
        )
        assert result.returncode == 0, result.stderr
        warned = [line for line in result.stdout.splitlines() if "store." in line]
        if said is None:
            assert warned == []
        else:
            assert said in warned[0] and warned[0].endswith("(warning)")
        assert "s3cret" not in result.stdout + result.stderr


def test_connections_the_database_ended_are_not_used_again(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(PostgresBackend(postgres_url))
    store.create()
    store.add_readings([Reading("f", "x", NOW, 1.5)], NOW)
    assert store.latest("f", "x") is not None  # a connection waits in the pool
    admin = Store(PostgresBackend(postgres_url))
    ended = rows_of(
        admin,
        "SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    assert ended and all(row["ended"] for row in ended)
    gone = {row["pid"] for row in ended}

    def still_there() -> set[int]:
        found = rows_of(admin, "SELECT pid FROM pg_stat_activity")
        return gone & {row["pid"] for row in found}

    deadline = dt.datetime.now() + dt.timedelta(seconds=30)
    while still_there():  # the server ends them a moment later
        assert dt.datetime.now() < deadline
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    latest = store.latest("f", "x")  # as after a database restart
    assert latest is not None and latest.value == 1.5
    assert _errors(caplog) == []
    store.close()
    admin.close()


def rows_of(store: Store, sql: str) -> list[dict]:
    with store._connect() as conn:
        return list(conn.execute(sql).fetchall())
