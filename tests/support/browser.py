"""Headless Debian Chromium driven by Selenium and Debian's chromedriver."""

from __future__ import annotations

import os
import shutil
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.support.page import set_viewport

CHROMIUM = os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KIOSK_CHROMEDRIVER", "/usr/bin/chromedriver")


def chromium_driver(
    width: int = 1080, height: int = 1920, extra_flags: tuple[str, ...] = ()
) -> webdriver.Chrome:
    """A fresh headless Chromium with an empty profile and no outside traffic
    (``extra_flags``: more command-line flags, e.g. the kiosk launcher's
    ``--autoplay-policy=no-user-gesture-required``)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
        *extra_flags,
    ):
        options.add_argument(flag)
    options.set_capability(
        "goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # the viewport itself, not the window, is the kiosk's screen
    set_viewport(driver, width, height)
    original_quit = driver.quit

    def quit_and_clean() -> None:
        try:
            original_quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean  # type: ignore[method-assign]
    return driver
