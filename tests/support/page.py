"""Small helpers for reading the kiosk page in a browser test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait


def wait_until(
    driver: WebDriver, condition: Callable[[WebDriver], Any], timeout: float = 30
) -> Any:
    """Wait for ``condition`` to return something truthy, and return it."""
    return WebDriverWait(
        driver, timeout, poll_frequency=0.2, ignored_exceptions=(Exception,)
    ).until(condition)


_PAGE_STATE = """
const root = document.documentElement;
const page = document.getElementById('kiosk-page');
const warning = document.getElementById('kiosk-idle-warning');
return {
  url: location.href,
  screen: page ? page.getAttribute('data-screen') : null,
  settled: root.getAttribute('data-settled'),
  loading: Boolean(document.querySelector('._dash-loading-callback')),
  warning: Boolean(warning && !warning.hidden),
  pressed: Array.from(document.querySelectorAll('button[aria-pressed]')).map(
    b => b.className + ' aria-pressed=' + b.getAttribute('aria-pressed')),
};
"""


def describe_page(driver: WebDriver) -> str:
    """What the page shows and what it logged, for a failed wait's message:
    the screen, whether it settled, pressed switches, the browser's errors and
    the last callback requests with their answers."""
    lines = []
    try:
        lines.append(f"page: {driver.execute_script(_PAGE_STATE)}")
    except Exception as err:  # a hung page: say so and go on
        lines.append(f"page: unreadable ({err})")
    try:
        errors = [
            entry["message"]
            for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")
        ]
        lines.append("browser errors: " + (" | ".join(errors[-8:]) or "none"))
        answers = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            response = message["params"]["response"]
            if "_dash-update-component" in response.get("url", ""):
                answers.append(str(response.get("status")))
        lines.append("callback answers (last 12): " + " ".join(answers[-12:]))
    except Exception as err:
        lines.append(f"logs: unreadable ({err})")
    return "\n".join(lines)


def settled(driver: WebDriver, timeout: float = 20) -> None:
    """Wait until no callback is in flight and the page has stopped changing
    (``data-settled`` on <html>, set by assets/kiosk.js)."""
    wait_until(
        driver,
        lambda d: d.execute_script(
            "return !document.getElementById('_dash-config')"  # not the kiosk app
            " || document.documentElement.hasAttribute('data-settled')"
        ),
        timeout,
    )


def text(driver: WebDriver, css: str, timeout: float = 20) -> str:
    """The visible text of the first element matching ``css``, once the page has
    settled (read again if a re-render replaced the element meanwhile)."""
    settled(driver, timeout)
    found = wait_until(
        driver, lambda d: (d.find_element(By.CSS_SELECTOR, css).text,), timeout
    )
    return found[0]


def attribute(driver: WebDriver, css: str, name: str, timeout: float = 20) -> str:
    """An attribute (or DOM property such as textContent) of the first element
    matching ``css``, read again if a re-render replaced the element."""
    found = wait_until(
        driver,
        lambda d: (d.find_element(By.CSS_SELECTOR, css).get_attribute(name),),
        timeout,
    )
    return found[0]


def tap(driver: WebDriver, css: str) -> None:
    """Tap the first element matching ``css`` (retried while the page re-renders)."""

    def attempt(d: WebDriver) -> bool:
        element = d.find_element(By.CSS_SELECTOR, css)
        # to the middle of the screen, as a visitor would scroll it: with larger
        # text the switches stay over the foot of the page (kiosk.css)
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return True

    wait_until(driver, attempt)


def wait_text(driver: WebDriver, css: str, expected: str, timeout: float = 30) -> None:
    """Wait until the element's text contains ``expected``."""
    wait_until(driver, lambda d: expected in text(d, css, timeout), timeout)


def tap_result(driver: WebDriver, name: str) -> None:
    """Tap the directory result whose name is exactly ``name``."""

    def attempt(d: WebDriver) -> bool:
        for button in d.find_elements(By.CSS_SELECTOR, ".result-button"):
            if button.find_element(By.CSS_SELECTOR, ".result-name").text == name:
                d.execute_script(
                    "arguments[0].scrollIntoView({block: 'center'})", button
                )
                button.click()
                return True
        return False

    wait_until(driver, attempt)


