"""Feed health: how each feed's refreshes have gone (for badges and /status)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kiosk_core.readings import FeedHealth, from_utc_text, utc_text

from .connection import Database


def _optional_time(text: str | None) -> dt.datetime | None:
    return from_utc_text(text) if text else None


def _health(row: sqlite3.Row) -> FeedHealth:
    return FeedHealth(
        row["feed"],
        _optional_time(row["last_attempt"]),
        _optional_time(row["last_success"]),
        row["last_error"],
        _optional_time(row["last_error_at"]),
        row["consecutive_failures"],
    )


class HealthTable(Database):
    """One health record per feed: last attempt, success, error, failures in a row."""

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

    def feed_health(self, feed: str) -> FeedHealth | None:
        """The health record of one feed (None before its first refresh)."""
        row = self._read(
            "feed_health",
            lambda conn: conn.execute(
                "SELECT * FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone(),
            None,
        )
        return _health(row) if row else None

    def health(self) -> dict[str, FeedHealth]:
        """The health records of all feeds, by feed id."""
        rows: list[sqlite3.Row] = self._read(
            "health",
            lambda conn: conn.execute(
                "SELECT * FROM feed_health ORDER BY feed"
            ).fetchall(),
            [],
        )
        return {row["feed"]: _health(row) for row in rows}
