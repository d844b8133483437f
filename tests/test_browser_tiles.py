"""A tile in the browser while its source breaks, ages and recovers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import copy_config
from tests.fakes.http_server import FakeServer
from tests.support.page import open_kiosk, text, wait_until
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

SEOUL = ZoneInfo("Asia/Seoul")
SCRIPT = (
    "<b>bold</b><script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned=2">'
)

FEED = """\
  source:
    type: http_json
    url: {url}/indicators
    interval_seconds: 2
    timeout_seconds: 2
    max_age_minutes: 0.5
    as_of_path: updated
    fields:
      visitors: {{path: visitors, unit: 명}}
      message: {{path: message, text: true}}
"""
TILES = """\
tiles:
  - id: visitors
    menu: civil-service
    title: {ko: 방문객, en: Visitors}
    feed: source
    field: visitors
    unit: 명
  - id: message
    menu: notices
    title: {ko: 안내, en: Message}
    feed: source
    field: message
"""


def body(visitors: int, updated: dt.datetime) -> dict:
    return {"visitors": visitors, "message": SCRIPT, "updated": updated.isoformat()}


@pytest.fixture
def source():
    with FakeServer() as server:
        yield server


@pytest.fixture
def kiosk_with_source(tmp_path: Path, source: FakeServer):
    config = copy_config(
        tmp_path,
        {
            "tile_refresh_seconds: 15": "tile_refresh_seconds: 2",
            "feeds:\n": "feeds:\n" + FEED.format(url=source.url),
            # the attract loop's figures name tiles: this kiosk's own
            "  figures: [temperature, pm10, queue-waiting, parking, bus-next, "
            "population]": "  figures: [visitors]",
        },
    )
    text_now = config.read_text(encoding="utf-8")
    start = text_now.index("tiles:\n")
    end = text_now.index("notices:\n")
    config.write_text(
        text_now[:start] + TILES + "\n" + text_now[end:], encoding="utf-8"
    )
    server = KioskServer(config, tmp_path / "var").start()
    yield server
    server.stop()


def tile_text(driver) -> str:
    return text(driver, "#tile-visitors")


def fresh_with(driver, value: str) -> bool:
    """The visitors tile shows ``value`` without an "as of" badge."""
    shown = tile_text(driver)
    return value in shown and "기준" not in shown


def test_tile_goes_stale_then_unavailable_then_fresh_again(
    kiosk_with_source, source, browser
):
    first = dt.datetime.now(SEOUL).replace(microsecond=0)
    source.set(json_body=body(1234, first))
    open_kiosk(browser, kiosk_with_source.url)
    wait_until(browser, lambda d: fresh_with(d, "1,234"), timeout=30)

    # the message field is shown as text, never as markup or script
    wait_until(browser, lambda d: SCRIPT in text(d, "#tile-message"))
    assert browser.execute_script("return window.__pwned === undefined")
    assert (
        browser.find_elements("css selector", "#tile-message b, #tile-message img")
        == []
    )

    source.set(status=500, body="Internal Server Error")
    badge = f"{first:%H:%M} 기준"
    wait_until(browser, lambda d: badge in tile_text(d), timeout=30)
    assert "1,234" in tile_text(browser)
    health = kiosk_with_source.health()
    feed = next(f for f in health["feeds"] if f["id"] == "source")
    assert feed["state"] == "failing" and "500" in feed["last_error"]

    # max_age is 30 s after the value was measured
    wait_until(browser, lambda d: "잠시 후 다시 표시됩니다" in tile_text(d), timeout=60)
    assert "1,234" not in tile_text(browser)

    source.set(json_body=body(1240, dt.datetime.now(SEOUL)))
    wait_until(browser, lambda d: fresh_with(d, "1,240"), timeout=30)
    feeds = {f["id"]: f for f in kiosk_with_source.health()["feeds"]}
    assert feeds["source"]["state"] == "ok"
