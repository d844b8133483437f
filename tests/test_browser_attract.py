"""The attract loop in real Chromium: a home screen left alone inside opening
hours shows today's figures in Korean (the tiles' own values and "as of"),
today's briefing headlines, the notices and "touch to start", slide after slide
with no request to the server; a touch ends it without acting on what is under
the finger. Every slide fits the screen in portrait and landscape, slides do
not slide when the system asks for less motion, and axe finds nothing.

The page's clock (Date.now) is stopped and moved instead of waiting (so a
slide changes only when a test moves it); tests wait on what the page shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import briefed_store, copy_config
from tests.support.page import (
    open_kiosk,
    real_clock,
    set_viewport,
    settled,
    wait_until,
)
from tests.support.server import KioskServer
from tests.test_browser_axe import AXE, RUN_AXE
from tests.test_browser_schedule import (
    FIND_WAY,
    centre_of,
    on_home,
    resting,
    status_screen,
    tap_at,
)

pytestmark = pytest.mark.browser

AFTER = 60  # the shipped attract.after_seconds
SLIDE = 8  # and slide_seconds


@pytest.fixture(scope="module")
def attracting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """A kiosk awake at any hour with the shipped attract loop, a heartbeat
    every 2 s, and today's briefing in its Store."""
    folder = tmp_path_factory.mktemp("attract")
    config = copy_config(
        folder,
        {
            "  always_on: false": "  always_on: true",
            "heartbeat_seconds: 30": "heartbeat_seconds: 2",
        },
        resting=True,
    )
    store, (today,) = briefed_store(config, folder / "var", 0)
    server = KioskServer(config, folder / "var").start()
    yield server, store.briefing(today.day, "ko")
    server.stop()


def hold_clock(driver: WebDriver, seconds: float) -> None:
    """The page's clock stopped, ``seconds`` further on than it shows now
    (real_clock starts it again)."""
    driver.execute_script(
        "window.testRealNow = window.testRealNow || Date.now.bind(Date);"
        "const at = Date.now() + arguments[0];"
        "Date.now = () => at;",
        seconds * 1000,
    )


def decided_after(driver: WebDriver, seconds: float) -> None:
    """Move the page's clock ``seconds`` on and wait until attract.js has
    decided at least once since."""
    hold_clock(driver, seconds)
    moved = driver.execute_script("return Date.now()")
    wait_until(
        driver,
        lambda d: d.execute_script("return window.kioskAttract.lastTick") >= moved,
    )


def slide(driver: WebDriver) -> dict:
    """The slide shown: its kind, index and text."""
    return driver.execute_script(
        "const all = Array.from(document.querySelectorAll('[data-attract-slide]'));"
        "const s = all.find(e => e.classList.contains('active'));"
        "return s ? {kind: s.dataset.attractSlide, index: all.indexOf(s),"
        " text: s.innerText, count: all.length} : null;"
    )


def attract_shown(driver: WebDriver) -> bool:
    return resting(driver) == "attract" and driver.execute_script(
        "const a = document.getElementById('kiosk-attract');"
        "return Boolean(a && !a.hidden && a.getBoundingClientRect().height"
        " >= innerHeight);"
    )


def start_loop(driver: WebDriver, url: str) -> None:
    """A fresh home screen left alone until the loop starts."""
    open_kiosk(driver, url)
    decided_after(driver, AFTER - 5)
    assert resting(driver) is None  # not yet
    hold_clock(driver, 6)
    wait_until(driver, attract_shown)


def dash_requests(driver: WebDriver) -> int:
    return driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component')).length"
    )


