"""The visitor's modes in a real Chromium: text at 150 % and 200 % without loss,
high contrast, the lower screen in both orientations, and the access bar's
switches themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.support.page import (
    idle_reset_after,
    leave_alone,
    open_kiosk,
    real_clock,
    set_viewport,
    settled,
    small_touch_targets,
    tap,
    tap_result,
    wait_text,
    wait_until,
)
from tests.support.server import REPO

pytestmark = pytest.mark.browser

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}

# what a visitor can press or move to; the 3D view's own parts are plotly's
_CONTROLS = """
function controls() {
  const css = 'button, a[href], input, select, textarea, [role=tab], [role=button],'
    + ' [tabindex]:not([tabindex="-1"])';
  return Array.from(document.querySelectorAll(css)).filter(e => {
    if (!e.checkVisibility({visibilityProperty: true})) return false;
    if (e.closest('.js-plotly-plot, .visually-hidden')) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
}
function name(e) {
  return (e.className || e.tagName) + ' "' + e.textContent.trim().slice(0, 30) + '"';
}
// the part of ``e`` its scrolling and clipping ancestors let be seen
function visibleRect(e) {
  const r = e.getBoundingClientRect();
  let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
  for (let a = e.parentElement; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    const c = a.getBoundingClientRect();
    left = Math.max(left, c.left); top = Math.max(top, c.top);
    right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
  }
  return {left, top, right, bottom};
}
function pinned(e) {
  for (let a = e; a; a = a.parentElement) {
    if (getComputedStyle(a).position === 'fixed') return true;
  }
  return false;
}
"""

# every control can be scrolled fully into view and is not covered there;
# no two controls overlap (where they can be seen at the same time)
REACH = (
    _CONTROLS
    + """
const W = innerWidth, H = innerHeight, offenders = [];
for (const e of controls()) {
  let inside = false;
  for (const block of ['center', 'start', 'end']) {
    e.scrollIntoView({block: block, inline: 'nearest'});
    const r = e.getBoundingClientRect();
    if (r.left >= -1 && r.top >= -1 && r.right <= W + 1 && r.bottom <= H + 1) {
      inside = true;
      break;
    }
  }
  if (!inside) { offenders.push('out of view: ' + name(e)); continue; }
  const r = e.getBoundingClientRect();
  for (const [fx, fy] of [[.5, .5], [.25, .25], [.75, .25], [.25, .75], [.75, .75]]) {
    const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
    if (!hit || !(e === hit || e.contains(hit))) {
      offenders.push('covered: ' + name(e) + ' by ' + (hit ? name(hit) : 'nothing'));
      break;
    }
  }
}
window.scrollTo(0, 0);
document.querySelectorAll('*').forEach(a => { if (a.scrollTop) a.scrollTop = 0; });
const all = controls(), boxes = all.map(visibleRect), fixed = all.map(pinned);
for (let i = 0; i < all.length; i++) {
  for (let j = i + 1; j < all.length; j++) {
    if (fixed[i] !== fixed[j]) continue;  // the switches over a scrolling page
    if (all[i].contains(all[j]) || all[j].contains(all[i])) continue;
    const a = boxes[i], b = boxes[j];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) {
      offenders.push('overlap: ' + name(all[i]) + ' / ' + name(all[j]));
    }
  }
}
if (document.documentElement.scrollWidth > W + 1) {
  offenders.push('page scrolls sideways');
}
return offenders;
"""
)

_COLOURS = """
function rgba(text) {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
// the colour behind ``e``: its own and its ancestors' backgrounds, blended
function behind(e) {
  const layers = [];
  for (let a = e; a; a = a.parentElement) {
    const c = rgba(getComputedStyle(a).backgroundColor);
    if (c && c[3] > 0) layers.push(c);
    if (c && c[3] >= 1) break;
  }
  const canvas = [255, 255, 255, 1];
  return layers.reverse().reduce((bottom, top) => over(top, bottom), canvas);
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(x, y) {
  const [a, b] = [luminance(x), luminance(y)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""

# visible text below ``least`` (arguments[0]) against what is behind it, and
# (arguments[1]) controls whose edge stands out less than ``least``
CONTRAST = (
    _COLOURS
    + """
const least = arguments[0], offenders = [];
for (const e of document.querySelectorAll('#kiosk-root *')) {
  if (e.closest('.js-plotly-plot, .visually-hidden, [hidden]')) continue;
  if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
  const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.data.trim());
  if (!own) continue;
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height) continue;
  const back = behind(e);
  const colour = over(rgba(getComputedStyle(e).color), back);
  const x = ratio(colour, back);
  if (x < least) {
    const words = e.textContent.trim().slice(0, 24);
    offenders.push(x.toFixed(2) + ' ' + e.className + ' "' + words + '"');
  }
}
if (arguments[1]) {
  for (const e of document.querySelectorAll('#kiosk-root button')) {
    if (!e.checkVisibility() || e.closest('.js-plotly-plot')) continue;
    const outside = behind(e.parentElement), s = getComputedStyle(e);
    const inside = over(rgba(s.backgroundColor) || [0, 0, 0, 0], outside);
    let edge = ratio(inside, outside);
    if (parseFloat(s.borderTopWidth) >= 2) {
      edge = Math.max(edge, ratio(over(rgba(s.borderTopColor), outside), outside));
    }
    if (edge < least) offenders.push('edge ' + edge.toFixed(2) + ' ' + e.className);
  }
}
return offenders;
"""
)

# each control's focus ring: drawn, 3:1 against what surrounds it (or a dark
# ring on a light halo that is), and not cut off by a scrolling region
FOCUS = (
    _CONTROLS
    + _COLOURS
    + """
const offenders = [];
for (const e of controls()) {
  e.scrollIntoView({block: 'center', inline: 'nearest'});
  e.focus();
  if (!e.matches(':focus-visible')) {
    offenders.push('no focus-visible: ' + name(e));
    continue;
  }
  const s = getComputedStyle(e);
  const width = parseFloat(s.outlineWidth), offset = parseFloat(s.outlineOffset) || 0;
  if (s.outlineStyle === 'none' || width < 2) {
    offenders.push('no ring: ' + name(e));
    continue;
  }
  const around = behind(e.parentElement), ring = over(rgba(s.outlineColor), around);
  const halo = rgba(s.boxShadow);
  const seen = ratio(ring, around) >= 3
    || (halo && ratio(ring, halo) >= 3 && ratio(over(halo, around), around) >= 3);
  if (!seen) offenders.push('faint ring: ' + name(e));
  // the outline, or the widest shadow (the halo) if it reaches further
  const shadow = (s.boxShadow.match(/(\\d+)px(?=[^,]*$)/) || [0, 0])[1];
  const spread = Math.max(offset + width, Number(shadow));
  const r = e.getBoundingClientRect();
  for (let a = e.parentElement; a; a = a.parentElement) {
    const c = getComputedStyle(a);
    if (c.overflowX === 'visible' && c.overflowY === 'visible') continue;
    // only where the control's own edge is in sight (a tall one scrolls)
    const box = a.getBoundingClientRect();
    const cut = (edge, ring, lo, hi) => edge >= lo - 0.5 && edge <= hi + 0.5
      && (ring < lo - 0.5 || ring > hi + 0.5);
    if (cut(r.left, r.left - spread, box.left, box.right)
        || cut(r.right, r.right + spread, box.left, box.right)
        || cut(r.top, r.top - spread, box.top, box.bottom)
        || cut(r.bottom, r.bottom + spread, box.top, box.bottom)) {
      offenders.push('ring cut by ' + a.className + ': ' + name(e));
      break;
    }
  }
  e.blur();
}
window.scrollTo(0, 0);
return offenders;
"""
)

# controls whose top lies above the line (arguments[0], px from the top)
ABOVE = (
    _CONTROLS
    + """
const line = arguments[0];
return controls().filter(e => e.getBoundingClientRect().top < line - 1).map(name);
"""
)


def low_reach_top() -> float:
    """The shipped config's lower-screen line (a fraction of the height)."""
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return float(config["screen"]["low_reach_top"])


def switch(driver, value: str) -> None:
    """Tap the access bar's switch ``value`` once and wait for the page."""
    tap(driver, f'button[id*=\'"value":"{value}"\'][id*="access"]')
    settled(driver)


def root_classes(driver) -> set[str]:
    return set(driver.find_element(By.ID, "kiosk-root").get_attribute("class").split())


TEXT_LEVELS = (0, 150, 200)  # one tap on the text switch: the next level
ON_OFF = ("voice", "low", "contrast", "paused")


def modes_on(driver) -> set[str]:
    return {c for c in root_classes(driver) if c.startswith("mode-")}


def with_modes(driver, url: str, size: str, *, text: int = 0, **modes: bool):
    """The kiosk page at ``size`` on the home screen with the modes switched
    on (only those), by the access bar's switches. A kiosk page already open
    at ``url`` is taken home and its switches turned from where they stand
    (plotly.js stays loaded: each fresh page loads it again with its first
    route); any other page is loaded afresh."""
    if driver.execute_script("return location.href") != url:
        open_kiosk(driver, url)
    elif not driver.find_elements(By.CSS_SELECTOR, ".home"):
        tap(driver, 'button[id*=\'"target":"home"\']')
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".home"))
    settled(driver)
    set_viewport(driver, *SIZES[size])
    settled(driver)
    now = modes_on(driver)
    level = next(
        (n for n in TEXT_LEVELS if n and f"mode-text-{n}" in now), TEXT_LEVELS[0]
    )
    steps = (TEXT_LEVELS.index(text) - TEXT_LEVELS.index(level)) % len(TEXT_LEVELS)
    for _ in range(steps):
        switch(driver, "text")
    for mode in ON_OFF:
        if modes.get(mode, False) != (f"mode-{mode}" in now):
            switch(driver, mode)
    expected = {f"mode-{m}" for m, on in modes.items() if on}
    if text:
        expected |= {"mode-text", f"mode-text-{text}"}
    wait_until(driver, lambda d: modes_on(d) == expected)
    return driver


def _tab(driver, mode: str) -> None:
    tap(driver, f'button[id*=\'"value":"{mode}"\'][id*="dir-mode"]')
    settled(driver)


def tour(driver) -> Iterator[str]:
    """Walk through every screen (home, each directory tab with a search typed,
    a route, the briefing), yielding each one's name once it is shown."""
    yield "home"
    tap(driver, 'button[id*=\'"target":"directory"\']')
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".directory"))
    # the directory opens where the last tour left it (a page kept open)
    _tab(driver, "popular")
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".results.popular"))
    yield "popular"
    for mode in ("floor", "bureau"):
        _tab(driver, mode)
        yield mode
    _tab(driver, "search")
    tap(driver, 'button[id*=\'"value":"clear"\']')
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".query.hint"))
    tap(driver, 'button[id*=\'"value":"ㅇ"\']')
    wait_text(driver, ".query", "ㅇ")
    settled(driver)
    yield "search"
    tap_result(driver, "여권")
    wait_text(driver, ".route-title", "여권팀")
    wait_until(
        driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".route-graph canvas")
    )
    settled(driver)
    yield "route"
    tap(driver, 'button[id*=\'"target":"home"\']')
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".home"))
    tap(driver, 'button[id*=\'"target":"briefing"\']')
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".briefing"))
    settled(driver)
    yield "briefing"


