"""TAGO bus arrivals against a local HTTP server serving real (and list-shape
derived) answers: tests/data/feeds/real/SOURCES.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from data_feeds import demo
from data_feeds.config import TagoFeedConfig
from data_feeds.refresh import refresh_feed
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

DATA = Path(__file__).parent / "data" / "feeds"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
KEY = "abc+DEF/ghi=="  # a Decoding-form key
ENCODED = "abc%2BDEF%2Fghi%3D%3D"  # the same key in its Encoding form
PATH = "/1613000/ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList"
FIELDS = (
    "bus_next_minutes",
    "bus_next_stops",
    "bus_count",
    "bus_r11_minutes",
    "bus_r700_minutes",
    "bus_r12_minutes",
)


def real(name: str = "real/tago_arrivals_cheonan_4_items.json") -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = doc["response"]["body"]["items"]["item"]
    return found


@pytest.fixture
def config(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> TagoFeedConfig:
    monkeypatch.setenv("TAGO_KEY", KEY)
    return TagoFeedConfig(
        type="tago",
        node_id="CAB285000686",
        routes={"11": "r11", "700": "r700", "12": "r12"},
        base_url=server.url + "/1613000/ArvlInfoInqireService",
        timeout_seconds=0.5,
    )


@pytest.fixture
def probe(tmp_path: Path, config: TagoFeedConfig) -> Probe:
    return Probe(new_store(tmp_path), "bus", config, "bus_next_minutes")


def shown(probe: Probe) -> dict[str, tuple[float | None, str | None]]:
    """Each field's newest stored value and text."""
    found = {}
    for field in FIELDS:
        reading = probe.store.latest("bus", field)
        if reading is not None:
            found[field] = (reading.value, reading.text)
    return found


def test_real_answer_the_soonest_bus_of_an_unsorted_list(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=real())
    assert probe.refresh(NOW).ok
    # 11 comes in 263 s (4 min, 3 stops); 700 in 560 s; 12 is not listed
    assert shown(probe) == {
        "bus_next_minutes": (4, "11"),
        "bus_next_stops": (3, None),
        "bus_count": (4, None),
        "bus_r11_minutes": (4, "11"),
        "bus_r700_minutes": (9, "700"),
        "bus_r12_minutes": (None, ""),
    }
    latest = probe.store.latest("bus", "bus_next_minutes")
    assert latest is not None and (latest.unit, latest.as_of) == ("분", NOW)
    assert probe.state(NOW) == "fresh"
    path, query, _ = server.requests[-1]
    assert path == PATH
    assert {k: v for k, v in query.items() if k != "serviceKey"} == {
        "cityCode": ["34050"],
        "nodeId": ["CAB285000686"],
        "_type": ["json"],
        "numOfRows": ["100"],
        "pageNo": ["1"],
    }


def test_one_bus_listed_as_an_object(probe: Probe, server: FakeServer) -> None:
    server.set(json_body=real("derived/tago_arrivals_cheonan_1_item.json"))
    assert probe.refresh(NOW).ok
    assert shown(probe) == {
        "bus_next_minutes": (4, "11"),
        "bus_next_stops": (3, None),
        "bus_count": (1, None),
        "bus_r11_minutes": (4, "11"),
        "bus_r700_minutes": (None, ""),
        "bus_r12_minutes": (None, ""),
    }


def test_no_bus_is_data_not_a_failure(probe: Probe, server: FakeServer) -> None:
    server.set(json_body=real())
    assert probe.refresh(NOW).ok
    server.set(json_body=real("derived/tago_arrivals_cheonan_0_items.json"))
    later = NOW + dt.timedelta(minutes=1)
    outcome = probe.refresh(later)
    assert outcome.ok and outcome.error is None
    # the last bus's minutes are not shown on: the tile says "no bus"
    assert shown(probe) == {
        "bus_next_minutes": (None, ""),
        "bus_next_stops": (None, ""),
        "bus_count": (0, None),
        "bus_r11_minutes": (None, ""),
        "bus_r700_minutes": (None, ""),
        "bus_r12_minutes": (None, ""),
    }
    assert probe.state(later) == "fresh"


