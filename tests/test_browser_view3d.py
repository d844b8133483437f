"""The route screen's 3D map in headless Chromium: turned by large buttons,
"you are here" over everything, named and described in words, floors named
with their building, and stronger colours in high contrast."""

from __future__ import annotations

import math

import pytest
from selenium.webdriver.common.by import By

from tests.support.page import (
    attribute,
    nav,
    open_kiosk,
    set_viewport,
    settled,
    small_touch_targets,
    tap,
    tap_result,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.browser

SWITCH = 'button[id*=\'"value":"{}"\']'
GRAPH = "document.querySelector('.route-graph .js-plotly-plot')"
CAMERA = f"""
const graph = {GRAPH};
const scene = graph && graph._fullLayout && graph._fullLayout.scene;
if (!scene || !scene._scene) return null;
const c = scene.camera;
return [c.eye.x, c.eye.y, c.eye.z, c.center.x, c.center.y, c.center.z];
"""
TRACES = f"return {GRAPH}.data.map(t => [t.name, t.type, t.text || null])"
LABELS = (
    "return Array.from(document.querySelectorAll("
    "'.route-graph .annotation-text')).map(e => e.textContent)"
)
ROUTE_WIDTH = f"return {GRAPH}.data.find(t => t.name === 'route').line.width"


def camera(driver) -> list[float]:
    return wait_until(driver, lambda d: d.execute_script(CAMERA))


def eye_from_centre(values: list[float]) -> tuple[float, float, float]:
    """Distance, heading and elevation of the eye seen from the centre."""
    x, y, z = (values[i] - values[i + 3] for i in range(3))
    flat = math.hypot(x, y)
    return math.hypot(flat, z), math.atan2(y, x), math.atan2(z, flat)


def press(driver, action: str) -> list[float]:
    """Press a 3D button and return the camera once it has changed."""
    before = camera(driver)
    tap(driver, f"[data-view3d='{action}']")
    return wait_until(
        driver,
        lambda d: (now := d.execute_script(CAMERA)) and now != before and now,
    )


def open_contracts_team(driver, url: str) -> None:
    open_kiosk(driver, url)
    nav(driver, "directory")
    tap(driver, 'button[id*=\'"value":"search"\']')
    tap(driver, 'button[id*=\'"value":"ㄱ"\']')
    tap(driver, 'button[id*=\'"value":"ㅇ"\']')
    tap_result(driver, "계약팀")
    # plotly.js and the map drawn in software WebGL: slow on a busy machine
    wait_text(driver, ".route-title", "계약팀", timeout=90)
    camera(driver)  # the map is drawn
    settled(driver)


# where the route page stands: each test starts from the same place
AS_OPENED = """
const root = document.getElementById('kiosk-root');
const title = document.querySelector('h1.route-title');
const free = document.querySelector("button[id*='kiosk-step-free']");
const group = document.querySelector('[data-camera]');
return {
  url: location.href,
  lang: document.documentElement.lang,
  title: title && title.textContent,
  root: root && root.className,
  step_free: free && free.getAttribute('aria-pressed'),
  size: [innerWidth, innerHeight],
  camera: group && JSON.parse(group.getAttribute('data-camera')),
};
"""


SHOWN_AS_OPENED = {
    "lang": "ko",
    "title": "계약팀",
    "root": "kiosk",
    "size": [1080, 1920],
}


def as_opened(driver, url: str, step_free: bool = False) -> bool:
    """The page shows the Contracts Team's route just as open_contracts_team
    leaves it: the kiosk's own URL, in Korean, portrait, no mode on, the
    shortest way (or else the step-free one), the map drawn with the camera
    the figure came with."""
    now = driver.execute_script(AS_OPENED)
    wanted = {**SHOWN_AS_OPENED, "url": url, "step_free": str(step_free).lower()}
    if now != {**now, **wanted} or not now["camera"]:
        return False
    drawn = driver.execute_script(CAMERA)
    given = [now["camera"][part][axis] for part in ("eye", "center") for axis in "xyz"]
    return bool(drawn) and all(
        math.isclose(a, b, abs_tol=1e-6) for a, b in zip(drawn, given, strict=True)
    )


@pytest.fixture
def contracts(kiosk, browser):
    """The browser on the Contracts Team's route (as open_contracts_team
    leaves it). The page a test before left that way is used as it is: each
    fresh page loads plotly.js and draws the map again, in software WebGL
    (seconds a time); any other page is opened afresh."""
    if as_opened(browser, kiosk.url):
        settled(browser)
    elif as_opened(browser, kiosk.url, step_free=True):
        shortest_way_again(browser, kiosk.url)
    else:
        open_contracts_team(browser, kiosk.url)
        assert as_opened(browser, kiosk.url)
    return browser


def shortest_way_again(driver, url: str) -> None:
    """Switch step-free off again: the map says the shortest way once more."""
    tap(driver, "button[id*='kiosk-step-free']")
    wait_until(
        driver,
        lambda d: (
            "가장 짧은 길"
            in d.find_element(By.ID, "route-map-text").get_attribute("textContent")
        ),
    )
    wait_until(driver, lambda d: as_opened(d, url))
    settled(driver)


def test_route_screen_is_named_and_described_in_words(contracts):
    browser = contracts
    # the screen's one <h1> names the destination
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1')).map(h =>"
        " [h.textContent, h.className, h.getAttribute('tabindex')])"
    )
    assert len(headings) == 1
    [(title, classes, tabindex)] = headings
    assert title == "계약팀" and "screen-title" in classes and tabindex == "-1"

    # the map is an image named by its route, described by the directions
    region = browser.find_element(By.CSS_SELECTOR, ".route-graph")
    assert region.get_attribute("role") == "img"
    name = region.get_attribute("aria-label")
    assert "본관 1층 로비" in name and "계약팀" in name
    described = browser.find_element(
        By.ID, region.get_attribute("aria-describedby")
    ).get_attribute("textContent")
    for words in (
        "본관 1층 → 본관 2층",
        "가장 짧은 길",
        "걸어서 약",
        "계단 2를 이용해 2층으로 올라가세요.",
        "203호는 오른쪽에 있습니다.",
    ):
        assert words in described, words

    # the steps scroll by themselves in landscape: focusable and named
    side = browser.find_element(By.CSS_SELECTOR, ".route-side")
    assert side.get_attribute("tabindex") == "0"
    assert side.get_attribute("role") == "region"
    assert side.get_attribute("aria-label") == "단계별 길 안내"
    step_free = "button[id*='kiosk-step-free']"
    assert attribute(browser, step_free, "aria-pressed") == "false"

    # step-free: the description says so
    tap(browser, step_free)
    wait_until(
        browser,
        lambda d: (
            "엘리베이터"
            in d.find_element(By.ID, "route-map-text").get_attribute("textContent")
        ),
    )
    assert "계단 없는 길" in browser.find_element(
        By.ID, "route-map-text"
    ).get_attribute("textContent")

    # English: the same, in English
    tap(browser, ".lang-choice[data-lang='en']")
    wait_text(browser, "h1.route-title", "Contracts Team")
    assert "Contracts Team" in attribute(browser, ".route-graph", "aria-label")
    names = [
        e.text.replace("\n", " ")
        for e in browser.find_elements(By.CSS_SELECTOR, "[data-view3d]")
    ]
    assert "Turn left" in names[0] and "Reset view" in names[-1]
    tap(browser, ".lang-choice[data-lang='ko']")
    wait_text(browser, "h1.route-title", "계약팀")


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_buttons_turn_tilt_zoom_and_reset_the_map(contracts, width, height):
    browser = contracts
    # the route page turned as it stands: it reflows in place
    set_viewport(browser, width, height)
    try:
        settled(browser)
        buttons = browser.find_elements(By.CSS_SELECTOR, "[data-view3d]")
        assert [b.get_attribute("data-view3d") for b in buttons] == [
            "left",
            "right",
            "up",
            "down",
            "in",
            "out",
            "reset",
        ]
        assert [b.text.split("\n")[-1] for b in buttons] == [
            "왼쪽으로",
            "오른쪽으로",
            "위에서 보기",
            "옆에서 보기",
            "크게",
            "작게",
            "처음대로",
        ]
        assert small_touch_targets(browser) == []

        start = camera(browser)
        distance, heading, rise = eye_from_centre(start)
        turned = eye_from_centre(press(browser, "left"))
        assert math.isclose(turned[0], distance, rel_tol=1e-3)
        turn = (turned[1] - heading) % (2 * math.pi)
        assert math.isclose(turn, math.pi / 6, abs_tol=1e-3)
        back = eye_from_centre(press(browser, "right"))
        assert math.isclose(back[1], heading, abs_tol=1e-3)
        assert eye_from_centre(press(browser, "up"))[2] > rise
        assert math.isclose(
            eye_from_centre(press(browser, "down"))[2], rise, abs_tol=1e-3
        )
        assert eye_from_centre(press(browser, "in"))[0] < distance * 0.9
        assert math.isclose(
            eye_from_centre(press(browser, "out"))[0], distance, rel_tol=1e-3
        )
        press(browser, "left")
        press(browser, "up")
        press(browser, "in")
        reset = press(browser, "reset")
        assert all(
            math.isclose(a, b, abs_tol=1e-3) for a, b in zip(reset, start, strict=True)
        )
    finally:
        set_viewport(browser, 1080, 1920)
        settled(browser)


