"""The 3D route in headless Chromium: about half the screen in both
orientations, its marks inside the map where plotly itself puts them, and a
walker that goes along the route and stands still under reduced motion."""

from __future__ import annotations

import pytest

from tests.support.page import set_viewport, settled, wait_until
from tests.test_browser_view3d import GRAPH, open_contracts_team

pytestmark = pytest.mark.browser

FRAMED = f"return {GRAPH} && {GRAPH}.getAttribute('data-framed')"
MAP_AND_LABELS = f"""
const graph = {GRAPH};
const box = document.querySelector('.route-graph').getBoundingClientRect();
const labels = Array.from(document.querySelectorAll('.route-graph .annotation-text'))
  .map(e => {{ const r = e.getBoundingClientRect();
               return [e.textContent, r.left, r.top, r.right, r.bottom]; }});
return {{box: [box.left, box.top, box.right, box.bottom], labels: labels,
        camera: graph._fullLayout.scene.camera.eye.x}};
"""
WALKER = f"""
const dot = document.querySelector('.route-graph .route-walker');
return [{GRAPH}.getAttribute('data-walker'), dot && dot.style.transform];
"""
#: the walker's place a few animation frames apart (frames, not time)
WALKER_OVER_FRAMES = """
const done = arguments[arguments.length - 1];
const dot = document.querySelector('.route-graph .route-walker');
const first = dot.style.transform;
let frames = 0;
function next() {
  frames += 1;
  if (frames < 20) requestAnimationFrame(next);
  else done([first, dot.style.transform]);
}
requestAnimationFrame(next);
"""


@pytest.mark.parametrize(
    ("orientation", "width", "height"),
    [("portrait", 1080, 1920), ("landscape", 1920, 1080)],
)
def test_the_map_is_half_the_screen_and_its_marks_are_on_it(
    kiosk, browser, orientation, width, height
):
    set_viewport(browser, width, height)
    try:
        open_contracts_team(browser, kiosk.url)
        wait_until(browser, lambda d: d.execute_script(FRAMED) == orientation)
        settled(browser)
        shown = wait_until(
            browser,
            lambda d: (
                ((now := d.execute_script(MAP_AND_LABELS)) and len(now["labels"]) >= 3)
                and now
            ),
        )
        left, top, right, bottom = shown["box"]
        assert (right - left) * (bottom - top) >= 0.45 * width * height
        names = [label[0] for label in shown["labels"]]
        assert "현재 위치" in names and "계약팀" in names
        assert any(n.startswith("▲") and n.endswith("2층으로") for n in names)
        for name, x0, y0, x1, y1 in shown["labels"]:
            assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, name
    finally:
        set_viewport(browser, 1080, 1920)


def test_the_walker_goes_along_and_stands_still_under_reduced_motion(kiosk, browser):
    open_contracts_team(browser, kiosk.url)
    wait_until(browser, lambda d: d.execute_script(WALKER)[0] in ("moving", "done"))
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    try:
        wait_until(browser, lambda d: d.execute_script(WALKER)[0] == "still")
        before, after = browser.execute_async_script(WALKER_OVER_FRAMES)
        assert before == after
        # it stands at "you are here": where the start's label points
        start = browser.execute_script(
            """
            const dot = document.querySelector('.route-graph .route-walker');
            const d = dot.getBoundingClientRect();
            const here = Array.from(
              document.querySelectorAll('.route-graph .annotation-text'))
              .find(e => e.textContent === '현재 위치').getBoundingClientRect();
            return [d.left + d.width / 2, here.left + here.width / 2];
            """
        )
        assert abs(start[0] - start[1]) < 30
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    # motion back: it walks again from the start
    wait_until(browser, lambda d: d.execute_script(WALKER)[0] == "moving")
    first = browser.execute_script(WALKER)[1]
    wait_until(browser, lambda d: d.execute_script(WALKER)[1] != first)
