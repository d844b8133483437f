"""Generic REST JSON adapter against a local HTTP server."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from data_feeds.config import HttpJsonFeedConfig
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

NOW = dt.datetime(2025, 11, 26, 5, 25, tzinfo=dt.UTC)
SECRET = "tok-3f9a7c2e11"


def answer(waiting: object = "12", notice: str = "점심시간 12:00~13:00") -> dict:
    """A platform-style answer with values nested in lists and objects."""
    return {
        "response": {
            "header": {"resultCode": "00"},
            "body": {
                "updated": "2025-11-26 14:20",
                "items": [
                    {"name": "민원실", "value": waiting},
                    {"name": "주차장", "value": 41},
                ],
                "notice": {"text": notice},
            },
        }
    }


def config_for(server: FakeServer, **extra: object) -> HttpJsonFeedConfig:
    fields = {
        "queue_waiting": {"path": "response.body.items[0].value", "unit": "명"},
        "parking_free": {"path": "response.body.items[-1].value", "unit": "면"},
        "notice": {"path": "response.body.notice.text", "text": True},
    }
    return HttpJsonFeedConfig.model_validate(
        {
            "type": "http_json",
            "url": server.url + "/api/status",
            "fields": fields,
            "as_of_path": "response.body.updated",
            "timeout_seconds": 0.5,
            "interval_seconds": 60,
            "max_age_minutes": 30,
            "params": {"format": "json"},
            **extra,
        }
    )


@pytest.fixture
def probe(tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Probe:
    monkeypatch.setenv("PLATFORM_TOKEN", SECRET)
    config = config_for(server, key_env="PLATFORM_TOKEN", key_param="apiKey")
    return Probe(new_store(tmp_path), "platform", config, "queue_waiting")


def test_happy_path_reads_each_path(probe: Probe, server: FakeServer) -> None:
    server.set(json_body=answer())
    assert probe.refresh(NOW).ok
    waiting = probe.store.latest("platform", "queue_waiting")
    parking = probe.store.latest("platform", "parking_free")
    assert waiting is not None and (waiting.value, waiting.unit) == (12, "명")
    assert parking is not None and parking.value == 41
    # a local time without offset is read in Asia/Seoul
    assert waiting.as_of == dt.datetime(2025, 11, 26, 5, 20, tzinfo=dt.UTC)
    _, query, _ = server.requests[-1]
    assert query == {"format": ["json"], "apiKey": [SECRET]}
    assert probe.state(NOW) == "fresh"


def test_key_in_a_header(
    tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLATFORM_TOKEN", SECRET)
    config = config_for(
        server,
        key_env="PLATFORM_TOKEN",
        key_header="Authorization",
        key_prefix="Bearer ",
    )
    probe = Probe(new_store(tmp_path), "platform", config, "queue_waiting")
    server.set(json_body=answer())
    assert probe.refresh(NOW).ok
    _, query, headers = server.requests[-1]
    assert headers["Authorization"] == f"Bearer {SECRET}"
    assert "apiKey" not in query


def test_feed_text_with_html_is_stored_verbatim(
    probe: Probe, server: FakeServer
) -> None:
    hostile = '<script>alert("x")</script><b>민원실</b> & 주차장'
    server.set(json_body=answer(notice=hostile))
    assert probe.refresh(NOW).ok
    notice = probe.store.latest("platform", "notice")
    assert notice is not None and notice.text == hostile and notice.value is None


def test_failures_then_unavailable_then_recovery(
    probe: Probe, server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.set(json_body=answer())
    assert probe.refresh(NOW).ok
    step = dt.timedelta(minutes=1)
    server.set(json_body=answer(), delay=2.0)
    probe.fails(NOW + step, 1, "no answer from 127.0.0.1/api/status within 0.5 s")
    server.set("oops", status=500)
    probe.fails(NOW + 2 * step, 2, "HTTP 500 from 127.0.0.1/api/status")
    server.set('{"response": [')
    probe.fails(NOW + 3 * step, 3, "not valid JSON")
    gone = answer()
    del gone["response"]["body"]["notice"]
    server.set(json_body=gone)
    # only the notice failed: the waiting count is new and its tile fresh
    outcome = probe.refresh(NOW + 4 * step)
    assert not outcome.ok and outcome.error == (
        "no 'response.body.notice.text' in the answer (stopped at 'notice')"
    )
    assert probe.health().consecutive_failures == 4
    assert probe.value() == 12 and probe.state(NOW + 4 * step) == "fresh"
    server.set(json_body=answer(waiting="-"))
    probe.fails(NOW + 5 * step, 5, "has no value ('-')")
    server.set(json_body=answer(waiting="many"))
    probe.fails(NOW + 6 * step, 6, "is not a number: 'many'")
    drift = answer()
    drift["response"]["body"]["items"] = {"민원실": 12}
    server.set(json_body=drift)
    probe.fails(NOW + 7 * step, 7, "no 'response.body.items[0].value'")

    assert probe.value() == 12
    assert probe.state(NOW + dt.timedelta(minutes=31)) == "unavailable"
    later = NOW + dt.timedelta(minutes=40)
    fresh = answer(waiting=5)
    fresh["response"]["body"]["updated"] = "2025-11-26 15:05"
    server.set(json_body=fresh)
    assert probe.refresh(later).ok
    assert probe.value() == 5
    assert probe.state(later) == "fresh"

    for text in (caplog.text, probe.health().last_error or ""):
        assert SECRET not in text
    down = [r for r in caplog.records if "is down" in r.getMessage()]
    up = [r for r in caplog.records if "recovered" in r.getMessage()]
    assert len(down) == 1 and len(up) == 1
    assert "after 7 failed refreshes" in up[0].getMessage()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"params": {"serviceKey": "abc"}}, "'serviceKey' in params looks like a"),
        ({"headers": {"Authorization": "Bearer x"}}, "use key_env"),
        ({"params": {"api_key": "abc"}}, "key_env"),
        ({"params": {"token": "abc"}}, "key_env"),
        ({"key_env": "PLATFORM_TOKEN"}, "exactly one of key_param or key_header"),
        ({"key_param": "apiKey"}, "need key_env"),
        ({"key_env": "platform-token", "key_param": "k"}, "key_env"),
    ],
)
def test_config_rejects_secrets_and_half_key_settings(
    server: FakeServer, extra: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        config_for(server, **extra)


def test_config_rejects_a_key_in_the_url(server: FakeServer) -> None:
    with pytest.raises(ValueError, match="looks like a secret"):
        HttpJsonFeedConfig.model_validate(
            {
                "type": "http_json",
                "url": server.url + "/x?serviceKey=abc",
                "fields": {"a": {"path": "a"}},
            }
        )
