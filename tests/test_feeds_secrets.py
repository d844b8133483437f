"""Secrets: refused in config.yaml in every form, never shown in a feed's error."""

from __future__ import annotations

import datetime as dt
import logging
import re
import socket
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

import pytest
from pydantic import TypeAdapter

from data_feeds import FeedConfig, FeedError, airkorea, kma, refresh_feed
from data_feeds.config import (
    AirKoreaFeedConfig,
    DemoFeedConfig,
    HttpJsonFeedConfig,
    KmaFeedConfig,
    QueueFeedConfig,
)
from data_feeds.http_json import _where
from data_feeds.secrecy import looks_opaque, url_secret
from kiosk_app.config import ProblemsFound, parse_config
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store
from tests.support.server import REPO

NOW = dt.datetime(2025, 11, 26, 5, 25, tzinfo=dt.UTC)
TOKEN = "3f9a8c2e11d4b7a6e5f4c3b2a1908f7e"
WORD = "s3cret"  # short and plain: only the name says it is a secret
BASE64ISH = "dGhpcyBpcyBhIHNlY3JldCB0b2tlbg"
SHIPPED = (REPO / "config.yaml").read_text(encoding="utf-8")
FIELDS = "    fields: {parking_free: {path: data.parking}}\n"


def with_feed(feed: str, name: str = "bad") -> tuple[str, int]:
    """The shipped config.yaml with feed ``name`` added, and the line it starts on."""
    assert SHIPPED.count("\nfeeds:\n") == 1
    head, tail = SHIPPED.split("\nfeeds:\n")
    start = head.count("\n") + 3  # the line of the feed id
    return f"{head}\nfeeds:\n  {name}:\n{feed}{tail}", start


def http(url: str = "https://api.example.kr/v1/status", **extra: str) -> str:
    lines = "".join(f"    {key}: {value}\n" for key, value in extra.items())
    return f"    type: http_json\n    url: {url}\n{lines}{FIELDS}"


SQL = "    type: sql\n    url: {url}\n    query: SELECT field, value FROM t\n"
QUEUE = "    type: queue\n    url: {url}\n"
AIRKOREA = "    type: airkorea\n    base_url: {url}\n"


