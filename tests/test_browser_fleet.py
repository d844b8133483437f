"""A real screen's heartbeat on /status: what it shows, its client error, a
config it has not followed yet ("stale config") and a browser that stopped
("silent"). The heartbeat interval is shortened in the config (2 s, so silent
after 4 s); the test waits on what /status shows."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_config
from tests.support.browser import chromium_driver
from tests.support.page import nav, open_kiosk, settled, wait_until
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

TITLE = "ko: 서산시청 종합안내"


@pytest.fixture
def fleet(tmp_path: Path):
    config = copy_config(tmp_path, {"heartbeat_seconds: 30": "heartbeat_seconds: 2"})
    server = KioskServer(config, tmp_path / "var").start()
    yield server
    server.stop()


def status_page(server: KioskServer) -> str:
    with urllib.request.urlopen(server.url + "status", timeout=5) as response:
        return response.read().decode("utf-8")


def annex(server: KioskServer) -> dict:
    """annex-lobby in /healthz."""
    return next(
        k for k in server.health()["screens"]["kiosks"] if k["id"] == "annex-lobby"
    )


def kiosk_rows(server: KioskServer, kiosk: str) -> list[str]:
    """The /status table rows of one kiosk."""
    page = status_page(server)
    return re.findall(
        rf'<tr class="kiosk-row[^"]*" data-kiosk="{kiosk}".*?</tr>', page, re.S
    )


def test_a_screen_reports_to_status_and_turns_silent_when_its_browser_stops(fleet):
    driver = chromium_driver()
    try:
        open_kiosk(driver, fleet.url + "?kiosk=annex-lobby")
        nav(driver, "directory")
        settled(driver)

        def shows(d, *parts: str) -> bool:
            rows = kiosk_rows(fleet, "annex-lobby")
            return len(rows) == 1 and all(p in rows[0] for p in parts)

        wait_until(driver, lambda d: shows(d, '<td class="screen">directory</td>'))
        row = kiosk_rows(fleet, "annex-lobby")[0]
        assert (
            "<td>ko</td>" in row and "silent" not in row and "stale config" not in row
        )
        assert " MB</td>" in row  # Chromium tells its JS heap
        # the other kiosk never opened
        assert "never seen" in kiosk_rows(fleet, "main-lobby")[0]

        # a page error reaches /status and the log, once
        # (an error thrown by the test's own script would be muted to "Script
        # error.", as for any script from elsewhere: the event a page script's
        # error raises is sent instead)
        driver.execute_script(
            "window.dispatchEvent(new ErrorEvent('error', {message: 'Uncaught"
            " TypeError: fleet test boom', filename: location.origin +"
            " '/assets/kiosk.js?v=1', lineno: 321}))"
        )
        wait_until(driver, lambda d: shows(d, "fleet test boom"))

        # later beats carry it again: still one line in the log
        def beat_seen() -> str:
            return annex(fleet)["last_seen"]

        first = beat_seen()
        wait_until(driver, lambda d: beat_seen() != first)
        assert "fleet test boom" in annex(fleet)["screens"][0]["last_error"]
        line = (
            "client error on kiosk annex-lobby: Uncaught TypeError: fleet test boom"
            " (/assets/kiosk.js:321)"
        )
        assert fleet.log().count(line) == 1

        # a config change the screen cannot follow yet (its beat is held back;
        # its heartbeat goes on): stale config, then it follows
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/_kiosk/beat*"]})
        text = fleet.config.read_text(encoding="utf-8")
        fleet.config.write_text(
            text.replace(TITLE, "ko: 서산시청 민원 안내"), encoding="utf-8"
        )
        wait_until(driver, lambda d: shows(d, "stale config"), timeout=60)
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        wait_until(
            driver,
            lambda d: (
                shows(d, '<td class="screen">directory</td>')
                and not shows(d, "stale config")
            ),
            timeout=60,
        )
        version = fleet.health()["config"]["version"]
        assert version in kiosk_rows(fleet, "annex-lobby")[0]
    finally:
        driver.quit()

    # the browser is gone: two beats missed and the kiosk is marked silent
    wait_until(driver, lambda d: shows(d, 'class="marker error silent"'), timeout=60)
    kiosk = annex(fleet)
    assert kiosk["silent"] and kiosk["state"] == "silent"
