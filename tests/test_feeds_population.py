"""MOIS population and households (admmPpltnHhStus) against a local HTTP server.

No recorded answer of this API was found: the body is built from its
documented shape (tests/data/feeds/real/SOURCES.md, "Built, not recorded").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from data_feeds import demo, population
from data_feeds.config import PopulationFeedConfig
from data_feeds.refresh import refresh_feed
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

DATA = Path(__file__).parent / "data" / "feeds"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 20, 10, 0, tzinfo=KST)
OCTOBER_END = dt.datetime(2025, 11, 1, 0, 0, tzinfo=KST)
KEY = "abc+DEF/ghi=="
ENCODED = "abc%2BDEF%2Fghi%3D%3D"
PATH = "/1741000/admmPpltnHhStus/selectAdmmPpltnHhStus"
CITY = ("population", "households", "population_male", "population_female")
DONG = ("population_dongmun1", "households_dongmun1")


def body() -> dict[str, Any]:
    """September and October 2025: the city's row and three 동 rows each."""
    text = (DATA / "mois_population_seosan_2_months.json").read_text(encoding="utf-8")
    return json.loads(text)


def rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = doc["Response"]["items"]["item"]
    return found


def october(doc: dict[str, Any], dong: str = "") -> dict[str, Any]:
    return next(
        r for r in rows(doc) if r["statsYm"] == "202510" and r["dongNm"] == dong
    )