# 200 % in both orientations; 150 % where it is tighter (landscape's height)
@pytest.mark.parametrize(
    ("text", "size"), [(200, "portrait"), (200, "landscape"), (150, "landscape")]
)
def test_larger_text_keeps_every_control_reachable(kiosk, browser, text, size):
    page = with_modes(browser, kiosk.url, size, text=text)
    normal = 26  # the body's font size in kiosk.css
    found = {}
    for screen in tour(page):
        grown = page.execute_script(
            "return ['.kiosk-title', '.lang-choice', '.access-button', '.ticker-label']"
            ".map(c => document.querySelector(c).getBoundingClientRect().height)"
        )
        found[screen] = (page.execute_script(REACH), small_touch_targets(page))
        assert min(grown) > 0
    assert found == {screen: ([], []) for screen in found}, found
    # all text grew, the header's and the switches' included
    zoom = page.execute_script(
        "return document.querySelector('.access-button').currentCSSZoom"
    )
    assert zoom == text / 100
    size_px = page.execute_script(
        "const r = document.querySelector('.kiosk-title').getBoundingClientRect();"
        "return r.height"
    )
    assert size_px > normal * text / 100
    set_viewport(page, *SIZES["portrait"])


@pytest.mark.parametrize("size", SIZES)
def test_text_and_focus_stand_out_in_normal_and_high_contrast(kiosk, browser, size):
    for contrast, least in ((False, 4.5), (True, 7.0)):
        page = with_modes(browser, kiosk.url, size, contrast=contrast)
        found = {}
        for screen in tour(page):
            # a key was pressed: focus moved by script draws the ring as for a key
            ActionChains(page).send_keys(Keys.SHIFT).perform()
            found[screen] = (
                page.execute_script(CONTRAST, least, contrast),
                page.execute_script(FOCUS),
            )
        assert found == {screen: ([], []) for screen in found}, (contrast, found)
    set_viewport(page, *SIZES["portrait"])


