"""The home screen in a real headless Chromium, as a visitor meets it."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from tests.conftest import IDLE_SECONDS, IDLE_WARNING_SECONDS
from tests.support.page import (
    attribute,
    nav,
    open_kiosk,
    overflowing,
    set_viewport,
    small_touch_targets,
    tap,
    text,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.browser

# Draws a string on a canvas in the title's font; the pixels of Hangul must
# differ from those of unassigned code points, which render as tofu boxes.
_GLYPH_PIXELS = """
const font = getComputedStyle(document.querySelector('.kiosk-title')).fontFamily;
function pixels(s) {
  const c = document.createElement('canvas'); c.width = 400; c.height = 80;
  const g = c.getContext('2d'); g.font = '48px ' + font; g.fillText(s, 0, 60);
  return Array.from(g.getImageData(0, 0, 400, 80).data).join(',');
}
return [pixels(arguments[0]), pixels('\\u0378\\u0379\\u0380\\u0381')];
"""
# the title in each language, with the letters most likely to lack a glyph
TITLES = {
    "ko": "서산시청 종합안내",
    "en": "Seosan City Hall Information",
    "zh": "瑞山市政府综合指南",
    "vi": "Thông tin Tòa thị chính Seosan",
}


def choose(page, lang: str) -> None:
    """Tap ``lang`` in the language picker and wait for the title in it."""
    tap(page, f".lang-choice[data-lang='{lang}']")
    wait_text(page, ".kiosk-title", TITLES[lang])


def portrait(browser, url: str):
    """``browser`` with the kiosk page at ``url`` freshly loaded, in portrait."""
    set_viewport(browser, 1080, 1920)
    open_kiosk(browser, url)
    return browser


@pytest.fixture
def home(kiosk, browser):
    """A freshly loaded kiosk page in portrait."""
    return portrait(browser, kiosk.url)


def test_home_shows_the_korean_title_entries_tiles_and_notices(home):
    assert text(home, ".kiosk-title") == "서산시청 종합안내"
    assert home.execute_script("return document.documentElement.lang") == "ko"
    assert "길찾기" in text(home, "button[id*='directory']")
    assert "오늘의 브리핑" in text(home, "button[id*='briefing']")
    shown, total = home.execute_script(
        "const tiles = Array.from(document.querySelectorAll('.tile'));"
        "return [tiles.filter(t => t.offsetParent !== null).length, tiles.length]"
    )
    assert total == 16  # the shipped config's tiles, on two pages
    assert shown in (12, 4)
    # the tile may sit on the page of tiles not shown right now
    assert "미세먼지" in attribute(home, "#tile-pm10", "textContent")
    assert "여권 발급 창구" in attribute(home, ".ticker-run", "textContent")
    assert text(home, ".kiosk-clock-time").count(":") == 1


def test_korean_text_renders_with_real_glyphs(home):
    hangul, tofu = home.execute_script(_GLYPH_PIXELS, TITLES["ko"])
    assert hangul != tofu


@pytest.mark.parametrize("lang", ["zh", "vi"])
def test_chinese_and_vietnamese_render_with_real_glyphs(home, lang):
    choose(home, lang)
    drawn, tofu = home.execute_script(_GLYPH_PIXELS, TITLES[lang])
    assert drawn != tofu
    # each letter has a glyph of its own: no two different letters (ộ and o,
    # 瑞 and 山) are drawn alike, as missing glyphs would be
    widths = home.execute_script(
        "const font = getComputedStyle(document.querySelector('.kiosk-title'))"
        ".fontFamily; const g = document.createElement('canvas').getContext('2d');"
        "g.font = '48px ' + font; return Array.from(arguments[0]).map("
        "ch => g.measureText(ch).width);",
        "ộếữ瑞山市",
    )
    assert all(width > 10 for width in widths), widths


def test_language_picker_switches_every_label(home):
    names = [
        attribute(home, f".lang-choice[data-lang='{code}']", "textContent")
        for code in TITLES
    ]
    assert names == ["한국어", "English", "中文", "Tiếng Việt"]
    choose(home, "en")
    assert "Find your way" in text(home, "button[id*='directory']")
    assert attribute(home, ".lang-choice[data-lang='en']", "aria-pressed") == "true"
    assert text(home, ".kiosk-clock-date").startswith(
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    )
    assert home.execute_script("return document.documentElement.lang") == "en"
    choose(home, "zh")
    assert "路线指引" in text(home, "button[id*='directory']")
    assert "年" in text(home, ".kiosk-clock-date")
    assert home.execute_script("return document.documentElement.lang") == "zh-Hans"
    choose(home, "vi")
    assert text(home, ".kiosk-clock-date").startswith(("Thứ", "Chủ Nhật"))
    assert home.execute_script("return document.documentElement.lang") == "vi"
    choose(home, "ko")
    assert attribute(home, ".lang-choice[data-lang='ko']", "aria-pressed") == "true"


def test_the_page_title_names_the_screen_in_its_language(home):
    def title(d) -> str:
        return d.execute_script("return document.title")

    wait_until(home, lambda d: title(d) == "서산시청 종합안내")
    nav(home, "directory")
    wait_until(home, lambda d: title(d) == "길찾기 · 서산시청 종합안내")
    choose(home, "en")
    wait_until(
        home, lambda d: title(d) == "Find your way · Seosan City Hall Information"
    )
    nav(home, "home")
    wait_until(home, lambda d: title(d) == "Seosan City Hall Information")
    nav(home, "briefing")
    wait_until(
        home, lambda d: title(d) == "Today's briefing · Seosan City Hall Information"
    )
    choose(home, "zh")
    wait_until(home, lambda d: title(d) == "今日简报 · 瑞山市政府综合指南")


def test_entry_buttons_lead_to_their_screen_and_home_again(home):
    nav(home, "directory")
    wait_text(home, ".kiosk-page .section-title", "길찾기")
    nav(home, "home")
    wait_until(home, lambda d: d.find_elements(By.CSS_SELECTOR, ".tile"))
    nav(home, "briefing")
    # its heading is the day's briefing title once the scheduler has made one
    # (a weekday after 08:00 it makes one as the server starts), else the label
    wait_until(
        home, lambda d: d.find_elements(By.CSS_SELECTOR, ".kiosk-page .briefing")
    )
    assert home.title.startswith("오늘의 브리핑 · ")


@pytest.fixture
def idle_home(idle_kiosk, browser):
    """A freshly loaded page of a kiosk that resets after IDLE_SECONDS."""
    return portrait(browser, idle_kiosk.url)


def test_idle_screen_returns_home_in_the_default_language(idle_home):
    home = idle_home
    choose(home, "vi")
    nav(home, "briefing")
    wait_text(home, ".kiosk-page .section-title", "Bản tin hôm nay")
    left_alone = time.monotonic()
    wait_until(home, lambda d: d.find_elements(By.CSS_SELECTOR, ".home .tile"), 60)
    assert time.monotonic() - left_alone >= IDLE_SECONDS - 2
    wait_text(home, ".kiosk-title", "서산시청 종합안내")


def _warning_shown(driver) -> bool:
    return driver.find_element(By.ID, "kiosk-idle-warning").is_displayed()


def test_a_warning_gives_time_to_finish_before_the_idle_reset(idle_home):
    home = idle_home
    nav(home, "directory")
    wait_text(home, ".kiosk-page .section-title", "길찾기")
    # left alone: "need more time?" over the screen, counting down, before the reset
    left_alone = time.monotonic()
    wait_until(home, _warning_shown, 60)
    assert time.monotonic() - left_alone >= IDLE_SECONDS - 2
    assert text(home, ".idle-title") == "계속 이용하시겠습니까?"
    assert re.fullmatch(
        r"\d+초 후 처음 화면으로 돌아갑니다\.", text(home, ".idle-countdown")
    )
    assert home.switch_to.active_element.get_attribute("id") == "kiosk-idle-extend"
    # one tap keeps the visitor's screen
    tap(home, "#kiosk-idle-extend")
    wait_until(home, lambda d: not _warning_shown(d))
    assert text(home, ".kiosk-page .section-title") == "길찾기"
    # ignored this time: the screen resets after the countdown
    wait_until(home, _warning_shown, 60)
    warned = time.monotonic()
    wait_until(home, lambda d: d.find_elements(By.CSS_SELECTOR, ".home .tile"), 60)
    assert time.monotonic() - warned >= IDLE_WARNING_SECONDS - 2
    assert not _warning_shown(home)


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_touch_targets_are_large_and_nothing_overflows(home, width, height):
    set_viewport(home, width, height)
    for lang in TITLES:
        choose(home, lang)
        assert small_touch_targets(home) == [], f"{lang} {width}x{height}"
        sideways = overflowing(
            home,
            ".kiosk-header *, .tile, .tile *, .entry-button, .entry-button *,"
            " .ticker-label, .access-button",
        )
        assert sideways == [], f"{lang} {width}x{height}"
        below = home.execute_script(
            "return Array.from(document.querySelectorAll('.tile, .entry-button,"
            " .access-button')).filter(e => e.offsetParent !== null &&"
            " e.getBoundingClientRect().bottom > innerHeight + 1).length"
        )
        assert below == 0, f"{lang} {width}x{height}"
        assert home.execute_script(
            "return document.documentElement.scrollWidth <= innerWidth"
        )


def test_kiosk_guards_against_selection_menus_zoom_and_leaving(home):
    assert (
        home.execute_script("return getComputedStyle(document.body).userSelect")
        == "none"
    )
    blocked = home.execute_script(
        "const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});"
        "document.querySelector('.kiosk-title').dispatchEvent(e);"
        "return e.defaultPrevented"
    )
    assert blocked is True
    viewport = home.find_element(By.CSS_SELECTOR, "meta[name=viewport]")
    assert "user-scalable=no" in viewport.get_attribute("content")
    start = home.current_url
    followed = home.execute_script(
        "const a = document.createElement('a'); a.href = 'https://example.com/';"
        "a.textContent = 'out'; a.id = 'outside-link';"
        "document.querySelector('.kiosk-title').appendChild(a);"
        "const e = new MouseEvent('click', {bubbles: true, cancelable: true});"
        "a.dispatchEvent(e); return !e.defaultPrevented"
    )
    assert followed is False
    assert home.current_url == start
    assert home.execute_script("return window.open('https://example.com/')") is None


def test_the_page_requests_nothing_from_other_hosts(home, kiosk):
    nav(home, "directory")
    wait_text(home, ".kiosk-page .section-title", "길찾기")
    nav(home, "home")
    # let the page's beat run (it is what keeps the screen in step)
    wait_until(
        home,
        lambda d: d.execute_script(
            "return document.getElementById('kiosk-root').dataset.beats >= 1"
        ),
        timeout=30,
    )
    urls = home.execute_script(
        "return performance.getEntries().map(e => e.name).filter(n => n.includes('://'))"
    )
    kiosk_host = urlsplit(kiosk.url).netloc
    assert any("/_dash-update-component" in u for u in urls)
    assert any(u.endswith("/_kiosk/beat") for u in urls)
    outside = [u for u in urls if urlsplit(u).netloc != kiosk_host]
    assert outside == []
    severe = [e for e in home.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_lower_screen_and_larger_text_help_and_reset_when_idle(idle_home):
    home = idle_home

    def top_of_entries() -> float:
        return home.execute_script(
            "return document.querySelector('.entry-button').getBoundingClientRect().top"
        )

    def label_height() -> float:
        return home.execute_script(
            "return document.querySelector('.entry-label')"
            ".getBoundingClientRect().height"
        )

    height = home.execute_script("return innerHeight")
    normal_label = label_height()
    tap(home, 'button[id*=\'"value":"low"\']')
    wait_until(
        home,
        lambda d: (
            "mode-low" in d.find_element(By.ID, "kiosk-root").get_attribute("class")
        ),
    )
    # everything, the title and the language switch included, is in the lower part
    assert top_of_entries() > height * 0.5
    header_top = home.execute_script(
        "return document.querySelector('.kiosk-header').getBoundingClientRect().top"
    )
    assert header_top > height * 0.3
    tap(home, 'button[id*=\'"value":"text"\']')
    wait_until(home, lambda d: label_height() > normal_label * 1.4)
    assert small_touch_targets(home) == []
    # left alone, the kiosk returns to its usual screen for the next visitor
    wait_until(
        home,
        lambda d: d.find_element(By.ID, "kiosk-root").get_attribute("class") == "kiosk",
        timeout=60,
    )
