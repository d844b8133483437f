"""Real answers of Korean public APIs through the adapters, from a local server.

The bodies are in tests/data/feeds/real/ (where each was recorded: SOURCES.md
there). Each test asserts the exact value stored or the exact cause a data
officer reads on /status (the feed's ``last_error``, the field's health).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from data_feeds import portal
from data_feeds.base import FeedError
from data_feeds.config import AirKoreaFeedConfig, HttpJsonFeedConfig, KmaFeedConfig
from tests.conftest import copy_config
from tests.fakes import Canned, FakeServer
from tests.fakes.probe import Probe, new_store

REAL = Path(__file__).parent / "data" / "feeds" / "real"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
# when the real KMA nowcast (00:00 on 2 October 2026) was the newest
KMA_NOW = dt.datetime(2026, 10, 2, 0, 30, tzinfo=KST)
# a Decoding key as data.go.kr shows it, and its Encoding form
DECODED = "Ab3+k9/Zq7Xw1==" * 3
ENCODED = DECODED.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
AIR_PATH = "/B552584/ArpltnInforInqireSvc"
KMA_PATH = "/1360000/VilageFcstInfoService_2.0"


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def air_answer(*items: dict, hour: str = "2025-11-26 14:00") -> dict:
    """A station answer made of real AirKorea rows, dated ``hour``."""
    rows = [dict(item, dataTime=hour) for item in items]
    return {
        "response": {
            "header": {"resultCode": "00", "resultMsg": "NORMAL_CODE"},
            "body": {"items": rows, "totalCount": len(rows)},
        }
    }


def seoul_rows() -> dict[str, dict]:
    """The real rows of the trimmed 서울 answer, by station."""
    doc = json.loads(real("airkorea_ctprvn_v10_seoul_comm_failure_trimmed.json"))
    return {row["stationName"]: row for row in doc["response"]["body"]["items"]}


def air_probe(
    tmp_path: Path, server: FakeServer, used: set[str] | None = None, **extra: object
) -> Probe:
    config = AirKoreaFeedConfig.model_validate(
        {
            "type": "airkorea",
            "base_url": server.url + AIR_PATH,
            "timeout_seconds": 2,
            **extra,
        }
    )
    return Probe(new_store(tmp_path), "air", config, "pm10", used)


def kma_probe(tmp_path: Path, server: FakeServer, **extra: object) -> Probe:
    config = KmaFeedConfig.model_validate(
        {"type": "kma", "base_url": server.url + KMA_PATH, "timeout_seconds": 2} | extra
    )
    return Probe(new_store(tmp_path), "weather", config, "temperature")


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AIRKOREA_KEY", "KMA_KEY", "PLATFORM_KEY"):
        monkeypatch.setenv(name, DECODED)


# --- gateway errors ----------------------------------------------------------

NOT_REGISTERED = (
    "the key is not registered for this API yet (code 30 "
    "SERVICE_KEY_IS_NOT_REGISTERED_ERROR, '등록되지 않은 서비스키'): approval can "
    "take up to an hour after applying; check that the whole key was copied into "
    "the environment variable"
)
QUOTA = (
    "the daily quota of requests is used up (code 22 "
    "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR): it resets at midnight; "
    "raise the feed's interval_seconds or apply for a larger quota"
)
NO_SERVICE = (
    "this API does not exist at that address or has been withdrawn (code 12 "
    "NO_OPENAPI_SERVICE_ERROR): check the feed's base_url or url against the "
    "API's page on data.go.kr"
)
PROVIDER_HTTP = (
    "the provider's server answered with an error (code 04 HTTP_ERROR): it "
    "usually passes by itself: the kiosk keeps its last values and tries again"
)


def envelope(code: str, name: str, kind: str = "xml") -> str:
    """The gateway's envelope with another code: the real code-30 answer
    (gateway_30_key_not_registered_http403.*) with only code and name changed."""
    source = real(f"gateway_30_key_not_registered_http403.{kind}")
    return (
        source.replace("SERVICE_KEY_IS_NOT_REGISTERED_ERROR", name)
        .replace("등록되지 않은 서비스키", name)
        .replace(">30<", f">{code}<")
        .replace('"30"', f'"{code}"')
    )


def service_header(code: str, message: str) -> str:
    """A service's own XML header, the shape data.go.kr services answer in."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response><header>'
        f"<resultCode>{code}</resultCode><resultMsg>{message}</resultMsg>"
        "</header></response>"
    )


