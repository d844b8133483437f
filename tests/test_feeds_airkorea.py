"""AirKorea adapter against a local HTTP server with a recorded answer."""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data_feeds import airkorea
from data_feeds.config import AirKoreaFeedConfig
from kiosk_core.grades import air_grade
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

DATA = Path(__file__).parent / "data" / "feeds"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
KEY = "abc+DEF/ghi=="  # a decoded-style data.go.kr key (needs encoding)
PATH = "/B552584/ArpltnInforInqireSvc/getMsrstnAcctoRltmMesureDnsty"


def recorded() -> dict:
    """The recorded answer for station 동문동 (newest hour 14:00)."""
    return json.loads((DATA / "airkorea_dongmun.json").read_text(encoding="utf-8"))


def shifted(hours: int) -> dict:
    """The recorded answer moved ``hours`` later."""
    doc = copy.deepcopy(recorded())
    for item in doc["response"]["body"]["items"]:
        moment = dt.datetime.strptime(item["dataTime"], "%Y-%m-%d %H:%M")
        moment += dt.timedelta(hours=hours)
        item["dataTime"] = moment.strftime("%Y-%m-%d %H:%M")
    return doc


@pytest.fixture
def probe(tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Probe:
    monkeypatch.setenv("AIRKOREA_KEY", KEY)
    config = AirKoreaFeedConfig(
        type="airkorea",
        base_url=server.url + "/B552584/ArpltnInforInqireSvc",
        timeout_seconds=0.5,
        interval_seconds=900,
        max_age_minutes=180,
    )
    return Probe(new_store(tmp_path), "air", config, "pm10")


def test_happy_path_stores_the_newest_hour_and_the_day(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=recorded())
    outcome = probe.refresh(NOW)
    assert outcome.ok
    latest = probe.store.latest("air", "pm10")
    assert latest is not None
    assert (latest.value, latest.unit) == (46.0, "㎍/㎥")
    assert latest.as_of == dt.datetime(2025, 11, 26, 14, 0, tzinfo=KST)
    grade = probe.store.latest("air", "pm25_grade")
    assert grade is not None and (grade.value, grade.text) == (2, "보통")
    khai = probe.store.latest("air", "khai_grade")
    assert khai is not None and khai.text == "보통"
    since = NOW - dt.timedelta(hours=6)
    # hourly samples: the day's hours up to the newest, none before the first
    assert [p.value for p in probe.store.samples("air", "pm10", since, NOW, 7)] == [
        35,
        39,
        43,
        46,
    ]
    assert probe.state(NOW) == "fresh"
    # the real parameter names, and the key URL-encoded exactly once
    path, query, _ = server.requests[-1]
    assert path == PATH
    assert query["stationName"] == ["동문동"]
    assert (query["returnType"], query["dataTerm"], query["ver"]) == (
        ["json"],
        ["DAILY"],
        ["1.3"],
    )
    assert query["serviceKey"] == [KEY]


def test_encoded_key_is_not_encoded_twice(
    probe: Probe, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRKOREA_KEY", "abc%2BDEF%2Fghi%3D%3D")
    server.set(json_body=recorded())
    assert probe.refresh(NOW).ok
    assert "serviceKey=abc%2BDEF%2Fghi%3D%3D" in server.raw_queries[-1]


def test_failures_keep_the_last_value_then_unavailable_then_recovery(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=recorded())
    assert probe.refresh(NOW).ok
    step = dt.timedelta(minutes=15)

    server.set(json_body=recorded(), delay=2.0)
    probe.fails(NOW + step, 1, "no answer from 127.0.0.1")

    server.set("Internal Server Error", status=500, content_type="text/plain")
    probe.fails(NOW + 2 * step, 2, "HTTP 500")

    server.set("{'response': ", content_type="text/plain")
    probe.fails(NOW + 3 * step, 3, "not valid JSON")

    missing = recorded()
    del missing["response"]["body"]["items"][0]["pm10Value"]
    server.set(json_body=missing)
    probe.fails(NOW + 4 * step, 4, "pm10Value is missing")

    dash = recorded()
    dash["response"]["body"]["items"][0]["pm10Value"] = "-"
    server.set(json_body=dash)
    probe.fails(NOW + 5 * step, 5, "pm10Value has no value ('-')")
    # the other values of that hour were good: they are stored and fresh
    pm25 = probe.store.latest("air", "pm25")
    assert pm25 is not None and pm25.value == 27
    assert probe.state(NOW + 5 * step) == "stale"

    drift = recorded()
    drift["response"]["body"] = {"item": drift["response"]["body"]["items"]}
    server.set(json_body=drift)
    probe.fails(NOW + 6 * step, 6, "no 'response.body.items'")

    server.set(
        json_body={
            "response": {"header": {"resultCode": "22", "resultMsg": "LIMITED_NUMBER"}}
        }
    )
    probe.fails(NOW + 7 * step, 7, "the daily quota of requests is used up (code 22")

    server.set((DATA / "airkorea_key_error.xml").read_text(), content_type="text/xml")
    probe.fails(NOW + 8 * step, 8, "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")

    assert probe.value() == 46
    later = NOW + dt.timedelta(hours=3, minutes=1)
    assert probe.state(later) == "unavailable"

    server.set(json_body=shifted(3))
    assert probe.refresh(later).ok
    latest = probe.store.latest("air", "pm10")
    assert latest is not None and latest.value == 46
    assert latest.as_of == dt.datetime(2025, 11, 26, 17, 0, tzinfo=KST)
    assert probe.health().consecutive_failures == 0
    assert probe.state(later) == "fresh"


def test_missing_key_is_a_clear_failure(
    probe: Probe, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRKOREA_KEY")
    server.set(json_body=recorded())
    outcome = probe.refresh(NOW)
    assert not outcome.ok
    assert outcome.error == "environment variable AIRKOREA_KEY is not set"
    assert server.requests == []
    assert probe.state(NOW) == "unavailable"


def test_no_measurements_for_an_unknown_station(
    probe: Probe, server: FakeServer
) -> None:
    empty = recorded()
    empty["response"]["body"]["items"] = []
    server.set(json_body=empty)
    assert "no measurements for station '동문동'" in str(probe.refresh(NOW).error)


def test_key_never_in_errors_or_logs(
    probe: Probe, server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.set("<html>500</html>", status=500, content_type="text/html")
    probe.refresh(NOW)
    server.set("not json")
    probe.refresh(NOW + dt.timedelta(minutes=15))
    server.set(json_body=recorded(), delay=2.0)
    probe.refresh(NOW + dt.timedelta(minutes=30))
    health = probe.health()
    assert health.consecutive_failures == 3
    encoded = "abc%2BDEF%2Fghi%3D%3D"
    for text in (health.last_error or "", caplog.text):
        assert KEY not in text and encoded not in text and "serviceKey" not in text
    assert "feed air is down" in caplog.text


def test_data_time_24_00_is_next_midnight() -> None:
    assert airkorea.data_time("2025-11-26 24:00") == dt.datetime(
        2025, 11, 27, 0, 0, tzinfo=KST
    )


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("pm10", 30, "좋음"),
        ("pm10", 31, "보통"),
        ("pm10", 151, "매우나쁨"),
        ("pm25", 15, "좋음"),
        ("pm25", 36, "나쁨"),
        ("pm25", 76, "매우나쁨"),
    ],
)
def test_korean_grades(kind: str, value: float, expected: str) -> None:
    assert air_grade(kind, value)[1] == expected
