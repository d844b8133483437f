"""KMA ultra-short-term nowcast (기상청 초단기실황, ``getUltraSrtNcst``) for one grid.

The observation of hour HH is published about ten minutes past it: before
HH:10 (``available_after_minutes``) the previous hour is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_core.readings import Reading

from .base import FeedError, number
from .config import FeedBase, KmaFeedConfig
from .http_json import get_text, parse_json, resolve, service_key

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


def _value(item: dict[str, Any]) -> float:
    category = item.get("category")
    value = number(item.get("obsrValue"), f"obsrValue of {category}")
    if value >= 900 or value <= -900:  # KMA marks a missing observation as -999 etc.
        raise FeedError(f"obsrValue of {category} is missing ({value:g})")
    return value


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The latest observation: temperature, humidity, wind, rain."""
    assert isinstance(config, KmaFeedConfig)
    asked = base_params(now, config.available_after_minutes)
    params = {
        "pageNo": "1",
        "numOfRows": "100",
        "dataType": "JSON",
        **asked,
        "nx": str(config.nx),
        "ny": str(config.ny),
    }
    url = f"{config.base_url.rstrip('/')}/{OPERATION}"
    raw = service_key(config.key_env)
    data = parse_json(
        get_text(url, params, config.timeout_seconds, raw_params=raw), "KMA"
    )
    code = str(resolve(data, "response.header.resultCode"))
    if code != "00":
        message = str(data["response"]["header"].get("resultMsg", ""))[:80]
        raise FeedError(f"KMA answered {code} {message}".strip())
    items = resolve(data, "response.body.items.item")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise FeedError("response.body.items.item is not a list of observations")
    readings: list[Reading] = []
    problems: list[str] = []
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
            problems.append(f"baseDate/baseTime of {category} is not a date and time")
            continue
        except FeedError as err:
            problems.append(str(err))
            continue
        seen.add(category)
        text = PRECIPITATION.get(int(value)) if category == "PTY" else None
        readings.append(
            Reading("", field, local.astimezone(dt.UTC), value, text, unit, SOURCE)
        )
    missing = [c for c in config.required if c not in seen]
    problems += [
        f"{c} is missing from the answer"
        for c in missing
        if not any(p.startswith(f"obsrValue of {c}") for p in problems)
    ]
    if problems:
        raise FeedError("; ".join(problems), readings)
    return readings
