"""The fact sheet: every figure a briefing may state, read from the Store.

One fact per configured tile (its value at the tile's precision, unit, as_of,
source and freshness), its day-over-day and week-over-week changes where the
Store has history, and today's notices. A fact that is not fresh keeps its id
and label but is marked: writers must say it is unavailable, and the checker
rejects any figure taken from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from kiosk_core.text import Text, in_every_language, join
from kiosk_core.tiles import (
    FeedLimits,
    Notice,
    Tile,
    TileChange,
    TileSnapshot,
    TileState,
    TileStore,
    figures_month,
    snapshots,
)

FactKind = Literal["value", "change", "notice"]
State = TileState
NOTICE_SOURCE = ("서산시청 알림", "Seosan City Hall notice")


@dataclasses.dataclass(frozen=True)
class Fact:
    """One figure (or notice) a briefing may use."""

    id: str
    kind: FactKind
    labels: Text
    value: float | None = None  # as measured (changes: the difference)
    decimals: int = 0
    unit: str = ""  # as written in Korean or as a symbol (the checker's reference)
    units: Text | None = None  # by language, when words differ (명, people, 人)
    as_of: dt.datetime | None = None
    source: str = ""
    state: State = "fresh"
    field: str = ""  # the feed field (what the template writer recognises)
    # a notice by language, or a reading given as text (in the source's language)
    texts: Text | None = None
    grades: Text | None = None  # e.g. 보통 / Moderate for PM10 35
    base: str | None = None  # changes: the id of the fact that changed
    period: Literal["day", "week"] | None = None
    percent: float | None = None  # changes: relative to the earlier value
    earlier_as_of: dt.datetime | None = None
    # monthly figures: the month they are for (said with them, never "today")
    month: dt.date | None = None
    priority: int = 5  # the tile's briefing_priority: the lowest are left out first

    @property
    def usable(self) -> bool:
        """True when the fact is fresh and has a value or text to state."""
        return self.state == "fresh" and (
            self.value is not None or self.texts is not None
        )

    def label(self, language: str) -> str:
        """The label in ``language`` (or its fallback)."""
        return self.labels.get(language)

    def unit_in(self, language: str) -> str:
        """The unit as written in ``language``."""
        return self.units.get(language) if self.units is not None else self.unit

    def text(self, language: str) -> str | None:
        """A notice in ``language`` (or its fallback); a reading's text only in
        the language the source wrote it in."""
        if self.texts is None:
            return None
        if self.kind == "notice" or self.texts.has(language):
            return self.texts.get(language)
        return None

    def all_texts(self) -> dict[str, str]:
        """The text in every language it is written in, by language."""
        return dict(self.texts.root) if self.texts is not None else {}

    def grade(self, language: str) -> str | None:
        """The grade word in ``language``, if the tile has a grade scale."""
        return self.grades.get(language) if self.grades is not None else None

    def shown(self) -> str | None:
        """The value as the screen shows it (tile precision, thousands commas)."""
        if self.value is None:
            return None
        return f"{self.value:,.{self.decimals}f}"

    def to_dict(self, zone: ZoneInfo | None = None) -> dict[str, Any]:
        """A JSON-ready description (times in ``zone``, else UTC)."""

        def when(moment: dt.datetime | None) -> str | None:
            if moment is None:
                return None
            return moment.astimezone(zone or dt.UTC).isoformat(timespec="minutes")

        data = {
            field.name: getattr(self, field.name) for field in dataclasses.fields(self)
        }
        for name in ("labels", "units", "texts", "grades"):
            found = data[name]
            data[name] = found.root if found is not None else None
        data["as_of"] = when(self.as_of)
        data["earlier_as_of"] = when(self.earlier_as_of)
        data["month"] = f"{self.month:%Y-%m}" if self.month else None
        data["shown"] = self.shown()
        return data


@dataclasses.dataclass(frozen=True)
class FactSheet:
    """All facts at one moment, with the local day the briefing is for."""

    day: dt.date
    generated_at: dt.datetime
    timezone: str
    facts: tuple[Fact, ...]

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)

    def get(self, fact_id: str) -> Fact | None:
        """The fact with ``fact_id`` (None when absent)."""
        return next((f for f in self.facts if f.id == fact_id), None)

    def by_field(self, field: str) -> Fact | None:
        """The value fact of a feed field (the first tile showing it)."""
        return next(
            (f for f in self.facts if f.kind == "value" and f.field == field), None
        )

    def change(self, fact_id: str, period: str) -> Fact | None:
        """The usable change of ``fact_id`` over ``period`` (day or week)."""
        found = self.get(f"{fact_id}.{period}")
        return found if found is not None and found.usable else None

    def notices(self) -> list[Fact]:
        """Today's notices."""
        return [f for f in self.facts if f.kind == "notice"]

    def local(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` in the site's time zone."""
        return moment.astimezone(self.zone)

    def for_prompt(self, language: str) -> list[dict[str, Any]]:
        """The facts as an LLM sees them: no value for a fact that is not fresh."""
        rows: list[dict[str, Any]] = []
        for fact in self.facts:
            row: dict[str, Any] = {"id": fact.id, "label": fact.label(language)}
            if fact.kind == "notice":
                row["notice_text"] = fact.text(language)
                rows.append(row)
                continue
            if not fact.usable:
                row["status"] = "unavailable: say it cannot be reported now"
                rows.append(row)
                continue
            if fact.value is not None:
                row["value"] = fact.shown()
                row["unit"] = fact.unit_in(language)
            elif fact.text(language):
                row["text"] = fact.text(language)
            if fact.grade(language):
                row["grade"] = fact.grade(language)
            if fact.percent is not None:
                row["percent"] = f"{fact.percent:.2f}"
            if fact.month is not None:
                row["monthly_figures_for"] = f"{fact.month:%Y-%m}"
            elif fact.as_of is not None:
                row["as_of"] = f"{self.local(fact.as_of):%Y-%m-%d %H:%M}"
            row["source"] = fact.source
            rows.append(row)
        return rows


class FactSource(Protocol):
    """What the fact sheet is made from: config.yaml's tiles, feeds and notices."""

    @property
    def tiles(self) -> Sequence[Tile]: ...

    @property
    def feeds(self) -> Mapping[str, FeedLimits]: ...

    @property
    def notices(self) -> Sequence[Notice]: ...

    @property
    def site(self) -> _Site: ...


class _Site(Protocol):
    @property
    def timezone(self) -> str: ...

    @property
    def languages(self) -> Sequence[str]: ...


def phrase_text(key: str, **slots: object) -> Text:
    """A fixed phrase, filled, in every language."""
    return in_every_language(lambda locale: locale.phrase(key, **slots))


def change_fact(fact: Fact, change: TileChange) -> Fact:
    """The fact of ``fact``'s change over a day or a week."""
    since = phrase_text(f"since.{change.period}")
    return dataclasses.replace(
        fact,
        id=f"{fact.id}.{change.period}",
        kind="change",
        labels=join(fact.labels, join("(", since, ")", sep="")),
        value=change.difference,
        texts=None,
        grades=None,
        base=fact.id,
        period=change.period,
        percent=change.percent,
        earlier_as_of=change.earlier_as_of,
    )


def _source_text(text: str) -> Text:
    """A reading's text: in Korean (the sources' language), or in every
    language when it has no words ("09:00–18:00", a route number)."""
    if any(char.isalpha() for char in text):
        return Text(ko=text)
    return in_every_language(lambda locale: text)


def _nothing(shot: TileSnapshot) -> Text | None:
    """What a tile says when its source has nothing to show (no bus due)."""
    if shot.value is None and shot.as_of is not None:
        return shot.tile.empty
    return None


def tile_fact(shot: TileSnapshot, zone: ZoneInfo) -> Fact:
    """The fact a tile's snapshot states."""
    tile = shot.tile
    monthly = tile.period == "month" and shot.as_of is not None
    units = tile.unit if isinstance(tile.unit, Text) else None
    return Fact(
        id=tile.id,
        kind="value",
        labels=tile.title,
        value=shot.value,
        decimals=tile.decimals,
        unit=tile.unit_in("ko") or shot.reading_unit,
        units=units,
        as_of=shot.as_of,
        source=shot.source,
        state=shot.state,
        field=tile.field,
        texts=_source_text(shot.text) if shot.text else _nothing(shot),
        grades=shot.grade.label if shot.grade is not None else None,
        month=figures_month(shot.as_of, zone) if monthly and shot.as_of else None,
        priority=tile.briefing_priority,
    )


def facts_from(
    shots: Iterable[TileSnapshot],
    notices: Iterable[Notice],
    timezone: str,
    now: dt.datetime,
) -> FactSheet:
    """The fact sheet at ``now``: the tiles, their changes, today's notices."""
    zone = ZoneInfo(timezone)
    day = now.astimezone(zone).date()
    facts: list[Fact] = []
    for shot in shots:
        fact = tile_fact(shot, zone)
        facts.append(fact)
        if fact.month is None:  # monthly figures have no day or week change
            facts.extend(change_fact(fact, c) for c in shot.changes.values())
    for number, notice in enumerate(notices, start=1):
        if notice.shown_on(day):
            facts.append(
                Fact(
                    id=f"notice-{number}",
                    kind="notice",
                    labels=phrase_text("notice", n=number),
                    source=NOTICE_SOURCE[0],
                    texts=notice.text,
                )
            )
    return FactSheet(day, now, timezone, tuple(facts))


def build_facts(config: FactSource, store: TileStore, now: dt.datetime) -> FactSheet:
    """The fact sheet at ``now``, read from the Store."""
    shots = snapshots(config.tiles, config.feeds, store, now, every_change=True)
    return facts_from(shots, config.notices, config.site.timezone, now)