# form -> (the feed, the key named, the advice given, the secret never echoed)
FORMS = {
    "X-API-Key header": (
        http(headers=f"{{X-API-Key: {WORD}}}"),
        "headers",
        "key_env",
        WORD,
    ),
    "Ocp-Apim-Subscription-Key header": (
        http(headers=f"{{Ocp-Apim-Subscription-Key: {WORD}}}"),
        "headers",
        "key_env",
        WORD,
    ),
    "Authorization header": (
        http(headers=f'{{Authorization: "Bearer {WORD}"}}'),
        "headers",
        "key_env",
        WORD,
    ),
    "bearer value in any header": (
        http(headers=f'{{X-Custom: "Bearer {WORD}"}}'),
        "headers",
        "key_env",
        WORD,
    ),
    "token value in any header": (
        http(headers=f"{{X-Tenant: {TOKEN}}}"),
        "headers",
        "key_env",
        TOKEN,
    ),
    "?api-key=": (
        http(f"https://api.example.kr/v1/status?api-key={WORD}"),
        "url",
        "key_env",
        WORD,
    ),
    "auth param": (http(params=f"{{auth: {WORD}}}"), "params", "key_env", WORD),
    "sig param": (http(params=f"{{sig: {WORD}}}"), "params", "key_env", WORD),
    "signature param": (
        http(params=f"{{signature: {WORD}}}"),
        "params",
        "key_env",
        WORD,
    ),
    "?sig= in the url": (
        http(f"https://api.example.kr/v1?sig={WORD}&sv=2024"),
        "url",
        "key_env",
        WORD,
    ),
    "token value in the url query": (
        http(f"https://api.example.kr/v1?city=seosan&k={BASE64ISH}"),
        "url",
        "key_env",
        BASE64ISH,
    ),
    "token value in params": (
        http(params=f"{{k: {BASE64ISH}}}"),
        "params",
        "key_env",
        BASE64ISH,
    ),
    "hex token in the url path": (
        http(f"https://api.example.kr/tok/{TOKEN}/data"),
        "url",
        "url_env",
        TOKEN,
    ),
    "base64 token in the url path": (
        http(f"https://api.example.kr/v1/{BASE64ISH}/data"),
        "url",
        "url_env",
        BASE64ISH,
    ),
    "user:password@ in an http_json url": (
        http(f"https://kiosk:{WORD}@api.example.kr/v1/status"),
        "url",
        "url_env",
        WORD,
    ),
    "token@ in an http_json url": (
        http(f"https://{TOKEN}@api.example.kr/v1/status"),
        "url",
        "url_env",
        TOKEN,
    ),
    "postgresql ?password=": (
        SQL.format(url=f"postgresql://kiosk@db/stats?password={WORD}"),
        "url",
        "url_env",
        WORD,
    ),
    "user:password@ in a sql url": (
        SQL.format(url=f"postgresql://kiosk:{WORD}@db/stats"),
        "url",
        "url_env",
        WORD,
    ),
    "user:password@ in a queue url": (
        QUEUE.format(url=f"http://kiosk:{WORD}@queue-server.local/status"),
        "url",
        "url_env",
        WORD,
    ),
    "token in a queue url path": (
        QUEUE.format(url=f"http://queue-server.local/{TOKEN}/status"),
        "url",
        "url_env",
        TOKEN,
    ),
    "serviceKey in AirKorea's base_url": (
        AIRKOREA.format(
            url="https://apis.data.go.kr/B552584/ArpltnInforInqireSvc"
            f"?serviceKey={WORD}"
        ),
        "base_url",
        "key_env",
        WORD,
    ),
    "user:password@ in AirKorea's base_url": (
        AIRKOREA.format(url=f"https://user:{WORD}@apis.data.go.kr/B552584/Svc"),
        "base_url",
        "key_env",
        WORD,
    ),
}


@pytest.mark.parametrize(
    ("feed", "key", "advice", "secret"), list(FORMS.values()), ids=list(FORMS)
)
def test_check_refuses_a_literal_secret_in_every_form(
    feed: str, key: str, advice: str, secret: str
) -> None:
    text, start = with_feed(feed)
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text, "config.yaml")
    [problem] = caught.value.problems
    assert problem.key == f"feeds.bad.{key}"
    lines = text.splitlines()
    assert lines[problem.line - 1].startswith(f"    {key}:"), problem
    assert problem.line > start
    assert advice in problem.message
    shown = str(problem)
    assert shown.startswith(f"config.yaml:{problem.line}: feeds.bad.{key}: ")
    assert secret not in shown


def test_check_accepts_ordinary_params_headers_and_a_key_named_by_key_env() -> None:
    feed = http(
        "https://apis.data.go.kr/B552584/ArpltnInforInqireSvc/"
        "getMsrstnAcctoRltmMesureDnsty",
        params="{stationName: 동문동, returnType: json, dataTerm: DAILY, ver: '1.3'}",
        headers=(
            "{Accept-Language: ko-KR, User-Agent: 'Mozilla/5.0 (X11; Linux x86_64) "
            "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'}"
        ),
        key_env="AIRKOREA_KEY",
        key_param="serviceKey",
    )
    config = parse_config(with_feed(feed, "air")[0], "config.yaml")
    assert config.feeds["air"].params["stationName"] == "동문동"  # type: ignore


