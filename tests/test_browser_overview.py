"""The directory's building overview in headless Chromium, as a visitor uses
it: the building tab shows every floor, highest first, with its departments;
a tap on a floor opens that floor's list. In portrait and landscape, in
Korean and English, nothing sticks out sideways; each kiosk sees its own
floor marked; the high-contrast and large-text modes keep it readable."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.support.page import (
    as_new,
    nav,
    open_kiosk,
    overflowing,
    set_viewport,
    settled,
    small_touch_targets,
    tap,
    wait_until,
)
from tests.test_browser_axe import AXE, RUN_AXE

pytestmark = pytest.mark.browser

MAIN_FLOORS = ["main/5F", "main/4F", "main/3F", "main/2F", "main/1F", "main/B1"]
ANNEX_FLOORS = ["annex/3F", "annex/2F", "annex/1F"]
HERE = {"ko": "현재 위치", "en": "You are here"}
THIRD = {"ko": "본관 3층", "en": "Main building 3F"}

# what a visitor would see go wrong: anything wider than its box, a chip
# sticking out of its floor's button, text on a chip under 4.5:1
LAYOUT = """
const panel = document.getElementById('kiosk-dir-panel');
const root = document.documentElement;
const wide = e => e.scrollWidth > e.clientWidth + 1;
const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
const lum = c => {
  const [r, g, b] = rgb(c).map(v => {
    v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const rows = Array.from(document.querySelectorAll('.floor-row'));
const chipsOut = [];
const dim = [];
const untappable = [];
rows.forEach(row => {
  const box = row.getBoundingClientRect();
  const button = row.querySelector('button');
  row.querySelectorAll('.bureau-chip').forEach(chip => {
    const r = chip.getBoundingClientRect();
    // a finger on a chip lands on the row's button (its ::after)
    const [x, y] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
    const panel = document.getElementById('kiosk-dir-panel').getBoundingClientRect();
    if (y > panel.top && y < panel.bottom && document.elementFromPoint(x, y) !== button)
      untappable.push(chip.textContent);
    const out = r.left < box.left - 1 || r.right > box.right + 1;
    if (out) chipsOut.push(chip.textContent);
    const s = getComputedStyle(chip);
    const contrast = ratio(s.color, s.backgroundColor);
    if (contrast < 4.5) dim.push(chip.textContent + ' ' + contrast.toFixed(2));
  });
});
return {
  panel: [panel.scrollWidth, panel.clientWidth],
  page: [root.scrollWidth, innerWidth],
  wideRows: rows.filter(wide).map(r => r.textContent.slice(0, 40)),
  chipsOut: chipsOut,
  dim: dim,
  untappable: untappable,
  lowRows: rows.filter(r => r.getBoundingClientRect().height < 64)
    .map(r => r.textContent.slice(0, 40)),
};
"""


def floor_keys(driver) -> list[str]:
    """The floors the overview shows, top to bottom, building by building."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.overview .floor-open'))"
        ".map(b => JSON.parse(b.id).value)"
    )


def open_overview(driver) -> list[str]:
    """The directory's building tab, once its floors are shown."""
    nav(driver, "directory")
    tap(driver, 'button[role=tab][id*=\'"value":"building"\']')
    wait_until(
        driver,
        lambda d: (
            d.find_elements(
                By.CSS_SELECTOR, 'button[role=tab][aria-selected=true][id*="building"]'
            )
            and d.find_elements(By.CSS_SELECTOR, ".overview .floor-row")
        ),
    )
    settled(driver)
    return floor_keys(driver)


def chip_names(driver, key: str) -> list[str]:
    return driver.execute_script(
        "const row = Array.from(document.querySelectorAll('.floor-open'))"
        ".find(b => JSON.parse(b.id).value === arguments[0]).parentElement;"
        "return Array.from(row.querySelectorAll('.bureau-chip'))"
        ".map(c => c.textContent);",
        key,
    )


@pytest.mark.parametrize(
    ("width", "height", "lang"),
    [(1080, 1920, "ko"), (1920, 1080, "ko"), (1080, 1920, "en"), (1920, 1080, "en")],
    ids=["portrait-ko", "landscape-ko", "portrait-en", "landscape-en"],
)
def test_the_building_overview_opens_a_floors_list(kiosk, browser, width, height, lang):
    set_viewport(browser, width, height)
    as_new(browser, kiosk.url, kiosk.config)
    if lang != "ko":
        tap(browser, f".lang-choice[data-lang='{lang}']")
        wait_until(
            browser,
            lambda d: d.find_elements(
                By.CSS_SELECTOR, f".lang-choice.current[data-lang='{lang}']"
            ),
        )
    assert open_overview(browser) == MAIN_FLOORS + ANNEX_FLOORS
    here = browser.find_element(By.CSS_SELECTOR, ".floor-row.here .floor-open")
    assert '"value":"main/1F"' in here.get_attribute("id")
    assert HERE[lang] in here.get_attribute("aria-label")
    assert here.find_element(By.CSS_SELECTOR, ".floor-here").text == HERE[lang]

    layout = browser.execute_script(LAYOUT)
    assert layout["panel"][0] <= layout["panel"][1], layout
    assert layout["page"][0] <= layout["page"][1], layout
    assert layout["wideRows"] == layout["chipsOut"] == layout["dim"] == []
    assert layout["lowRows"] == layout["untappable"] == []
    assert small_touch_targets(browser) == []
    assert overflowing(browser, "main *") == []

    chips = chip_names(browser, "main/3F")
    assert len(chips) == 7
    # a finger on the row's first chip, not on the floor's name
    chip = browser.find_element(
        By.CSS_SELECTOR, '.floor-open[id*=\'"value":"main/3F"\'] ~ * .bureau-chip'
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", chip)
    ActionChains(browser).move_to_element(chip).click().perform()
    # that floor's list, in the by-floor tab, with that floor chosen
    wait_until(
        browser,
        lambda d: (
            d.find_elements(
                By.CSS_SELECTOR, "button[role=tab][aria-selected=true][id*='\"floor\"']"
            )
            and d.find_elements(
                By.CSS_SELECTOR, 'button[aria-pressed=true][id*=\'"value":"main/3F"\']'
            )
            and d.find_elements(By.CSS_SELECTOR, ".result-button")
        ),
    )
    settled(browser)
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".result-name")]
    wheres = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".result-where")}
    assert set(chips) <= set(names)
    assert wheres and all(w.startswith(f"{THIRD[lang]} · ") for w in wheres)
    assert not browser.find_elements(By.CSS_SELECTOR, ".overview")
    set_viewport(browser, 1080, 1920)


