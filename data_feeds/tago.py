"""Bus arrivals at one stop (TAGO 정류소별 도착예정정보).

``getSttnAcctoArvlPrearngeInfoList``: one request per refresh (``cityCode``,
``nodeId``, ``_type=json``); the answer lists each coming bus with
``routeno``, ``arrtime`` (seconds) and ``arrprevstationcnt`` (stops still to
go), in no particular order, and as numbers or strings. Fields written:

- ``bus_next_minutes``: the soonest bus, ``arrtime // 60`` as arrival boards
  show it (0: arriving now), its route number as text; ``bus_next_stops``:
  its stops to go; ``bus_count``: the buses listed;
- ``bus_<id>_minutes`` for each route under ``routes:`` (the soonest bus of
  that route, its number as text).

No bus coming is normal (late at night; ``items`` is ``""``): ``bus_count`` is
0 and the minute and stop fields are stored with no value and text ``""``, so
a tile shows its own "no bus" wording instead of the last bus's minutes; a
configured route missing from the list likewise. A bus whose ``arrtime`` is
not a number is left out of the minutes (it cannot be placed); when no listed
bus has one, the minute field fails with that cause.

At the default interval (60 s) a key makes 1,440 requests a day: a
development key's daily quota may be smaller (the gateway's code 22 then says
so on ``/status``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from kiosk_core.readings import Reading

from . import portal
from .base import FeedError, number
from .config import FeedBase, TagoFeedConfig
from .http_json import portal_json, resolve

OPERATION = "getSttnAcctoArvlPrearngeInfoList"
SOURCE = "국토교통부 TAGO 버스도착정보"


@dataclasses.dataclass(frozen=True)
class Arrival:
    """One listed bus: route number, minutes to go, stops to go (raw)."""

    route: str
    minutes: int
    stops: object


def route_number(value: object) -> str:
    """``routeno`` as text: 12 and "12" alike (a JSON 12.0 too)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _items(data: Any) -> list[dict[str, Any]]:
    """The listed buses; none when ``items`` is "" or absent with totalCount 0."""
    body = resolve(data, "response.body")
    if isinstance(body, dict) and "items" not in body:
        if str(body.get("totalCount", "")).strip() in {"0", ""}:
            return []
    return portal.items(resolve(data, "response.body.items"), "response.body.items")


def _arrivals(items: list[dict[str, Any]]) -> tuple[list[Arrival], dict[str, str]]:
    """The buses that can be placed (soonest first), and why others cannot,
    by route number."""
    arrivals: list[Arrival] = []
    unplaced: dict[str, str] = {}
    for item in items:
        route = route_number(item.get("routeno"))
        try:
            seconds = number(item.get("arrtime"), f"arrtime of route {route or '?'}")
        except FeedError as err:
            unplaced.setdefault(route, str(err))
            continue
        minutes = max(int(seconds // 60), 0)
        arrivals.append(Arrival(route, minutes, item.get("arrprevstationcnt")))
    arrivals.sort(key=lambda a: a.minutes)
    return arrivals, unplaced


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The soonest bus, the buses listed, and the soonest of each configured route."""
    assert isinstance(config, TagoFeedConfig)
    params = {
        "cityCode": config.city_code,
        "nodeId": config.node_id,
        "_type": "json",
        "numOfRows": "100",
        "pageNo": "1",
    }
    url = f"{config.base_url.rstrip('/')}/{OPERATION}"
    data = portal_json(url, params, config.timeout_seconds, config.key_env)
    items = _items(data)
    arrivals, unplaced = _arrivals(items)

    def reading(
        field: str, value: float | None, text: str | None, unit: str
    ) -> Reading:
        return Reading("", field, now, value, text, unit, SOURCE)

    readings = [reading("bus_count", float(len(items)), None, "대")]
    problems: dict[str, str] = {}
    if arrivals:
        first = arrivals[0]
        readings.append(
            reading("bus_next_minutes", float(first.minutes), first.route, "분")
        )
        try:
            stops = number(first.stops, f"arrprevstationcnt of route {first.route}")
            readings.append(reading("bus_next_stops", stops, None, "정류장"))
        except FeedError as err:
            problems["bus_next_stops"] = str(err)
    elif unplaced:
        problems["bus_next_minutes"] = next(iter(unplaced.values()))
        problems["bus_next_stops"] = problems["bus_next_minutes"]
    else:
        readings.append(reading("bus_next_minutes", None, "", "분"))
        readings.append(reading("bus_next_stops", None, "", "정류장"))
    by_id: dict[str, list[str]] = {}
    for route, ident in config.routes.items():
        by_id.setdefault(ident.replace("-", "_"), []).append(route_number(route))
    for ident, routes in by_id.items():
        field = f"bus_{ident}_minutes"
        soonest = next((a for a in arrivals if a.route in routes), None)
        if soonest is not None:
            readings.append(reading(field, float(soonest.minutes), soonest.route, "분"))
        elif any(route in unplaced for route in routes):
            problems[field] = next(unplaced[r] for r in routes if r in unplaced)
        else:
            readings.append(reading(field, None, "", "분"))
    if problems:
        raise FeedError("", readings, problems)
    return readings
