"""Screens that sleep, in real Chromium: outside the shipped opening hours the
screen goes dark behind a dim clock that says when it opens, /status shows it
asleep, the first touch wakes it without acting on what is under the finger,
and untouched it sleeps again at its start; a Korean public holiday keeps a
weekday screen dark; an edit to the schedule is followed at once.

The page's clock (Date.now, which assets/attract.js decides by) is set to the
moment a test needs; the server keeps its own. Tests wait on what the page
shows, never on time."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from kiosk_core.opening_hours import holiday
from tests.conftest import copy_config
from tests.support.page import (
    leave_alone,
    open_kiosk,
    real_clock,
    settled,
    wait_until,
)
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def sleepy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The shipped schedule (weekdays 08:30-18:30, Thursday to 19:00), no
    attract loop, a heartbeat every 2 s."""
    folder = tmp_path_factory.mktemp("sleepy")
    config = copy_config(
        folder,
        {
            "  enabled: true             # the attract loop": "  enabled: false",
            "heartbeat_seconds: 30": "heartbeat_seconds: 2",
        },
        resting=True,
    )
    server = KioskServer(config, folder / "var").start()
    yield server
    server.stop()


def set_page_clock(driver: WebDriver, moment: dt.datetime) -> None:
    """The page's clock at ``moment``, running on from there (leave_alone
    moves it further, real_clock puts it back)."""
    driver.execute_script(
        "const real = window.testRealNow"
        " || (window.testRealNow = Date.now.bind(Date));"
        "window.testAhead = arguments[0] - real();"
        "Date.now = () => real() + window.testAhead;",
        moment.timestamp() * 1000,
    )


def resting(driver: WebDriver) -> str | None:
    """What attract.js says the screen is: "asleep", "attract" or None."""
    return driver.execute_script(
        "return document.getElementById('kiosk-root').getAttribute('data-idle')"
    )


def cover_shown(driver: WebDriver) -> bool:
    return driver.execute_script(
        "const c = document.getElementById('kiosk-sleep');"
        "return Boolean(c && !c.hidden && c.getBoundingClientRect().height"
        " >= innerHeight);"
    )


def asleep(driver: WebDriver) -> bool:
    return resting(driver) == "asleep" and cover_shown(driver)


def awake(driver: WebDriver) -> bool:
    return resting(driver) is None and not cover_shown(driver)


def cover_text(driver: WebDriver) -> str:
    return driver.execute_script(
        "return document.getElementById('kiosk-sleep').innerText"
    )


def tap_at(driver: WebDriver, x: float, y: float) -> None:
    """A finger's tap at a point of the screen (touch events, as a kiosk's
    touchscreen sends them), on whatever is topmost there."""
    point = [{"x": x, "y": y, "id": 1}]
    for kind, points in (("touchStart", point), ("touchEnd", [])):
        driver.execute_cdp_cmd(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
        )


def centre_of(driver: WebDriver, css: str) -> tuple[float, float]:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return [r.left + r.width / 2, r.top + r.height / 2];",
        css,
    )


FIND_WAY = 'button[id*=\'"target":"directory"\']'


def on_home(driver: WebDriver) -> bool:
    settled(driver)
    return driver.execute_script(
        "return Boolean(document.querySelector('#kiosk-page .home'))"
    )


def status_screen(server: KioskServer, kiosk: str) -> str | None:
    """The screen /status shows for ``kiosk`` (its newest page)."""
    with urllib.request.urlopen(server.url + "status", timeout=5) as response:
        page = response.read().decode("utf-8")
    rows = re.findall(
        rf'<tr class="kiosk-row[^"]*" data-kiosk="{kiosk}".*?</tr>', page, re.S
    )
    found = re.search(r'<td class="screen">([^<]*)</td>', rows[0]) if rows else None
    return found[1] if found else None


