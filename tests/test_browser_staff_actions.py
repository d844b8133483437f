"""Staff actions from /status on a real screen: "Reload" reloads that kiosk
page (once), "Reload all screens" reloads it too, and "Play briefing" opens
the briefing and plays today's. One headless Chromium with two windows: the
kiosk page and /status. Heartbeats every 2 s (the config), so a command
arrives within a few seconds; the test waits on what the pages show."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import briefed_store, copy_config
from tests.support.browser import chromium_driver
from tests.support.page import open_kiosk, wait_until
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lobby(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The kiosk (loopback, no login) with today's briefing built."""
    folder = tmp_path_factory.mktemp("staff-actions-browser")
    config = copy_config(folder, {"heartbeat_seconds: 30": "heartbeat_seconds: 2"})
    data_dir = folder / "var"
    briefed_store(config, data_dir, 0)
    server = KioskServer(config, data_dir).start()
    yield server
    server.stop()


class Windows:
    """One browser: the kiosk page in one window, /status in the other."""

    def __init__(self, driver: WebDriver, server: KioskServer) -> None:
        self.driver = driver
        self.server = server
        self.kiosk = driver.current_window_handle
        driver.switch_to.new_window("window")
        self.staff = driver.current_window_handle
        driver.switch_to.window(self.kiosk)

    def on_kiosk(self) -> WebDriver:
        self.driver.switch_to.window(self.kiosk)
        return self.driver

    def on_status(self) -> WebDriver:
        self.driver.switch_to.window(self.staff)
        return self.driver

    def screen(self, instance: str) -> dict | None:
        """This page's entry on /healthz (None until it has beaten)."""
        for kiosk in self.server.health()["screens"]["kiosks"]:
            for screen in kiosk["screens"]:
                if screen["instance"] == instance:
                    return screen
        return None

    def press(self, button: str) -> tuple[str, str]:
        """Press a staff button on /status; the confirmation shown and the
        id of the command sent."""
        driver = self.on_status()
        driver.get(self.server.url + "status")
        wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, button)).click()
        shown = wait_until(
            driver, lambda d: d.find_element(By.CSS_SELECTOR, ".staff-sent").text
        )
        query = urllib.parse.urlparse(driver.current_url).query
        return shown, urllib.parse.parse_qs(query)["sent"][0]


@pytest.fixture(scope="module")
def windows(lobby: KioskServer) -> Iterator[Windows]:
    # as deploy/kiosk-browser starts it: sound plays without a tap first
    driver = chromium_driver(
        extra_flags=("--autoplay-policy=no-user-gesture-required",)
    )
    try:
        yield Windows(driver, lobby)
    finally:
        driver.quit()


MARK = "window.staffTestMark = 1"
MARKED = "return window.staffTestMark === 1"
INSTANCE = "return sessionStorage.getItem('kiosk-screen-instance')"
DONE = "return JSON.parse(sessionStorage.getItem('kiosk-staff-done') || '[]')"


def reloaded(driver: WebDriver) -> bool:
    """The page was loaded anew (the mark is gone) and has rendered."""
    return driver.execute_script(
        "return window.staffTestMark === undefined"
        " && !!document.querySelector('.kiosk-title')"
    )


def test_reload_from_status_reloads_the_screen_once(windows: Windows):
    kiosk = windows.on_kiosk()
    open_kiosk(kiosk, windows.server.url + "?kiosk=annex-lobby")
    instance = kiosk.execute_script(INSTANCE)
    kiosk.execute_script(MARK)
    wait_until(kiosk, lambda d: windows.screen(instance))

    shown, command = windows.press(f'tr[data-instance="{instance}"] .reload-screen')
    assert shown.startswith(f"Reload sent to annex-lobby (page {instance})")
    assert "within 2 s" in shown

    kiosk = windows.on_kiosk()
    wait_until(kiosk, reloaded, timeout=60)
    # the same tab: the same page id, and the command noted as done
    assert kiosk.execute_script(INSTANCE) == instance
    assert command in kiosk.execute_script(DONE)

    # once: two more heartbeats come and go, and the page stays
    kiosk.execute_script(MARK)
    for _ in range(2):
        seen = windows.screen(instance)["last_seen"]
        wait_until(
            kiosk, lambda d, seen=seen: windows.screen(instance)["last_seen"] != seen
        )
    assert kiosk.execute_script(MARKED)
    log = windows.server.log()
    assert log.count(f"(command {command})") == 1
    assert "staff action by loopback from 127.0.0.1: reload for annex-lobby" in log

    # "Reload all screens" reaches it as well
    shown, every = windows.press("form.staff-action .reload-all")
    assert shown.startswith("Reload sent to every screen")
    kiosk = windows.on_kiosk()
    wait_until(kiosk, reloaded, timeout=60)
    assert every in kiosk.execute_script(DONE)


def test_play_briefing_from_status_opens_and_plays_todays_briefing(windows: Windows):
    kiosk = windows.on_kiosk()
    open_kiosk(kiosk, windows.server.url + "?kiosk=annex-lobby")
    instance = kiosk.execute_script(INSTANCE)
    assert not kiosk.find_elements(By.CSS_SELECTOR, ".briefing")
    wait_until(kiosk, lambda d: windows.screen(instance))

    shown, command = windows.press(f'tr[data-instance="{instance}"] .play-briefing')
    assert shown.startswith(f"Today's briefing sent to annex-lobby (page {instance})")

    kiosk = windows.on_kiosk()
    wait_until(
        kiosk, lambda d: d.find_elements(By.CSS_SELECTOR, ".briefing .subtitles")
    )
    playing = (
        "var a = document.getElementById('kiosk-briefing-audio');"
        " return !!a && !a.paused && a.currentTime > 0"
    )
    wait_until(kiosk, lambda d: d.execute_script(playing))
    assert command in kiosk.execute_script(DONE)
    # /status shows the screen on the briefing with its next beat
    wait_until(kiosk, lambda d: windows.screen(instance)["screen"] == "briefing")
