"""Registered population and households (행정안전부 행정동별 주민등록 인구 및 세대현황).

``admmPpltnHhStus/selectAdmmPpltnHhStus`` answers per month (``statsYm``
YYYYMM) in ``Response.items.item[]`` with ``totNmprCnt``, ``hhCnt``,
``maleNmprCnt``, ``femlNmprCnt`` and the area's names (``sggNm``,
``dongNm``); its header is ``Response.head`` with ``resultCode`` "0".
One request per refresh asks for the last ``months_back`` complete months
(``srchFrYm``..``srchToYm``) at the 읍·면·동 level (``lv=3``) of the city's
행정기관코드 (``admmCd``), everyone registered (``regSeCd=1``).

The city total is the answer's own row for the city (``admmCd`` equal to the
city's code, or a row naming the city with no 읍·면·동), and when the answer
has no such row, the sum of its 읍·면·동 rows (rows of 통·반, if any, are never
added). Fields: ``population``, ``households``, ``population_male``,
``population_female``, and for each 읍·면·동 under ``dongs:``
``population_<id>`` and ``households_<id>``. Every month in the answer is
stored (for monthly deltas); the newest decides each field's health.

A month's figures are dated the end of that month (the first instant of the
next, Asia/Seoul): they are monthly figures, never "today's".
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_core.readings import Reading

from . import portal
from .base import FeedError, number
from .config import FeedBase, PopulationFeedConfig
from .http_json import portal_json, resolve

OPERATION = "selectAdmmPpltnHhStus"
SOURCE = "행정안전부 주민등록 인구 및 세대현황"
SEOUL = ZoneInfo("Asia/Seoul")
# city field -> (item key, unit)
TOTALS = {
    "population": ("totNmprCnt", "명"),
    "households": ("hhCnt", "세대"),
    "population_male": ("maleNmprCnt", "명"),
    "population_female": ("femlNmprCnt", "명"),
}
# 읍·면·동 field prefix -> (item key, unit)
DONG_VALUES = {"population": ("totNmprCnt", "명"), "households": ("hhCnt", "세대")}

Month = tuple[int, int]


def shift(month: Month, months: int) -> Month:
    """``month`` moved by ``months`` (negative: back)."""
    index = month[0] * 12 + month[1] - 1 + months
    return index // 12, index % 12 + 1


def month_end(month: Month) -> dt.datetime:
    """The end of a stats month: the first instant of the next, Asia/Seoul, in UTC."""
    year, next_month = shift(month, 1)
    return dt.datetime(year, next_month, 1, tzinfo=SEOUL).astimezone(dt.UTC)


def months_asked(now: dt.datetime, months_back: int) -> tuple[Month, Month]:
    """The first and last month to ask for: ending with the last complete month."""
    local = now.astimezone(SEOUL)
    last = shift((local.year, local.month), -1)
    return shift(last, 1 - months_back), last


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value).strip()


def _month_of(item: dict[str, Any]) -> Month | None:
    raw = _text(item, "statsYm")
    if len(raw) != 6 or not raw.isdigit() or not 1 <= int(raw[4:]) <= 12:
        return None
    return int(raw[:4]), int(raw[4:])


def _label(month: Month) -> str:
    return f"{month[0]}-{month[1]:02d}"


def _value(item: dict[str, Any], key: str, what: str) -> float:
    if key not in item:
        raise FeedError(f"{key} of {what} is missing from the answer")
    return number(item[key], f"{key} of {what}")


def _month_readings(
    config: PopulationFeedConfig, month: Month, rows: list[dict[str, Any]]
) -> tuple[list[Reading], dict[str, str]]:
    """One month's readings, and the fields that failed, with why."""
    as_of = month_end(month)
    label = _label(month)
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    areas = [r for r in rows if not _text(r, "tong") and not _text(r, "ban")]
    dongs = [r for r in areas if _text(r, "dongNm")]
    totals = [
        r
        for r in areas
        if _text(r, "admmCd") == config.admm_code
        or (not _text(r, "dongNm") and _text(r, "sggNm"))
    ]

    for field, (key, unit) in TOTALS.items():
        if not totals and not dongs:
            problems[field] = f"no row for the city in the statistics of {label}"
            continue
        try:
            if totals:
                value = _value(totals[0], key, "the city")
            else:
                value = sum(_value(r, key, _text(r, "dongNm")) for r in dongs)
        except FeedError as err:
            problems[field] = str(err)
            continue
        readings.append(Reading("", field, as_of, value, None, unit, SOURCE))
    for name, ident in config.dongs.items():
        found = [r for r in dongs if _text(r, "dongNm") == name.strip()]
        for prefix, (key, unit) in DONG_VALUES.items():
            field = f"{prefix}_{ident.replace('-', '_')}"
            if not found:
                problems[field] = f"no 읍·면·동 '{name}' in the statistics of {label}"
                continue
            try:
                value = _value(found[0], key, name)
            except FeedError as err:
                problems[field] = str(err)
                continue
            readings.append(Reading("", field, as_of, value, None, unit, SOURCE))
    return readings, problems


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The city's and each configured 읍·면·동's figures of the recent months."""
    assert isinstance(config, PopulationFeedConfig)
    first, last = months_asked(now, config.months_back)
    params = {
        "admmCd": config.admm_code,
        "srchFrYm": f"{first[0]}{first[1]:02d}",
        "srchToYm": f"{last[0]}{last[1]:02d}",
        "lv": "3",
        "regSeCd": "1",
        "type": "JSON",
        "numOfRows": "1000",
        "pageNo": "1",
    }
    url = f"{config.base_url.rstrip('/')}/{OPERATION}"
    where = "행정안전부 인구통계"
    data = portal_json(url, params, config.timeout_seconds, config.key_env)
    items = portal.items(resolve(data, "Response.items"), "Response.items")
    by_month: dict[Month, list[dict[str, Any]]] = {}
    for item in items:
        month = _month_of(item)
        # a month that has not ended yet is not a month's figure
        if month is not None and month_end(month) <= now:
            by_month.setdefault(month, []).append(item)
    if not by_month:
        raise FeedError(
            f"{where} has no statistics for {config.admm_code} from "
            f"{_label(first)} to {_label(last)} (the newest month is published "
            "some days into the next)"
        )
    months = sorted(by_month)
    readings, problems = _month_readings(config, months[-1], by_month[months[-1]])
    for month in months[:-1]:
        readings += _month_readings(config, month, by_month[month])[0]
    if problems:
        raise FeedError("", readings, problems)
    return readings