GATEWAY_CASES = [
    # (body, HTTP status, content type, the words /status shows after "HTTP n: ")
    (real("gateway_30_key_not_registered_http403.xml"), 403, "xml", NOT_REGISTERED),
    (real("gateway_30_key_not_registered_http403.json"), 403, "json", NOT_REGISTERED),
    (real("gateway_30_key_not_registered_http403.xml"), 200, "xml", NOT_REGISTERED),
    (envelope("22", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR"), 429, "xml",
     QUOTA),
    (envelope("12", "NO_OPENAPI_SERVICE_ERROR"), 400, "xml", NO_SERVICE),
    (envelope("04", "HTTP_ERROR", "json"), 200, "json", PROVIDER_HTTP),
    (service_header("22", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR."), 200,
     "xml", QUOTA),
    (
        real("gateway_20_key_is_null_http401.xml"),
        401,
        "xml",
        "no key reached the API (code 20 SERVICE_KEY_IS_NULL, '서비스 접근거부'): "
        "check that the "
        "key's environment variable is set where the scheduler runs",
    ),
]  # fmt: skip
GATEWAY_IDS = [
    "30-xml-403",
    "30-json-403",
    "30-xml-200",
    "22-xml-429",
    "12-xml-400",
    "04-json-200",
    "22-service-header-200",
    "20-key-null-401",
]


def _serve(server: FakeServer, body: str, status: int, kind: str) -> None:
    server.set(body, status=status, content_type=f"application/{kind};charset=UTF-8")


AIR_API = "127.0.0.1/B552584/ArpltnInforInqireSvc/getMsrstnAcctoRltmMesureDnsty"
KMA_API = "127.0.0.1/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst"
BUS_API = "127.0.0.1/1613000/ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList"


def _cause(status: int, where: str, words: str) -> str:
    """What /status shows: the API that answered, the cause and the fix."""
    shown = f"{where} answered: {words}"
    return f"HTTP {status}: {shown}" if status >= 400 else shown


@pytest.mark.parametrize(
    ("body", "status", "kind", "words"), GATEWAY_CASES, ids=GATEWAY_IDS
)
def test_airkorea_names_the_gateways_error_and_keeps_the_last_value(
    tmp_path: Path, server: FakeServer, body: str, status: int, kind: str, words: str
) -> None:
    probe = air_probe(tmp_path, server)
    server.set(json_body=air_answer(seoul_rows()["정릉로"]))
    assert probe.refresh(NOW).ok
    _serve(server, body, status, kind)
    later = NOW + dt.timedelta(minutes=15)
    probe.fails(later, 1, "")
    assert probe.health().last_error == _cause(status, AIR_API, words)
    assert probe.value() == 22 and probe.state(later) == "stale"


@pytest.mark.parametrize(
    ("body", "status", "kind", "words"), GATEWAY_CASES, ids=GATEWAY_IDS
)
def test_kma_and_http_json_name_the_same_errors(
    tmp_path: Path, server: FakeServer, body: str, status: int, kind: str, words: str
) -> None:
    _serve(server, body, status, kind)
    weather = kma_probe(tmp_path / "kma", server)
    assert not weather.refresh(NOW).ok
    assert weather.health().last_error == _cause(status, KMA_API, words)

    config = HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": f"http://{BUS_API}".replace("127.0.0.1", server.url[7:]),
            "key_env": "PLATFORM_KEY",
            "key_param": "serviceKey",
            "fields": {"buses": {"items": "response.body.items", "aggregate": "count"}},
        }
    )  # fmt: skip
    bus = Probe(new_store(tmp_path / "bus"), "bus", config, "buses")
    assert not bus.refresh(NOW).ok
    assert bus.health().last_error == _cause(status, BUS_API, words)


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        (
            "kma_hub_http401_bad_key.json",
            401,
            "the API hub does not know the key (status 401, '유효한 인증키가 "
            "아닙니다.'): check the authKey copied from apihub.kma.go.kr "
            "(마이페이지 > 인증키)",
        ),
        (
            "kma_hub_http403_not_applied.json",
            403,
            "the key may not use this API on the API hub (status 403, '활용신청이 "
            "필요한 API 입니다. 활용신청 후 다시 시도해 주십시오.'): apply for this "
            "API (활용신청) on apihub.kma.go.kr, then wait for approval",
        ),
        (
            "kma_hub_10_only_last_day.json",
            200,
            "a request parameter is not valid (code 10 "
            "INVALID_REQUEST_PARAMETER_ERROR, '최근 1일 간의 자료만 제공합니다.'): "
            "check the feed's settings (station, grid, city or stop id) against the "
            "API's guide",
        ),
    ],
)
def test_kma_api_hub_errors_in_words(
    tmp_path: Path, server: FakeServer, name: str, status: int, words: str
) -> None:
    _serve(server, real(name), status, "json")
    probe = kma_probe(tmp_path, server, key_param="authKey")
    assert not probe.refresh(NOW).ok
    assert probe.health().last_error == _cause(status, KMA_API, words)


