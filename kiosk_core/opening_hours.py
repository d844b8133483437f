"""Opening hours: when a kiosk's screen is lit, from a schedule in config.yaml.

A schedule gives opening hours by weekday (one or more spans a day), is closed
on Korean public holidays (the ``holidays`` package's KR calendar, substitute
holidays included) unless ``open_on_holidays``, and takes exceptions by date.
Outside the hours a screen sleeps; it wakes ``wake_before_minutes`` before
opening and sleeps ``sleep_after_minutes`` after closing (its *lit* hours).

Everything here is pure: a moment is passed in, never read from a clock. Days
and times are the site's (``site.timezone``); a span is minutes since local
midnight, ``(start, end)`` with ``end`` up to 1440 (24:00).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from .sections import Section

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
# how far ahead the next change is looked for (a screen closed for longer
# than a year has no next change)
HORIZON_DAYS = 400
HOLIDAY_COUNTRY = "KR"

Span = tuple[int, int]
Spans = tuple[Span, ...]

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DASH = re.compile(r"\s*[-–~]\s*")


def _minute_of(clock: str, whole: str) -> int:
    match = _CLOCK.match(clock.strip())
    if not match:
        raise ValueError(f"'{whole}' is not a span like 08:30-18:30")
    hour, minute = int(match[1]), int(match[2])
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise ValueError(f"'{clock.strip()}' is not a time of day (00:00 to 24:00)")
    return hour * 60 + minute


def _span(text: str) -> Span:
    parts = _DASH.split(text.strip())
    if len(parts) != 2:
        raise ValueError(f"'{text.strip()}' is not a span like 08:30-18:30")
    start, end = (_minute_of(part, text.strip()) for part in parts)
    if end <= start:
        raise ValueError(
            f"'{text.strip()}' ends before it starts: a span ends the same day "
            "(open past midnight: '22:00-24:00' that day and '00:00-02:00' the next)"
        )
    return start, end


def parse_spans(value: Any) -> Spans:
    """Opening hours of one day as written in config.yaml: ``closed``,
    ``"08:30-18:30"``, ``"08:30-12:00, 13:00-18:30"`` or a list of spans."""
    if value is False or (isinstance(value, str) and value.strip() == "closed"):
        return ()
    if isinstance(value, str):
        items: list[Any] = [part for part in value.split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValueError('must be closed, a span like "08:30-18:30" or a list of spans')
    if not items:
        raise ValueError('give a span like "08:30-18:30", or write closed')
    spans: list[Span] = []
    for item in items:
        if isinstance(item, str):
            spans.append(_span(item))
        elif (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(n, int) and 0 <= n <= DAY_MINUTES for n in item)
            and item[0] < item[1]
        ):
            spans.append((item[0], item[1]))  # already read (a copy of a model)
        else:
            raise ValueError(f"{item!r} is not a span like 08:30-18:30")
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ValueError(
                f"the spans {clock_text(start)} and {clock_text(end)} overlap"
            )
    return tuple(spans)


def clock_text(minute: int) -> str:
    """Minutes since midnight as HH:MM (1440 is 24:00)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_days(key: str) -> tuple[int, ...]:
    """Weekday numbers (Monday 0) of a key such as ``mon``, ``mon-fri``,
    ``sat,sun`` or ``daily``."""
    found: list[int] = []
    for part in key.replace(" ", "").lower().split(","):
        if part == "daily":
            found.extend(range(7))
            continue
        ends = part.split("-")
        if len(ends) > 2 or any(end not in DAY_NAMES for end in ends):
            raise ValueError(
                f"'{key}' is not a day or days: use mon, tue, wed, thu, fri, sat, "
                "sun, a range such as mon-fri, a list such as sat,sun, or daily"
            )
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        found.extend((first + n) % 7 for n in range((last - first) % 7 + 1))
    return tuple(dict.fromkeys(found))


def _days_key(key: str) -> str:
    parse_days(key)
    return key


