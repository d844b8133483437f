"""Voice guidance with a keypad in real Chromium: a blind visitor's errand by
keys alone, what is said at each step, and clips made when first asked for.

Keys are sent as a USB numeric keypad sends them (KeyboardEvent.code Numpad…);
the kiosk's defaults map them (config.yaml voice.keys). Tests wait on what the
page says and shows (window.kioskVoice.log: each text asked to be said, in
order), never on time.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.support.page import open_kiosk, settled, wait_until

pytestmark = pytest.mark.browser

MOVE, SELECT, BACK, HOME = Keys.NUMPAD6, Keys.NUMPAD5, Keys.DECIMAL, Keys.NUMPAD0
VOICE, HELP = Keys.DIVIDE, Keys.MULTIPLY

FOCUSED = """
const el = document.activeElement;
return {
  tag: el.tagName,
  body: el === document.body || !document.contains(el),
  text: (el.innerText || '').replace(/\\s+/g, ' ').trim(),
  pressed: el.getAttribute('aria-pressed'),
};
"""


def focused(driver) -> dict:
    return driver.execute_script(FOCUSED)


def said(driver) -> list[str]:
    return [entry["text"] for entry in driver.execute_script("return kioskVoice.log")]


def press(driver, key: str) -> dict:
    """Press one key, wait for the page to settle; the focus never on <body>."""
    ActionChains(driver).send_keys(key).perform()
    settled(driver)
    now = focused(driver)
    assert not now["body"], f"the focus fell to <body> after {key!r}"
    return now


def move_to(driver, starts: str) -> dict:
    """Press "next" until the focused control's text starts with ``starts``
    (at most once round the screen); its name is then said."""
    for _ in range(120):
        now = focused(driver)
        if now["text"].startswith(starts):
            wait_until(
                driver, lambda d: any(t.startswith(starts) for t in said(d)[-3:])
            )
            return now
        press(driver, MOVE)
    raise AssertionError(f"no control starting {starts!r} reached by keys")


def hears(driver, text: str, last: int = 6) -> None:
    """Wait until ``text`` is among the last things asked to be said."""
    wait_until(driver, lambda d: text in said(d)[-last:])


def voice_on(driver, url: str, started: str) -> None:
    open_kiosk(driver, url)
    press(driver, VOICE)
    wait_until(
        driver,
        lambda d: (
            "mode-voice"
            in d.execute_script(
                "return document.getElementById('kiosk-root').className"
            )
        ),
    )
    hears(driver, started)


def test_a_keypad_only_journey_in_voice_guidance(kiosk, browser):
    """Home → 길찾기 → letter pad → ㅇ → 여권 → route → step-free → home, by keys."""
    voice_on(browser, kiosk.url, "음성 안내를 시작합니다.")

    move_to(browser, "길찾기")
    assert "길찾기 부서·업무 위치 안내" in said(browser)[-2:]  # not its English line
    now = press(browser, SELECT)
    wait_until(browser, lambda d: focused(d)["tag"] == "H1")
    assert focused(browser)["text"] == "길찾기"
    hears(browser, "길찾기")
    hears(
        browser,
        "자주 찾는 업무, 건물 안내도, 층별, 부서별 안내, 첫 글자로 찾기 중에서 고르고, "
        "찾는 곳을 누르면 길을 안내합니다.",
    )

    move_to(browser, "첫 글자로 찾기")
    press(browser, SELECT)
    hears(browser, "선택됨")
    move_to(browser, "ㅇ")
    press(browser, SELECT)
    # the result count, from the page's live region
    wait_until(browser, lambda d: any(t.startswith("ㅇ · 결과") for t in said(d)[-4:]))

    move_to(browser, "여권")
    press(browser, SELECT)
    wait_until(browser, lambda d: focused(d)["tag"] == "H1")
    assert focused(browser)["text"] == "여권팀"
    hears(browser, "여권팀")
    hears(
        browser, "길 안내입니다. 계단 없는 길로 바꾸거나 휴대전화로 가져갈 수 있습니다."
    )

    now = move_to(browser, "계단 없는 길")
    assert now["pressed"] == "false"
    press(browser, SELECT)
    wait_until(browser, lambda d: focused(d)["pressed"] == "true")
    hears(browser, "켜짐", last=2)

    press(browser, BACK)
    wait_until(browser, lambda d: focused(d)["text"] == "길찾기")
    press(browser, HOME)
    wait_until(browser, lambda d: focused(d)["text"] == "서산시청 종합안내")
    hears(
        browser,
        "길찾기와 오늘의 브리핑을 고를 수 있습니다. "
        "아래에는 오늘의 서산 정보가 있습니다.",
    )


def test_help_volume_and_speed_keys(kiosk, browser):
    voice_on(browser, kiosk.url, "음성 안내를 시작합니다.")
    state = "return kioskVoice.state()"
    before = browser.execute_script(state)
    press(browser, HELP)
    wait_until(
        browser, lambda d: any(t.startswith("화살표 키나 2, 4, 6, 8") for t in said(d))
    )
    press(browser, Keys.SUBTRACT)
    hears(browser, "소리 작게", last=1)
    press(browser, Keys.NUMPAD9)
    hears(browser, "빠르게", last=1)
    after = browser.execute_script(state)
    assert after["volume"] == pytest.approx(before["volume"] - 0.1)
    assert after["rate"] == before["rate"] + 0.25
    # and off again: said so, and the focus moves are quiet
    press(browser, VOICE)
    hears(browser, "음성 안내를 마칩니다.", last=1)
    count = len(said(browser))
    press(browser, MOVE)
    assert len(said(browser)) == count


def test_a_clip_not_made_yet_is_asked_for_and_then_heard(kiosk, browser):
    """The test kiosk makes clips only when asked: the first words get a tone
    and are played once the scheduler has made them; asked again, they are
    ready at once."""
    voice_on(browser, kiosk.url, "음성 안내를 시작합니다.")
    wait_until(browser, lambda d: d.execute_script("return kioskVoice.played.length"))
    played = browser.execute_script("return kioskVoice.played")
    assert all("/_kiosk/voice/ko/" in url and url.endswith(".mp3") for url in played)
    # the same words a second time come from the clip made
    press(browser, VOICE)
    press(browser, VOICE)
    wait_until(
        browser,
        lambda d: (
            [
                e["clip"]
                for e in d.execute_script("return kioskVoice.log")
                if e["text"] == "음성 안내를 시작합니다."
            ][-1:]
            == [True]
        ),
    )


def test_english_on_the_annex_kiosk_by_keys(kiosk, browser):
    """Another kiosk and language: English chosen by keys, then said in English."""
    voice_on(browser, kiosk.url + "?kiosk=annex-lobby", "음성 안내를 시작합니다.")
    move_to(browser, "English")
    press(browser, SELECT)
    wait_until(
        browser,
        lambda d: d.execute_script("return document.documentElement.lang") == "en",
    )
    move_to(browser, "Find your way")
    assert said(browser)[-1].startswith("Find your way")
    press(browser, SELECT)
    wait_until(browser, lambda d: focused(d)["text"] == "Find your way")
    hears(browser, "Find your way")
    log = browser.execute_script("return kioskVoice.log")
    assert log[-1]["lang"] == "en" or log[-2]["lang"] == "en"
