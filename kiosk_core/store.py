"""What the domain packages may ask of the Store.

The web app wires a Store in (``kiosk_app.store``: SQLite or PostgreSQL);
feeds, tiles and the briefing see it only through these interfaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .readings import Change, FeedHealth, FieldChanges, Point, Reading


class ReadingHistory(Protocol):
    """Readings read back: the newest, a series, a change."""

    def latest(self, feed: str, field: str) -> Reading | None: ...

    def samples(
        self, feed: str, field: str, since: dt.datetime, until: dt.datetime, points: int
    ) -> list[Point]: ...

    def change_since(
        self,
        feed: str,
        field: str,
        delta: dt.timedelta,
        tolerance: dt.timedelta | None = None,
    ) -> Change | None: ...


class ReadingStore(ReadingHistory, Protocol):
    """Readings with history, written by feed refreshes."""

    def add_readings(
        self, readings: Iterable[Reading], fetched_at: dt.datetime
    ) -> int: ...

    def has_readings(self, feed: str) -> bool: ...


class HealthReader(Protocol):
    """How each feed's refreshes have gone."""

    def health(self) -> dict[str, FeedHealth]: ...


class HealthStore(HealthReader, Protocol):
    """Feed health, recorded by feed refreshes."""

    def record_success(self, feed: str, at: dt.datetime) -> int: ...

    def record_failure(self, feed: str, at: dt.datetime, error: str) -> int: ...

    def record_fields(
        self,
        feed: str,
        at: dt.datetime,
        ok: Iterable[str],
        failed: Mapping[str, str],
    ) -> FieldChanges: ...


class TileStore(ReadingHistory, HealthReader, Protocol):
    """The reads a tile snapshot needs."""


class FeedStore(ReadingStore, HealthStore, Protocol):
    """What a feed refresh writes: readings and health."""


class BriefingStore(Protocol):
    """Daily briefing records, one per day and language, and small notes."""

    # what a failed write raises (the database driver's errors): the briefing
    # catches these without knowing which database it writes to
    errors: tuple[type[Exception], ...]

    def put_briefing(
        self,
        day: dt.date,
        language: str,
        record: dict[str, Any],
        created_at: dt.datetime,
    ) -> None: ...

    def briefing(self, day: dt.date, language: str) -> dict[str, Any] | None: ...

    def latest_briefing(self, language: str) -> dict[str, Any] | None: ...

    def prune_briefings(self, before: dt.date) -> list[dict[str, Any]]: ...

    def set_meta(self, key: str, value: Any) -> None: ...

    def get_meta(self, key: str, default: Any = None) -> Any: ...
