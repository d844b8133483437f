"""AirKorea real-time air quality by station (에어코리아 측정소별 실시간 측정정보).

``getMsrstnAcctoRltmMesureDnsty`` with ``dataTerm=DAILY`` returns the last 24
hours, newest first: every hour is stored (sparklines from the first start).
A "-" (or a flag such as 통신장애 with no value) in the newest hour fails that
field alone: the others are stored, and the feed is down only when a tile
shows the failing field.

Two PM bases: ``pm10``/``pm25`` are the last hour's values, graded here with
the Korean scale (what the air is like now, as the tiles show by default);
``pm10_24h``/``pm25_24h`` are AirKorea's 24-hour moving averages, the basis of
its own ``pm10Grade``/``pm25Grade`` (so a tile on them agrees with AirKorea's
app). A tile chooses by its ``field``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_core.grades import air_grade, air_grade_name
from kiosk_core.readings import Reading

from . import portal
from .base import FeedError, number
from .config import AirKoreaFeedConfig, FeedBase
from .http_json import portal_json, resolve

OPERATION = "getMsrstnAcctoRltmMesureDnsty"
SOURCE = "에어코리아 (한국환경공단)"
SEOUL = ZoneInfo("Asia/Seoul")
# field -> (item key, unit)
VALUES = {
    "pm10": ("pm10Value", "㎍/㎥"),
    "pm25": ("pm25Value", "㎍/㎥"),
    "pm10_24h": ("pm10Value24", "㎍/㎥"),
    "pm25_24h": ("pm25Value24", "㎍/㎥"),
    "o3": ("o3Value", "ppm"),
    "no2": ("no2Value", "ppm"),
    "co": ("coValue", "ppm"),
    "so2": ("so2Value", "ppm"),
    "khai": ("khaiValue", ""),
}
# fields whose grade is worked out from the value, by scale (KHAI's comes
# with the answer)
GRADED = {"pm10": "pm10", "pm25": "pm25", "pm10_24h": "pm10", "pm25_24h": "pm25"}


def data_time(text: object) -> dt.datetime:
    """AirKorea's "YYYY-MM-DD HH:MM" (KST; "24:00" is the next midnight) in UTC."""
    raw = str(text or "").strip()
    try:
        day, clock = raw.split(" ")
        hour, minute = (int(part) for part in clock.split(":"))
        local = dt.datetime.fromisoformat(day).replace(tzinfo=SEOUL)
        local += dt.timedelta(hours=hour, minutes=minute)
    except ValueError:
        raise FeedError(f"dataTime is not a date and time: {raw[:40]!r}") from None
    return local.astimezone(dt.UTC)


def _flag(item: dict[str, Any], key: str) -> str:
    """The station's flag for a value (통신장애, 점검및교정, ...), as " (flag)"."""
    flag = item.get(key.replace("Value24", "Flag").replace("Value", "Flag"))
    return f" ({str(flag).strip()[:20]})" if flag and str(flag).strip() else ""


def _hour(
    config: AirKoreaFeedConfig, item: dict[str, Any]
) -> tuple[list[Reading], dict[str, str]]:
    as_of = data_time(item.get("dataTime"))
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    for field in config.fields:
        key, unit = VALUES[field]
        if key not in item:
            problems[field] = f"{key} is missing from the answer"
            continue
        try:
            value = number(item[key], key)
        except FeedError as err:
            problems[field] = f"{err}{_flag(item, key)}"
            continue
        readings.append(Reading("", field, as_of, value, None, unit, SOURCE))
        if field in GRADED:
            level, name = air_grade(GRADED[field], value)
            readings.append(
                Reading("", f"{field}_grade", as_of, level, name, "", SOURCE)
            )
        if field == "khai" and str(item.get("khaiGrade")).strip() in set("1234"):
            level = int(item["khaiGrade"])
            readings.append(
                Reading(
                    "", "khai_grade", as_of, level, air_grade_name(level), "", SOURCE
                )
            )
    return readings, problems


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The station's last 24 hours; FeedError when the newest hour lacks a value."""
    assert isinstance(config, AirKoreaFeedConfig)
    params = {
        "returnType": "json",
        "numOfRows": "24",
        "pageNo": "1",
        "stationName": config.station,
        "dataTerm": "DAILY",
        "ver": "1.3",
    }
    url = f"{config.base_url.rstrip('/')}/{OPERATION}"
    data = portal_json(url, params, config.timeout_seconds, config.key_env)
    items = portal.items(resolve(data, "response.body.items"), "response.body.items")
    if not items:
        raise FeedError(f"AirKorea has no measurements for station '{config.station}'")
    items = sorted(items, key=lambda i: data_time(i.get("dataTime")), reverse=True)
    readings, problems = _hour(config, items[0])
    for item in items[1:]:
        readings += _hour(config, item)[0]
    if problems:
        raise FeedError("", readings, problems)
    return readings
