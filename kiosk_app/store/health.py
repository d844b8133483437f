"""Feed health: how each feed's refreshes have gone, and each of its fields
(for badges and /status)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from kiosk_core.readings import (
    FeedHealth,
    FieldChanges,
    FieldHealth,
    from_utc_text,
    utc_text,
)

from .backend import Row, this_process
from .connection import Database


def _optional_time(text: str | None) -> dt.datetime | None:
    return from_utc_text(text) if text else None


def _health(row: Row) -> FeedHealth:
    return FeedHealth(
        row["feed"],
        _optional_time(row["last_attempt"]),
        _optional_time(row["last_success"]),
        row["last_error"],
        _optional_time(row["last_error_at"]),
        row["consecutive_failures"],
    )


def _field_health(row: Row) -> FieldHealth:
    return FieldHealth(
        row["field"],
        _optional_time(row["last_attempt"]),
        _optional_time(row["last_success"]),
        row["last_error"],
        _optional_time(row["last_error_at"]),
        row["consecutive_failures"],
    )


class HealthTable(Database):
    """One health record per feed: last attempt, success, error, failures in a
    row, and which process made the attempt."""

    def record_success(self, feed: str, at: dt.datetime) -> int:
        """Note a successful refresh; returns the failures it ends (0 if none)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT consecutive_failures FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone()
            conn.execute(
                "INSERT INTO feed_health (feed, last_attempt, last_success, "
                "consecutive_failures, attempt_by) VALUES (?, ?, ?, 0, ?) "
                "ON CONFLICT(feed) DO UPDATE SET last_attempt = excluded.last_attempt, "
                "last_success = excluded.last_success, consecutive_failures = 0, "
                "attempt_by = excluded.attempt_by",
                (feed, utc_text(at), utc_text(at), this_process()),
            )
        return row["consecutive_failures"] if row else 0

    def record_failure(self, feed: str, at: dt.datetime, error: str) -> int:
        """Note a failed refresh (``error`` must hold no secret); returns the
        number of failures in a row, this one included."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO feed_health (feed, last_attempt, last_error, "
                "last_error_at, consecutive_failures, attempt_by) "
                "VALUES (?, ?, ?, ?, 1, ?) "
                "ON CONFLICT(feed) DO UPDATE SET last_attempt = excluded.last_attempt, "
                "last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at, "
                "consecutive_failures = feed_health.consecutive_failures + 1, "
                "attempt_by = excluded.attempt_by",
                (feed, utc_text(at), error, utc_text(at), this_process()),
            )
            row = conn.execute(
                "SELECT consecutive_failures FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone()
        return row["consecutive_failures"]

    def record_fields(
        self,
        feed: str,
        at: dt.datetime,
        ok: Iterable[str],
        failed: Mapping[str, str],
    ) -> FieldChanges:
        """Note the fields a refresh got (``ok``) and those it could not, with
        why (``failed``, holding no secret); returns the fields that started
        failing and those that recovered."""
        when = utc_text(at)
        good = sorted(set(ok) - set(failed))
        with self._connect() as conn:
            before = {
                row["field"]: row["consecutive_failures"]
                for row in conn.execute(
                    "SELECT field, consecutive_failures FROM field_health "
                    "WHERE feed = ?",
                    (feed,),
                )
            }
            conn.executemany(
                "INSERT INTO field_health (feed, field, last_attempt, last_success, "
                "consecutive_failures) VALUES (?, ?, ?, ?, 0) "
                "ON CONFLICT(feed, field) DO UPDATE SET "
                "last_attempt = excluded.last_attempt, "
                "last_success = excluded.last_success, consecutive_failures = 0",
                [(feed, field, when, when) for field in good],
            )
            conn.executemany(
                "INSERT INTO field_health (feed, field, last_attempt, last_error, "
                "last_error_at, consecutive_failures) VALUES (?, ?, ?, ?, ?, 1) "
                "ON CONFLICT(feed, field) DO UPDATE SET "
                "last_attempt = excluded.last_attempt, "
                "last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at, "
                "consecutive_failures = field_health.consecutive_failures + 1",
                [(feed, field, when, error, when) for field, error in failed.items()],
            )
        return FieldChanges(
            started=tuple(f for f in failed if not before.get(f)),
            recovered={f: before[f] for f in good if before.get(f)},
        )

    def _fields(self, feed: str | None = None) -> dict[str, dict[str, FieldHealth]]:
        """Field health by feed and field (read on its own: a file from before
        fields were tracked still gives each feed's health)."""
        query = "SELECT * FROM field_health ORDER BY feed, field"
        args: tuple[str, ...] = ()
        if feed is not None:
            query, args = (
                "SELECT * FROM field_health WHERE feed = ? ORDER BY field",
                (feed,),
            )
        rows: list[Row] = self._read(
            "field_health", lambda conn: conn.execute(query, args).fetchall(), []
        )
        fields: dict[str, dict[str, FieldHealth]] = {}
        for row in rows:
            fields.setdefault(row["feed"], {})[row["field"]] = _field_health(row)
        return fields

    def feed_health(self, feed: str) -> FeedHealth | None:
        """The health record of one feed (None before its first refresh)."""
        row = self._read(
            "feed_health",
            lambda conn: conn.execute(
                "SELECT * FROM feed_health WHERE feed = ?", (feed,)
            ).fetchone(),
            None,
        )
        if not row:
            return None
        return dataclasses.replace(
            _health(row), fields=self._fields(feed).get(feed, {})
        )

    def attempts_by(self) -> dict[str, str]:
        """Which process made each feed's last refresh ("host:pid", as
        ``this_process``; with several schedulers, only the leader's)."""
        rows: list[Row] = self._read(
            "attempts_by",
            lambda conn: conn.execute(
                "SELECT feed, attempt_by FROM feed_health WHERE attempt_by IS NOT NULL"
            ).fetchall(),
            [],
        )
        return {row["feed"]: row["attempt_by"] for row in rows}

    def health(self) -> dict[str, FeedHealth]:
        """The health records of all feeds, by feed id, with their fields'."""
        rows: list[Row] = self._read(
            "health",
            lambda conn: conn.execute(
                "SELECT * FROM feed_health ORDER BY feed"
            ).fetchall(),
            [],
        )
        fields = self._fields()
        return {
            row["feed"]: dataclasses.replace(
                _health(row), fields=fields.get(row["feed"], {})
            )
            for row in rows
        }
