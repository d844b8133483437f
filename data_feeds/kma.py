"""KMA ultra-short-term nowcast (기상청 초단기실황, ``getUltraSrtNcst``) for one grid.

The observation of hour HH is published about ten minutes past it: before
HH:10 (``available_after_minutes``) the previous hour is asked for, and when
the service still answers ``03 NO_DATA`` the hour before that is asked for
(``no_data_fallback_hours``) before the refresh fails. The same service on
KMA's API hub (``apihub.kma.go.kr``) takes ``authKey`` instead of ``serviceKey``.
A missing observation (-998.9, 900 and over) fails its own field only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_core.readings import Reading

from . import portal
from .base import FeedError, number
from .config import FeedBase, KmaFeedConfig
from .http_json import portal_json, resolve

OPERATION = "getUltraSrtNcst"
SOURCE = "기상청 초단기실황"
SEOUL = ZoneInfo("Asia/Seoul")
# category -> (field, unit)
CATEGORIES = {
    "T1H": ("temperature", "℃"),
    "REH": ("humidity", "%"),
    "WSD": ("wind_speed", "m/s"),
    "VEC": ("wind_direction", "deg"),
    "RN1": ("rain_1h", "mm"),
    "PTY": ("precipitation_type", ""),
}
PRECIPITATION = {
    0: "없음",
    1: "비",
    2: "비/눈",
    3: "눈",
    5: "빗방울",
    6: "빗방울눈날림",
    7: "눈날림",
}


def base_moment(now: dt.datetime, available_after_minutes: int = 10) -> dt.datetime:
    """The newest published observation hour at ``now``, in Asia/Seoul."""
    local = now.astimezone(SEOUL) - dt.timedelta(minutes=available_after_minutes)
    return local.replace(minute=0, second=0, microsecond=0)


def base_params(now: dt.datetime, available_after_minutes: int = 10) -> dict[str, str]:
    """``base_date`` (YYYYMMDD) and ``base_time`` (HH00) to ask for at ``now``."""
    moment = base_moment(now, available_after_minutes)
    return {
        "base_date": moment.strftime("%Y%m%d"),
        "base_time": moment.strftime("%H00"),
    }


# RN1 in words when no rain fell (the forecasts' way; the nowcast uses 0)
NO_RAIN = {"강수없음", "0mm"}


def _value(item: dict[str, Any]) -> float:
    category = item.get("category")
    raw = item.get("obsrValue")
    if category == "RN1" and str(raw).strip() in NO_RAIN:
        return 0.0
    value = number(raw, f"obsrValue of {category}")
    if value >= 900 or value <= -900:  # KMA marks a missing observation as -999 etc.
        raise FeedError(f"obsrValue of {category} is missing ({value:g})")
    return value


def _ask(config: KmaFeedConfig, base: dt.datetime) -> list[dict[str, Any]]:
    """The observations of the hour ``base`` (GatewayError with the service's code)."""
    params = {
        "pageNo": "1",
        "numOfRows": "100",
        "dataType": "JSON",
        "base_date": base.strftime("%Y%m%d"),
        "base_time": base.strftime("%H00"),
        "nx": str(config.nx),
        "ny": str(config.ny),
    }
    url = f"{config.base_url.rstrip('/')}/{OPERATION}"
    data = portal_json(
        url, params, config.timeout_seconds, config.key_env, config.key_parameter
    )
    path = "response.body.items"
    return portal.items(resolve(data, path), path)


def _observations(config: KmaFeedConfig, now: dt.datetime) -> list[dict[str, Any]]:
    """The newest published hour's observations, going back an hour at a time
    while the service answers NO_DATA (at most ``no_data_fallback_hours``)."""
    base = base_moment(now, config.available_after_minutes)
    for step in range(config.no_data_fallback_hours + 1):
        try:
            items = _ask(config, base - dt.timedelta(hours=step))
        except portal.GatewayError as err:
            if err.code != "03" or step == config.no_data_fallback_hours:
                raise
            continue
        if items or step == config.no_data_fallback_hours:
            return items
    return []


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The latest observation: temperature, humidity, wind, rain."""
    assert isinstance(config, KmaFeedConfig)
    items = _observations(config, now)
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    seen: set[str] = set()
    for item in items:
        category = str(item.get("category"))
        if category not in CATEGORIES:
            continue  # UUU/VVV wind components are not shown
        field, unit = CATEGORIES[category]
        try:
            local = dt.datetime.strptime(
                f"{item.get('baseDate')}{item.get('baseTime')}", "%Y%m%d%H%M"
            ).replace(tzinfo=SEOUL)
            value = _value(item)
        except ValueError:
            problems[field] = f"baseDate/baseTime of {category} is not a date and time"
            continue
        except FeedError as err:
            problems[field] = str(err)
            continue
        seen.add(category)
        text = PRECIPITATION.get(int(value)) if category == "PTY" else None
        readings.append(
            Reading("", field, local.astimezone(dt.UTC), value, text, unit, SOURCE)
        )
    for category in config.required:
        field = CATEGORIES[category][0]
        if category not in seen and field not in problems:
            problems[field] = f"{category} is missing from the answer"
    if not readings and not problems:
        raise FeedError("KMA answered with no observations")
    if problems:
        raise FeedError("", readings, problems)
    return readings