def nav(driver: WebDriver, target: str) -> None:
    """Tap the navigation button leading to ``target`` (retried while re-rendering)."""
    tap(driver, f'button[id*=\'"target":"{target}"\']')


def open_kiosk(driver: WebDriver, url: str) -> None:
    """Load the kiosk page and wait until Dash has rendered it and settled."""
    driver.get(url)
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".kiosk-title"), 30)
    settled(driver, 30)


def set_viewport(driver: WebDriver, width: int, height: int) -> None:
    """Resize the page's viewport (the kiosk screen)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def small_touch_targets(driver: WebDriver, least: int = 60) -> list[str]:
    """Visible buttons smaller than ``least`` CSS px in either direction."""
    return driver.execute_script(
        "const least = arguments[0];"
        "return Array.from(document.querySelectorAll('button'))"
        ".filter(b => b.offsetParent !== null).map(b => {"
        " const r = b.getBoundingClientRect();"
        " return [b.textContent, Math.round(r.width), Math.round(r.height)]; })"
        ".filter(([, w, h]) => w < least || h < least)"
        ".map(([t, w, h]) => `${t} ${w}x${h}`)",
        least,
    )


def overflowing(driver: WebDriver, selector: str) -> list[str]:
    """Visible elements matching ``selector`` that stick out of the screen sideways."""
    return driver.execute_script(
        "const W = innerWidth;"
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.offsetParent !== null).filter(e => {"
        " const r = e.getBoundingClientRect();"
        " return r.width && (r.left < -1 || r.right > W + 1); })"
        ".map(e => e.className + ': ' + e.textContent.slice(0, 40))",
        selector,
    )


def idle_reset_after(config_path: Path) -> float:
    """Seconds untouched before a kiosk run with ``config_path`` goes back to
    its start (idle time, then the "Need more time?" countdown)."""
    screen = yaml.safe_load(config_path.read_text(encoding="utf-8"))["screen"]
    return float(screen["idle_seconds"]) + float(screen.get("idle_warning_seconds", 0))


def leave_alone(driver: WebDriver, seconds: float) -> None:
    """As if nobody had touched the page for ``seconds`` more: the page's
    clock (Date.now, which its idle tick and motion.js read) moved that much
    further ahead. The page still does what it would, at its next tick;
    real_clock puts the clock back."""
    driver.execute_script(
        "const real = window.testRealNow"
        " || (window.testRealNow = Date.now.bind(Date));"
        "window.testAhead = (window.testAhead || 0) + arguments[0];"
        "Date.now = () => real() + window.testAhead;",
        seconds * 1000,
    )


def real_clock(driver: WebDriver) -> None:
    """The page's real clock back, counting idle time from now."""
    driver.execute_script(
        "if (window.testRealNow) Date.now = window.testRealNow;"
        "window.testAhead = 0;"
        "window.kioskPage.markActivity();"
    )


def as_new(driver: WebDriver, url: str, config_path: Path, lang: str = "ko") -> None:
    """The kiosk page at ``url`` as a new visitor finds it: home, in the
    kiosk's default language ``lang``, every mode off, each screen's state
    at its start. A kiosk page already open there is left alone until its own
    idle reset brings that about (see leave_alone; plotly.js stays loaded,
    where a fresh page loads it again with its first route); any other page
    is loaded afresh."""
    if driver.execute_script("return location.href") != url:
        open_kiosk(driver, url)
        return
    start = (
        "return Boolean(document.querySelector('.home .tile'))"
        " && document.getElementById('kiosk-root').className === 'kiosk'"
        " && document.querySelector('.lang-choice.current').dataset.lang"
        " === arguments[0]"
    )
    if driver.find_elements(By.CSS_SELECTOR, ".home"):
        # the page resets only what is not at its start: off the home screen
        nav(driver, "directory")
        wait_until(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".home"))
    settled(driver)
    leave_alone(driver, idle_reset_after(config_path) + 1)
    try:
        wait_until(driver, lambda d: d.execute_script(start, lang))
    finally:
        real_clock(driver)
    settled(driver)


def response_statuses(driver: WebDriver, path: str) -> list[int]:
    """HTTP statuses Chromium received for ``path`` since the last call (its
    performance log; the driver needs ``goog:loggingPrefs`` performance)."""
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived":
            response = message["params"]["response"]
            if response["url"].split("?")[0].endswith(path):
                found.append(response["status"])
    return found