def _date_key(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a date like 2026-12-31") from None


DaysKey = Annotated[str, AfterValidator(_days_key)]
DateKey = Annotated[dt.date, BeforeValidator(_date_key)]
DayHours = Annotated[tuple[tuple[int, int], ...], BeforeValidator(parse_spans)]


class Schedule(Section):
    """A ``schedule:`` section as written in config.yaml: the site's, which
    every kiosk follows, or a kiosk's own, which takes each setting it gives
    from itself and the rest from the site's (its exceptions add to the
    site's)."""

    # the screen never sleeps (the hours are kept for when this is set back)
    always_on: bool | None = None
    # by day: mon, mon-fri, sat,sun or daily; a day not given is closed; a key
    # naming fewer days wins (thu over mon-fri)
    hours: dict[DaysKey, DayHours] | None = None
    open_on_holidays: bool | None = None  # Korean public holidays are closed
    exceptions: dict[DateKey, DayHours] = {}  # by date: hours, or closed
    # what a sleeping screen shows: black, or a dim clock with the next opening
    when_closed: Literal["blank", "clock"] | None = None
    wake_before_minutes: int | None = Field(None, ge=0, le=120)
    sleep_after_minutes: int | None = Field(None, ge=0, le=120)
    # a touch wakes a sleeping screen; untouched this long, it sleeps again
    wake_minutes: int | None = Field(None, ge=1, le=60)

    @model_validator(mode="before")
    @classmethod
    def _dates_as_text(cls, data: Any) -> Any:
        # YAML reads 2026-12-31 as a date: the key is kept as written so a
        # problem with it is reported at its line
        if isinstance(data, dict) and isinstance(data.get("exceptions"), dict):
            data = {
                **data,
                "exceptions": {
                    (k.isoformat() if isinstance(k, dt.date) else k): v
                    for k, v in data["exceptions"].items()
                },
            }
        return data

    @field_validator("hours")
    @classmethod
    def _each_day_once(cls, hours: dict[str, Spans] | None) -> dict | None:
        week_of(hours or {})
        return hours


def week_of(hours: Mapping[str, Spans]) -> tuple[Spans, ...]:
    """The hours of each weekday (Monday first): the key naming fewest days
    wins; two keys of the same size naming one day are an error."""
    chosen: dict[int, tuple[int, str]] = {}
    week: list[Spans] = [() for _ in DAY_NAMES]
    for key, spans in hours.items():
        days = parse_days(key)
        for day in days:
            held = chosen.get(day)
            if held is not None and held[0] == len(days):
                raise ValueError(
                    f"{DAY_NAMES[day]} is given twice, in '{held[1]}' and '{key}'"
                )
            if held is None or len(days) < held[0]:
                chosen[day] = (len(days), key)
                week[day] = tuple(spans)
    return tuple(week)


@dataclass(frozen=True)
class OpeningHours:
    """One kiosk's schedule, resolved: what the functions below read."""

    timezone: str
    week: tuple[Spans, ...]  # Monday first
    exceptions: Mapping[dt.date, Spans] = field(default_factory=dict)
    open_on_holidays: bool = False
    when_closed: Literal["blank", "clock"] = "clock"
    wake_before_minutes: int = 10
    sleep_after_minutes: int = 10
    wake_minutes: int = 5


DEFAULTS = OpeningHours("Asia/Seoul", ())


def resolve(
    site: Schedule | None, kiosk: Schedule | None, timezone: str
) -> OpeningHours | None:
    """The schedule a kiosk follows (None: its screen never sleeps): each
    setting from the kiosk's own schedule, else the site's."""
    if site is None and kiosk is None:
        return None

    def pick(name: str) -> Any:
        for section in (kiosk, site):
            value = getattr(section, name) if section is not None else None
            if value is not None:
                return value
        return getattr(DEFAULTS, name, None)

    if pick("always_on"):
        return None
    hours = pick("hours")
    if hours is None:
        raise ValueError("a schedule needs hours (here or in the site's schedule)")
    return OpeningHours(
        timezone=timezone,
        week=week_of(hours),
        exceptions={
            **(site.exceptions if site else {}),
            **(kiosk.exceptions if kiosk else {}),
        },
        open_on_holidays=pick("open_on_holidays"),
        when_closed=pick("when_closed"),
        wake_before_minutes=pick("wake_before_minutes"),
        sleep_after_minutes=pick("sleep_after_minutes"),
        wake_minutes=pick("wake_minutes"),
    )


# ---- holidays ----


class HolidayTable:
    """Korean public holidays (names in Korean), years read as they are asked."""

    def __init__(self) -> None:
        import holidays  # a large package: read when a schedule is first used

        self._days = holidays.country_holidays(HOLIDAY_COUNTRY, language="ko")

    def name(self, day: dt.date) -> str | None:
        """The holiday on ``day`` (several on one day joined by "; "), or None."""
        return self._days.get(day)

    def between(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        """Every holiday from ``first`` to ``last``, both included."""
        return {day: name for day in _days(first, last) if (name := self.name(day))}


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def holiday(day: dt.date) -> str | None:
    """The Korean public holiday on ``day`` (its Korean name), or None."""
    return HolidayTable().name(day)


def spans_on(
    hours: OpeningHours, day: dt.date, table: HolidayTable | None = None
) -> Spans:
    """The opening hours of ``day``: its exception, else closed on a public
    holiday (unless open on holidays), else its weekday's."""
    if day in hours.exceptions:
        return hours.exceptions[day]
    if not hours.open_on_holidays and (table or HolidayTable()).name(day):
        return ()
    return hours.week[day.weekday()] if hours.week else ()


def special_days(
    hours: OpeningHours, first: dt.date, last: dt.date
) -> dict[dt.date, Spans]:
    """The days from ``first`` to ``last`` whose hours are not their
    weekday's: exceptions, and holidays the screen is closed on."""
    table = HolidayTable()
    return {
        day: spans
        for day in _days(first, last)
        if (spans := spans_on(hours, day, table)) != hours.week[day.weekday()]
        or day in hours.exceptions
    }


# ---- moments ----


@dataclass(frozen=True)
class Change:
    """The next time the hours change: ``opens`` True for an opening."""

    at: dt.datetime
    opens: bool


def _at(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    local = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    return (local + dt.timedelta(minutes=minute)).astimezone(dt.UTC)


def _intervals(
    hours: OpeningHours, first: dt.date, lit: bool, days: int
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Open (or, with ``lit``, lit) intervals in UTC from the day ``first``
    on, for ``days`` days, touching or overlapping ones merged."""
    zone = ZoneInfo(hours.timezone)
    before = dt.timedelta(minutes=hours.wake_before_minutes if lit else 0)
    after = dt.timedelta(minutes=hours.sleep_after_minutes if lit else 0)
    table = HolidayTable()
    pending: tuple[dt.datetime, dt.datetime] | None = None
    for day in _days(first, first + dt.timedelta(days=days - 1)):
        for start, end in spans_on(hours, day, table):
            begins = _at(day, start, zone) - before
            ends = _at(day, end, zone) + after
            if pending is not None and begins <= pending[1]:
                pending = (min(pending[0], begins), max(pending[1], ends))
                continue
            if pending is not None:
                yield pending
            pending = (begins, ends)
    if pending is not None:
        yield pending


def _local_day(hours: OpeningHours, moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        raise ValueError("a moment needs its time zone")
    return moment.astimezone(ZoneInfo(hours.timezone)).date()


def _inside(hours: OpeningHours, moment: dt.datetime, lit: bool) -> bool:
    # an interval with its lead may begin the day before (wake before 00:30)
    first = _local_day(hours, moment) - dt.timedelta(days=1)
    for begins, ends in _intervals(hours, first, lit, 3):
        if begins <= moment < ends:
            return True
    return False


def is_open(hours: OpeningHours, moment: dt.datetime) -> bool:
    """Whether it is within opening hours at ``moment`` (an aware datetime)."""
    return _inside(hours, moment, lit=False)


def is_lit(hours: OpeningHours, moment: dt.datetime) -> bool:
    """Whether the screen is on at ``moment``: opening hours widened by
    ``wake_before_minutes`` and ``sleep_after_minutes``."""
    return _inside(hours, moment, lit=True)


def next_change(
    hours: OpeningHours, moment: dt.datetime, *, lit: bool = False
) -> Change | None:
    """When the opening (or, with ``lit``, lit) hours next change after
    ``moment``, and which way; None when they do not within HORIZON_DAYS."""
    first = _local_day(hours, moment) - dt.timedelta(days=1)
    for begins, ends in _intervals(hours, first, lit, HORIZON_DAYS):
        if ends <= moment:
            continue
        if begins > moment:
            return Change(begins, opens=True)
        last_day = first + dt.timedelta(days=HORIZON_DAYS)
        if ends >= _at(last_day, 0, ZoneInfo(hours.timezone)):
            return None  # open to the end of the horizon: always open
        return Change(ends, opens=False)
    return None
