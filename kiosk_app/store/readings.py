"""Readings with history: what feeds write and tiles and the briefing read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kiosk_core.readings import Change, Point, Reading, from_utc_text, utc_text

from .backend import Row, Sql
from .connection import Database


def _reading(row: Row) -> Reading:
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


class ReadingsTable(Database):
    """Readings by feed, field and as_of: newest, at a moment, samples, change."""

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
                "INSERT INTO readings "
                "(feed, field, as_of, value, text, unit, source, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(feed, field, as_of) DO UPDATE SET "
                "value = excluded.value, text = excluded.text, unit = excluded.unit, "
                "source = excluded.source, fetched_at = excluded.fetched_at",
                rows,
            )
        return len(rows)

    def has_readings(self, feed: str) -> bool:
        """True when any reading of ``feed`` is stored."""
        row = self._read(
            "has_readings",
            lambda conn: conn.execute(
                "SELECT 1 FROM readings WHERE feed = ? LIMIT 1", (feed,)
            ).fetchone(),
            None,
        )
        return row is not None

    def latest(self, feed: str, field: str) -> Reading | None:
        """The newest reading of a field, or None."""
        row = self._read(
            "latest",
            lambda conn: conn.execute(
                "SELECT * FROM readings WHERE feed = ? AND field = ? "
                "ORDER BY as_of DESC LIMIT 1",
                (feed, field),
            ).fetchone(),
            None,
        )
        return _reading(row) if row else None

    def value_at(self, feed: str, field: str, moment: dt.datetime) -> Reading | None:
        """The newest reading of a field measured at or before ``moment``."""
        row = self._read(
            "value_at",
            lambda conn: conn.execute(
                "SELECT * FROM readings WHERE feed = ? AND field = ? "
                "AND as_of <= ? ORDER BY as_of DESC LIMIT 1",
                (feed, field, utc_text(moment)),
            ).fetchone(),
            None,
        )
        return _reading(row) if row else None

    def samples(
        self, feed: str, field: str, since: dt.datetime, until: dt.datetime, points: int
    ) -> list[Point]:
        """The value in force at ``points`` evenly spaced moments up to ``until``
        (a cheap, index-only series for sparklines; moments before any reading
        are left out)."""
        step = (until - since) / max(points - 1, 1)

        def read(conn: Sql) -> list[Point]:
            found: list[Point] = []
            for index in range(points):
                row = conn.execute(
                    "SELECT as_of, value FROM readings WHERE feed = ? AND field = ?"
                    " AND as_of <= ? AND value IS NOT NULL"
                    " ORDER BY as_of DESC LIMIT 1",
                    (feed, field, utc_text(since + step * index)),
                ).fetchone()
                if row is not None and row["as_of"] >= utc_text(since):
                    found.append(Point(from_utc_text(row["as_of"]), row["value"]))
            return found

        return self._read("samples", read, [])

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