def test_an_error_answer_without_a_code_still_says_the_status(
    tmp_path: Path, server: FakeServer
) -> None:
    server.set("<html><body>Bad Gateway</body></html>", status=502)
    probe = air_probe(tmp_path, server)
    assert not probe.refresh(NOW).ok
    assert probe.health().last_error == f"HTTP 502 from {AIR_API}"


# --- keys --------------------------------------------------------------------


@pytest.mark.parametrize("key", [DECODED, ENCODED], ids=["decoding", "encoding"])
def test_either_key_form_reaches_every_adapter_encoded_once(
    tmp_path: Path,
    server: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    for name in ("AIRKOREA_KEY", "KMA_KEY", "PLATFORM_KEY"):
        monkeypatch.setenv(name, key)
    server.set(json_body=air_answer(seoul_rows()["정릉로"]))
    air_probe(tmp_path / "a", server).refresh(NOW)
    server.set(real("kma_hub_ultrasrtncst_seoul.json"))
    kma_probe(tmp_path / "k", server).refresh(NOW)
    kma_probe(tmp_path / "h", server, key_param="authKey").refresh(NOW)
    config = HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + "/any",
            "key_env": "PLATFORM_KEY",
            "key_param": "serviceKey",
            "fields": {"n": {"items": "response.body.items", "aggregate": "count"}},
        }
    )
    Probe(new_store(tmp_path / "j"), "j", config, "n").refresh(NOW)
    sent = [dict(p.split("=", 1) for p in q.split("&")) for q in server.raw_queries]
    assert [s.get("serviceKey") or s.get("authKey") for s in sent] == [ENCODED] * 4
    assert "authKey" in sent[2] and "serviceKey" not in sent[2]


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (
            ENCODED.replace("%", "%25"),
            "is encoded twice ('%25'): use the key exactly as data.go.kr shows it "
            "(either its Encoding or its Decoding form)",
        ),
        (
            DECODED[:10] + " " + DECODED[10:],
            "has spaces or line breaks in it: copy the key again without them",
        ),
        (
            DECODED + "%",
            "has a '%' that is not part of an encoding: copy the key again",
        ),
    ],
    ids=["double-encoded", "space", "stray-percent"],
)
def test_a_key_of_the_wrong_form_is_reported_and_never_sent(
    tmp_path: Path,
    server: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    problem: str,
) -> None:
    monkeypatch.setenv("AIRKOREA_KEY", key)
    probe = air_probe(tmp_path, server)
    assert not probe.refresh(NOW).ok
    assert probe.health().last_error == f"the key in AIRKOREA_KEY {problem}"
    assert server.requests == []


def test_a_key_in_a_header_is_sent_plain(
    tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLATFORM_KEY", ENCODED)
    config = HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + "/any",
            "key_env": "PLATFORM_KEY",
            "key_header": "Authorization",
            "key_prefix": "Infuser ",
            "fields": {"n": {"items": "response.body.items", "aggregate": "count"}},
        }
    )
    server.set(real("tago_arrivals_cheonan_4_items.json"))
    assert Probe(new_store(tmp_path), "j", config, "n").refresh(NOW).ok
    assert server.requests[-1][2]["Authorization"] == f"Infuser {DECODED}"


def test_the_api_hub_is_recognised_by_its_host() -> None:
    hub = KmaFeedConfig(
        type="kma",
        base_url="https://apihub.kma.go.kr/api/typ02/openApi/VilageFcstInfoService_2.0",
    )
    assert hub.key_parameter == "authKey"
    assert KmaFeedConfig(type="kma").key_parameter == "serviceKey"


# --- AirKorea's real rows ----------------------------------------------------