def test_numbers_as_strings_read_the_same(probe: Probe, server: FakeServer) -> None:
    doc = real()
    for item in items(doc):
        for key in ("routeno", "arrtime", "arrprevstationcnt"):
            item[key] = str(item[key])
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    assert shown(probe)["bus_next_minutes"] == (4, "11")
    assert shown(probe)["bus_next_stops"] == (3, None)
    assert shown(probe)["bus_r700_minutes"] == (9, "700")


def test_arriving_now_is_zero_minutes(probe: Probe, server: FakeServer) -> None:
    doc = real()
    items(doc)[3]["arrtime"] = 59  # route 201, under a minute away
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    assert shown(probe)["bus_next_minutes"] == (0, "201")


def test_a_dash_in_the_stops_fails_that_field_alone(
    tmp_path: Path, config: TagoFeedConfig, server: FakeServer
) -> None:
    store = new_store(tmp_path)
    doc = real()
    items(doc)[1]["arrprevstationcnt"] = "-"  # route 11, the soonest
    server.set(json_body=doc)
    outcome = refresh_feed("bus", config, store, NOW, used={"bus_next_minutes"})
    # the tile's field is good: the feed is up, the failing field is named
    assert outcome.ok
    assert outcome.failing_fields == {
        "bus_next_stops": "arrprevstationcnt of route 11 has no value ('-')"
    }
    minutes = store.latest("bus", "bus_next_minutes")
    assert minutes is not None and (minutes.value, minutes.text) == (4, "11")
    health = store.feed_health("bus")
    assert health is not None and not health.fields["bus_next_stops"].ok


def test_an_empty_arrtime_leaves_that_bus_out(
    tmp_path: Path, config: TagoFeedConfig, server: FakeServer
) -> None:
    store = new_store(tmp_path)
    doc = real()
    items(doc)[1]["arrtime"] = ""  # route 11 cannot be placed
    server.set(json_body=doc)
    outcome = refresh_feed("bus", config, store, NOW, used={"bus_next_minutes"})
    assert outcome.ok
    assert outcome.failing_fields == {
        "bus_r11_minutes": "arrtime of route 11 has no value ('')"
    }
    minutes = store.latest("bus", "bus_next_minutes")
    assert minutes is not None and (minutes.value, minutes.text) == (9, "700")
    count = store.latest("bus", "bus_count")
    assert count is not None and count.value == 4


def test_key_not_registered_keeps_the_last_bus_and_says_why(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=real())
    assert probe.refresh(NOW).ok
    body = (DATA / "real/gateway_30_key_not_registered_http403.xml").read_text()
    server.set(body, status=403, content_type="text/xml;charset=UTF-8")
    probe.fails(
        NOW + dt.timedelta(minutes=1),
        1,
        f"HTTP 403: 127.0.0.1{PATH} answered: the key is not registered for this "
        "API yet "
        "(code 30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR, '등록되지 않은 서비스키')",
    )
    assert probe.value() == 4


@pytest.mark.parametrize("form", [KEY, ENCODED])
def test_either_key_form_reaches_the_server_encoded_once(
    probe: Probe, server: FakeServer, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.setenv("TAGO_KEY", form)
    server.set(json_body=real())
    assert probe.refresh(NOW).ok
    raw = server.raw_queries[-1]
    assert f"serviceKey={ENCODED}" in raw.split("&")
    assert "%25" not in raw


def test_demo_simulates_the_next_bus() -> None:
    monday = dt.datetime(2025, 11, 24, 8, 0, tzinfo=KST)
    seen = set()
    for minute in range(0, 60):
        values = demo.values(0, monday + dt.timedelta(minutes=minute))
        value, route = values["bus_next_minutes"]
        assert value is not None and route in demo.BUSES
        assert value == min(
            v for r in demo.BUSES if (v := values[f"bus_{r}_minutes"][0]) is not None
        )
        assert values["bus_count"][0] == len(demo.BUSES)
        stops = values["bus_next_stops"][0]
        assert stops is not None and 0 <= stops <= value
        seen.add(route)
    assert len(seen) >= 2  # the next bus is not always the same route
    night = demo.values(0, dt.datetime(2025, 11, 24, 3, 0, tzinfo=KST))
    assert night["bus_next_minutes"] == (None, "")
    assert night["bus_next_stops"] == (None, "")
    assert night["bus_count"] == (0, None)
