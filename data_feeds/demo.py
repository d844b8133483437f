"""Deterministic simulated Seosan platform data: the embedded default feed.

Every value is a pure function of (seed, time): the same moment always gives
the same number, so the demo, the briefing and the tests agree. ``backfill``
returns the last days hourly so sparklines and day-over-day deltas work from
the first start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from zoneinfo import ZoneInfo

from kiosk_core.grades import air_grade
from kiosk_core.readings import Reading

from .config import DemoFeedConfig, FeedBase

SEOUL = ZoneInfo("Asia/Seoul")
SOURCE = "서산시 데이터 플랫폼 (모의 데이터)"
EPOCH = dt.date(2025, 1, 1)  # population 180,173 / households 84,142 (end of 2024)
# civil-service tasks: id -> (share of visitors, average wait in minutes)
TASKS = {
    "passport": (0.16, 18),
    "resident": (0.30, 9),
    "certificate": (0.26, 6),
    "vehicle": (0.12, 15),
    "tax": (0.16, 11),
}
# visitors per hour at the service hall, by local hour, on an ordinary weekday
HALL_RATE = {
    9: 48,
    10: 78,
    11: 70,
    12: 30,
    13: 52,
    14: 72,
    15: 76,
    16: 60,
    17: 40,
    18: 22,
}
# bus routes at the city-hall stop: route -> (minutes between buses, offset)
BUSES = {"1": (12, 3), "7": (20, 11), "50": (35, 22)}
PARKING_SPACES = 230
# the city hall's own lot in the standard parking data (parking_csv)
PARKING_MAIN = (312, "09:00–18:00")
# 동문1동, monthly registered figures (mois_population) at the end of 2024
DONGMUN1 = (13_150, 6_640)
UNITS = {
    "temperature": "℃",
    "humidity": "%",
    "wind_speed": "m/s",
    "wind_direction": "deg",
    "pm10": "㎍/㎥",
    "pm25": "㎍/㎥",
    "o3": "ppm",
    "no2": "ppm",
    "khai": "",
    "pm10_grade": "",
    "pm25_grade": "",
    "khai_grade": "",
    "population": "명",
    "households": "세대",
    "notices_count": "건",
    "queue_waiting": "명",
    "queue_called": "번",
    "applications_today": "건",
    "parking_free": "면",
    **{f"queue_{t}_called": "번" for t in TASKS},
    **{f"queue_{t}_waiting": "명" for t in TASKS},
    **{f"bus_{r}_minutes": "분" for r in BUSES},
    # the same fields as the tago, mois_population and parking_csv feeds
    "bus_next_minutes": "분",
    "bus_next_stops": "정류장",
    "bus_count": "대",
    "population_dongmun1": "명",
    "households_dongmun1": "세대",
    "parking_main_spaces": "면",
    "parking_main_hours": "",
}
FIELDS = tuple(UNITS)


def _noise(seed: int, name: str, index: int) -> float:
    """A deterministic number in [-1, 1] for (seed, name, index)."""
    digest = hashlib.blake2b(f"{seed}:{name}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**63 - 1.0


def _smooth(seed: int, name: str, hours: float, period: float) -> float:
    """Smooth deterministic noise in [-1, 1] varying over about ``period`` hours."""
    position = hours / period
    index = math.floor(position)
    weight = (1 - math.cos(math.pi * (position - index))) / 2
    a, b = _noise(seed, name, index), _noise(seed, name, index + 1)
    return a + (b - a) * weight


def _open_hours(day: dt.date) -> tuple[int, int] | None:
    """The service hall's opening hours (None when closed); Thursdays until 19:00."""
    if day.weekday() >= 5:
        return None
    return (9, 19) if day.weekday() == 3 else (9, 18)


def _arrivals(seed: int, local: dt.datetime, share: float) -> float:
    """Visitors for one task since opening today, up to ``local``."""
    hours = _open_hours(local.date())
    if hours is None:
        return 0.0
    day_factor = 1.0 + 0.15 * _noise(seed, "day", local.date().toordinal())
    day_factor *= 1.25 if local.weekday() == 0 else 1.0  # Mondays are busy
    now_hours = local.hour + local.minute / 60 + local.second / 3600
    total = 0.0
    for hour in range(hours[0], hours[1]):
        covered = min(max(now_hours - hour, 0.0), 1.0)
        total += HALL_RATE.get(hour, 20) * covered
    return total * share * day_factor


