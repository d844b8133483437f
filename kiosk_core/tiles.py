"""Tiles: one indicator on the screen, a field of a feed; notices.

Shared by the screens and the briefing, which say the same thing about a tile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal, Protocol
from zoneinfo import ZoneInfo

from pydantic import Field, StringConstraints, model_validator

from .grades import SCALES, GradeStep, grade_of
from .readings import FeedHealth, Reading
from .sections import Identifier, Section
from .store import TileStore
from .text import Text


class Grade(Section):
    """A built-in scale (pm10, pm25, khai) or custom steps, ascending."""

    scale: Literal["pm10", "pm25", "khai"] | None = None
    steps: list[GradeStep] = []

    @model_validator(mode="after")
    def _one_kind(self) -> Grade:
        if (self.scale is None) == (not self.steps):
            raise ValueError(
                "give either scale (pm10, pm25 or khai) or steps, not both"
            )
        maxima = [step.max for step in self.steps]
        if maxima != sorted(maxima):
            raise ValueError("steps must go from the lowest max to the highest")
        return self

    def resolved(self) -> tuple[GradeStep, ...]:
        """The steps in force."""
        return SCALES[self.scale] if self.scale else tuple(self.steps)


class Sparkline(Section):
    """A small line of the recent past: the last N hours or days."""

    hours: int | None = Field(None, ge=2, le=720)
    days: int | None = Field(None, ge=2, le=90)

    @model_validator(mode="after")
    def _one_span(self) -> Sparkline:
        if (self.hours is None) == (self.days is None):
            raise ValueError("give either hours or days")
        return self

    @property
    def span(self) -> dt.timedelta:
        """How far back the line goes."""
        return dt.timedelta(hours=self.hours or 0, days=self.days or 0)


class Tile(Section):
    """One indicator on the home screen: a field of a feed."""

    id: Identifier
    menu: Identifier
    title: Text
    feed: Identifier
    field: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    unit: str | Text = ""  # one for both languages, or {ko: 명, en: people}
    decimals: int = Field(0, ge=0, le=3)
    grade: Grade | None = None
    sparkline: Sparkline | None = None
    delta: Literal["day", "week"] | None = None
    # a line under the value made of the reading's text: {ko: "{text}번 버스"}
    detail: Text | None = None
    # what the tile says when the source has nothing to show (no bus due)
    empty: Text | None = None
    # monthly figures: the tile always names their month, the briefing too
    period: Literal["month"] | None = None
    # when the briefing is too long for briefing.target_seconds, the figures
    # of the lowest priority are left out first (1 lowest, 9 highest)
    briefing_priority: int = Field(5, ge=1, le=9)

    @model_validator(mode="after")
    def _monthly(self) -> Tile:
        if self.period == "month" and self.delta is not None:
            raise ValueError(
                "a monthly tile (period: month) shows no day or week change: "
                "remove delta"
            )
        return self

    def unit_in(self, language: str) -> str:
        """The unit as shown in ``language``."""
        return self.unit if isinstance(self.unit, str) else self.unit.get(language)


class Notice(Section):
    text: Text
    start: dt.date | None = None
    end: dt.date | None = None

    def shown_on(self, day: dt.date) -> bool:
        """Whether the notice is current on ``day``."""
        return (self.start is None or self.start <= day) and (
            self.end is None or day <= self.end
        )


TileState = Literal["fresh", "stale", "unavailable"]
ChangePeriod = Literal["day", "week"]
PERIODS: dict[ChangePeriod, dt.timedelta] = {
    "day": dt.timedelta(days=1),
    "week": dt.timedelta(days=7),
}
SPARK_POINTS = 24
# monthly figures are shown until the month after next has begun (a month's
# statistics come out some weeks after it ends), whatever the feed's max_age
MONTHLY_MAX_AGE = dt.timedelta(days=70)


class FeedLimits(Protocol):
    """How often a feed refreshes and how old its values may be shown."""

    @property
    def interval(self) -> dt.timedelta: ...

    @property
    def max_age(self) -> dt.timedelta: ...


@dataclass(frozen=True)
class TileChange:
    """A tile's value against its value a day or a week earlier."""

    period: ChangePeriod
    difference: float
    percent: float | None  # of the earlier value (None when that was 0)
    earlier_as_of: dt.datetime


