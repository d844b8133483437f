"""SQL adapter on a real SQLite database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data_feeds.config import SqlFeedConfig
from tests.fakes.probe import Probe, new_store

KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
STEP = dt.timedelta(minutes=5)


def run(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "platform.db"
    run(
        path,
        "CREATE TABLE indicator (field TEXT, value TEXT, as_of TEXT)",
        "INSERT INTO indicator VALUES ('population', '180173', '2025-11-26 00:00'),"
        " ('households', '84142', '2025-11-26 00:00')",
    )
    return path


def rows_probe(tmp_path: Path, db: Path) -> Probe:
    config = SqlFeedConfig.model_validate(
        {
            "type": "sql",
            "url": f"sqlite:///{db}",
            "max_age_minutes": 2880,
            "interval_seconds": 3600,
            "required": ["population", "households"],
            "query": "SELECT field, value, as_of FROM indicator",
            "units": {"population": "명", "households": "세대"},
        }
    )
    return Probe(new_store(tmp_path), "platform", config, "population")


def test_rows_of_field_and_value(tmp_path: Path, db: Path) -> None:
    probe = rows_probe(tmp_path, db)
    assert probe.refresh(NOW).ok
    latest = probe.store.latest("platform", "population")
    assert latest is not None and (latest.value, latest.unit) == (180173, "명")
    assert latest.as_of == dt.datetime(2025, 11, 26, 0, 0, tzinfo=KST)
    assert probe.state(NOW) == "fresh"


def test_one_row_of_columns(tmp_path: Path, db: Path) -> None:
    config = SqlFeedConfig.model_validate(
        {
            "type": "sql",
            "url": f"sqlite:///{db}",
            "shape": "columns",
            "query": "SELECT 12 AS queue_waiting, 361 AS applications_today, "
            "'2025-11-26 14:20' AS as_of",
        }
    )
    probe = Probe(new_store(tmp_path), "hall", config, "queue_waiting")
    assert probe.refresh(NOW).ok
    assert probe.value() == 12
    latest = probe.store.latest("hall", "applications_today")
    assert latest is not None and latest.as_of.astimezone(KST).hour == 14


def test_failures_then_unavailable_then_recovery(tmp_path: Path, db: Path) -> None:
    probe = rows_probe(tmp_path, db)
    assert probe.refresh(NOW).ok
    run(db, "UPDATE indicator SET value = '-' WHERE field = 'population'")
    probe.fails(NOW + STEP, 1, "population has no value ('-')")
    run(db, "UPDATE indicator SET value = NULL WHERE field = 'population'")
    probe.fails(NOW + 2 * STEP, 2, "population has no value (missing)")
    run(db, "DELETE FROM indicator WHERE field = 'population'")
    probe.fails(NOW + 3 * STEP, 3, "the query returned no population")
    run(db, "ALTER TABLE indicator RENAME TO indicators")
    probe.fails(NOW + 4 * STEP, 4, "the query failed: no such table: indicator")
    run(
        db,
        "ALTER TABLE indicators RENAME TO indicator",
        "ALTER TABLE indicator RENAME COLUMN value TO val",
    )
    probe.fails(NOW + 5 * STEP, 5, "the query failed: no such column: value")
    assert probe.value() == 180173
    later = NOW + dt.timedelta(days=2)
    assert probe.state(later) == "unavailable"
    run(
        db,
        "ALTER TABLE indicator RENAME COLUMN val TO value",
        "INSERT INTO indicator VALUES ('population', '181200', '2025-11-28 00:00')",
    )
    assert probe.refresh(later).ok
    assert probe.value() == 181200 and probe.state(later) == "fresh"


def test_url_from_environment_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLATFORM_DB_URL", raising=False)
    config = SqlFeedConfig(type="sql", url_env="PLATFORM_DB_URL", query="SELECT 1")
    probe = Probe(new_store(tmp_path), "p", config, "x")
    assert probe.refresh(NOW).error == "environment variable PLATFORM_DB_URL is not set"
