"""KMA nowcast adapter against a local HTTP server with a recorded answer."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data_feeds import kma
from data_feeds.config import KmaFeedConfig
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

DATA = Path(__file__).parent / "data" / "feeds"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)


def recorded(base_time: str = "1400") -> dict:
    """The recorded nowcast for grid 51,110 (14:00 KST), at another hour if asked."""
    doc = json.loads((DATA / "kma_ncst.json").read_text(encoding="utf-8"))
    for item in doc["response"]["body"]["items"]["item"]:
        item["baseTime"] = base_time
    return doc


def with_value(category: str, value: object, base_time: str = "1400") -> dict:
    """The recorded nowcast with one category's value replaced."""
    doc = copy.deepcopy(recorded(base_time))
    for item in doc["response"]["body"]["items"]["item"]:
        if item["category"] == category:
            item["obsrValue"] = value
    return doc


@pytest.fixture
def probe(tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Probe:
    monkeypatch.setenv("KMA_KEY", "kma-secret-key-123")
    config = KmaFeedConfig(
        type="kma",
        base_url=server.url + "/1360000/VilageFcstInfoService_2.0",
        timeout_seconds=0.5,
        interval_seconds=600,
        max_age_minutes=180,
    )
    return Probe(new_store(tmp_path), "weather", config, "temperature")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ((2025, 11, 26, 14, 25), ("20251126", "1400")),
        ((2025, 11, 26, 14, 10), ("20251126", "1400")),
        ((2025, 11, 26, 14, 9), ("20251126", "1300")),
        ((2025, 11, 27, 0, 5), ("20251126", "2300")),
    ],
)
def test_base_date_and_time_in_seoul(local: tuple, expected: tuple) -> None:
    # given in UTC, so the conversion to Asia/Seoul is part of what is checked
    now = dt.datetime(*local, tzinfo=KST).astimezone(dt.UTC)
    params = kma.base_params(now)
    assert (params["base_date"], params["base_time"]) == expected


def test_happy_path(probe: Probe, server: FakeServer) -> None:
    server.set(json_body=recorded())
    assert probe.refresh(NOW).ok
    store = probe.store
    values = {
        f: store.latest("weather", f)
        for f in (
            "temperature",
            "humidity",
            "wind_speed",
            "wind_direction",
            "rain_1h",
            "precipitation_type",
        )
    }
    assert {f: r.value for f, r in values.items() if r} == {
        "temperature": 9.8,
        "humidity": 58,
        "wind_speed": 2.2,
        "wind_direction": 312,
        "rain_1h": 0,
        "precipitation_type": 0,
    }
    temperature = values["temperature"]
    assert temperature is not None and temperature.unit == "℃"
    assert temperature.as_of == dt.datetime(2025, 11, 26, 14, 0, tzinfo=KST)
    precipitation = values["precipitation_type"]
    assert precipitation is not None and precipitation.text == "없음"
    path, query, _ = server.requests[-1]
    assert path.endswith("/getUltraSrtNcst")
    assert {k: v[0] for k, v in query.items() if k != "serviceKey"} == {
        "pageNo": "1",
        "numOfRows": "100",
        "dataType": "JSON",
        "base_date": "20251126",
        "base_time": "1400",
        "nx": "51",
        "ny": "110",
    }
    assert probe.state(NOW) == "fresh"


def test_failures_then_unavailable_then_recovery(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=recorded())
    assert probe.refresh(NOW).ok
    step = dt.timedelta(minutes=10)

    server.set(json_body=recorded(), delay=2.0)
    probe.fails(NOW + step, 1, "no answer from 127.0.0.1")
    server.set("", status=500)
    probe.fails(NOW + 2 * step, 2, "HTTP 500")
    server.set("<html>", content_type="text/html")
    probe.fails(NOW + 3 * step, 3, "not valid JSON")
    doc = recorded()
    doc["response"]["body"]["items"]["item"] = [
        i for i in doc["response"]["body"]["items"]["item"] if i["category"] != "T1H"
    ]
    server.set(json_body=doc)
    probe.fails(NOW + 4 * step, 4, "T1H is missing")
    server.set(json_body=with_value("T1H", "-"))
    probe.fails(NOW + 5 * step, 5, "obsrValue of T1H has no value")
    server.set(json_body=with_value("T1H", "-999"))
    probe.fails(NOW + 6 * step, 6, "obsrValue of T1H is missing (-999)")
    server.set(json_body=with_value("T1H", "warm"))
    probe.fails(NOW + 7 * step, 7, "not a number")
    drift = recorded()
    drift["response"]["body"]["items"] = ["T1H 9.8"]
    server.set(json_body=drift)
    probe.fails(NOW + 8 * step, 8, "response.body.items is not a list of records")
    server.set((DATA / "kma_no_data.json").read_text())
    probe.fails(NOW + 9 * step, 9, "answered: there is no data for what was asked")

    assert probe.value() == 9.8
    later = NOW + dt.timedelta(hours=3)
    assert probe.state(later) == "unavailable"

    server.set(json_body=with_value("T1H", "7.1", "1700"))
    assert probe.refresh(later).ok
    assert probe.value() == 7.1
    assert probe.health().consecutive_failures == 0
    assert probe.state(later) == "fresh"
    _, query, _ = server.requests[-1]
    assert query["base_time"] == ["1700"]