@dataclass(frozen=True)
class TileSnapshot:
    """Everything a tile says at one moment, for the screen and the briefing alike.

    ``value``/``text`` are kept even when the state is "unavailable" (too old to
    show): the screen shows nothing then, the briefing says it is unavailable.
    """

    tile: Tile
    state: TileState = "unavailable"
    value: float | None = None
    text: str | None = None
    reading_unit: str = ""
    as_of: dt.datetime | None = None
    source: str = ""
    grade: GradeStep | None = None
    changes: Mapping[ChangePeriod, TileChange] = field(default_factory=dict)
    spark: tuple[float, ...] = ()

    def unit_in(self, language: str) -> str:
        """The unit as shown in ``language``: the tile's, else the source's."""
        return self.tile.unit_in(language) or self.reading_unit

    @property
    def shown_value(self) -> str | None:
        """The value as a tile shows it (tile precision, thousands separators)."""
        if self.value is None:
            return None
        return f"{self.value:,.{self.tile.decimals}f}"

    @property
    def delta(self) -> TileChange | None:
        """The change the tile is configured to show, if known."""
        return self.changes.get(self.tile.delta) if self.tile.delta else None


def figures_month(as_of: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The month monthly figures are for (its first day): a source dates them
    at the end of their month (the first instant of the next), so a second
    earlier is inside it."""
    return (as_of.astimezone(zone) - dt.timedelta(seconds=1)).date().replace(day=1)


def tile_state(
    reading: Reading | None,
    health: FeedHealth | None,
    now: dt.datetime,
    max_age: dt.timedelta,
    interval: dt.timedelta,
) -> TileState:
    """How a tile shows ``reading``: "fresh", "stale" or "unavailable".

    - "unavailable" (show no number): there is no reading, or the reading was
      measured (``as_of``) more than ``max_age`` before ``now``.
    - "stale" (show the value with an "as of HH:MM" badge from ``as_of``): the
      feed's last attempt failed (``health.consecutive_failures > 0``), or the
      field's did while the feed's did not (``health.fields``), and this
      reading was not stored by that attempt (its ``fetched_at`` is before the
      last attempt, or unknown), or the reading was last fetched
      (``fetched_at``, else ``as_of``) more than ``2 * interval`` before ``now``.
    - "fresh": otherwise.

    Measured age decides "unavailable" because a value is only true when it was
    measured; fetch age decides "stale" because hourly sources (AirKorea, KMA)
    publish readings that are already up to an hour old when fresh.
    """
    if reading is None or now - reading.as_of > max_age:
        return "unavailable"
    fetched = reading.fetched_at
    failing = (
        record
        for record in (health, health.fields.get(reading.field) if health else None)
        if record is not None and not record.ok
    )
    for record in failing:
        if fetched is None or record.last_attempt is None:
            return "stale"
        if fetched < record.last_attempt:
            return "stale"
    if now - (fetched or reading.as_of) > 2 * interval:
        return "stale"
    return "fresh"


def _changes(
    store: TileStore, tile: Tile, every: bool
) -> dict[ChangePeriod, TileChange]:
    found: dict[ChangePeriod, TileChange] = {}
    for period, delta in PERIODS.items():
        if not every and period != tile.delta:
            continue
        change = store.change_since(tile.feed, tile.field, delta)
        if change is not None:
            found[period] = TileChange(
                period, change.difference, change.percent, change.earlier.as_of
            )
    return found


def snapshot(
    tile: Tile,
    limits: FeedLimits | None,
    store: TileStore,
    health: FeedHealth | None,
    now: dt.datetime,
    every_change: bool = False,
) -> TileSnapshot:
    """What ``tile`` says at ``now``; ``limits`` None (no such feed) shows nothing.
    The change the tile shows is read, or with ``every_change`` the day's and
    the week's both (what the briefing may say)."""
    reading = store.latest(tile.feed, tile.field)
    if reading is None:
        return TileSnapshot(tile)
    state: TileState = "unavailable"
    if limits is not None:
        max_age = limits.max_age
        if tile.period == "month":
            max_age = max(max_age, MONTHLY_MAX_AGE)
        state = tile_state(reading, health, now, max_age, limits.interval)
    grade = None
    if tile.grade is not None and reading.value is not None:
        grade = grade_of(reading.value, tile.grade.resolved())
    spark: tuple[float, ...] = ()
    if tile.sparkline is not None and state != "unavailable":
        points = store.samples(
            tile.feed, tile.field, now - tile.sparkline.span, now, SPARK_POINTS
        )
        spark = tuple(p.value for p in points if p.value is not None)
    return TileSnapshot(
        tile=tile,
        state=state,
        value=reading.value,
        text=reading.text,
        reading_unit=reading.unit,
        as_of=reading.as_of,
        source=reading.source,
        grade=grade,
        changes=_changes(store, tile, every_change)
        if reading.value is not None
        else {},
        spark=spark,
    )


def snapshots(
    tiles: Iterable[Tile],
    feeds: Mapping[str, FeedLimits],
    store: TileStore,
    now: dt.datetime,
    every_change: bool = False,
) -> list[TileSnapshot]:
    """Every tile's snapshot at ``now``, in the order given."""
    health = store.health()
    return [
        snapshot(
            tile, feeds.get(tile.feed), store, health.get(tile.feed), now, every_change
        )
        for tile in tiles
    ]
