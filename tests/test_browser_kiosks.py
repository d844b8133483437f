"""Every configured kiosk shows its own "you are here", in the browser.

The building decides what differs between kiosks (where they stand, which
way they face); the test asks the building (``route_view``) and checks that
each kiosk's screen says exactly that, and that the kiosks do differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from kiosk_app.config.site import load_site
from kiosk_app.wayfinding import route_view
from layouts.route import walk_summary
from tests.support.page import (
    attribute,
    nav,
    open_kiosk,
    tap,
    tap_result,
    text,
    wait_until,
)

pytestmark = pytest.mark.browser

TARGET = "passport-team"


def expected(config: Path, kiosk_id: str, lang: str) -> tuple[str, str, str]:
    """(kiosk name, walk summary, first direction) as the building says."""
    site = load_site(config)
    view = route_view(site, kiosk_id, TARGET, False, lang, Path("/nonexistent"), "/")
    assert view is not None and view.minutes is not None
    labels = site.config.labels
    return (
        site.config.kiosk(kiosk_id).name.get(lang),
        walk_summary(view, lang, labels),
        view.steps[0].directions[0].get(lang),
    )


def open_passport_route(driver) -> None:
    nav(driver, "directory")
    tap(driver, 'button[id*=\'"value":"search"\']')
    tap(driver, 'button[id*=\'"value":"ㅇ"\']')
    tap_result(driver, "여권")
    wait_until(
        driver,
        lambda d: "여권팀" in d.find_element(By.CSS_SELECTOR, ".route-title").text,
    )


def test_each_kiosk_shows_where_it_stands_and_its_own_way(kiosk, browser):
    kiosk_ids = [k.id for k in load_site(kiosk.config).config.kiosks]
    assert len(kiosk_ids) >= 2
    seen = {}
    for kiosk_id in kiosk_ids:
        name, summary, first = expected(kiosk.config, kiosk_id, "ko")
        open_kiosk(browser, f"{kiosk.url}?kiosk={kiosk_id}")
        assert name in text(browser, ".kiosk-header")
        open_passport_route(browser)
        assert text(browser, ".route-summary") == summary
        assert text(browser, ".step-directions li") == first
        assert attribute(browser, "img.qr-image", "src").startswith("data:image/png")
        seen[kiosk_id] = (summary, first)
    # the kiosks stand in different places: their ways to the same counter differ
    assert len(set(seen.values())) == len(seen)


def test_an_unknown_kiosk_id_shows_the_first_kiosk(kiosk, browser):
    name, _, _ = expected(kiosk.config, "main-lobby", "ko")
    open_kiosk(browser, f"{kiosk.url}?kiosk=no-such-kiosk")
    assert name in text(browser, ".kiosk-header")
    assert "unknown kiosk 'no-such-kiosk'" in kiosk.log()