@pytest.mark.parametrize(
    ("text", "opaque"),
    [
        (TOKEN, True),
        (BASE64ISH, True),
        ("550e8400-e29b-41d4-a716-446655440000", True),
        ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", True),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0", True),
        ("aZ3kP9qLx2MwT7vB", True),
        ("getMsrstnAcctoRltmMesureDnsty", False),
        ("VilageFcstInfoService_2.0", False),
        ("B552584", False),
        ("2025_indicators_export_v2.db", False),
        ("civil_stats_2025_11_26.csv", False),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", False),
        ("%EB%8F%99%EB%AC%B8%EB%8F%99", False),  # 동문동, URL-encoded
    ],
)
def test_what_looks_like_a_token(text: str, opaque: bool) -> None:
    assert looks_opaque(text) is opaque


def urls_in(text: str) -> list[str]:
    """The http(s) URLs written in ``text`` (without a query or a placeholder)."""
    found = re.findall(r"https?://[^\s,)'\"]+", text)
    return [url for url in found if "?" not in url and "SERVER" not in url]


FEED_SOURCES = [*sorted((REPO / "data_feeds").glob("*.py")), REPO / "config.yaml"]
REAL_URLS = sorted(
    {
        f"{AirKoreaFeedConfig(type='airkorea').base_url}/{airkorea.OPERATION}",
        f"{KmaFeedConfig(type='kma').base_url}/{kma.OPERATION}",
        *(url for path in FEED_SOURCES for url in urls_in(path.read_text("utf-8"))),
    }
)


def failing(message: str):
    """An adapter that fails with ``message``."""

    def fetch(config: object, now: dt.datetime) -> list:
        raise FeedError(message)

    return fetch


@pytest.mark.parametrize("url", REAL_URLS)
def test_real_api_urls_are_accepted_and_stay_readable_in_errors(
    url: str, tmp_path: Path
) -> None:
    parts = urlsplit(url)
    readable = f"{parts.hostname}{parts.path}"
    assert _where(url) == readable
    config = HttpJsonFeedConfig(type="http_json", url=url, fields={})
    for message in (f"HTTP 500 from {readable}", f"cannot reach {url}: refused"):
        outcome = refresh_feed(
            "f", config, new_store(tmp_path), NOW, fetch=failing(message)
        )
        assert outcome.error == message


@pytest.mark.parametrize(
    "url",
    [
        # data.go.kr file data: data sets are named by public UUIDs
        "https://api.odcloud.kr/api/15077586/v1/"
        "uddi:0e8e4b4a-5d1f-4b1c-8b0e-123456789abc?page=1&perPage=10",
        # a city board's menu number, not a key
        "https://www.seosan.go.kr/www/selectBbsNttList.do?bbsNo=96&key=1254",
        "https://apis.data.go.kr/1360000/LivingWthrIdxServiceV4/getUVIdxV4",
        "https://apis.data.go.kr/1613000/BusRouteInfoInqireService/"
        "getRouteAcctoThrghSttnList?cityCode=34070&routeId=CNB290003100",
    ],
)
def test_check_accepts_public_urls_that_look_odd(url: str) -> None:
    assert url_secret(url) is None
    HttpJsonFeedConfig(type="http_json", url=url, fields={})


def test_a_key_in_a_url_path_is_still_refused() -> None:
    # Seoul's open API puts the key in the path: it belongs in url_env
    url = "http://openapi.seoul.go.kr:8088/6d4d776b466c656533356a4b4b5872/json/x/1/5/"
    assert url_secret(url) is not None
    assert url_secret("https://h/x?key=6d4d776b466c6565") is not None


def test_the_data_go_kr_urls_are_among_those_checked() -> None:
    assert (
        "https://apis.data.go.kr/B552584/ArpltnInforInqireSvc/"
        "getMsrstnAcctoRltmMesureDnsty" in REAL_URLS
    )
    assert (
        "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst"
        in REAL_URLS
    )
    assert "https://data.example.go.kr/api/v1/dashboard" in REAL_URLS