def _queue(seed: int, local: dt.datetime) -> dict[str, float]:
    values: dict[str, float] = {}
    for task, (share, wait) in TASKS.items():
        arrived = math.floor(_arrivals(seed, local, share))
        served = (
            math.floor(_arrivals(seed, local - dt.timedelta(minutes=wait), share))
            if local.hour >= 1
            else 0
        )
        values[f"queue_{task}_called"] = served
        values[f"queue_{task}_waiting"] = max(arrived - served, 0)
    values["queue_waiting"] = sum(values[f"queue_{t}_waiting"] for t in TASKS)
    values["queue_called"] = sum(values[f"queue_{t}_called"] for t in TASKS)
    values["applications_today"] = round(values["queue_called"] * 1.4)
    return values


def _weather(seed: int, local: dt.datetime, hours: float) -> dict[str, float]:
    day_of_year = local.timetuple().tm_yday
    clock = local.hour + local.minute / 60
    mean = 13.0 - 13.0 * math.cos(2 * math.pi * (day_of_year - 25) / 365)
    daily = 5.0 * math.cos(2 * math.pi * (clock - 14.5) / 24)
    temperature = mean + daily + 2.5 * _smooth(seed, "temp", hours, 36)
    temperature += 0.3 * _smooth(seed, "temp-h", hours, 1.5)
    humidity = 70 - 12 * math.cos(2 * math.pi * (clock - 14.5) / 24)
    humidity += 10 * _smooth(seed, "hum", hours, 30)
    wind = 2.8 + 1.5 * _smooth(seed, "wind", hours, 6) + 0.8 * max(daily / 5, 0)
    rush = math.exp(-((clock - 8.5) ** 2) / 2)
    rush += 0.7 * math.exp(-((clock - 19) ** 2) / 3)
    pm10 = (
        38
        * math.exp(
            0.55 * _smooth(seed, "dust", hours, 48)
            + 0.2 * _smooth(seed, "dust-h", hours, 5)
        )
        + 8 * rush
    )
    pm25 = pm10 * (0.5 + 0.08 * _smooth(seed, "fine", hours, 12))
    return {
        "temperature": round(temperature, 1),
        "humidity": round(min(max(humidity, 25), 98)),
        "wind_speed": round(max(wind, 0.2), 1),
        "wind_direction": round(300 + 60 * _smooth(seed, "dir", hours, 12)) % 360,
        "pm10": round(max(pm10, 5)),
        "pm25": round(max(pm25, 3)),
        "o3": round(
            0.026
            + 0.012 * math.cos(2 * math.pi * (clock - 15) / 24)
            + 0.004 * _smooth(seed, "o3", hours, 8),
            3,
        ),
        "no2": round(0.011 + 0.009 * rush + 0.002 * _smooth(seed, "no2", hours, 6), 3),
    }


def _parking(seed: int, local: dt.datetime, hours: float) -> float:
    clock = local.hour + local.minute / 60
    if _open_hours(local.date()) is None:
        busy = 0.12
    else:
        busy = 0.1 + 0.85 * min(max((clock - 7.5) / 2.5, 0), 1) * min(
            max((19.5 - clock) / 2, 0), 1
        )
        busy -= 0.12 * math.exp(-((clock - 12.5) ** 2) / 0.3)  # lunch
    busy += 0.04 * _smooth(seed, "park", hours, 1)
    return round(PARKING_SPACES * (1 - min(max(busy, 0.02), 0.99)))


