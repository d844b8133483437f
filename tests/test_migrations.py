"""Schema versions: files of the first schemas upgrade in place, a current
database is only read, a database newer than the code is refused, and two
servers starting together on one PostgreSQL database migrate it once."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from kiosk_app.store import SchemaTooNew, ScreenBeat, Store
from kiosk_app.store.postgres import PostgresBackend
from kiosk_app.store.schema import SCHEMA_VERSION
from kiosk_core.readings import Reading
from tests.conftest import copy_config
from tests.support.server import REPO, kiosk_command

NOW = dt.datetime(2025, 11, 26, 5, 0, tzinfo=dt.UTC)

# the Store as the first release made it (schema 1): no field health, no
# screens, the version written once with INSERT OR IGNORE
SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS readings (
    feed TEXT NOT NULL,
    field TEXT NOT NULL,
    as_of TEXT NOT NULL,
    value REAL,
    text TEXT,
    unit TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (feed, field, as_of)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feed_health (
    feed TEXT PRIMARY KEY,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS briefings (
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (day, language)
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
INSERT INTO readings VALUES
    ('demo', 'pm10', '2025-11-26T04:00:00+00:00', 31.0, NULL, '㎍/㎥', 'demo',
     '2025-11-26T04:00:05+00:00');
INSERT INTO feed_health VALUES
    ('demo', '2025-11-26T04:00:05+00:00', '2025-11-26T04:00:05+00:00', NULL,
     NULL, 0);
INSERT INTO briefings VALUES
    ('2025-11-26', 'ko', '2025-11-26T04:00:05+00:00', '{"day": "2025-11-26"}');
"""


def schema_1_file(folder: Path) -> Path:
    path = folder / "kiosk.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA_1)
    conn.close()
    return path


def tables(store: Store) -> set[str]:
    with store._connect() as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row["name"] for row in rows}


def test_a_schema_1_file_upgrades_in_place_and_keeps_its_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(schema_1_file(tmp_path))
    assert store.get_meta("schema_version") == 1
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    assert store.create() == SCHEMA_VERSION == 4
    assert store.get_meta("schema_version") == 4
    assert {"field_health", "screens"} <= tables(store)
    # what it held is still there, and the new tables work
    latest = store.latest("demo", "pm10")
    assert latest is not None and latest.value == 31.0
    assert store.feed_health("demo") is not None
    assert store.briefing(dt.date(2025, 11, 26), "ko") == {"day": "2025-11-26"}
    store.record_fields("demo", NOW, ["pm10"], {"pm25": "no value"})
    store.put_screen(ScreenBeat("main-lobby", "page-1"), NOW)
    assert len(store.screens()) == 1
    said = [r.getMessage() for r in caplog.records]
    assert any(
        "schema 1 -> 4 (field health; screens' heartbeats; which scheduler made "
        "each feed's last refresh)" in m
        for m in said
    )
    # the next start finds nothing to do
    caplog.clear()
    assert store.create() == 4
    assert not any("schema" in r.getMessage() for r in caplog.records)


def test_a_current_database_is_only_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "kiosk.db")
    store.create()

    def no_writing():
        raise AssertionError("a current schema must not be written")

    # as on a read-only disk: a start that needs no migration writes nothing
    monkeypatch.setattr(store.backend, "migrating", no_writing)
    assert store.create() == SCHEMA_VERSION


def make_newer(store: Store) -> None:
    store.set_meta("schema_version", SCHEMA_VERSION + 1)


def test_a_newer_sqlite_file_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    store.create()
    store.add_readings([Reading("demo", "pm10", NOW, 1.0)], NOW)
    make_newer(store)
    with pytest.raises(SchemaTooNew) as refused:
        store.create()
    message = str(refused.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert f"newer than this kiosk knows ({SCHEMA_VERSION})" in message
    assert store.get_meta("schema_version") == SCHEMA_VERSION + 1  # untouched


def test_a_server_does_not_start_on_a_newer_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    store = Store.in_data_dir(data_dir)
    store.create()
    make_newer(store)
    config = copy_config(tmp_path)
    for command in ("web", "scheduler"):
        done = subprocess.run(
            kiosk_command(command, config, data_dir),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert "newer than this kiosk knows" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_newer_postgres_database_is_refused(postgres_url: str) -> None:
    store = Store(PostgresBackend(postgres_url))
    assert store.create() == SCHEMA_VERSION
    make_newer(store)
    with pytest.raises(SchemaTooNew, match="newer than this kiosk knows"):
        Store(PostgresBackend(postgres_url)).create()
    store.close()


def test_servers_starting_together_migrate_once(
    postgres_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk_app.store")
    stores = [Store(PostgresBackend(postgres_url)) for _ in range(4)]
    start = threading.Barrier(len(stores))
    versions: list[int] = []
    failures: list[BaseException] = []

    def open_one(store: Store) -> None:
        start.wait()
        try:
            versions.append(store.create())
        except BaseException as err:  # noqa: BLE001 - reported below
            failures.append(err)

    threads = [threading.Thread(target=open_one, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and versions == [SCHEMA_VERSION] * len(stores)
    migrated = [
        r for r in caplog.records if f"schema 0 -> {SCHEMA_VERSION}" in r.getMessage()
    ]
    assert len(migrated) == 1
    stores[0].add_readings([Reading("demo", "pm10", NOW, 2.0)], NOW)
    latest = stores[1].latest("demo", "pm10")
    assert latest is not None and latest.value == 2.0
    for store in stores:
        store.close()