def test_an_airkorea_failure_names_the_api_that_failed(
    tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRKOREA_KEY", TOKEN)
    config = AirKoreaFeedConfig(
        type="airkorea",
        base_url=server.url + "/B552584/ArpltnInforInqireSvc",
        timeout_seconds=0.5,
    )
    server.set("", status=500)
    outcome = refresh_feed("air", config, new_store(tmp_path), NOW)
    assert outcome.error == (
        "HTTP 500 from 127.0.0.1/B552584/ArpltnInforInqireSvc/"
        "getMsrstnAcctoRltmMesureDnsty"
    )


def free_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("kind", ["http_json", "queue"])
def test_a_token_in_the_url_path_never_reaches_status(
    kind: str,
    tmp_path: Path,
    server: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    extra = {"fields": {"waiting": {"path": "waiting"}}} if kind == "http_json" else {}
    config = TypeAdapter(FeedConfig).validate_python(
        {"type": kind, "url_env": "PLATFORM_URL", "timeout_seconds": 0.5, **extra}
    )
    probe = Probe(new_store(tmp_path), "platform", config, "waiting")
    monkeypatch.setenv("PLATFORM_URL", f"{server.url}/tok/{TOKEN}/data?sig={WORD}")
    server.set("", status=500)
    probe.refresh(NOW)
    assert probe.health().last_error == "HTTP 500 from 127.0.0.1/tok/***/data"
    assert server.requests[-1][0] == f"/tok/{TOKEN}/data"  # the real url was asked

    later = NOW + dt.timedelta(minutes=1)
    monkeypatch.setenv("PLATFORM_URL", f"http://127.0.0.1:{free_port()}/tok/{TOKEN}/")
    probe.refresh(later)
    error = probe.health().last_error or ""
    assert error.startswith("cannot reach 127.0.0.1/tok/***/: "), error
    for text in (caplog.text, str(probe.health())):
        assert TOKEN not in text and WORD not in text


def test_an_adapter_leaking_a_url_is_cleaned_before_it_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "abc+DEF/ghi=="
    monkeypatch.setenv("PLATFORM_KEY", key)
    config = HttpJsonFeedConfig(
        type="http_json",
        url="https://api.example.kr/v1",
        key_env="PLATFORM_KEY",
        key_param="key",
        fields={},
    )
    leak = (
        f"cannot use https://kiosk:{WORD}@api.example.kr/v1/{BASE64ISH}/x?sig={WORD}"
        f" (key {quote(key, safe='')}, {quote_plus(key)}, {key}; "
        f"retry with postgresql://kiosk:{WORD}@db/stats or signature={WORD})"
    )
    outcome = refresh_feed("f", config, new_store(tmp_path), NOW, fetch=failing(leak))
    assert outcome.error == (
        "cannot use https://***@api.example.kr/v1/***/x?*** (key ***, ***, ***; "
        "retry with postgresql://***@db/stats or signature=***)"
    )


def test_a_password_from_url_env_is_hidden_even_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUEUE_URL", f"http://kiosk:{WORD}@queue.local/status")
    config = QueueFeedConfig(type="queue", url_env="QUEUE_URL")
    outcome = refresh_feed(
        "q",
        config,
        new_store(tmp_path),
        NOW,
        fetch=failing(f"login refused for password {WORD}"),
    )
    assert outcome.error == "login refused for password ***"


@pytest.mark.parametrize(
    "message",
    [
        "no 'response.body.items[0].value' in the answer (stopped at '[0]')",
        "queue_waiting, parking_free dated 2026-11-26 05:25 UTC, in the future",
        "AirKorea answered 30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
        "civil_stats.csv is not utf-8-sig text (set encoding, e.g. cp949)",
        "obsrValue of T1H is missing (-999)",
        "the query failed: no such table: kiosk_indicators",
    ],
)
def test_ordinary_errors_are_shown_as_they_are(message: str, tmp_path: Path) -> None:
    outcome = refresh_feed(
        "f",
        DemoFeedConfig(type="demo"),
        new_store(tmp_path),
        NOW,
        fetch=failing(message),
    )
    assert outcome.error == message