def test_airkorea_hour_and_day_values_with_their_grades(
    tmp_path: Path, server: FakeServer
) -> None:
    """The real v1.5 row: PM10 27 in the last hour (좋음 on the Korean scale:
    AirKorea's own pm10Grade1h is 1) and 44 over 24 hours (보통: its pm10Grade 2)."""
    row = json.loads(real("airkorea_ctprvn_v15_seoul_one_row.json"))
    item = row["response"]["body"]["items"][0]
    probe = air_probe(tmp_path, server, fields=["pm10", "pm10_24h", "pm25_24h"])
    server.set(json_body=air_answer(item))
    assert probe.refresh(NOW).ok
    store = probe.store
    shown = {
        field: (r.value, r.text)
        for field in ("pm10", "pm10_grade", "pm10_24h", "pm10_24h_grade")
        if (r := store.latest("air", field)) is not None
    }
    assert shown == {
        "pm10": (27, None),
        "pm10_grade": (1, "좋음"),
        "pm10_24h": (44, None),
        "pm10_24h_grade": (2, "보통"),
    }
    assert (item["pm10Grade1h"], item["pm10Grade"]) == ("1", "2")
    pm25 = store.latest("air", "pm25_24h_grade")
    assert pm25 is not None and (pm25.value, item["pm25Grade"]) == (2, "2")


def test_a_station_with_a_communication_fault_fails_its_values_by_field(
    tmp_path: Path, server: FakeServer
) -> None:
    """도봉구's real row: every value "-" flagged 통신장애."""
    probe = air_probe(tmp_path, server)
    server.set(json_body=air_answer(seoul_rows()["정릉로"], hour="2025-11-26 13:00"))
    assert probe.refresh(NOW).ok
    server.set(json_body=air_answer(seoul_rows()["도봉구"]))
    later = NOW + dt.timedelta(minutes=15)
    probe.fails(later, 1, "pm10Value has no value ('-') (통신장애)")
    fields = probe.health().fields
    assert fields["pm10"].last_error == "pm10Value has no value ('-') (통신장애)"
    assert fields["khai"].last_error == "khaiValue has no value ('-')"
    assert not fields["o3"].ok and not fields["no2"].ok
    assert probe.value() == 22 and probe.state(later) == "stale"


