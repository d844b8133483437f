"""``python -m kiosk_app check`` about the briefing's model: the key's variable
unset, a prompt that does not fit the context, a deadline shorter than one
request; and ``check --online`` against local servers of the real kinds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.llm_kinds import LlmServer

REPO = Path(__file__).resolve().parents[1]
KEY_ENV = "TEST_CHECK_LLM_KEY"
KEY = "sk-check-0123456789abcdef"


def site_with(folder: Path, openai: str, briefing: str = "") -> Path:
    """The shipped config with ``writer: openai``, this ``openai:`` block (its
    keys, indented by four) and more ``briefing:`` keys (indented by two)."""
    for name in ("building.yaml", "directory.yaml"):
        shutil.copy(REPO / name, folder / name)
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    text, writers = re.subn(r"(?m)^  writer: .*$", "  writer: openai", text)
    if briefing:  # the shipped value gives way to the test's
        text = re.sub(r"(?m)^  deadline_minutes: .*\n", "", text)
    block = "  openai:\n" + "".join(f"    {line}\n" for line in openai.splitlines())
    block += "".join(f"  {line}\n" for line in briefing.splitlines())
    text, blocks = re.subn(r"(?ms)^  openai:.*?(?=^  speech:)", block, text)
    assert writers == blocks == 1
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """``check``'s output lines; it must accept the file."""
    environ = {k: v for k, v in os.environ.items() if k != KEY_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "check", str(path), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    assert KEY not in result.stdout + result.stderr
    return result.stdout.splitlines()


def line_of(path: Path, key: str) -> int:
    """The line where ``key:`` first stands in the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(key))


def warnings(lines: list[str]) -> list[str]:
    """The warnings about the briefing (the Store's and others' left out)."""
    return [
        line for line in lines if line.endswith("(warning)") and ": briefing." in line
    ]


def test_the_shipped_config_has_no_briefing_warning() -> None:
    lines = check(REPO / "config.yaml", "--online")
    assert not warnings(lines)
    assert "briefing: writer is template: no model endpoint to ask" in lines


def test_an_unset_key_variable_is_named_with_its_line(tmp_path: Path) -> None:
    path = site_with(
        tmp_path, f"base_url: http://127.0.0.1:9/v1\napi_key_env: {KEY_ENV}"
    )
    found = warnings(check(path))
    where = f"{path}:{line_of(path, 'api_key_env')}: briefing.openai.api_key_env: "
    assert [w for w in found if w.startswith(where)] == [
        f"{where}{KEY_ENV} is not set here (or is empty): the model cannot be asked "
        "until it is set where the scheduler runs; for a server that needs no key "
        '(llama.cpp, vLLM in the building) set api_key_env: "" (warning)'
    ]
    assert not warnings(check(path, env={KEY_ENV: KEY}))
    for keyless in ('""', "none", "null"):
        quiet = site_with(
            tmp_path, f"base_url: http://127.0.0.1:9/v1\napi_key_env: {keyless}"
        )
        assert not [w for w in warnings(check(quiet)) if "api_key_env" in w]


def test_a_prompt_over_the_context_is_warned_of(tmp_path: Path) -> None:
    small = site_with(
        tmp_path,
        'api_key_env: ""\nbase_url: http://127.0.0.1:9/v1\n'
        "max_tokens: 1500\ncontext_tokens: 2048",
    )
    found = [w for w in warnings(check(small)) if "context_tokens" in w]
    assert len(found) == 1
    where = (
        f"{small}:{line_of(small, 'context_tokens')}: briefing.openai.context_tokens"
    )
    assert found[0].startswith(where)
    match = re.search(r"the prompt is about (\d+) tokens \((\w+),", found[0])
    assert match and int(match[1]) > 548  # with 1500 of answer, over 2048
    assert "do not fit in context_tokens 2048" in found[0]
    large = site_with(
        tmp_path,
        'api_key_env: ""\nbase_url: http://127.0.0.1:9/v1\n'
        "max_tokens: 700\ncontext_tokens: 8192",
    )
    assert not warnings(check(large))


def test_a_deadline_shorter_than_one_request_is_warned_of(tmp_path: Path) -> None:
    path = site_with(
        tmp_path,
        'api_key_env: ""\nbase_url: http://127.0.0.1:9/v1\ntimeout_seconds: 900',
        briefing="deadline_minutes: 10",
    )
    found = warnings(check(path))
    assert found == [
        f"{path}:{line_of(path, 'deadline_minutes')}: briefing.deadline_minutes: "
        "10 minutes for the whole job is less than one request may take "
        "(briefing.openai.timeout_seconds 900 s = 15 min): the model is cut off "
        "before it may answer; raise deadline_minutes or lower timeout_seconds "
        "(warning)"
    ]
    longer = site_with(
        tmp_path,
        'api_key_env: ""\nbase_url: http://127.0.0.1:9/v1\ntimeout_seconds: 900',
        briefing="deadline_minutes: 60",
    )
    assert not warnings(check(longer))


def online(
    tmp_path: Path, server: LlmServer, extra: str = ""
) -> tuple[Path, list[str]]:
    path = site_with(
        tmp_path,
        f"base_url: {server.base_url}\nmodel: gemma\napi_key_env: {KEY_ENV}\n{extra}",
    )
    return path, check(path, "--online", env={KEY_ENV: KEY})


def test_online_a_llamacpp_server_refusing_the_first_mode(tmp_path: Path) -> None:
    with LlmServer(kind="llamacpp") as server:
        path, lines = online(tmp_path, server)
    assert f"briefing.openai: {server.base_url}, model gemma" in lines
    modes = [line.strip() for line in lines if line.startswith("  json_")]
    assert modes[0].startswith("json_schema: refused (HTTP 500: ")
    assert "Input should be 'text' or 'json_object'" in modes[0]
    assert modes[1].startswith(
        "json_object: accepted (model /models/gemma-3-270m-it-Q4_K_M.gguf, "
        "answered JSON) in "
    )
    assert any(line.startswith("  none: accepted") for line in lines)
    assert (
        "  models: /models/gemma-3-270m-it-Q4_K_M.gguf (gemma is NOT among them; "
        "the answers came from /models/gemma-3-270m-it-Q4_K_M.gguf)" in lines
    )
    (warning,) = warnings(lines)
    where = f"{path}:{line_of(path, 'base_url') - 1}: briefing.openai.response_format"
    assert warning.startswith(where)  # not in the file: the block's line
    assert "the server refuses json_schema (HTTP 500: " in warning
    assert warning.endswith(
        "it takes json_object, none: write response_format: [json_object, none] "
        "(warning)"
    )
    assert [r.headers["authorization"] for r in server.chats] == [f"Bearer {KEY}"] * 3


def test_online_an_openai_server_takes_the_configured_order(tmp_path: Path) -> None:
    with LlmServer(kind="openai", model="gemma") as server:
        _, lines = online(tmp_path, server)
    assert not warnings(lines)
    assert "  models: gemma (gemma is among them)" in lines


def test_online_a_server_without_structured_output(tmp_path: Path) -> None:
    with LlmServer(kind="plain") as server:
        path, lines = online(
            tmp_path, server, "response_format: [json_object, json_schema, none]"
        )
    (warning,) = warnings(lines)
    assert warning.startswith(
        f"{path}:{line_of(path, 'response_format')}: briefing.openai.response_format: "
        "the server refuses json_object (HTTP 400: response_format is not supported"
    )
    assert warning.endswith("write response_format: [none] (warning)")


def test_online_an_endpoint_that_does_not_answer(tmp_path: Path) -> None:
    with LlmServer(kind="openai", key="another-key") as server:
        path, lines = online(tmp_path, server)
    (warning,) = warnings(lines)
    assert warning.startswith(
        f"{path}:{line_of(path, 'base_url')}: briefing.openai.base_url: "
        "no output mode worked: json_schema: HTTP 401: Incorrect API key provided: ***"
    )
    assert "  json_object: not tried (the first request failed as above)" in lines
    with LlmServer() as stopped:
        pass
    path, lines = online(tmp_path, stopped)
    assert any("cannot reach the endpoint" in w for w in warnings(lines))


@pytest.mark.parametrize("api_key_env", [KEY_ENV, '""'])
def test_online_a_server_that_needs_no_key(tmp_path: Path, api_key_env: str) -> None:
    with LlmServer(kind="llamacpp") as server:
        path = site_with(
            tmp_path,
            f"base_url: {server.base_url}\napi_key_env: {api_key_env}\n"
            "response_format: [json_object]",
        )
        lines = check(path, "--online")
    hints = [w for w in warnings(lines) if "answered without a key" in w]
    assert len(hints) == (1 if api_key_env == KEY_ENV else 0)
    assert all(r.headers["authorization"] == "Bearer none" for r in server.chats)


def test_a_required_fact_that_is_no_tile_is_warned_of(tmp_path: Path) -> None:
    """A misspelt or removed tile: the config is kept, the line is named."""
    for name in ("building.yaml", "directory.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(
        text.replace("required_facts: [temperature,", "required_facts: [temprature,"),
        encoding="utf-8",
    )
    where = f"{path}:{line_of(path, 'required_facts')}: briefing.required_facts[0]: "
    assert warnings(check(path)) == [
        f"{where}no tile 'temprature' in tiles: this required fact is never said "
        "(warning)"
    ]