@pytest.mark.parametrize("size", SIZES)
def test_lower_screen_keeps_every_control_below_the_line(kiosk, browser, size):
    page = with_modes(browser, kiosk.url, size, low=True)
    height = page.execute_script("return innerHeight")
    line = height * low_reach_top()
    found = {}
    for screen in tour(page):
        found[screen] = page.execute_script(ABOVE, line)
        if screen == "route":
            graph = page.execute_script(
                "const r = document.querySelector('.route-graph')"
                ".getBoundingClientRect(); return [r.top, r.bottom, r.height]"
            )
            assert graph[2] >= 150 and graph[0] >= 0 and graph[1] <= height, graph
    assert found == {screen: [] for screen in found}, found
    set_viewport(page, *SIZES["portrait"])


def pressed(driver) -> dict[str, str]:
    """Each switch's aria-pressed, in the bar's order."""
    pairs = driver.execute_script(
        "return Array.from(document.querySelectorAll('.access-button'))"
        ".map(b => [JSON.parse(b.id).value, b.getAttribute('aria-pressed')])"
    )
    return dict(pairs)


def test_switches_say_whether_they_are_on_and_the_idle_reset_clears_them(
    kiosk, browser
):
    page = with_modes(browser, kiosk.url, "portrait")
    assert list(pressed(page)) == ["voice", "low", "text", "contrast", "paused"]
    assert set(pressed(page).values()) == {"false"}
    for value in ("low", "contrast", "paused"):
        switch(page, value)
        wait_until(page, lambda d, v=value: pressed(d)[v] == "true")
        assert f"mode-{value}" in root_classes(page)
    switch(page, "low")
    wait_until(page, lambda d: pressed(d)["low"] == "false")
    # the text switch goes round: 150 %, 200 %, off, showing the level
    label = 'button[id*=\'"value":"text"\'] .access-level'
    levels = []
    for _ in range(3):
        switch(page, "text")
        levels.append(
            (
                pressed(page)["text"],
                page.execute_script(
                    "return getComputedStyle(document.querySelector(arguments[0]),"
                    " '::before').content",
                    label,
                ),
                sorted(c for c in root_classes(page) if c.startswith("mode-text")),
            )
        )
    assert levels == [
        ("true", '"150%"', ["mode-text", "mode-text-150"]),
        ("true", '"200%"', ["mode-text", "mode-text-200"]),
        ("false", "none", []),
    ]
    # drawn again in another language, the switches keep their state
    tap(page, ".lang-choice[data-lang='en']")
    wait_text(page, ".access-contrast", "High contrast")
    assert pressed(page)["contrast"] == "true"
    # left alone (the page's clock moved past its idle reset), the next
    # visitor finds every mode off
    leave_alone(page, idle_reset_after(kiosk.config) + 1)
    try:
        wait_until(page, lambda d: root_classes(d) == {"kiosk"})
        wait_until(page, lambda d: set(pressed(d).values()) == {"false"})
    finally:
        real_clock(page)
