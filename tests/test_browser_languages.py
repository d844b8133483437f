"""A visitor who reads Chinese or Vietnamese finds a service and the way there,
in headless Chromium: every word on the way is in their language."""

from __future__ import annotations

import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from tests.support.page import (
    as_new,
    open_kiosk,
    tap,
    tap_result,
    text,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.browser
HANGUL = re.compile(r"[가-힣]")


def steps(driver) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".step-card"))


def test_chinese_lists_every_department_and_leads_the_way(kiosk, browser):
    open_kiosk(browser, kiosk.url)
    tap(browser, ".lang-choice[data-lang='zh']")
    wait_text(browser, ".kiosk-title", "瑞山市政府综合指南")
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"search"\']')
    # no letter pad in Chinese: the tab lists every department
    names = wait_until(
        browser,
        lambda d: (
            [e.text for e in d.find_elements(By.CSS_SELECTOR, ".result-name")]
            if len(d.find_elements(By.CSS_SELECTOR, ".result-name")) >= 45
            else None
        ),
    )
    assert not browser.find_elements(By.CSS_SELECTOR, ".letter-pad")
    assert "社会福利科" in names and len(names) == 45
    tap_result(browser, "社会福利科")
    wait_text(browser, ".route-title", "社会福利科")
    assert "层" in text(browser, ".route-where")
    wait_until(browser, lambda d: "米" in steps(d))
    assert not HANGUL.search(steps(browser)), steps(browser)
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"


def test_vietnamese_finds_a_task_on_the_latin_pad_and_the_phone_page_follows(
    kiosk, browser
):
    as_new(browser, kiosk.url, kiosk.config)
    tap(browser, ".lang-choice[data-lang='vi']")
    wait_text(browser, ".kiosk-title", "Thông tin Tòa thị chính Seosan")
    tap(browser, 'button[id*=\'"target":"directory"\']')
    tap(browser, 'button[id*=\'"value":"search"\']')
    tap(browser, 'button[id*=\'"value":"H"\']')
    tap(browser, 'button[id*=\'"value":"O"\']')
    wait_text(browser, ".query", "HO")
    # H O finds "hộ chiếu" (passport) without typing the diacritics
    tap_result(browser, "hộ chiếu")
    wait_text(browser, ".route-title", "Tổ Hộ chiếu")
    assert "Quầy số 2" in text(browser, ".route-where")
    wait_until(browser, lambda d: " m." in steps(d))
    assert not HANGUL.search(steps(browser)), steps(browser)
    # the QR code's page opens in Vietnamese too
    qr = browser.find_element(By.CSS_SELECTOR, "img.qr-image")
    assert qr.get_attribute("alt") and not HANGUL.search(qr.get_attribute("alt"))
    phone = (
        urllib.request.urlopen(
            kiosk.url.rstrip("/")
            + "/m/route?kiosk=main-lobby&to=passport-team&sf=0&lang=vi",
            timeout=30,
        )
        .read()
        .decode("utf-8")
    )
    assert '<html lang="vi">' in phone
    assert "Quầy số 2" in phone and not HANGUL.search(
        phone.split("<body", 1)[1].replace("서산", "")
    )
