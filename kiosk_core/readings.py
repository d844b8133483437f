"""Readings and feed health: what feeds produce and the Store keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple


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
    # set when read back from the Store; not part of equality (`field` here would
    # be the attribute above, hence dataclasses.field)
    fetched_at: dt.datetime | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class FieldHealth:
    """How one field of a feed has fared in the refreshes that reached it."""

    field: str
    last_attempt: dt.datetime | None
    last_success: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    consecutive_failures: int

    @property
    def ok(self) -> bool:
        """True when the field had a good value at the last attempt."""
        return self.consecutive_failures == 0


@dataclass(frozen=True)
class FeedHealth:
    """How a feed's refreshes have gone (times are UTC-aware datetimes), and
    each of its fields (a feed can be up while a field no tile shows fails)."""

    feed: str
    last_attempt: dt.datetime | None
    last_success: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    consecutive_failures: int
    fields: Mapping[str, FieldHealth] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the last attempt succeeded."""
        return self.consecutive_failures == 0


@dataclass(frozen=True)
class FieldChanges:
    """Fields whose state changed in one refresh: those that started failing,
    and those that recovered (with the failures in a row they ended)."""

    started: tuple[str, ...] = ()
    recovered: Mapping[str, int] = dataclasses.field(default_factory=dict)


class Point(NamedTuple):
    """One point of a history series."""

    as_of: dt.datetime
    value: float


@dataclass(frozen=True)
class Change:
    """A field's newest value against its value ``delta`` earlier."""

    latest: Reading
    earlier: Reading
    difference: float

    @property
    def percent(self) -> float | None:
        """The difference as a percentage of the earlier value (None if it is 0)."""
        if not self.earlier.value:
            return None
        return 100.0 * self.difference / abs(self.earlier.value)