def _bus_minutes(seed: int, local: dt.datetime) -> dict[str, float | None]:
    minutes = local.hour * 60 + local.minute
    values: dict[str, float | None] = {}
    for route, (headway, offset) in BUSES.items():
        if not 6 * 60 <= minutes <= 22 * 60 + 30:
            values[f"bus_{route}_minutes"] = None
            continue
        wait = headway - (minutes - offset) % headway
        delay = round(2 * _noise(seed, f"bus{route}", (minutes - offset) // headway))
        values[f"bus_{route}_minutes"] = max(wait + delay, 1)
    return values


Value = tuple[float | None, str | None]


def _next_bus(buses: dict[str, float | None]) -> dict[str, Value]:
    """The soonest bus as the tago feed writes it (no bus: no value, text "")."""
    coming = [
        (minutes, name.split("_")[1])
        for name, minutes in buses.items()
        if minutes is not None
    ]
    if not coming:
        return {
            "bus_next_minutes": (None, ""),
            "bus_next_stops": (None, ""),
            "bus_count": (0, None),
        }
    minutes, route = min(coming)
    return {
        "bus_next_minutes": (minutes, route),
        # about two minutes a stop
        "bus_next_stops": (minutes // 2, None),
        "bus_count": (len(coming), None),
    }


MONTHLY = frozenset({"population_dongmun1", "households_dongmun1"})


def month_start(moment: dt.datetime) -> dt.datetime:
    """The first instant of ``moment``'s month in Asia/Seoul: the end of the
    month before, which is when monthly statistics are dated."""
    local = moment.astimezone(SEOUL)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _monthly(seed: int, local: dt.datetime) -> dict[str, float]:
    """동문1동's figures for ``local``'s month: they change once a month, as
    the statistics do."""
    month = (local.year - EPOCH.year) * 12 + local.month - 1
    population, households = DONGMUN1
    return {
        "population_dongmun1": population
        + 6 * month
        + round(15 * _noise(seed, "pop-dongmun1", month)),
        "households_dongmun1": households
        + 5 * month
        + round(8 * _noise(seed, "hh-dongmun1", month)),
    }


def values(seed: int, moment: dt.datetime) -> dict[str, Value]:
    """Every demo field at ``moment``: field -> (value, text)."""
    local = moment.astimezone(SEOUL)
    hours = moment.timestamp() / 3600
    days = (local.date() - EPOCH).days
    result: dict[str, Value] = {}
    numbers: dict[str, float | None] = {
        **_weather(seed, local, hours),
        "population": 180_173 + 3 * days + round(3 * _noise(seed, "pop", days)),
        "households": 84_142 + 2 * days + round(2 * _noise(seed, "hh", days)),
        "notices_count": (
            0
            if _open_hours(local.date()) is None
            else 3 + round(2 * _noise(seed, "notice", days))
        ),
        **_queue(seed, local),
        "parking_free": _parking(seed, local, hours),
        **_bus_minutes(seed, local),
        # the newest complete month, as the statistics publish it
        **_monthly(seed, month_start(local) - dt.timedelta(seconds=1)),
        "parking_main_spaces": PARKING_MAIN[0],
    }
    pm10, pm25 = float(numbers["pm10"] or 0), float(numbers["pm25"] or 0)
    numbers["khai"] = round(max(0.9 * pm10 + 15, 1.6 * pm25 + 20))
    for name, value in numbers.items():
        text = "운행 종료" if name.startswith("bus_") and value is None else None
        result[name] = (value, text)
    result.update(
        _next_bus({f"bus_{r}_minutes": numbers[f"bus_{r}_minutes"] for r in BUSES})
    )
    result["parking_main_hours"] = (None, PARKING_MAIN[1])
    khai = float(numbers["khai"] or 0)
    for kind, value in (("pm10", pm10), ("pm25", pm25), ("khai", khai)):
        result[f"{kind}_grade"] = air_grade(kind, value)
    return result


def _readings(seed: int, moment: dt.datetime, skip: str = "") -> list[Reading]:
    """The readings at ``moment``; monthly figures dated the end of their month."""
    monthly_as_of = month_start(moment)
    return [
        Reading(
            "",
            name,
            monthly_as_of if name in MONTHLY else moment,
            value,
            text,
            UNITS[name],
            SOURCE,
        )
        for name, (value, text) in values(seed, moment).items()
        if not (skip and name.startswith(skip))
    ]


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Every demo field at ``now`` (to the minute)."""
    assert isinstance(config, DemoFeedConfig)
    minute = now.astimezone(dt.UTC).replace(second=0, microsecond=0)
    return _readings(config.seed, minute)


def backfill(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The last ``backfill_days`` days on the hour (bus arrivals have no history)."""
    assert isinstance(config, DemoFeedConfig)
    start = now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    hours = config.backfill_days * 24
    return [
        reading
        for back in range(hours, 0, -1)
        for reading in _readings(config.seed, start - dt.timedelta(hours=back), "bus_")
    ]
