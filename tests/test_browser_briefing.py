"""The briefing screen and its JSON, with briefings built by the real pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.conftest import briefed_store, copy_config
from tests.support.page import nav, open_kiosk, tap, text, wait_text, wait_until
from tests.support.server import REPO, KioskServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def briefed(tmp_path_factory: pytest.TempPathFactory):
    """A kiosk whose Store already holds yesterday's and today's briefings."""
    folder = tmp_path_factory.mktemp("briefed")
    config_path = copy_config(
        folder,
        {'autoplay_times: ["09:00", "13:00"]': 'autoplay_times: ["00:00", "23:59"]'},
    )
    data_dir = folder / "var"
    store, (yesterday, today) = briefed_store(config_path, data_dir, 1, 0)
    server = KioskServer(config_path, data_dir).start()
    yield server, store, today.day, yesterday.day
    server.stop()


def test_briefing_screen_plays_with_subtitles_in_step(briefed, browser):
    server, store, today, _ = briefed
    record = store.briefing(today, "ko")
    open_kiosk(browser, server.url)
    nav(browser, "briefing")
    wait_text(browser, ".briefing .section-title", f"{today:%Y. %m. %d.}")
    lines = browser.find_elements(By.CSS_SELECTOR, ".subtitles .subtitle")
    assert [line.text for line in lines] == [s["text"] for s in record["sentences"]]
    assert "자동 문안" in text(browser, ".briefing-meta")
    # the next automatic play is counted down on screen
    wait_until(
        browser, lambda d: "다음 자동 재생 23:59" in text(d, ".autoplay-countdown")
    )
    audio = browser.find_element(By.ID, "kiosk-briefing-audio")
    assert audio.get_attribute("src").endswith(".mp3")
    with urllib.request.urlopen(audio.get_attribute("src"), timeout=10) as response:
        assert response.headers["Content-Type"] == "audio/mpeg"
        assert len(response.read()) > 10_000

    tap(browser, "#kiosk-briefing-play")
    browser.execute_script(
        "document.getElementById('kiosk-briefing-audio').playbackRate = 8"
    )
    seen: list[int] = []

    def follow(driver) -> bool:
        current = driver.execute_script(
            "return Array.from(document.querySelectorAll('.subtitles .subtitle'))"
            ".findIndex(li => li.classList.contains('current'))"
        )
        if current >= 0 and (not seen or seen[-1] != current):
            seen.append(current)
        return len(seen) >= 4

    wait_until(browser, follow, timeout=40)
    assert seen == sorted(seen), f"subtitles highlighted out of order: {seen}"
    assert text(browser, "#kiosk-briefing-play") == "일시정지"
    # the facts behind it are shown with their source
    facts = text(browser, ".facts")
    assert "기온" in facts and "서산시 데이터 플랫폼" in facts


def test_past_days_open_an_earlier_briefing(briefed, browser):
    server, store, today, yesterday = briefed
    open_kiosk(browser, server.url)
    nav(browser, "briefing")
    days = wait_until(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".past-days .choice-button")
    )
    assert len(days) == 2
    tap(browser, f'button[id*=\'"value":"{yesterday.isoformat()}"\']')
    wait_text(browser, ".briefing .section-title", f"{yesterday:%Y. %m. %d.}")
    first = store.briefing(yesterday, "ko")["sentences"][1]["text"]
    assert first in text(browser, ".subtitles")


def test_latest_json_for_the_city_portal(briefed):
    server, store, today, _ = briefed
    for lang in ("ko", "en"):
        with urllib.request.urlopen(
            server.url + f"briefing/latest.json?lang={lang}", timeout=10
        ) as response:
            body = json.loads(response.read())
            assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert body["date"] == today.isoformat() and body["language"] == lang
        assert body["title"] and body["text"]
        assert all({"text", "start", "end"} <= set(s) for s in body["sentences"])
        assert body["sentences"][-1]["end"] > body["sentences"][0]["end"]
        assert {"id", "label", "value", "unit", "as_of", "source"} <= set(
            body["facts"][0]
        )
        assert body["writer"]["name"] == "template"
        # relative to the JSON's own address: no public_url is configured here
        audio_url = urllib.parse.urljoin(server.url, body["audio_url"])
        with urllib.request.urlopen(audio_url, timeout=10) as audio:
            assert audio.headers["Content-Type"] == "audio/mpeg"
    status = server.health()["briefing"]
    assert status["ok"] and status["languages"]["ko"]["speech"] == "espeak-ng"


def test_briefing_now_command_builds_and_reports(tmp_path: Path):
    config = copy_config(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk_app",
            "briefing",
            "--now",
            "--refresh-feeds",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path / "var"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "ko: writer template" in result.stdout and "speech espeak-ng" in result.stdout
    )
    assert "briefing saved" in result.stdout
    assert list((tmp_path / "var" / "briefings").glob("*.mp3"))


def test_home_screen_shows_the_briefing_headlines_in_turn(briefed, browser):
    server, store, today, _ = briefed
    sentences = [s["text"] for s in store.briefing(today, "ko")["sentences"]]
    open_kiosk(browser, server.url)
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll("
        "'button[id*=briefing] .headlines .rotating')).map(e => e.textContent)"
    )
    assert shown == sentences[1:4]
    visible = browser.find_element(
        By.CSS_SELECTOR, "button[id*=briefing] .headlines .rotating.active"
    )
    assert visible.text.replace("\n", " ")[:10] in " ".join(sentences)
