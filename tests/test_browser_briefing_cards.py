"""In Chromium: the briefing screen's figure card follows the sentence being
spoken (a record made by hand, its audio moved sentence by sentence), a
briefing without audio shows the card of a tapped subtitle, and
/briefing/today shows the attempts, origins and raw answers as text, behind
the staff login. The tests wait on what the page shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from data_feeds.runner import FeedRunner
from kiosk_app.config.site import load_site
from tests.conftest import copy_config
from tests.support.browser import chromium_driver
from tests.support.page import (
    nav,
    open_kiosk,
    response_statuses,
    tap,
    wait_text,
    wait_until,
)
from tests.support.server import KioskServer
from tests.test_briefing_page import (
    NOTICE,
    SCRIPT,
    hand_record,
    silent_mp3,
    site_today,
    store_record,
)

pytestmark = pytest.mark.browser

TOKEN = "cards-browser-token-81f0c2aa"


@pytest.fixture(scope="module")
def cards_kiosk(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[KioskServer, str, str]]:
    """The web server alone (no scheduler to build a briefing of its own) with
    the feeds read once (the tiles' history for sparklines), today's
    hand-made briefing with audio, yesterday's without, and a staff token."""
    folder = tmp_path_factory.mktemp("briefing-cards")
    config_path = copy_config(folder)
    data_dir = folder / "var"
    today = site_today(config_path)
    yesterday = (dt.date.fromisoformat(today) - dt.timedelta(days=1)).isoformat()
    store = store_record(data_dir, hand_record(today), silent_mp3(folder))
    store_record(data_dir, hand_record(yesterday))
    runner = FeedRunner(store)
    try:
        runner.refresh(load_site(config_path).config.feeds)
    finally:
        runner.close()
    server = KioskServer(
        config_path, data_dir, command="web", env={"KIOSK_STAFF_TOKEN": TOKEN}
    ).start()
    yield server, today, yesterday
    server.stop()


SHOWN = """
return Array.from(document.querySelectorAll('.figure-stage .figure-set'))
  .filter(set => !set.hidden && set.offsetParent !== null)
  .map(set => Array.from(set.querySelectorAll('.figure-card'))
    .map(card => card.getAttribute('data-fact')).join('+'));
"""


def shown_cards(driver: WebDriver) -> list[str]:
    """The facts of the cards on screen, one entry per set shown."""
    return driver.execute_script(SHOWN)


def card_text(driver: WebDriver, fact: str) -> str:
    return driver.find_element(
        By.CSS_SELECTOR, f'.figure-set:not([hidden]) [data-fact="{fact}"]'
    ).text


def hint_shown(driver: WebDriver) -> bool:
    return driver.find_element(By.CSS_SELECTOR, ".figure-hint").is_displayed()


def seek(driver: WebDriver, seconds: float) -> None:
    """Move the briefing's audio to ``seconds`` (paused), as playing would."""
    driver.execute_script(
        "const a = document.getElementById('kiosk-briefing-audio');"
        "a.pause(); a.currentTime = arguments[0];",
        seconds,
    )


def current_line(driver: WebDriver) -> int:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.subtitles .subtitle'))"
        ".findIndex(li => li.classList.contains('current'))"
    )


def test_the_card_follows_the_sentence_being_spoken(cards_kiosk, browser):
    server, today, _ = cards_kiosk
    open_kiosk(browser, server.url)
    nav(browser, "briefing")
    wait_text(browser, ".briefing .section-title", f"{today} 서산시 브리핑")
    # nothing spoken yet: no card, the hint
    assert shown_cards(browser) == [] and hint_shown(browser)
    wait_until(
        browser,
        lambda d: d.execute_script(
            "return document.getElementById('kiosk-briefing-audio').readyState >= 1"
        ),
    )

    seek(browser, 2.9)  # the temperature, with its change since yesterday
    wait_until(browser, lambda d: shown_cards(d) == ["temperature"])
    assert current_line(browser) == 1 and not hint_shown(browser)
    card = card_text(browser, "temperature")
    for part in ("기온", "12.5", "℃", "어제보다 ▼ 1.5 ℃", "08:30 기준", "출처 서산시"):
        assert part in card, (part, card)
    # today's briefing: the tile's recent history as a sparkline
    spark = browser.find_element(
        By.CSS_SELECTOR, '.figure-set:not([hidden]) [data-fact="temperature"] img'
    )
    assert spark.get_attribute("src").startswith("data:image/svg+xml")
    assert spark.size["width"] > 200

    seek(browser, 4.9)  # fine dust: another figure, with its grade
    wait_until(browser, lambda d: shown_cards(d) == ["pm10"])
    card = card_text(browser, "pm10")
    assert "91" in card and "㎍/㎥" in card and "나쁨" in card
    grade = browser.find_element(By.CSS_SELECTOR, ".figure-set:not([hidden]) .tone-bad")
    assert grade.text == "나쁨"

    seek(browser, 6.9)  # the notice, as a card; its markup stays text
    wait_until(browser, lambda d: shown_cards(d) == ["notice-1"])
    assert NOTICE in card_text(browser, "notice-1")
    assert SCRIPT in browser.find_element(By.CSS_SELECTOR, ".subtitle.current").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".figure-stage b")
    assert browser.execute_script("return window.briefingPwned") is None

    seek(browser, 8.9)  # cites an id the record does not hold: no card at all
    wait_until(browser, lambda d: current_line(d) == 4)
    wait_until(browser, lambda d: shown_cards(d) == [] and hint_shown(d))

    seek(browser, 2.9)  # and back again
    wait_until(browser, lambda d: shown_cards(d) == ["temperature"])
    seek(browser, 12.5)  # past the last sentence: nothing current, no card
    wait_until(browser, lambda d: current_line(d) == -1 and shown_cards(d) == [])