def test_outside_hours_the_screen_sleeps_and_the_first_touch_only_wakes_it(
    sleepy: KioskServer, browser: WebDriver
):
    open_kiosk(browser, sleepy.url)
    # Friday 27 November 2026, 22:00 in Seoul: closed since 18:30
    set_page_clock(browser, dt.datetime(2026, 11, 27, 22, 0, tzinfo=SEOUL))
    # asleep may be true at once (the real evening is closed too): wait for the
    # cover to show the page's clock
    wait_until(browser, lambda d: asleep(d) and "22:00" in cover_text(d))
    text = cover_text(browser)
    assert "2026. 11. 27.(금)" in text
    assert "지금은 운영 시간이 아닙니다." in text
    # Saturday and Sunday are closed: Monday at 08:30
    assert "2026. 11. 30.(월) 08:30에 문을 엽니다." in text
    assert "Touch the screen to use the guide." in text
    # staff see it sleeping, not silent
    wait_until(browser, lambda d: status_screen(sleepy, "main-lobby") == "asleep")

    # a touch where "Find your way" is under the cover wakes the screen, and
    # only that: the home screen stays
    x, y = centre_of(browser, FIND_WAY)
    tap_at(browser, x, y)
    wait_until(browser, awake)
    assert on_home(browser)
    wait_until(browser, lambda d: status_screen(sleepy, "main-lobby") == "home")
    # awake, the same place opens the directory
    tap_at(browser, x, y)
    wait_until(browser, lambda d: not on_home(d))

    # untouched for wake_minutes (5), it sleeps again, back at its start
    leave_alone(browser, 5 * 60 + 1)
    wait_until(browser, asleep)
    wait_until(browser, on_home)
    real_clock(browser)


def next_weekday_holiday(after: dt.date) -> dt.date:
    """The first Korean public holiday on a Monday to Friday after ``after``."""
    day = after + dt.timedelta(days=1)
    while day.weekday() > 4 or holiday(day) is None:
        day += dt.timedelta(days=1)
    return day


def test_a_korean_public_holiday_keeps_a_weekday_screen_dark(
    sleepy: KioskServer, browser: WebDriver
):
    open_kiosk(browser, sleepy.url)
    today = dt.datetime.now(SEOUL).date()
    day = next_weekday_holiday(today)
    at_eleven = dt.datetime(day.year, day.month, day.day, 11, tzinfo=SEOUL)
    set_page_clock(browser, at_eleven)
    wait_until(browser, asleep)
    assert "문을 엽니다" in cover_text(browser)
    # the same hour of an ordinary weekday is open
    ordinary = at_eleven - dt.timedelta(days=1)
    while ordinary.weekday() > 4 or holiday(ordinary.date()):
        ordinary -= dt.timedelta(days=1)
    set_page_clock(browser, ordinary)
    wait_until(browser, awake)
    set_page_clock(browser, at_eleven)
    wait_until(browser, asleep)
    real_clock(browser)


def test_an_edit_to_the_schedule_is_followed_at_once(
    sleepy: KioskServer, browser: WebDriver
):
    open_kiosk(browser, sleepy.url)
    day = next_weekday_holiday(dt.datetime.now(SEOUL).date())
    set_page_clock(browser, dt.datetime(day.year, day.month, day.day, 11, tzinfo=SEOUL))
    wait_until(browser, asleep)
    text = sleepy.config.read_text(encoding="utf-8")
    try:
        # black instead of the clock
        sleepy.config.write_text(
            text.replace("when_closed: clock ", "when_closed: blank "), "utf-8"
        )
        wait_until(browser, lambda d: asleep(d) and cover_text(d).strip() == "")
        # open on holidays: the same moment is inside opening hours
        sleepy.config.write_text(
            text.replace("open_on_holidays: false", "open_on_holidays: true"),
            "utf-8",
        )
        wait_until(browser, awake)
    finally:
        sleepy.config.write_text(text, "utf-8")
    wait_until(browser, asleep)
    real_clock(browser)


def test_axe_finds_nothing_on_a_sleeping_screen(
    sleepy: KioskServer, browser: WebDriver
):
    from tests.test_browser_axe import AXE, RUN_AXE

    open_kiosk(browser, sleepy.url)
    set_page_clock(browser, dt.datetime(2026, 11, 27, 22, 0, tzinfo=SEOUL))
    wait_until(browser, asleep)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    assert browser.execute_async_script(RUN_AXE) == []
    real_clock(browser)
