"""A running kiosk follows its config file and rides out a server that is
slow, silent or restarting, without a blank screen and without reload storms."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_config
from tests.support.page import open_kiosk, text, wait_text, wait_until
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

TITLE = "ko: 서산시청 종합안내"
MARK = "return window.__kioskMark === 42"


@pytest.fixture
def live(tmp_path: Path):
    """A kiosk of its own, whose config the test may edit."""
    config = copy_config(tmp_path)
    server = KioskServer(config, tmp_path / "var").start()
    yield server
    server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text_now = path.read_text(encoding="utf-8")
    assert old in text_now
    path.write_text(text_now.replace(old, new), encoding="utf-8")


def beat_count(driver) -> int:
    """How many beats the page has had answered."""
    return int(
        driver.execute_script(
            "return document.getElementById('kiosk-root').dataset.beats || 0"
        )
    )


def offline(driver) -> bool:
    return driver.execute_script(
        "return document.body.classList.contains('kiosk-is-offline')"
    )


def test_config_edits_show_within_seconds_and_bad_edits_are_ignored(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")

    edit(live.config, TITLE, "ko: 서산시청 민원 안내")
    wait_text(browser, ".kiosk-title", "서산시청 민원 안내", timeout=30)
    assert browser.execute_script(MARK), "the page was reloaded"

    edit(live.config, "ko: 서산시청 민원 안내", "ko: [broken")
    wait_until(browser, lambda d: not live.health()["config"]["ok"], timeout=30)
    # the page's next beats bring no new version: the screen stays as it was
    beats = beat_count(browser)
    wait_until(browser, lambda d: beat_count(d) >= beats + 2, timeout=30)
    assert text(browser, ".kiosk-title") == "서산시청 민원 안내"
    assert browser.execute_script(MARK)
    problems = live.health()["config"]["problems"]
    broken = (
        live.config.read_text(encoding="utf-8").splitlines().index("    ko: [broken")
        + 1
    )
    # staff see the file and line, never where the server keeps its files
    assert problems[0].startswith(
        (f"config.yaml:{broken}:", f"config.yaml:{broken + 1}:")
    )
    assert str(live.config.parent) not in json.dumps(live.health())
    assert "config error" not in browser.page_source
    with urllib.request.urlopen(live.url + "status", timeout=5) as response:
        status = response.read().decode("utf-8")
    assert "config error" in status and "config.yaml:" in status
    assert f"config rejected: {live.config}:" in live.log()


def test_text_from_the_config_is_shown_as_text_never_run(live, browser):
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    notice = "ko: 여권 발급 창구는 평일 09:00부터 18:00까지 운영합니다."
    edit(live.config, notice, f"ko: '{payload} 여권 창구 안내'")
    open_kiosk(browser, live.url)
    wait_until(
        browser,
        lambda d: (
            payload
            in d.find_element("css selector", ".ticker-run").get_attribute(
                "textContent"
            )
        ),
    )
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements("css selector", ".kiosk-ticker img") == []


def test_page_reconnects_after_a_restart_and_reloads_for_a_new_release(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")
    live.stop()
    wait_until(browser, offline, timeout=30)
    assert "다시 연결" in text(browser, "#kiosk-offline")
    # the same code started again (or another server of the same release,
    # behind a load balancer): the screen carries on, not reloaded
    live.start()
    wait_until(browser, lambda d: not offline(d), timeout=30)
    assert browser.execute_script(MARK), "the page was reloaded"

    # a new release on the server: the page reloads by itself
    live.stop()
    wait_until(browser, offline, timeout=30)
    live.env["KIOSK_RELEASE"] = "2026.12"
    live.start()
    wait_until(browser, lambda d: not d.execute_script(MARK), timeout=30)
    wait_text(browser, ".kiosk-title", "서산시청 종합안내")
    assert not offline(browser)


def test_a_server_that_stops_answering_is_waited_for_not_reloaded(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/_kiosk/beat*"]})
    try:
        wait_until(browser, offline, timeout=30)
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    # the same server answers again: the screen simply carries on
    wait_until(browser, lambda d: not offline(d), timeout=30)
    assert browser.execute_script(MARK), "the page was reloaded"
    assert text(browser, ".kiosk-title") == "서산시청 종합안내"


def test_a_slow_server_never_reloads_the_page(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")
    beats = beat_count(browser)
    browser.execute_cdp_cmd("Network.enable", {})
    # every answer takes 4 s: slower than a busy morning, but an answer
    slow = {
        "offline": False,
        "latency": 4000,
        "downloadThroughput": -1,
        "uploadThroughput": -1,
    }
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", slow)
    try:
        wait_until(browser, lambda d: beat_count(d) >= beats + 2, timeout=60)
        assert browser.execute_script(MARK), "the page was reloaded"
        assert not offline(browser)
    finally:
        fast = {**slow, "latency": 0}
        browser.execute_cdp_cmd("Network.emulateNetworkConditions", fast)


def test_a_reload_while_the_server_is_away_comes_back_by_itself(live, browser):
    open_kiosk(browser, f"{live.url}?kiosk=annex-lobby")
    # the service worker takes charge of the page once it is installed
    wait_until(
        browser,
        lambda d: d.execute_script("return !!navigator.serviceWorker.controller"),
        timeout=30,
    )
    live.stop()
    browser.refresh()  # a power cut, a watchdog, or a visitor's finger
    wait_until(browser, lambda d: "다시 연결" in text(d, ".kiosk-offline"), 30)
    assert "reconnecting" in text(browser, ".kiosk-offline")
    live.start()
    wait_until(browser, lambda d: "별관 1층 로비" in text(d, ".kiosk-header"), 60)