def test_without_audio_a_tapped_subtitle_shows_its_card(cards_kiosk, browser):
    server, _, yesterday = cards_kiosk
    open_kiosk(browser, server.url)
    nav(browser, "briefing")
    tap(browser, f'button[id*=\'"value":"{yesterday}"\']')
    wait_text(browser, ".briefing .section-title", f"{yesterday} 서산시 브리핑")
    assert "자막을 누르면" in browser.find_element(By.CSS_SELECTOR, ".figure-hint").text
    tap(browser, ".subtitles .subtitle:nth-child(3)")
    wait_until(browser, lambda d: shown_cards(d) == ["pm10"])
    assert current_line(browser) == 2
    # a past day: the tile's history of today is not its trend
    assert not browser.find_elements(By.CSS_SELECTOR, ".figure-set:not([hidden]) img")
    tap(browser, ".subtitles .subtitle:nth-child(1)")
    wait_until(browser, lambda d: shown_cards(d) == [] and current_line(d) == 0)


@pytest.fixture
def staff_pc() -> Iterator[WebDriver]:
    """A browser of its own, as on a staff PC that has opened the kiosk page
    too (and so has the kiosk's service worker, which leaves staff pages to
    the browser's own login prompt)."""
    driver = chromium_driver(1920, 1080)
    yield driver
    driver.quit()


def test_briefing_today_shows_the_attempts_behind_the_login(cards_kiosk, staff_pc):
    server, today, _ = cards_kiosk
    browser = staff_pc
    seen: list[int] = []

    def answered(driver: WebDriver) -> list[int]:
        seen.extend(response_statuses(driver, "/briefing/today"))
        return seen

    browser.get(server.url)
    wait_until(
        browser,
        lambda d: d.execute_script("return !!navigator.serviceWorker.controller"),
    )
    browser.get(server.url + "briefing/today")
    assert wait_until(browser, answered) == [401]
    assert "Briefing on record" not in browser.page_source

    with_login = server.url.replace("http://", f"http://staff:{TOKEN}@")
    browser.get(with_login + "briefing/today")
    # the kiosk page stays under the login prompt until the page itself comes
    wait_until(
        browser,
        lambda d: (
            f"Briefing on record: {today}" in d.find_element(By.TAG_NAME, "h1").text
        ),
    )
    assert 200 in wait_until(browser, answered)
    korean = browser.find_element(By.CSS_SELECTOR, 'section[data-language="ko"]')
    origins = [cell.text for cell in korean.find_elements(By.CSS_SELECTOR, "td.origin")]
    assert origins == ["template", "model", "retry", "template", "template", "template"]
    attempts = korean.find_elements(By.CSS_SELECTOR, ".attempt")
    assert len(attempts) == 2
    first = attempts[0].text
    for part in ("gemma-3-270m-it", "json_object", "p-test-7", "812 in, 96 out"):
        assert part in first, part
    assert "35㎍/㎥ is not a figure of pm10 (91)" in first
    assert "the context is full (context_length_exceeded)" in attempts[1].text
    # the raw answer: folded, then shown as text, its <script> never run
    raw = attempts[0].find_element(By.CSS_SELECTOR, "details.raw")
    pre = raw.find_element(By.TAG_NAME, "pre")
    assert not pre.is_displayed()
    raw.find_element(By.TAG_NAME, "summary").click()
    wait_until(browser, lambda d: pre.is_displayed())
    assert SCRIPT in pre.text and "{temperature}" in pre.text
    assert (
        SCRIPT in korean.find_element(By.CSS_SELECTOR, "tr.sentence:nth-child(5)").text
    )
    assert browser.execute_script("return window.briefingPwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "section script")
