"""Finding a service and the way there, in headless Chromium, as a visitor would."""

from __future__ import annotations

import base64
import io
import urllib.request

import pytest
from PIL import Image
from pyzbar.pyzbar import decode
from selenium.webdriver.common.by import By

from tests.support.page import (
    as_new,
    attribute,
    open_kiosk,
    overflowing,
    set_viewport,
    small_touch_targets,
    tap,
    tap_result,
    text,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.browser


def steps(driver) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".step-card"))


def qr_url(driver) -> str:
    assert "QR" in attribute(driver, "img.qr-image", "alt")
    data = attribute(driver, "img.qr-image", "src").split(",", 1)[1]
    [code] = decode(Image.open(io.BytesIO(base64.b64decode(data))))
    return code.data.decode("utf-8")


def test_find_passport_by_initial_consonant_and_see_the_way(kiosk, browser):
    open_kiosk(browser, kiosk.url)
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"search"\']')
    tap(browser, 'button[id*=\'"value":"ㅇ"\']')
    wait_text(browser, ".query", "ㅇ")
    names = wait_until(
        browser,
        lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, ".result-name")],
    )
    assert "여권" in names and "여성가족과" in names

    tap_result(browser, "여권")
    wait_text(browser, ".route-title", "여권팀")
    assert "1층" in text(browser, ".route-where")
    assert "민원실 2번 창구" in text(browser, ".route-where")
    assert "민원실 2번 창구" in steps(browser)
    # the 3D view is drawn (plotly loads on this screen only)
    wait_until(
        browser,
        lambda d: d.find_elements(
            By.CSS_SELECTOR, ".route-graph .js-plotly-plot canvas"
        ),
        timeout=20,
    )

    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    # only the partial plotly.js bundle (3D traces) is loaded, never the full one
    scripts = browser.execute_script(
        "return performance.getEntries().map(e => e.name).filter(n => /plotly/.test(n))"
    )
    assert scripts and all("plotly-gl3d" in name for name in scripts)

    # the QR code opens the same route on a phone
    url = qr_url(browser)
    assert "/m/route?" in url and "to=passport-team" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        phone = response.read().decode("utf-8")
    assert "여권팀" in phone and "민원실 2번 창구" in phone


def test_step_free_route_takes_the_lift_instead_of_the_stairs(kiosk, browser):
    as_new(browser, kiosk.url, kiosk.config)
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"search"\']')
    tap(browser, 'button[id*=\'"value":"ㄱ"\']')
    tap(browser, 'button[id*=\'"value":"ㅇ"\']')
    tap_result(browser, "계약팀")
    wait_text(browser, ".route-title", "계약팀")
    assert "2층" in text(browser, ".route-where")
    assert "계단" in steps(browser)

    tap(browser, "button[id*='kiosk-step-free']")
    wait_until(browser, lambda d: "엘리베이터" in steps(d))
    assert "계단을" not in steps(browser) and "계단 " not in steps(browser)
    step_free = "button[id*='kiosk-step-free']"
    assert attribute(browser, step_free, "aria-pressed") == "true"
    assert "sf=1" in qr_url(browser)

    # English: the same route, in English, with an A-Z pad in the directory
    tap(browser, ".lang-choice[data-lang='en']")
    wait_until(browser, lambda d: "lift" in steps(d).lower())
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"search"\']')
    assert (
        len(browser.find_elements(By.CSS_SELECTOR, ".letter-pad-latin .keys .key"))
        == 26
    )


def test_browse_by_floor_lists_what_is_there(kiosk, browser):
    as_new(browser, kiosk.url, kiosk.config)
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"floor"\']')
    tap(browser, 'button[id*=\'"value":"main/3F"\']')
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".result-button"))
    wheres = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".result-where")}
    # the building is named: the site has two, each with a 3층
    assert wheres and all(w.startswith("본관 3층 · ") for w in wheres)


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_every_wayfinding_screen_keeps_targets_large_and_in_view(
    kiosk, browser, width, height
):
    set_viewport(browser, width, height)
    as_new(browser, kiosk.url, kiosk.config)
    screens = {}
    tap(browser, 'button[id*=\'"target":"directory"\']')
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".popular"))
    screens["popular"] = (small_touch_targets(browser), overflowing(browser, "main *"))
    tap(browser, 'button[id*=\'"value":"search"\']')
    tap(browser, 'button[id*=\'"value":"ㅅ"\']')
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".result-button"))
    screens["search"] = (small_touch_targets(browser), overflowing(browser, "main *"))
    tap(browser, ".result-button")
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".route-title"))
    screens["route"] = (small_touch_targets(browser), overflowing(browser, "main *"))
    assert screens == {name: ([], []) for name in screens}
    set_viewport(browser, 1080, 1920)
