"""What moves by itself (tile pages, headlines, notices) stops when the visitor
pauses it, in voice guidance and high contrast, and when the system asks for
reduced motion; every page and notice is then reached by large buttons."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from kiosk_app.config.site import load_site
from tests.conftest import briefed_store, copy_config
from tests.support.page import (
    leave_alone,
    open_kiosk,
    settled,
    small_touch_targets,
    tap,
    wait_until,
)
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

PAGE_SECONDS = 5  # the shortest the config allows
HEADLINE_SECONDS = 6  # layouts/navigation.py
SWITCH = 'button[id*=\'"value":"{}"\']'

ACTIVE_PAGE = """
return Array.from(document.querySelectorAll('.tile-grid .tile-page'))
  .findIndex(p => p.classList.contains('active'))
"""
# every class change inside the tile area and the headlines, from now on
WATCH_CLASSES = """
window.__classChanges = [];
const observer = new MutationObserver(records => records.forEach(r =>
  window.__classChanges.push(r.target.className)));
document.querySelectorAll('.tile-grid, .headlines').forEach(box =>
  observer.observe(box, {attributes: true, attributeFilter: ['class'],
                         subtree: true}));
window.__watching = observer;
return Date.now();
"""
# the visible notice: its text, whether all of it is on screen
SHOWN_NOTICE = """
const shown = Array.from(document.querySelectorAll('.ticker-item'))
  .filter(e => e.offsetParent !== null);
return shown.map(e => {
  const r = e.getBoundingClientRect();
  const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1
    && r.right <= innerWidth + 1 && e.scrollWidth <= e.clientWidth + 1
    && e.scrollHeight <= e.clientHeight + 1
    && getComputedStyle(e.closest('.ticker-run')).animationName === 'none';
  return [e.textContent, inside];
});
"""


@pytest.fixture(scope="module")
def moving(tmp_path_factory: pytest.TempPathFactory):
    """The kiosk with pages turning every PAGE_SECONDS and today's briefing
    (its headlines take turns on the home screen)."""
    folder = tmp_path_factory.mktemp("moving")
    config_path = copy_config(
        folder, {"tile_page_seconds: 15": f"tile_page_seconds: {PAGE_SECONDS}"}
    )
    data_dir = folder / "var"
    briefed_store(config_path, data_dir, 0)
    server = KioskServer(config_path, data_dir).start()
    notices = load_site(config_path).config.notices
    yield server, [n.text.get("ko") for n in notices]
    server.stop()


def still(driver) -> bool:
    return driver.execute_script(
        "return document.documentElement.classList.contains('motion-still')"
    )


def wait_past_turns(driver, since_ms: int) -> None:
    """Wait until a turn of the tile pages and of the headlines fell due after
    ``since_ms`` and motion.js has worked out the screen after it (the page's
    clock moved past both turns rather than waited for)."""
    due = max(
        (since_ms // (period * 1000) + 1) * period * 1000
        for period in (PAGE_SECONDS, HEADLINE_SECONDS)
    )
    leave_alone(driver, (due - since_ms) / 1000)
    wait_until(
        driver,
        lambda d: d.execute_script("return window.kioskMotion.lastTick") > due + 100,
    )


def pages_by_buttons(driver) -> None:
    """Each page button brings up its page, marks itself, and says the page."""
    total = len(driver.find_elements(By.CSS_SELECTOR, ".tile-grid .tile-page"))
    assert total > 1
    for index in reversed(range(total)):
        tap(driver, f".tile-dot[data-motion-go='{index}']")
        assert driver.execute_script(ACTIVE_PAGE) == index
        page = driver.find_element(By.ID, f"tile-page-{index + 1}")
        assert page.is_displayed()
        button = driver.find_element(
            By.CSS_SELECTOR, f".tile-dot[data-motion-go='{index}']"
        )
        assert button.get_attribute("aria-current") == "true"
        status = driver.find_element(By.CSS_SELECTOR, ".tile-page-status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.get_attribute("textContent") == f"지표 {index + 1} / {total}쪽"
        assert page.get_attribute("aria-label") == status.get_attribute("textContent")


def notices_by_steps(driver, notices: list[str]) -> None:
    """Next and previous bring up each notice whole, one at a time."""
    seen = []
    for _ in notices:
        [(text, whole)] = driver.execute_script(SHOWN_NOTICE)
        assert whole, text
        seen.append(text)
        tap(driver, ".ticker-next")
    assert sorted(seen) == sorted(notices)
    tap(driver, ".ticker-prev")
    [(text, _)] = driver.execute_script(SHOWN_NOTICE)
    assert text == seen[-1]
    status = driver.find_element(By.CSS_SELECTOR, ".ticker-notices [aria-live]")
    assert seen[-1] in status.get_attribute("textContent")


def test_pause_holds_pages_and_headlines_and_buttons_reach_everything(moving, browser):
    server, notices = moving
    open_kiosk(browser, server.url)
    assert not still(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".headlines .rotating")) > 1
    # moving: the pages turn by themselves
    first = browser.execute_script(ACTIVE_PAGE)
    leave_alone(browser, PAGE_SECONDS)  # the page's clock, a page's time on
    wait_until(browser, lambda d: d.execute_script(ACTIVE_PAGE) != first)

    tap(browser, SWITCH.format("paused"))
    wait_until(browser, still)
    settled(browser)
    since = browser.execute_script(WATCH_CLASSES)
    wait_past_turns(browser, since)
    assert browser.execute_script("return window.__classChanges") == []
    # every headline is listed
    lines = browser.find_elements(By.CSS_SELECTOR, ".headlines .rotating")
    assert all(line.is_displayed() for line in lines)

    pages_by_buttons(browser)
    notices_by_steps(browser, notices)
    assert small_touch_targets(browser) == []

    # voice guidance and high contrast hold the motion too
    tap(browser, SWITCH.format("paused"))
    wait_until(browser, lambda d: not still(d))
    for mode in ("contrast", "voice"):
        tap(browser, SWITCH.format(mode))
        wait_until(browser, still)
        tap(browser, SWITCH.format(mode))
        wait_until(browser, lambda d: not still(d))


def test_reduced_motion_shows_every_page_and_notice_by_buttons(moving, browser):
    server, notices = moving
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    try:
        open_kiosk(browser, server.url)
        assert still(browser)
        since = browser.execute_script(WATCH_CLASSES)
        wait_past_turns(browser, since)
        assert browser.execute_script("return window.__classChanges") == []
        pages_by_buttons(browser)
        notices_by_steps(browser, notices)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
