"""A model endpoint's errors in words, and the probe of what it takes, over
real HTTP: the official client against local servers of the real kinds."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import openai
import pytest

from briefing.config import OpenAIWriterConfig
from briefing.llm_errors import (
    describe_error,
    describe_status_error,
    is_context_overflow,
    is_mode_refusal,
)
from briefing.probe import (
    PROBE_MAX_TOKENS,
    estimate_tokens,
    probe_endpoint,
    prompt_tokens,
)
from briefing.prompt import ANSWER_SCHEMA
from kiosk_app.config import parse_config
from kiosk_core.tiles import Notice, Tile
from tests.fakes.http_server import FakeServer
from tests.fakes.llm_kinds import LLAMACPP_REFUSAL, LlmServer, overflow_body
from tests.fakes.openai_server import slow

REPO = Path(__file__).resolve().parents[1]
KEY = "sk-test-0123456789abcdef"
KEY_ENV = "TEST_PROBE_LLM_KEY"


def status_error(server: FakeServer, status: int, body: Any) -> openai.APIStatusError:
    """The error the official client raises for this answer."""
    if isinstance(body, str):
        server.set(body, status=status, content_type="text/html")
    else:
        server.set(json_body=body, status=status)
    client = openai.OpenAI(api_key=KEY, base_url=server.url + "/v1", max_retries=0)
    with client, pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
    return caught.value


@pytest.fixture
def http() -> Any:
    with FakeServer() as server:
        yield server


LLAMACPP_CONTEXT = {
    "error": {
        "code": 400,
        "message": "the request exceeds the available context size, try increasing it",
        "type": "exceed_context_size_error",
        "n_prompt_tokens": 3300,
        "n_ctx": 2048,
    }
}
FASTAPI_422 = {
    "detail": [
        {
            "type": "literal_error",
            "loc": ["body", "response_format", "type"],
            "msg": "Input should be 'text' or 'json_object'",
            "input": "json_schema",
        }
    ]
}
CASES = [
    # status, body, mode refusal, context overflow, words expected
    (500, LLAMACPP_REFUSAL, True, False, "Input should be 'text' or 'json_object'"),
    (422, FASTAPI_422, True, False, "body.response_format.type: Input should be"),
    (500, {"error": {"message": "failed to parse grammar"}}, True, False, "grammar"),
    (400, overflow_body(), False, True, "maximum context length is 2048 tokens"),
    (400, LLAMACPP_CONTEXT, False, True, "exceeds the available context size"),
    (
        400,
        {"object": "error", "message": "prompt is too long", "code": 400},
        False,
        True,
        "prompt is too long",
    ),
    (
        400,
        {"error": {"message": "temperature must be at most 2"}},
        False,
        False,
        "temperature must be at most 2",
    ),
    (
        404,
        {"error": {"message": "The model `gema` does not exist"}},
        False,
        False,
        "no such model or path",
    ),
    (
        429,
        {"error": {"message": "You exceeded your current quota"}},
        False,
        False,
        "quota",
    ),
    (
        502,
        "<html>\n<body>Bad Gateway</body>\n</html>",
        False,
        False,
        "<html> <body>Bad Gateway</body> </html>",
    ),
]


@pytest.mark.parametrize(("status", "body", "refusal", "overflow", "words"), CASES)
def test_a_servers_error_is_kept_in_its_own_words(
    http: FakeServer,
    status: int,
    body: Any,
    refusal: bool,
    overflow: bool,
    words: str,
) -> None:
    err = status_error(http, status, body)
    assert is_mode_refusal(err) is refusal
    assert is_context_overflow(err) is overflow
    text = describe_status_error(err, KEY)
    assert text.startswith(f"HTTP {status}: ")
    assert words in text
    assert "\n" not in text
    if refusal:
        assert "put a mode it takes first" in text
    if overflow:
        assert "lower max_tokens" in text


def test_the_key_never_shows_even_when_the_server_echoes_it(http: FakeServer) -> None:
    body = {"error": {"message": f"Incorrect API key provided: {KEY}."}}
    text = describe_status_error(status_error(http, 401, body), KEY)
    assert KEY not in text and "0123456789" not in text
    assert "Incorrect API key provided: ***" in text
    assert "the key was refused" in text
    # a hosted API's own half-masked key is blanked too
    masked = {"error": {"message": "Incorrect API key provided: sk-te****cdef."}}
    text = describe_status_error(status_error(http, 401, masked), None)
    assert "sk-te" not in text and "cdef" not in text


def test_long_words_are_cut_after_the_key_is_blanked(http: FakeServer) -> None:
    # the key straddles the cut: cutting first would leave its start behind
    message = "x" * 290 + " " + KEY[1:] + " " + "y" * 500
    text = describe_status_error(
        status_error(http, 500, {"error": {"message": message}}), KEY[1:]
    )
    assert "k-test" not in text and "012345" not in text
    words = text.split(": ", 1)[1].split(" (the server failed")[0]
    assert len(words) <= 300 and words.endswith("…")


def test_an_unreachable_endpoint_is_said_without_raising() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = openai.OpenAI(
        api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
    )
    with client, pytest.raises(openai.APIConnectionError) as caught:
        client.models.list()
    assert describe_error(caught.value, KEY, 3).startswith("cannot reach the endpoint")


# the probe ---------------------------------------------------------------


def writer(server: LlmServer, **changes: Any) -> OpenAIWriterConfig:
    return OpenAIWriterConfig.model_validate(
        {"base_url": server.base_url, "api_key_env": KEY_ENV, "model": "gemma"}
        | changes
    )


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, KEY)


def test_an_openai_style_server_takes_every_mode() -> None:
    with LlmServer(kind="openai") as server:
        result = probe_endpoint(writer(server, model="gpt-4o-mini"), timeout=5)
    assert result.accepted == ["json_schema", "json_object", "none"]
    assert [m.model for m in result.modes] == ["gpt-4o-mini"] * 3
    assert all("answered JSON" in m.detail for m in result.modes)
    assert result.models == ("gpt-4o-mini",) and result.model_listed is True
    chats = server.chats
    assert [r.mode for r in chats] == ["json_schema", "json_object", "none"]
    assert chats[0].body["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
    assert all(r.body["max_tokens"] == PROBE_MAX_TOKENS for r in chats)
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in chats)


def test_a_llamacpp_server_refuses_json_schema_in_its_own_words() -> None:
    with LlmServer(kind="llamacpp") as server:
        result = probe_endpoint(writer(server), timeout=5)
    schema, obj, none = result.modes
    assert schema.outcome == "refused"
    assert "HTTP 500" in schema.detail
    assert "Input should be 'text' or 'json_object'" in schema.detail
    assert obj.outcome == none.outcome == "accepted"
    assert obj.model == "/models/gemma-3-270m-it-Q4_K_M.gguf"
    assert result.working_order() == ["json_object", "none"]
    # a one-model llama.cpp server answers with its own model, whatever is asked
    assert result.model_listed is False
    assert server.chats[1].body["response_format"]["schema"] == ANSWER_SCHEMA


def test_a_server_without_structured_output_takes_only_none() -> None:
    with LlmServer(kind="plain", models=None) as server:
        result = probe_endpoint(writer(server), timeout=5)
    assert result.refused == ["json_schema", "json_object"]
    assert result.accepted == ["none"]
    assert result.models is None and result.model_listed is None
    assert "HTTP 404" in result.models_detail


def test_a_context_overflow_is_a_failure_not_a_refusal() -> None:
    with LlmServer(kind="overflow") as server:
        result = probe_endpoint(writer(server), timeout=5)
    assert [m.outcome for m in result.modes] == ["failed"] * 3
    assert "maximum context length is 2048 tokens" in result.modes[0].detail
    assert result.working_order() == ["json_schema", "json_object", "none"]


def test_a_refused_key_stops_the_probe_and_never_shows() -> None:
    with LlmServer(kind="openai", key="the-right-key") as server:
        result = probe_endpoint(writer(server), timeout=5)
    assert [m.outcome for m in result.modes] == ["failed", "not tried", "not tried"]
    assert "HTTP 401" in result.modes[0].detail
    assert "the key was refused" in result.modes[0].detail
    assert len(server.chats) == 1
    shown = " ".join(m.line() for m in result.modes) + result.models_detail
    assert KEY not in shown and "0123456789" not in shown


def test_a_server_that_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    with LlmServer(kind="llamacpp") as server:
        unset = probe_endpoint(writer(server), timeout=5)
        keyless = probe_endpoint(writer(server, api_key_env=""), timeout=5)
    assert unset.key_missing == KEY_ENV and keyless.key_missing is None
    assert keyless.accepted == ["json_object", "none"]
    assert server.chats[-1].headers["authorization"] == "Bearer none"


def test_an_unreachable_or_slow_server_is_reported_not_raised() -> None:
    with LlmServer() as server:
        config = writer(server)
    result = probe_endpoint(config, timeout=2)  # stopped: nothing listens
    assert [m.outcome for m in result.modes] == ["failed", "not tried", "not tried"]
    assert "cannot reach the endpoint" in result.modes[0].detail
    assert result.models is None
    with LlmServer() as server:
        server.script(slow(30))
        result = probe_endpoint(writer(server), timeout=0.5)
    assert result.modes[0].detail == "no answer within 0.5 s"
    assert result.modes[1].outcome == "not tried"


def test_an_answer_that_is_not_json_or_cut_short_is_said() -> None:
    with LlmServer(kind="plain") as server:
        server.script('{"sentences": [{"text": "o')
        result = probe_endpoint(writer(server, response_format=["none"]), timeout=5)
    assert result.modes[0].outcome == "accepted"
    assert "answered, not JSON" in result.modes[0].detail


def test_the_fake_refuses_a_schema_openai_would_refuse() -> None:
    loose = json.loads(json.dumps(ANSWER_SCHEMA))
    loose["properties"]["title"] = {"type": "string"}
    field = {
        "type": "json_schema",
        "json_schema": {"name": "b", "strict": True, "schema": loose},
    }
    with LlmServer() as server:
        client = openai.OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
        with client, pytest.raises(openai.BadRequestError) as caught:
            client.chat.completions.create(
                model="m",
                messages=[{"role": "user", "content": "json"}],
                response_format=field,  # type: ignore[arg-type]
            )
    assert is_mode_refusal(caught.value)
    assert "Missing 'title'" in describe_status_error(caught.value, KEY)


# the prompt's size --------------------------------------------------------


@pytest.fixture(scope="module")
def tiles() -> list[Tile]:
    """The shipped config's tiles."""
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    return list(parse_config(text, "config.yaml").tiles)


def test_the_prompt_estimate_grows_with_tiles_and_notices(tiles: list[Tile]) -> None:
    few = prompt_tokens(tiles[:1], [], "Asia/Seoul", ["ko", "en"])
    many = prompt_tokens(tiles[:12], [], "Asia/Seoul", ["ko", "en"])
    assert set(few) == {"ko", "en"}
    # a tile is three rows: its figure and its two changes
    assert many["ko"] > few["ko"] + 11 * 60 and many["en"] > few["en"] + 11 * 40
    # a notice counts whatever its dates: one may be shown on the day
    old = Notice.model_validate(
        {"text": {"ko": "가" * 200, "en": "b" * 200}, "end": "2000-01-01"}
    )
    noticed = prompt_tokens(tiles[:1], [old], "Asia/Seoul", ["ko"])
    assert noticed["ko"] >= few["ko"] + 200


def test_the_token_estimate_counts_other_scripts_more() -> None:
    english = estimate_tokens([{"role": "user", "content": "a" * 300}])
    korean = estimate_tokens([{"role": "user", "content": "가" * 300}])
    assert english == 100 + 8 and korean == 450 + 8