def test_you_are_here_on_top_and_route_floors_named_with_their_building(contracts):
    browser = contracts
    traces = browser.execute_script(TRACES)
    # drawn last, after the model, the route and the destination's pin
    assert traces[-1][0] == "here" and traces[-2][0] == "door"
    # the names are drawn over the WebGL canvas, never hidden by the model
    labels = wait_until(browser, lambda d: d.execute_script(LABELS))
    assert "현재 위치" in labels and "계약팀" in labels
    # the shipped site has a main building and an annex: the floors walked are
    # named with their building; the annex, not on this route, is left out
    [floors] = [text for name, _, text in traces if name == "floors"]
    assert sorted(floors) == ["본관 1층", "본관 2층"]
    # the steps name the building too
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".step-title")]
    assert titles == ["1. 본관 1층", "2. 본관 2층"]


def test_high_contrast_draws_the_route_and_markers_stronger(contracts):
    browser = contracts
    normal = browser.execute_script(ROUTE_WIDTH)
    tap(browser, SWITCH.format("contrast"))
    try:
        wait_until(
            browser,
            lambda d: (
                d.execute_script(f"return {GRAPH}.getAttribute('data-palette')")
                == "contrast"
            ),
        )
        assert browser.execute_script(ROUTE_WIDTH) > normal
        here = browser.execute_script(
            f"return {GRAPH}.data.find(t => t.name === 'here').marker"
        )
        assert here["size"] > 9 and here["line"]["color"] == "#000000"
        # a new figure (step-free) comes in high contrast too
        tap(browser, "button[id*='kiosk-step-free']")
        wait_until(
            browser,
            lambda d: (
                "엘리베이터"
                in d.find_element(By.ID, "route-map-text").get_attribute("textContent")
            ),
        )
        wait_until(browser, lambda d: d.execute_script(ROUTE_WIDTH) > normal)
    finally:
        tap(browser, SWITCH.format("contrast"))
    wait_until(browser, lambda d: d.execute_script(ROUTE_WIDTH) == normal)