def test_a_dash_in_a_value_no_tile_shows_leaves_the_feed_up(
    tmp_path: Path, server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    """강동구's real row: khaiValue "-" (routine), PM values fine. With tiles on
    pm10 only, the feed is up, pm10 fresh, and khai listed as failing."""
    caplog.set_level("INFO", logger="data_feeds")
    probe = air_probe(tmp_path, server, used={"pm10", "pm25"})
    server.set(json_body=air_answer(seoul_rows()["강동구"]))
    outcome = probe.refresh(NOW)
    assert outcome.ok
    assert outcome.failing_fields == {"khai": "khaiValue has no value ('-')"}
    health = probe.health()
    assert health.ok and health.last_error is None
    assert not health.fields["khai"].ok and health.fields["pm10"].ok
    assert probe.value() == 7 and probe.state(NOW) == "fresh"
    assert "is down" not in caplog.text
    assert "feed air: field khai fails: khaiValue has no value ('-')" in caplog.text


# --- KMA's real answers --------------------------------------------------------


class ByHour(FakeServer):
    """Answers NO_DATA for the hours in ``empty`` and the real nowcast otherwise."""

    def __init__(self, empty: set[str]) -> None:
        super().__init__()
        self.empty = empty

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> Canned:
        super().answer(request, body)
        hour = parse_qs(urlsplit(request.path).query)["base_time"][0]
        name = (
            "kma_hub_03_no_data.json"
            if hour in self.empty
            else "kma_hub_ultrasrtncst_seoul.json"
        )
        return Canned(real(name).encode(), 200, 0.0, "application/json")


def test_kma_no_data_just_after_the_hour_falls_back_an_hour(tmp_path: Path) -> None:
    """At 01:12 the 01:00 hour is not out yet; the real 00:00 answer is used."""
    with ByHour({"0100"}) as server:
        probe = kma_probe(tmp_path, server, available_after_minutes=10)
        outcome = probe.refresh(dt.datetime(2026, 10, 2, 1, 12, tzinfo=KST))
        asked = [q["base_time"][0] for _, q, _ in server.requests]
    assert outcome.ok, outcome
    assert asked == ["0100", "0000"]
    reading = probe.store.latest("weather", "temperature")
    assert reading is not None and reading.value == 15.2
    assert reading.as_of == dt.datetime(2026, 10, 2, 0, 0, tzinfo=KST)


def test_kma_no_data_twice_fails_with_the_cause(tmp_path: Path) -> None:
    with ByHour({"0100", "0000"}) as server:
        probe = kma_probe(tmp_path, server)
        outcome = probe.refresh(dt.datetime(2026, 10, 2, 1, 12, tzinfo=KST))
    assert not outcome.ok
    assert outcome.error == (
        f"{KMA_API} answered: there is no data for what was asked (code 03 "
        "NODATA_ERROR): check the station, grid or stop in the feed's settings; "
        "just after the hour the newest data may not be published yet"
    )


def test_kma_real_nowcast_values(tmp_path: Path, server: FakeServer) -> None:
    server.set(real("kma_hub_ultrasrtncst_seoul.json"))
    probe = kma_probe(tmp_path, server, required=["T1H", "REH", "WSD", "RN1"])
    assert probe.refresh(KMA_NOW).ok
    doc = json.loads(real("kma_hub_ultrasrtncst_seoul.json"))
    sent = {
        i["category"]: float(i["obsrValue"])
        for i in doc["response"]["body"]["items"]["item"]
    }
    stored = {
        c: r.value
        for c, f in (("T1H", "temperature"), ("REH", "humidity"), ("RN1", "rain_1h"))
        if (r := probe.store.latest("weather", f)) is not None
    }
    assert stored == {c: sent[c] for c in ("T1H", "REH", "RN1")}  # fmt: skip


def test_kma_missing_observations_fail_their_fields(
    tmp_path: Path, server: FakeServer
) -> None:
    """The real open-sea answer: -999, -998 and -998.9 mark missing values."""
    server.set(real("kma_hub_ultrasrtncst_open_sea_missing.json"))
    probe = kma_probe(tmp_path, server)
    outcome = probe.refresh(dt.datetime(2026, 10, 2, 1, 30, tzinfo=KST))
    assert not outcome.ok
    fields = probe.health().fields
    assert fields["temperature"].last_error == "obsrValue of T1H is missing (-999)"
    assert fields["humidity"].last_error == "obsrValue of REH is missing (-998)"
    assert fields["wind_speed"].last_error == "obsrValue of WSD is missing (-998.9)"
    precipitation = probe.store.latest("weather", "precipitation_type")
    assert precipitation is not None and precipitation.text == "없음"


def test_rain_in_words_is_no_rain(tmp_path: Path, server: FakeServer) -> None:
    doc = json.loads(real("kma_hub_ultrasrtncst_seoul.json"))
    for item in doc["response"]["body"]["items"]["item"]:
        if item["category"] == "RN1":
            item["obsrValue"] = "강수없음"
    server.set(json_body=doc)
    probe = kma_probe(tmp_path, server, required=["T1H", "RN1"])
    assert probe.refresh(KMA_NOW).ok
    rain = probe.store.latest("weather", "rain_1h")
    assert rain is not None and rain.value == 0


# --- list shapes ---------------------------------------------------------------


def tago(count: int) -> dict:
    """The real TAGO answer with 4 arrivals, cut to ``count`` in data.go.kr's
    shape for that many: a list, one object, or "" for none."""
    doc = json.loads(real("tago_arrivals_cheonan_4_items.json"))
    arrivals = doc["response"]["body"]["items"]["item"][:count]
    body = doc["response"]["body"]
    body["totalCount"] = count
    body["items"] = (
        "" if count == 0 else {"item": arrivals[0] if count == 1 else arrivals}
    )
    return doc


def bus_config(server: FakeServer) -> HttpJsonFeedConfig:
    items = "response.body.items"
    return HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + "/bus",
            "fields": {
                "bus_count": {"items": items, "aggregate": "count"},
                "bus_next_minutes": {
                    "items": items,
                    "aggregate": "min",
                    "path": "arrtime",
                    "scale": 1 / 60,
                },
                "bus_first_route": {
                    "items": items,
                    "aggregate": "first",
                    "path": "routeno",
                    "text": True,
                },
                "bus_11_stops": {
                    "items": items,
                    "aggregate": "first",
                    "path": "arrprevstationcnt",
                    "match": {"routeno": "11"},
                },
            },
        }
    )


