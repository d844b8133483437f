"""Screens from the registry in headless Chromium: plotly.js only where a plot is
drawn, and the idle reset of every screen's state."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By

from tests.support.page import (
    attribute,
    idle_reset_after,
    leave_alone,
    nav,
    open_kiosk,
    real_clock,
    settled,
    tap,
    tap_result,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.browser

PLOTLY_LOADED = """
return {
  resources: performance.getEntriesByType('resource').map(e => e.name)
    .filter(n => /plotly/i.test(n)),
  scripts: Array.from(document.scripts).map(s => s.src).filter(s => /plotly/i.test(s)),
  plotly: typeof window.Plotly,
}
"""

# the 3D view: a plotly graph with its scene drawn on a WebGL canvas
GRAPH_DRAWN = """
const graph = document.querySelector('.route-graph .js-plotly-plot');
const canvas = graph && graph.querySelector('canvas');
return Boolean(graph && graph.data && graph.data.length && graph._fullLayout
  && graph._fullLayout.scene && canvas && canvas.width > 100 && canvas.height > 100);
"""


def plotly_loaded(driver) -> dict:
    return driver.execute_script(PLOTLY_LOADED)


def open_route(driver, keys: str, name: str, title: str | None = None) -> None:
    """From the home screen: directory, letter pad, the result ``name``, and
    its route (headed ``title``)."""
    nav(driver, "directory")
    tap(driver, 'button[id*=\'"value":"search"\']')
    tap(driver, 'button[id*=\'"value":"clear"\']')  # what an earlier visit typed
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".query.hint"))
    for key in keys:
        tap(driver, f'button[id*=\'"value":"{key}"\']')
    tap_result(driver, name)
    wait_text(driver, ".route-title", title or name)


def test_home_loads_no_plotly_and_the_route_loads_the_partial_bundle_once(
    kiosk, browser
):
    open_kiosk(browser, kiosk.url)
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".tile-value"))
    settled(browser)
    screens = json.loads(attribute(browser, "#kiosk-root", "data-screens"))
    assert screens["plot"] == ["route"]
    assert plotly_loaded(browser) == {
        "resources": [],
        "scripts": [],
        "plotly": "undefined",
    }
    # nor on the directory, which draws no plot
    nav(browser, "directory")
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".result-button"))
    settled(browser)
    assert plotly_loaded(browser)["resources"] == []
    nav(browser, "home")

    open_route(browser, "ㅇ", "여권", "여권팀")
    assert wait_until(browser, lambda d: d.execute_script(GRAPH_DRAWN))
    loaded = plotly_loaded(browser)
    assert loaded["plotly"] == "object"
    # the partial 3D bundle from the kiosk server, once; never Dash's full bundle
    [script] = loaded["scripts"]
    assert "/_kiosk/plotly-gl3d" in script and "package_data" not in script
    assert loaded["resources"] == [script]

    # another route later: the bundle is not asked for again
    nav(browser, "home")
    open_route(browser, "ㄱㅇ", "계약팀")
    assert wait_until(browser, lambda d: d.execute_script(GRAPH_DRAWN))
    assert plotly_loaded(browser)["resources"] == [script]
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_the_3d_view_draws_on_the_first_route_of_a_fresh_page(kiosk, browser):
    # a fresh page: plotly.js loads with this tap, before the route is shown
    open_kiosk(browser, kiosk.url)
    assert plotly_loaded(browser)["plotly"] == "undefined"
    open_route(browser, "ㅇ", "여권", "여권팀")
    assert wait_until(browser, lambda d: d.execute_script(GRAPH_DRAWN))
    assert len(plotly_loaded(browser)["scripts"]) == 1


def test_idle_reset_returns_every_screens_state_to_its_start(kiosk, browser):
    # the page the test before left, if it is this kiosk's (plotly.js loaded)
    if browser.current_url != kiosk.url:
        open_kiosk(browser, kiosk.url)
    elif not browser.find_elements(By.CSS_SELECTOR, ".home"):
        nav(browser, "home")
        wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".home"))
    open_route(browser, "ㄱㅇ", "계약팀")
    tap(browser, "button[id*='kiosk-step-free']")
    wait_until(
        browser,
        lambda d: (
            d.find_element(
                By.CSS_SELECTOR, "button[id*='kiosk-step-free']"
            ).get_attribute("aria-pressed")
            == "true"
        ),
    )
    # left alone (the page's clock moved past its idle reset), the kiosk
    # goes home by itself
    leave_alone(browser, idle_reset_after(kiosk.config) + 1)
    try:
        wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".home .tile"))
    finally:
        real_clock(browser)
    # the directory opens as new: popular tasks, nothing typed
    nav(browser, "directory")
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".results.popular"))
    tap(browser, 'button[id*=\'"value":"search"\']')
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".query.hint"))
    # and a route opens without the last visitor's step-free choice
    nav(browser, "home")
    open_route(browser, "ㄱㅇ", "계약팀")
    pressed = attribute(browser, "button[id*='kiosk-step-free']", "aria-pressed")
    assert pressed == "false"
