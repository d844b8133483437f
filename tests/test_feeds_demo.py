"""The demo feed: deterministic, realistic Seosan values with history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from data_feeds import demo
from data_feeds.config import DemoFeedConfig
from data_feeds.runner import FeedRunner
from tests.fakes.probe import new_store

KST = ZoneInfo("Asia/Seoul")
WEDNESDAY = dt.datetime(2025, 11, 26, 0, 0, tzinfo=KST)
CONFIG_FIELDS = {
    "temperature",
    "pm10",
    "pm25",
    "population",
    "households",
    "queue_waiting",
    "applications_today",
    "parking_free",
}


def at(day: dt.datetime, hour: float) -> dict[str, float | None]:
    moment = day + dt.timedelta(hours=hour)
    return {name: value for name, (value, _) in demo.values(0, moment).items()}


def test_same_seed_and_time_same_values_other_seed_differs() -> None:
    moment = WEDNESDAY + dt.timedelta(hours=10)
    assert demo.values(0, moment) == demo.values(0, moment)
    assert demo.values(0, moment) != demo.values(1, moment)


def test_provides_the_shipped_config_fields_and_more() -> None:
    fields = set(at(WEDNESDAY, 10))
    assert CONFIG_FIELDS <= fields
    assert {
        "humidity",
        "wind_speed",
        "khai",
        "khai_grade",
        "notices_count",
        "queue_passport_called",
        "queue_passport_waiting",
        "bus_1_minutes",
    } <= fields
    assert len(fields) >= 16


def test_realistic_late_november_day() -> None:
    temperatures = [at(WEDNESDAY, h)["temperature"] for h in range(24)]
    assert all(-5 <= t <= 16 for t in temperatures)
    assert temperatures[14] > temperatures[5]
    noon = at(WEDNESDAY, 12)
    assert 175_000 < noon["population"] < 190_000
    assert 80_000 < noon["households"] < 90_000
    assert 5 <= noon["pm10"] <= 200 and noon["pm25"] <= noon["pm10"]


def test_queue_follows_office_hours() -> None:
    night, morning, lunch = at(WEDNESDAY, 3), at(WEDNESDAY, 10.5), at(WEDNESDAY, 12.5)
    assert night["queue_waiting"] == 0 and night["applications_today"] == 0
    assert morning["queue_waiting"] > lunch["queue_waiting"] > 0
    saturday = WEDNESDAY + dt.timedelta(days=3)
    assert at(saturday, 10.5)["queue_waiting"] == 0
    applications = [at(WEDNESDAY, h)["applications_today"] for h in range(9, 19)]
    assert applications == sorted(applications) and applications[-1] > 100
    assert at(WEDNESDAY, 3)["parking_free"] > at(WEDNESDAY, 10.5)["parking_free"] + 100


def test_first_refresh_backfills_history(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    now = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
    runner = FeedRunner(store)
    try:
        outcome = runner.refresh(
            {"demo": DemoFeedConfig(type="demo", backfill_days=8)}, now
        )["demo"]
    finally:
        runner.close()
    assert outcome.ok and outcome.stored > 8 * 24 * 20
    day = store.change_since("demo", "population", dt.timedelta(days=1))
    week = store.change_since("demo", "applications_today", dt.timedelta(days=7))
    assert day is not None and abs(day.difference) < 20
    assert week is not None and week.earlier.as_of < now - dt.timedelta(days=6)
    points = store.samples("demo", "temperature", now - dt.timedelta(days=7), now, 48)
    assert 40 <= len(points) <= 48
    latest = store.latest("demo", "temperature")
    assert latest is not None and latest.as_of == now.replace(second=0)