@pytest.fixture
def config(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> PopulationFeedConfig:
    monkeypatch.setenv("MOIS_KEY", KEY)
    return PopulationFeedConfig(
        type="mois_population",
        dongs={"동문1동": "dongmun1"},
        base_url=server.url + "/1741000/admmPpltnHhStus",
        timeout_seconds=0.5,
    )


@pytest.fixture
def probe(tmp_path: Path, config: PopulationFeedConfig) -> Probe:
    return Probe(new_store(tmp_path), "people", config, "population")


def values(
    store: Any, fields: tuple[str, ...] = CITY + DONG
) -> dict[str, float | None]:
    found = {}
    for field in fields:
        reading = store.latest("people", field)
        if reading is not None:
            found[field] = reading.value
    return found


def test_the_newest_month_of_the_city_and_its_dong(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=body())
    assert probe.refresh(NOW).ok
    assert values(probe.store) == {
        "population": 175_432,
        "households": 83_210,
        "population_male": 89_880,
        "population_female": 85_552,
        "population_dongmun1": 13_210,
        "households_dongmun1": 6_690,
    }
    latest = probe.store.latest("people", "population_dongmun1")
    assert latest is not None and latest.unit == "명"
    # October's figures, dated the end of October: a month's, not today's
    assert latest.as_of == OCTOBER_END
    households = probe.store.latest("people", "households")
    assert households is not None and households.unit == "세대"
    # September is kept too (month-on-month change)
    change = probe.store.change_since(
        "people", "population", dt.timedelta(days=30), dt.timedelta(days=2)
    )
    assert change is not None and change.difference == 34
    assert probe.state(NOW) == "fresh"
    path, query, _ = server.requests[-1]
    assert path == PATH
    assert {k: v[0] for k, v in query.items() if k != "serviceKey"} == {
        "admmCd": "4421000000",
        "srchFrYm": "202508",
        "srchToYm": "202510",
        "lv": "3",
        "regSeCd": "1",
        "type": "JSON",
        "numOfRows": "1000",
        "pageNo": "1",
    }


def test_without_a_city_row_the_dong_rows_are_added(
    probe: Probe, server: FakeServer
) -> None:
    doc = body()
    doc["Response"]["items"]["item"] = [r for r in rows(doc) if r["dongNm"]]
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    # 동문1동 + 동문2동 + 석남동 of October
    assert values(probe.store, ("population", "households")) == {
        "population": 13_210 + 21_016 + 19_433,
        "households": 6_690 + 9_574 + 8_442,
    }


def test_one_row_listed_as_an_object(
    tmp_path: Path, config: PopulationFeedConfig, server: FakeServer
) -> None:
    store = new_store(tmp_path)
    doc = body()
    doc["Response"]["items"]["item"] = october(doc)
    server.set(json_body=doc)
    outcome = refresh_feed("people", config, store, NOW, used={"population"})
    assert outcome.ok
    assert values(store) == {
        "population": 175_432,
        "households": 83_210,
        "population_male": 89_880,
        "population_female": 85_552,
    }
    missing = "no 읍·면·동 '동문1동' in the statistics of 2025-10"
    assert outcome.failing_fields == dict.fromkeys(DONG, missing)


def test_no_rows_is_a_failure_that_names_the_months(
    probe: Probe, server: FakeServer
) -> None:
    doc = body()
    doc["Response"]["items"] = ""
    server.set(json_body=doc)
    outcome = probe.refresh(NOW)
    assert not outcome.ok
    assert outcome.error == (
        "행정안전부 인구통계 has no statistics for 4421000000 from 2025-08 to "
        "2025-10 (the newest month is published some days into the next)"
    )


def test_numbers_as_json_numbers_read_the_same(
    probe: Probe, server: FakeServer
) -> None:
    doc = body()
    for row in rows(doc):
        for key in ("totNmprCnt", "hhCnt", "maleNmprCnt", "femlNmprCnt"):
            row[key] = int(row[key])
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    assert values(probe.store, ("population", "households_dongmun1")) == {
        "population": 175_432,
        "households_dongmun1": 6_690,
    }


def test_thousands_separators_are_read(probe: Probe, server: FakeServer) -> None:
    doc = body()
    october(doc)["totNmprCnt"] = "175,432"
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    assert probe.value() == 175_432


def test_a_dash_fails_that_field_alone(
    tmp_path: Path, config: PopulationFeedConfig, server: FakeServer
) -> None:
    store = new_store(tmp_path)
    doc = body()
    october(doc)["hhCnt"] = "-"
    october(doc, "동문1동")["totNmprCnt"] = ""
    server.set(json_body=doc)
    outcome = refresh_feed("people", config, store, NOW, used={"population"})
    assert outcome.ok
    assert outcome.failing_fields == {
        "households": "hhCnt of the city has no value ('-')",
        "population_dongmun1": "totNmprCnt of 동문1동 has no value ('')",
    }
    # October's good figures are stored; the failing ones keep September's
    assert values(store) == {
        "population": 175_432,
        "households": 83_162,
        "population_male": 89_880,
        "population_female": 85_552,
        "population_dongmun1": 13_187,
        "households_dongmun1": 6_690,
    }


def test_a_month_not_yet_ended_is_not_used(probe: Probe, server: FakeServer) -> None:
    doc = body()
    current = dict(october(doc), statsYm="202511", totNmprCnt="999999")
    rows(doc).append(current)
    server.set(json_body=doc)
    assert probe.refresh(NOW).ok
    latest = probe.store.latest("people", "population")
    assert latest is not None
    assert (latest.value, latest.as_of) == (175_432, OCTOBER_END)


def test_key_not_registered_keeps_the_last_month_and_says_why(
    probe: Probe, server: FakeServer
) -> None:
    server.set(json_body=body())
    assert probe.refresh(NOW).ok
    xml = (DATA / "real/gateway_30_key_not_registered_http403.xml").read_text()
    server.set(xml, status=403, content_type="text/xml;charset=UTF-8")
    probe.fails(
        NOW + dt.timedelta(days=1),
        1,
        f"HTTP 403: 127.0.0.1{PATH} answered: the key is not registered for this "
        "API yet (code 30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR, "
        "'등록되지 않은 서비스키')",
    )
    assert probe.value() == 175_432


def test_the_service_header_code_is_named(probe: Probe, server: FakeServer) -> None:
    doc = {
        "Response": {
            "head": {"resultCode": "22", "resultMsg": "LIMITED_NUMBER"},
            "items": "",
        }
    }
    server.set(json_body=doc)
    outcome = probe.refresh(NOW)
    assert not outcome.ok
    assert "the daily quota of requests is used up (code 22" in str(outcome.error)


@pytest.mark.parametrize("form", [KEY, ENCODED])
def test_either_key_form_reaches_the_server_encoded_once(
    probe: Probe, server: FakeServer, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.setenv("MOIS_KEY", form)
    server.set(json_body=body())
    assert probe.refresh(NOW).ok
    raw = server.raw_queries[-1]
    assert f"serviceKey={ENCODED}" in raw.split("&")
    assert "%25" not in raw


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ((2025, 11, 20), ((2025, 8), (2025, 10))),
        ((2026, 1, 1), ((2025, 10), (2025, 12))),
        ((2026, 2, 28), ((2025, 11), (2026, 1))),
    ],
)
def test_months_asked_end_with_the_last_complete_month(
    local: tuple[int, int, int], expected: tuple
) -> None:
    # just after midnight in Seoul is still the previous day in UTC
    now = dt.datetime(*local, 0, 5, tzinfo=KST).astimezone(dt.UTC)
    assert population.months_asked(now, 3) == expected


def test_month_end_is_the_first_instant_of_the_next_month() -> None:
    assert population.month_end((2025, 12)) == dt.datetime(2026, 1, 1, tzinfo=KST)


def test_demo_dong_figures_change_once_a_month() -> None:
    def at(day: int, month: int = 11) -> tuple[float | None, float | None]:
        moment = dt.datetime(2025, month, day, 12, 0, tzinfo=KST)
        found = demo.values(0, moment)
        return found["population_dongmun1"][0], found["households_dongmun1"][0]

    november = {at(day) for day in range(1, 31)}
    assert len(november) == 1
    people, households = november.pop()
    assert people is not None and 12_000 < people < 15_000
    assert households is not None and 6_000 < households < 7_500
    assert at(1, 12) != (people, households)
