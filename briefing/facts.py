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
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from kiosk_app.store import Reading, Store

if TYPE_CHECKING:
    from kiosk_app.config.schema import Config

FactKind = Literal["value", "change", "notice"]
State = Literal["fresh", "stale", "unavailable"]
PERIODS = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=7)}
_PERIOD_LABELS = {
    "day": ("어제 같은 시각 대비", "change since the same time yesterday"),
    "week": ("지난주 같은 시각 대비", "change since the same time last week"),
}
NOTICE_SOURCE = ("서산시청 알림", "Seosan City Hall notice")


@dataclasses.dataclass(frozen=True)
class Fact:
    """One figure (or notice) a briefing may use."""

    id: str
    kind: FactKind
    label_ko: str
    label_en: str
    value: float | None = None  # as measured (changes: the difference)
    decimals: int = 0
    unit: str = ""  # as written in Korean (the checker's reference)
    unit_en: str = ""  # as written in English, when it differs (명 -> people)
    as_of: dt.datetime | None = None
    source: str = ""
    state: State = "fresh"
    field: str = ""  # the feed field (what the template writer recognises)
    text_ko: str | None = None  # a notice, or a reading given as text
    text_en: str | None = None
    grade_ko: str | None = None  # e.g. 보통 for PM10 35
    grade_en: str | None = None
    base: str | None = None  # changes: the id of the fact that changed
    period: Literal["day", "week"] | None = None
    percent: float | None = None  # changes: relative to the earlier value
    earlier_as_of: dt.datetime | None = None

    @property
    def usable(self) -> bool:
        """True when the fact is fresh and has a value or text to state."""
        return self.state == "fresh" and (
            self.value is not None or self.text_ko is not None
        )

    def label(self, language: str) -> str:
        """The label in ``language``."""
        return self.label_en if language == "en" else self.label_ko

    def unit_in(self, language: str) -> str:
        """The unit as written in ``language``."""
        return (self.unit_en or self.unit) if language == "en" else self.unit

    def text(self, language: str) -> str | None:
        """The text (notice or textual reading) in ``language``."""
        return self.text_en if language == "en" else self.text_ko

    def grade(self, language: str) -> str | None:
        """The grade word in ``language``, if the tile has a grade scale."""
        return self.grade_en if language == "en" else self.grade_ko

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

        data = dataclasses.asdict(self)
        data["as_of"] = when(self.as_of)
        data["earlier_as_of"] = when(self.earlier_as_of)
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
            if fact.as_of is not None:
                row["as_of"] = f"{self.local(fact.as_of):%Y-%m-%d %H:%M}"
            row["source"] = fact.source
            rows.append(row)
        return rows


def _limits(feed: Any) -> tuple[dt.timedelta, dt.timedelta]:
    """(interval, max_age) of a feed config (old and new schema alike)."""
    interval = getattr(feed, "interval", None) or dt.timedelta(
        seconds=getattr(feed, "interval_seconds", 60)
    )
    max_age = getattr(feed, "max_age", None) or dt.timedelta(
        minutes=getattr(feed, "max_age_minutes", 120)
    )
    return interval, max_age


def _grade(tile: Any, value: float | None) -> tuple[str | None, str | None]:
    grade = getattr(tile, "grade", None)
    if grade is None or value is None:
        return None, None
    from data_feeds.grades import grade_of

    step = grade_of(value, grade.resolved())
    return (step.label.ko, step.label.en) if step else (None, None)


def _changes(store: Store, tile: Any, fact: Fact, reading: Reading) -> list[Fact]:
    found: list[Fact] = []
    for period, delta in PERIODS.items():
        change = store.change_since(tile.feed, tile.field, delta)
        if change is None:
            continue
        suffix_ko, suffix_en = _PERIOD_LABELS[period]
        found.append(
            Fact(
                id=f"{fact.id}.{period}",
                kind="change",
                label_ko=f"{fact.label_ko} ({suffix_ko})",
                label_en=f"{fact.label_en} ({suffix_en})",
                value=change.difference,
                decimals=fact.decimals,
                unit=fact.unit,
                unit_en=fact.unit_en,
                as_of=reading.as_of,
                source=fact.source,
                state=fact.state,
                field=fact.field,
                base=fact.id,
                period=period,  # type: ignore[arg-type]
                percent=change.percent,
                earlier_as_of=change.earlier.as_of,
            )
        )
    return found


def _units(tile: Any, reading: Reading | None) -> tuple[str, str]:
    """(Korean, English) unit of a tile: one string for both, or ko/en texts."""
    unit = getattr(tile, "unit", "")
    if isinstance(unit, str):
        unit = unit or (reading.unit if reading is not None else "")
        return unit, ""
    return unit.ko, unit.en


def build_facts(config: Config, store: Store, now: dt.datetime) -> FactSheet:
    """The fact sheet at ``now``: configured tiles, their changes, today's notices."""
    # imported here: data_feeds and kiosk_app.config import each other
    from data_feeds.base import tile_state

    zone = ZoneInfo(config.site.timezone)
    day = now.astimezone(zone).date()
    facts: list[Fact] = []
    health = store.health()
    for tile in config.tiles:
        feed = config.feeds.get(tile.feed)
        reading = store.latest(tile.feed, tile.field)
        state: State = "unavailable"
        if feed is not None:
            interval, max_age = _limits(feed)
            state = tile_state(reading, health.get(tile.feed), now, max_age, interval)
        value = reading.value if reading is not None else None
        grade_ko, grade_en = _grade(tile, value)
        unit_ko, unit_en = _units(tile, reading)
        fact = Fact(
            id=tile.id,
            kind="value",
            label_ko=tile.title.ko,
            label_en=tile.title.en,
            value=value,
            decimals=getattr(tile, "decimals", 0),
            unit=unit_ko,
            unit_en=unit_en,
            as_of=reading.as_of if reading is not None else None,
            source=reading.source if reading is not None else "",
            state=state,
            field=tile.field,
            text_ko=reading.text if reading is not None else None,
            grade_ko=grade_ko,
            grade_en=grade_en,
        )
        facts.append(fact)
        if reading is not None and value is not None:
            facts.extend(_changes(store, tile, fact, reading))
    for number, notice in enumerate(config.notices, start=1):
        if notice.shown_on(day):
            facts.append(
                Fact(
                    id=f"notice-{number}",
                    kind="notice",
                    label_ko=f"알림 {number}",
                    label_en=f"Notice {number}",
                    source=NOTICE_SOURCE[0],
                    text_ko=notice.text.ko,
                    text_en=notice.text.en,
                )
            )
    return FactSheet(day, now, config.site.timezone, tuple(facts))
