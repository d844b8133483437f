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
import logging
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kiosk_core.readings import (
    Change,
    FeedHealth,
    Point,
    Reading,
    from_utc_text,
    utc_text,
)

SCHEMA_VERSION = 1
log = logging.getLogger(__name__)

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


def prepare_store(store: Store) -> bool:
    """Create the Store if it can be; a full or read-only data directory is
    reported, not fatal: the screen still shows what the Store holds."""
    try:
        store.create()
    except (sqlite3.Error, OSError) as err:
        log.error("cannot prepare the Store (%s); carrying on with what it holds", err)
        return False
    return True


def _optional_time(text: str | None) -> dt.datetime | None:
    return from_utc_text(text) if text else None


class Store:
    """Readings, feed health and briefings in one SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        # set only inside ``reading()``, and only for the thread that entered it
        self._batch = threading.local()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Store:
        """The Store kept in a data directory (``kiosk.db``)."""
        return cls(data_dir / "kiosk.db")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            if not self.path.is_file():
                raise
            return self._open_unchanging()
        return conn

    def _open_unchanging(self) -> sqlite3.Connection:
        """Read the file as it is when its directory cannot be written (a WAL
        reader needs to write its index, which a full or read-only disk
        refuses): the screen keeps the values it has."""
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}?immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        shared = getattr(self._batch, "conn", None)
        if shared is not None:
            yield shared
            return
        conn = self._open()
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Serve every read in the block from one connection (one screen refresh)."""
        if getattr(self._batch, "conn", None) is not None:
            yield
            return
        try:
            conn = self._open()
        except sqlite3.Error:
            yield  # each read says for itself that nothing could be read
            return
        self._batch.conn = conn
        try:
            yield
        finally:
            self._batch.conn = None
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
                row = conn.execute(
                    "SELECT value FROM meta WHERE key = ?", (key,)
                ).fetchone()
        except sqlite3.Error:
            return default
        return json.loads(row["value"]) if row else default

    def add_readings(self, readings: Iterable[Reading], fetched_at: dt.datetime) -> int:
        """Store readings (a repeated as_of replaces the earlier value)."""
        rows = [
            (
                r.feed,
                r.field,
                utc_text(r.as_of),
                r.value,
                r.text,
                r.unit,
                r.source,
                utc_text(fetched_at),
            )
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
        return Reading(
            row["feed"],
            row["field"],
            from_utc_text(row["as_of"]),
            row["value"],
            row["text"],
            row["unit"],
            row["source"],
            from_utc_text(row["fetched_at"]),
        )

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

    def value_at(self, feed: str, field: str, moment: dt.datetime) -> Reading | None:
        """The newest reading of a field measured at or before ``moment``."""
        try:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT * FROM readings WHERE feed = ? AND field = ? "
                    "AND as_of <= ? ORDER BY as_of DESC LIMIT 1",
                    (feed, field, utc_text(moment)),
                ).fetchone()
        except sqlite3.Error:
            return None
        return self._reading(row) if row else None

    def history(
        self,
        feed: str,
        field: str,
        since: dt.datetime,
        until: dt.datetime | None = None,
        max_points: int = 96,
    ) -> list[Point]:
        """Numeric values since ``since``, oldest first, averaged into at most
        ``max_points`` equal time buckets (each point at its bucket's newest time)."""
        end = until or dt.datetime.now(dt.UTC)
        span = max((end - since).total_seconds(), 1.0)
        bucket_seconds = span / max(max_points, 1)
        try:
            with self._connect() as conn:
                rows = conn.execute(
                    "SELECT MAX(as_of) AS as_of, AVG(value) AS value FROM readings "
                    "WHERE feed = ? AND field = ? AND as_of >= ? AND as_of <= ? "
                    "AND value IS NOT NULL "
                    "GROUP BY MIN(CAST((CAST(strftime('%s', as_of) AS INTEGER) "
                    "- CAST(strftime('%s', ?) AS INTEGER)) / ? AS INTEGER), ?) "
                    "ORDER BY 1",
                    (
                        feed,
                        field,
                        utc_text(since),
                        utc_text(end),
                        utc_text(since),
                        bucket_seconds,
                        max_points - 1,
                    ),
                ).fetchall()
        except sqlite3.Error:
            return []
        return [Point(from_utc_text(r["as_of"]), r["value"]) for r in rows]

    def samples(
        self, feed: str, field: str, since: dt.datetime, until: dt.datetime, points: int
    ) -> list[Point]:
        """The value in force at ``points`` evenly spaced moments up to ``until``
        (a cheap, index-only series for sparklines; moments before any reading
        are left out)."""
        step = (until - since) / max(points - 1, 1)
        found: list[Point] = []
        try:
            with self._connect() as conn:
                for index in range(points):
                    row = conn.execute(
                        "SELECT as_of, value FROM readings WHERE feed = ? AND field = ?"
                        " AND as_of <= ? AND value IS NOT NULL"
                        " ORDER BY as_of DESC LIMIT 1",
                        (feed, field, utc_text(since + step * index)),
                    ).fetchone()
                    if row is not None and row["as_of"] >= utc_text(since):
                        found.append(Point(from_utc_text(row["as_of"]), row["value"]))
        except sqlite3.Error:
            return []
        return found

    def change_since(
        self,
        feed: str,
        field: str,
        delta: dt.timedelta,
        tolerance: dt.timedelta | None = None,
    ) -> Change | None:
        """The newest value against the value ``delta`` before it (day-over-day:
        ``delta=timedelta(days=1)``); None without a reading within ``tolerance``
        (default delta/12) before that moment."""
        latest = self.latest(feed, field)
        if latest is None or latest.value is None:
            return None
        target = latest.as_of - delta
        earlier = self.value_at(feed, field, target)
        if earlier is None or earlier.value is None:
            return None
        if target - earlier.as_of > (tolerance or delta / 12):
            return None
        return Change(latest, earlier, latest.value - earlier.value)

    def prune_readings(
        self,
        before: dt.datetime,
        thin_before: dt.datetime | None = None,
        after: dt.datetime | None = None,
    ) -> int:
        """Delete readings measured before ``before`` (retention), dated after
        ``after`` (a source's clock far ahead, stored before feeds refused such
        readings: the newest reading is what a tile shows) and, before
        ``thin_before``, all but the last reading of each hour; returns the count."""
        with self._connect() as conn:
            removed = conn.execute(
                "DELETE FROM readings WHERE as_of < ?", (utc_text(before),)
            ).rowcount
            if after is not None:
                removed += conn.execute(
                    "DELETE FROM readings WHERE as_of > ?", (utc_text(after),)
                ).rowcount
            if thin_before is not None:
                # as_of is UTC text: its first 13 characters name the hour, and
                # "<hour>:60" sorts after every time in that hour
                removed += conn.execute(
                    "DELETE FROM readings WHERE as_of < ? AND EXISTS ("
                    "SELECT 1 FROM readings AS later WHERE later.feed = readings.feed"
                    " AND later.field = readings.field"
                    " AND later.as_of > readings.as_of"
                    " AND later.as_of < substr(readings.as_of, 1, 13) || ':60')",
                    (utc_text(thin_before),),
                ).rowcount
        return removed

    def record_success(self, feed: str, at: dt.datetime) -> int:
        """Note a successful refresh; returns the failures it ends (0 if none)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT consecutive_failures FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone()
            conn.execute(
                "INSERT INTO feed_health (feed, last_attempt, last_success, "
                "consecutive_failures) VALUES (?, ?, ?, 0) "
                "ON CONFLICT(feed) DO UPDATE SET last_attempt = excluded.last_attempt, "
                "last_success = excluded.last_success, consecutive_failures = 0",
                (feed, utc_text(at), utc_text(at)),
            )
        return row["consecutive_failures"] if row else 0

    def record_failure(self, feed: str, at: dt.datetime, error: str) -> int:
        """Note a failed refresh (``error`` must hold no secret); returns the
        number of failures in a row, this one included."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO feed_health (feed, last_attempt, last_error, "
                "last_error_at, consecutive_failures) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT(feed) DO UPDATE SET last_attempt = excluded.last_attempt, "
                "last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at, "
                "consecutive_failures = consecutive_failures + 1",
                (feed, utc_text(at), error, utc_text(at)),
            )
            row = conn.execute(
                "SELECT consecutive_failures FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone()
        return row["consecutive_failures"]

    @staticmethod
    def _health(row: sqlite3.Row) -> FeedHealth:
        return FeedHealth(
            row["feed"],
            _optional_time(row["last_attempt"]),
            _optional_time(row["last_success"]),
            row["last_error"],
            _optional_time(row["last_error_at"]),
            row["consecutive_failures"],
        )

    def feed_health(self, feed: str) -> FeedHealth | None:
        """The health record of one feed (None before its first refresh)."""
        try:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT * FROM feed_health WHERE feed = ?", (feed,)
                ).fetchone()
        except sqlite3.Error:
            return None
        return self._health(row) if row else None

    def health(self) -> dict[str, FeedHealth]:
        """The health records of all feeds, by feed id."""
        try:
            with self._connect() as conn:
                rows = conn.execute(
                    "SELECT * FROM feed_health ORDER BY feed"
                ).fetchall()
        except sqlite3.Error:
            return {}
        return {row["feed"]: self._health(row) for row in rows}

    def has_readings(self, feed: str) -> bool:
        """True when any reading of ``feed`` is stored."""
        try:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT 1 FROM readings WHERE feed = ? LIMIT 1", (feed,)
                ).fetchone()
        except sqlite3.Error:
            return False
        return row is not None

    # --- briefings (written by the scheduler, read by the web process) ---------

    def put_briefing(
        self,
        day: dt.date,
        language: str,
        record: dict[str, Any],
        created_at: dt.datetime,
    ) -> None:
        """Store the briefing of a day and language (replacing an earlier one)."""
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO briefings (day, language, created_at, record) "
                "VALUES (?, ?, ?, ?)",
                (
                    day.isoformat(),
                    language,
                    utc_text(created_at),
                    json.dumps(record, ensure_ascii=False),
                ),
            )

    def briefing(self, day: dt.date, language: str) -> dict[str, Any] | None:
        """The briefing record of a day and language, or None."""
        try:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT record FROM briefings WHERE day = ? AND language = ?",
                    (day.isoformat(), language),
                ).fetchone()
        except sqlite3.Error:
            return None
        return json.loads(row["record"]) if row else None

    def latest_briefing(self, language: str) -> dict[str, Any] | None:
        """The newest briefing record in a language, or None."""
        found = self.recent_briefings(language, limit=1)
        return found[0] if found else None

    def recent_briefings(
        self, language: str | None = None, limit: int = 14
    ) -> list[dict[str, Any]]:
        """Briefing records, newest day first (one language, or all)."""
        query = "SELECT record FROM briefings"
        args: tuple[Any, ...] = ()
        if language is not None:
            query += " WHERE language = ?"
            args = (language,)
        query += " ORDER BY day DESC, language LIMIT ?"
        try:
            with self._connect() as conn:
                rows = conn.execute(query, (*args, limit)).fetchall()
        except sqlite3.Error:
            return []
        return [json.loads(row["record"]) for row in rows]

    def prune_briefings(self, before: dt.date) -> list[dict[str, Any]]:
        """Delete briefings of days before ``before``; returns their records."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT record FROM briefings WHERE day < ?", (before.isoformat(),)
            ).fetchall()
            conn.execute("DELETE FROM briefings WHERE day < ?", (before.isoformat(),))
        return [json.loads(row["record"]) for row in rows]