def test_the_loop_starts_when_idle_shows_today_in_korean_and_a_touch_ends_it(
    attracting, browser: WebDriver
):
    server, record = attracting
    start_loop(browser, server.url)
    shown = slide(browser)
    assert shown["kind"] == "figures" and shown["index"] == 0
    assert "오늘의 서산" in shown["text"] and "기온" in shown["text"]
    assert "기준" in shown["text"]  # each figure with its "as of"
    # the same figure the home screen's tile shows (one snapshot)
    settled(browser)
    tile, figure = browser.execute_script(
        "const q = s => document.querySelector(s).textContent;"
        "return [q('#tile-temperature .num'),"
        " q('.attract-figure[data-tile=\"temperature\"] .num')];"
    )
    assert tile == figure
    wait_until(browser, lambda d: status_screen(server, "main-lobby") == "attract")

    # slide after slide by the page's clock, with no request to the server
    browser.execute_script(
        "window.dash_clientside.set_props('kiosk-tile-refresh', {disabled: true})"
    )
    before = dash_requests(browser)
    kinds = [shown["kind"]]
    texts = {shown["kind"]: shown["text"]}
    for n in range(1, shown["count"]):
        hold_clock(browser, SLIDE)
        wait_until(browser, lambda d, n=n: slide(d)["index"] == n)
        now = slide(browser)
        kinds.append(now["kind"])
        texts.setdefault(now["kind"], now["text"])
    assert kinds == ["figures", "figures", "briefing"] + ["notice"] * 3 + ["touch"]
    assert dash_requests(browser) == before
    browser.execute_script(
        "window.dash_clientside.set_props('kiosk-tile-refresh', {disabled: false})"
    )
    headline = record["sentences"][1]["text"]
    assert "오늘의 브리핑" in texts["briefing"] and headline in texts["briefing"]
    assert "여권 발급 창구" in texts["notice"]
    for words in (
        "화면을 눌러 시작하세요",
        "Touch the screen to start",
        "请触摸屏幕开始",
        "Chạm vào màn hình để bắt đầu",
    ):
        assert words in texts["touch"]
    # and round again
    hold_clock(browser, SLIDE)
    wait_until(browser, lambda d: slide(d)["index"] == 0)

    # a touch where "Find your way" lies under the loop ends it, and only that
    x, y = centre_of(browser, FIND_WAY)
    tap_at(browser, x, y)
    wait_until(browser, lambda d: resting(d) is None and not attract_shown(d))
    assert on_home(browser)
    wait_until(browser, lambda d: status_screen(server, "main-lobby") == "home")
    tap_at(browser, x, y)
    wait_until(browser, lambda d: not on_home(d))
    real_clock(browser)


def test_a_mode_on_or_another_screen_keeps_the_loop_away(
    attracting, browser: WebDriver
):
    server, _ = attracting
    open_kiosk(browser, server.url)
    browser.execute_script(
        "window.dash_clientside.set_props('kiosk-access', {data: {text: 150}})"
    )
    wait_until(
        browser,
        lambda d: (
            "mode-text" in d.find_element("id", "kiosk-root").get_attribute("class")
        ),
    )
    # untouched, but a visitor's mode is on: the idle warning, never the loop
    decided_after(browser, AFTER + 1)
    assert resting(browser) is None
    real_clock(browser)


def fits(driver: WebDriver) -> list[str]:
    """What sticks out of the slide shown, or out of the screen."""
    return driver.execute_script(
        "const s = document.querySelector('.attract-slide.active');"
        "const out = [];"
        "if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1)"
        "  out.push('slide ' + s.dataset.attractSlide + ' ' + s.scrollWidth + 'x'"
        "    + s.scrollHeight + ' in ' + s.clientWidth + 'x' + s.clientHeight);"
        "for (const e of s.querySelectorAll('*')) {"
        "  const r = e.getBoundingClientRect();"
        "  if (r.width && (r.left < -1 || r.right > innerWidth + 1"
        "      || r.top < -1 || r.bottom > innerHeight + 1))"
        "    out.push(e.className + ': ' + e.textContent.slice(0, 30));"
        "}"
        "return out;"
    )


@pytest.mark.parametrize(
    "size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"]
)
def test_every_slide_fits_the_screen_and_reduced_motion_does_not_slide(
    attracting, browser: WebDriver, size
):
    server, _ = attracting
    set_viewport(browser, *size)
    try:
        start_loop(browser, server.url)
        count = slide(browser)["count"]
        for n in range(count):
            if n:
                hold_clock(browser, SLIDE)
                wait_until(browser, lambda d, n=n: slide(d)["index"] == n)
            # once the slide has come in (its transition done)
            wait_until(
                browser,
                lambda d: d.execute_script(
                    "const s = document.querySelector('.attract-slide.active');"
                    "return getComputedStyle(s).opacity === '1'"
                    " && getComputedStyle(s).transform === 'none';"
                ),
            )
            assert fits(browser) == [], slide(browser)["kind"]

        def sliding(d: WebDriver) -> list[str]:
            return d.execute_script(
                "return Array.from(document.querySelectorAll('.attract-slide'))"
                ".map(s => getComputedStyle(s).transform + ' '"
                " + getComputedStyle(s).transitionDuration);"
            )

        assert any(not t.startswith("none") for t in sliding(browser))
        browser.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
        )
        assert all(t == "none 0s" for t in sliding(browser)), sliding(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        set_viewport(browser, 1080, 1920)
        real_clock(browser)


def test_axe_finds_nothing_on_the_loop(attracting, browser: WebDriver):
    server, _ = attracting
    start_loop(browser, server.url)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    assert browser.execute_async_script(RUN_AXE) == []
    real_clock(browser)