def test_the_annex_kiosk_sees_its_own_floor_marked(kiosk, browser):
    open_kiosk(browser, f"{kiosk.url}?kiosk=annex-lobby")
    open_overview(browser)
    marked = browser.find_elements(By.CSS_SELECTOR, ".floor-row.here .floor-open")
    assert [e.get_attribute("id") for e in marked] == [
        '{"type":"kiosk-dir-floor","value":"annex/1F"}'
    ]


@pytest.mark.parametrize("access", [{}, {"contrast": True}, {"text": 200}])
def test_the_overview_reads_in_every_mode(kiosk, browser, access):
    """axe-core finds nothing; chips keep their contrast; nothing sticks out."""
    set_viewport(browser, 1080, 1920)
    as_new(browser, kiosk.url, kiosk.config)
    browser.execute_script(
        "window.dash_clientside.set_props('kiosk-access', {data: arguments[0]});",
        access,
    )
    wanted = {f"mode-{key}" for key in access}
    wait_until(
        browser,
        lambda d: (
            wanted
            <= set(d.find_element(By.ID, "kiosk-root").get_attribute("class").split())
        ),
    )
    open_overview(browser)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    violations = browser.execute_async_script(RUN_AXE)
    assert violations == []
    layout = browser.execute_script(LAYOUT)
    assert layout["wideRows"] == layout["chipsOut"] == layout["dim"] == []
    assert layout["page"][0] <= layout["page"][1], layout
    if access.get("contrast"):
        # white on black, each chip keeping its bureau's colour as its border
        chip = browser.find_element(By.CSS_SELECTOR, ".bureau-chip")
        assert chip.value_of_css_property("background-color") == "rgba(0, 0, 0, 1)"
        assert chip.value_of_css_property("border-top-color") != "rgba(0, 0, 0, 1)"
    browser.execute_script(
        "window.dash_clientside.set_props('kiosk-access', {data: {}});"
    )
