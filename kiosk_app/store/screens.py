"""The kiosk screens' heartbeats: one row per kiosk and page instance, with the
last beat's fields (for /status, /healthz and /metrics).

Unlike the other tables, the web process writes this one: it is the web
process that receives the beats (kiosk_app/fleet.py). The table stays small:
only configured kiosks write, each keeps its newest ``KEEP_PER_KIOSK`` page
instances, and rows not heard from in ``FORGET_AFTER`` go.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kiosk_core.readings import from_utc_text, utc_text

from .backend import Row
from .connection import Database

KEEP_PER_KIOSK = 8
FORGET_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class ScreenBeat:
    """What one heartbeat of a screen says (already checked and bounded)."""

    kiosk: str
    instance: str  # one page (a reload in the same tab keeps it)
    screen: str | None = None
    language: str | None = None
    modes: tuple[str, ...] = ()
    config_version: str | None = None
    uptime_seconds: float | None = None
    js_heap_bytes: int | None = None
    error: str | None = None  # the page's last error: message and source line


@dataclass(frozen=True)
class ScreenRow:
    """A screen as last heard from."""

    beat: ScreenBeat
    first_seen: dt.datetime
    last_seen: dt.datetime
    error_at: dt.datetime | None


def _row(row: Row) -> ScreenRow:
    beat = ScreenBeat(
        row["kiosk"],
        row["instance"],
        row["screen"],
        row["language"],
        tuple(json.loads(row["modes"] or "[]")),
        row["config_version"],
        row["uptime_seconds"],
        row["js_heap_bytes"],
        row["error"],
    )
    error_at = from_utc_text(row["error_at"]) if row["error_at"] else None
    return ScreenRow(
        beat,
        from_utc_text(row["first_seen"]),
        from_utc_text(row["last_seen"]),
        error_at,
    )


class ScreensTable(Database):
    """Heartbeats by kiosk and page instance."""

    def put_screen(self, beat: ScreenBeat, at: dt.datetime) -> None:
        """Note a heartbeat (replacing that instance's last one); the moment of
        its error is kept while the error stays the same."""
        when = utc_text(at)
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO screens (kiosk, instance, first_seen, last_seen, screen,"
                " language, modes, config_version, uptime_seconds, js_heap_bytes,"
                " error, error_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(kiosk, instance) DO UPDATE SET"
                " last_seen = excluded.last_seen, screen = excluded.screen,"
                " language = excluded.language, modes = excluded.modes,"
                " config_version = excluded.config_version,"
                " uptime_seconds = excluded.uptime_seconds,"
                " js_heap_bytes = excluded.js_heap_bytes, error = excluded.error,"
                " error_at = CASE WHEN excluded.error = screens.error"
                " OR (excluded.error IS NULL AND screens.error IS NULL)"
                " THEN screens.error_at ELSE excluded.error_at END",
                (
                    beat.kiosk,
                    beat.instance,
                    when,
                    when,
                    beat.screen,
                    beat.language,
                    json.dumps(list(beat.modes)),
                    beat.config_version,
                    beat.uptime_seconds,
                    beat.js_heap_bytes,
                    beat.error,
                    when if beat.error else None,
                ),
            )
            # bounded: this kiosk's newest instances, nothing long silent
            conn.execute(
                "DELETE FROM screens WHERE kiosk = ? AND instance NOT IN ("
                "SELECT instance FROM screens WHERE kiosk = ?"
                " ORDER BY last_seen DESC LIMIT ?)",
                (beat.kiosk, beat.kiosk, KEEP_PER_KIOSK),
            )
            conn.execute(
                "DELETE FROM screens WHERE last_seen < ?",
                (utc_text(at - FORGET_AFTER),),
            )

    def screens(self) -> list[ScreenRow]:
        """Every screen heard from, newest beat first."""
        rows: list[Row] = self._read(
            "screens",
            lambda conn: conn.execute(
                "SELECT * FROM screens ORDER BY last_seen DESC"
            ).fetchall(),
            [],
        )
        return [_row(row) for row in rows]