@pytest.mark.parametrize(
    ("count", "expected", "failing"),
    [
        (4, {"bus_count": 4, "bus_next_minutes": 263 / 60,
             "bus_first_route": "700", "bus_11_stops": 3}, set()),
        (1, {"bus_count": 1, "bus_next_minutes": 560 / 60,
             "bus_first_route": "700"}, {"bus_11_stops"}),
        (0, {"bus_count": 0},
         {"bus_next_minutes", "bus_first_route", "bus_11_stops"}),
    ],
    ids=["n-items", "one-item-object", "no-items-empty-string"],
)  # fmt: skip
def test_list_shapes_of_zero_one_and_many_items(
    tmp_path: Path,
    server: FakeServer,
    count: int,
    expected: dict[str, object],
    failing: set[str],
) -> None:
    server.set(json_body=tago(count))
    probe = Probe(
        new_store(tmp_path), "bus", bus_config(server), "bus_count", {"bus_count"}
    )
    outcome = probe.refresh(NOW)
    assert outcome.ok
    stored = {}
    for field in expected:
        reading = probe.store.latest("bus", field)
        assert reading is not None
        stored[field] = reading.text if reading.value is None else reading.value
    assert stored == pytest.approx(expected)
    assert set(outcome.failing_fields) == failing
    if count == 0:
        assert outcome.failing_fields["bus_next_minutes"] == (
            "bus_next_minutes: no records in response.body.items"
        )


def test_listed_shapes() -> None:
    assert portal.listed("", "x") == [] and portal.listed(None, "x") == []
    assert portal.listed({"a": 1}, "x") == [{"a": 1}]
    assert portal.items({"item": {"a": 1}}, "items") == [{"a": 1}]
    with pytest.raises(FeedError, match="items.item is not a list of records"):
        portal.items({"item": [1, 2]}, "items")


# --- the data officer's first try: python -m kiosk_app feeds --------------------


def feeds_command(config: Path, *feeds: str) -> subprocess.CompletedProcess:
    data_dir = config.parent / "var"
    command = ["feeds", *feeds, "--config", str(config), "--data-dir", str(data_dir)]
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", *command],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "AIRKOREA_KEY": DECODED},
    )


def test_the_feeds_command_reads_once_and_says_what_came_back(
    tmp_path: Path, server: FakeServer
) -> None:
    config = copy_config(
        tmp_path,
        {
            "  # Real sources: uncomment": (
                f"  air:\n    type: airkorea\n    base_url: {server.url}{AIR_PATH}\n"
                "    station: 정릉로\n  # Real sources: uncomment"
            ),
            "    feed: demo\n    field: pm10\n": "    feed: air\n    field: pm10\n",
        },
    )
    server.set(json_body=air_answer(seoul_rows()["강동구"], hour="2024-03-06 12:00"))
    good = feeds_command(config, "air")
    assert good.returncode == 0, good.stdout + good.stderr
    lines = good.stdout.splitlines()
    assert lines[0].startswith("air (airkorea), ") and lines[0].endswith(": OK")
    assert "  pm10 [tile] = 7 ㎍/㎥, as of 2024-03-06 12:00" in lines
    assert "  khai: khaiValue has no value ('-')" in lines  # no tile: still OK

    server.set(
        real("gateway_30_key_not_registered_http403.xml"),
        status=403,
        content_type="text/xml",
    )
    bad = feeds_command(config, "air")
    assert bad.returncode == 1
    assert f"FAILED: HTTP 403: {AIR_API} answered: {NOT_REGISTERED}" in bad.stdout
    assert DECODED not in bad.stdout and ENCODED not in bad.stdout
    # nothing was stored: the command only tries
    assert not (tmp_path / "var" / "kiosk.db").exists()


@pytest.mark.parametrize(
    ("value", "flag", "cause"),
    [
        (None, None, "pm10Value has no value (missing)"),
        ("", None, "pm10Value has no value ('')"),
        ("-", "점검및교정", "pm10Value has no value ('-') (점검및교정)"),
    ],
    ids=["null", "empty", "dash-with-flag"],
)
def test_an_airkorea_value_without_a_figure_fails_its_field(
    tmp_path: Path, server: FakeServer, value: object, flag: object, cause: str
) -> None:
    row = dict(seoul_rows()["정릉로"], pm10Value=value, pm10Flag=flag)
    server.set(json_body=air_answer(row))
    probe = air_probe(tmp_path, server, used={"pm25"})
    outcome = probe.refresh(NOW)
    assert outcome.ok and outcome.failing_fields == {"pm10": cause}
    pm25 = probe.store.latest("air", "pm25")
    assert pm25 is not None and pm25.value == 8
