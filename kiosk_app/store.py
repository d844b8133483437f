"""The Store: the one thing the web and scheduler processes share.

A SQLite file (WAL mode, so readers never wait for the writer) under the data
directory. The scheduler writes readings, feed health and briefings; the web
process only reads. Every call opens its own short-lived connection, so the
Store holds no state that could be shared across requests or threads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_SCHEMA = """
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
"""


def utc_text(moment: dt.datetime) -> str:
    """A timezone-aware datetime as sortable ISO text in UTC."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def from_utc_text(text: str) -> dt.datetime:
    """Inverse of utc_text."""
    return dt.datetime.fromisoformat(text)


@dataclass(frozen=True)
class Reading:
    """One measured value of one field of a feed."""

    feed: str
    field: str
    as_of: dt.datetime
    value: float | None
    text: str | None = None
    unit: str = ""
    source: str = ""


class Store:
    """Readings, feed health and briefings in one SQLite file."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Store:
        """The Store kept in a data directory (``kiosk.db``)."""
        return cls(data_dir / "kiosk.db")

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=5.0)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 5000")
            with conn:
                yield conn
        finally:
            conn.close()

    def create(self) -> None:
        """Create the file and schema if missing (idempotent)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def ping(self) -> bool:
        """True when the Store can be read."""
        if not self.path.exists():
            return False
        try:
            with self._connect() as conn:
                conn.execute("SELECT value FROM meta LIMIT 1").fetchall()
            return True
        except sqlite3.Error:
            return False

    def set_meta(self, key: str, value: Any) -> None:
        """Remember a small JSON-serialisable value under ``key``."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A value stored with set_meta (``default`` when absent or unreadable)."""
        try:
            with self._connect() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return default
        return json.loads(row["value"]) if row else default

    def add_readings(self, readings: Iterable[Reading], fetched_at: dt.datetime) -> int:
        """Store readings (a repeated as_of replaces the earlier value)."""
        rows = [
            (r.feed, r.field, utc_text(r.as_of), r.value, r.text, r.unit, r.source,
             utc_text(fetched_at))
            for r in readings
        ]
        with self._connect() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO readings "
                "(feed, field, as_of, value, text, unit, source, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    @staticmethod
    def _reading(row: sqlite3.Row) -> Reading:
        return Reading(row["feed"], row["field"], from_utc_text(row["as_of"]),
                       row["value"], row["text"], row["unit"], row["source"])

    def latest(self, feed: str, field: str) -> Reading | None:
        """The newest reading of a field, or None."""
        try:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT * FROM readings WHERE feed = ? AND field = ? "
                    "ORDER BY as_of DESC LIMIT 1",
                    (feed, field),
                ).fetchone()
        except sqlite3.Error:
            return None
        return self._reading(row) if row else None
