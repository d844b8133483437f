"""config.yaml validation: accepted when right, rejected with file:line:key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app.config import ProblemsFound, load_config, parse_config
from tests.support.server import REPO

GOOD = """\
site:
  title: {ko: 서산시청, en: Seosan City Hall}
kiosks:
  - id: main-lobby
    name: {ko: 로비, en: Lobby}
menus:
  - id: air
    title: {ko: 대기, en: Air}
feeds:
  demo: {type: demo}
tiles:
  - id: pm10
    menu: air
    title: {ko: 미세먼지, en: PM10}
    feed: demo
    field: pm10
notices:
  - text: {ko: 여권 창구는 09:00에 엽니다, en: The passport desk opens at 09:00}
"""


def problems(text: str) -> list:
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text, "config.yaml")
    return caught.value.problems


def test_shipped_config_is_valid():
    config = load_config(REPO / "config.yaml")
    assert config.site.title.get("ko") == "서산시청 종합안내"
    assert len(config.kiosks) >= 2
    assert all(tile.feed in config.feeds for tile in config.tiles)


def test_minimal_config_is_valid_and_keeps_times_as_text():
    config = parse_config(GOOD, "config.yaml")
    assert config.tiles[0].field == "pm10"
    # YAML 1.1 would have read 09:00 as the number 540
    assert "09:00" in config.notices[0].text.get("ko")


def test_yaml_syntax_error_names_the_line():
    bad = GOOD.replace(
        "  title: {ko: 서산시청, en: Seosan City Hall}",
        "  title: {ko: 서산시청, en: Seosan City Hall",
    )
    found = problems(bad)
    assert len(found) == 1
    assert found[0].line in (2, 3)
    assert "YAML syntax error" in found[0].message


def test_unknown_key_is_named_with_a_suggestion():
    bad = GOOD.replace("    field: pm10", "    feild: pm10")
    found = problems(bad)
    keys = {(p.line, p.key) for p in found}
    assert (16, "tiles[0].feild") in keys
    message = next(p.message for p in found if p.key == "tiles[0].feild")
    assert "did you mean 'field'" in message
    # the misspelt key also leaves the required field missing
    assert (12, "tiles[0].field") in keys


def test_wrong_type_names_line_key_and_value():
    bad = GOOD + "screen:\n  idle_seconds: soon\n"
    [problem] = problems(bad)
    assert (problem.line, problem.key) == (20, "screen.idle_seconds")
    assert "whole number" in problem.message and "soon" in problem.message


def test_missing_required_field_points_at_its_section():
    bad = GOOD.replace("    name: {ko: 로비, en: Lobby}\n", "")
    [problem] = problems(bad)
    assert (problem.line, problem.key) == (4, "kiosks[0].name")
    assert "required" in problem.message


def test_duplicate_tile_id_is_rejected_at_the_second_tile():
    extra = """\
  - id: pm10
    menu: air
    title: {ko: 초미세먼지, en: PM2.5}
    feed: demo
    field: pm25
