"""Briefing records: written by the scheduler, read by the web process."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk_core.readings import utc_text

from .backend import Row
from .connection import Database


class BriefingsTable(Database):
    """One JSON record per day and language."""

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
                "INSERT INTO briefings (day, language, created_at, record) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(day, language) DO UPDATE SET "
                "created_at = excluded.created_at, record = excluded.record",
                (
                    day.isoformat(),
                    language,
                    utc_text(created_at),
                    json.dumps(record, ensure_ascii=False),
                ),
            )

    def briefing(self, day: dt.date, language: str) -> dict[str, Any] | None:
        """The briefing record of a day and language, or None."""
        row = self._read(
            "briefing",
            lambda conn: conn.execute(
                "SELECT record FROM briefings WHERE day = ? AND language = ?",
                (day.isoformat(), language),
            ).fetchone(),
            None,
        )
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
        rows: list[Row] = self._read(
            "recent_briefings",
            lambda conn: conn.execute(query, (*args, limit)).fetchall(),
            [],
        )
        return [json.loads(row["record"]) for row in rows]

    def prune_briefings(self, before: dt.date) -> list[dict[str, Any]]:
        """Delete briefings of days before ``before``; returns their records."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT record FROM briefings WHERE day < ?", (before.isoformat(),)
            ).fetchall()
            conn.execute("DELETE FROM briefings WHERE day < ?", (before.isoformat(),))
        return [json.loads(row["record"]) for row in rows]
