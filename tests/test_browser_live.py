"""A running kiosk follows its config file and survives server restarts."""

from __future__ import annotations

import time
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


def test_config_edits_show_within_seconds_and_bad_edits_are_ignored(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")

    edit(live.config, TITLE, "ko: 서산시청 민원 안내")
    changed_at = time.monotonic()
    wait_text(browser, ".kiosk-title", "서산시청 민원 안내", timeout=5)
    assert time.monotonic() - changed_at < 5
    assert browser.execute_script(MARK), "the page was reloaded"

    edit(live.config, "ko: 서산시청 민원 안내", "ko: [broken")
    wait_until(browser, lambda d: not live.health()["config"]["ok"], timeout=10)
    time.sleep(2.5)  # more than one config poll of the page
    assert text(browser, ".kiosk-title") == "서산시청 민원 안내"
    assert browser.execute_script(MARK)
    problems = live.health()["config"]["problems"]
    broken = (
        live.config.read_text(encoding="utf-8").splitlines().index("    ko: [broken")
        + 1
    )
    assert problems[0].startswith(
        (f"{live.config}:{broken}:", f"{live.config}:{broken + 1}:")
    )
    assert "config error" not in browser.page_source
    with urllib.request.urlopen(live.url + "status", timeout=5) as response:
        status = response.read().decode("utf-8")
    assert "config error" in status and f"{live.config}:" in status
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


def test_page_reconnects_and_reloads_after_a_server_restart(live, browser):
    open_kiosk(browser, live.url)
    browser.execute_script("window.__kioskMark = 42")
    live.stop()
    wait_until(
        browser,
        lambda d: d.execute_script(
            "return document.body.classList.contains('kiosk-is-offline')"
        ),
        timeout=10,
    )
    assert "다시 연결" in text(browser, "#kiosk-offline")
    live.start()
    back_at = time.monotonic()
    wait_until(browser, lambda d: not d.execute_script(MARK), timeout=10)
    assert time.monotonic() - back_at < 10
    wait_text(browser, ".kiosk-title", "서산시청 종합안내")
    assert not browser.execute_script(
        "return document.body.classList.contains('kiosk-is-offline')"
    )