"""
    bad = GOOD.replace("notices:", extra + "notices:")
    [problem] = problems(bad)
    assert (problem.line, problem.key) == (17, "tiles[1].id")
    assert "used twice" in problem.message


def test_duplicate_yaml_key_is_not_silently_dropped():
    bad = GOOD.replace("kiosks:", "site:\n  title: {ko: 다른, en: Other}\nkiosks:")
    [problem] = problems(bad)
    assert (problem.line, problem.key) == (3, "site")
    assert "twice" in problem.message


def test_tile_referring_to_unknown_feed_or_menu():
    bad = GOOD.replace("    feed: demo", "    feed: airkorea").replace(
        "    menu: air", "    menu: weather"
    )
    found = {(p.line, p.key) for p in problems(bad)}
    assert found == {(13, "tiles[0].menu"), (15, "tiles[0].feed")}


def test_unknown_timezone_and_bad_language():
    bad = GOOD.replace(
        "  title: {ko: 서산시청, en: Seosan City Hall}",
        "  title: {ko: 서산시청, en: Seosan City Hall}\n  timezone: Asia/Sesan\n"
        "  default_language: jp",
    )
    found = {p.key: p for p in problems(bad)}
    assert found["site.timezone"].line == 3
    assert "Asia/Seoul" in found["site.timezone"].message
    assert found["site.default_language"].line == 4


def test_secrets_cannot_be_written_into_the_config():
    bad = GOOD.replace(
        "  demo: {type: demo}", "  demo: {type: demo, api_key: sk-abc123}"
    )
    [problem] = problems(bad)
    assert problem.key == "feeds.demo.api_key"
    # the rejected value is not echoed into logs or the status page
    assert "sk-abc123" not in str(problem)


def test_shipped_config_holds_no_secret_values():
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    secret_like = re.compile(
        r"(?i)(api_?key|service_?key|token|secret|password)\s*:\s*[\"']?[A-Za-z0-9_\-]{12,}"
    )
    assert not secret_like.search(text)


def run_check(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", "check", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_check_command_accepts_the_shipped_config():
    result = run_check("config.yaml")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_check_command_prints_file_line_key(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text(
        GOOD.replace("    field: pm10", "    field: pm10\n    colour: red"),
        encoding="utf-8",
    )
    result = run_check(str(path))
    assert result.returncode != 0
    assert f"{path}:17: tiles[0].colour: unknown setting" in result.stderr


def test_check_warns_about_a_key_of_the_wrong_form_or_not_set(tmp_path: Path):
    path = tmp_path / "config.yaml"
    feeds = (
        "feeds:\n"
        "  air:\n    type: airkorea\n    key_env: AIR_TEST_KEY\n"
        "  weather:\n    type: kma\n    key_env: KMA_TEST_KEY\n"
        "  bus:\n    type: kma\n    key_env: BUS_TEST_KEY\n"
    )
    path.write_text(GOOD.replace("feeds:\n", feeds, 1), encoding="utf-8")
    env = {
        "AIR_TEST_KEY": "abc%252Bdef%253D%253D",  # the Encoding key, encoded again
        "KMA_TEST_KEY": "abc+def ghi==",
        "BUS_TEST_KEY": "",
    }
    result = run_check(str(path), env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        f"{path}:12: feeds.air.key_env: the key in AIR_TEST_KEY is encoded twice "
        "('%25'): use the key exactly as data.go.kr shows it (either its Encoding "
        "or its Decoding form) (warning)"
    ) in lines
    assert (
        f"{path}:15: feeds.weather.key_env: the key in KMA_TEST_KEY has spaces or "
        "line breaks in it: copy the key again without them (warning)"
    ) in lines
    assert (
        f"{path}:18: feeds.bus.key_env: BUS_TEST_KEY is not set here: the feed "
        "cannot be read until it is set where the scheduler runs (warning)"
    ) in lines
    good = run_check(str(path), env={k: "abc%2Bdef%3D%3D" for k in env})
    assert "(warning)" not in good.stdout


def test_check_command_reports_a_missing_file(tmp_path: Path):
    result = run_check(str(tmp_path / "nope.yaml"))
    assert result.returncode != 0
    assert "nope.yaml:1: file not found" in result.stderr


def test_every_commented_feed_example_in_the_shipped_config_is_valid():
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    start = text.index("  # BEGIN FEED EXAMPLES\n")
    end = text.index("  # END FEED EXAMPLES\n")
    block = text[start:end].splitlines()[1:]
    assert len(block) > 30
    uncommented = "\n".join(line.replace("  # ", "  ", 1) for line in block) + "\n"
    config = parse_config(text[:start] + uncommented + text[end:], "config.yaml")
    kinds = {feed.type for feed in config.feeds.values()}
    assert kinds == {
        "demo",
        "airkorea",
        "kma",
        "queue",
        "csv",
        "http_json",
        "sql",
        "tago",
        "mois_population",
        "parking_csv",
    }


def test_more_than_twelve_menus_are_refused():
    menus = "".join(
        f"  - id: m{i}\n    title: {{ko: 메뉴{i}, en: Menu {i}}}\n" for i in range(13)
    )
    bad = GOOD.replace("menus:\n", "menus:\n" + menus)
    found = problems(bad)
    assert any(p.key == "menus" and "12" in p.message for p in found)
