"""Screenshots of the kiosk at its two resolutions, for a person to look at.

    .venv/bin/python scripts/screenshots.py [URL] [OUT_DIR]

Takes portrait (1080x1920) and landscape (1920x1080) PNGs of the home screen
and of each screen reachable from it, in Korean and in English.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selenium.webdriver.common.by import By  # noqa: E402

from tests.support.browser import chromium_driver  # noqa: E402

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def _click(driver, css: str) -> None:
    driver.find_element(By.CSS_SELECTOR, css).click()
    time.sleep(1.0)


def shoot(url: str, out: Path) -> list[Path]:
    """Save screenshots of the main screens; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, (width, height) in SIZES.items():
        driver = chromium_driver(width, height)
        try:
            driver.get(url)
            time.sleep(2.5)
            for lang in ("ko", "en"):
                # hold the first page of tiles (pages rotate by the wall clock)
                driver.execute_script(
                    "document.querySelectorAll('.tile-grid').forEach("
                    "g => g.setAttribute('data-page-seconds', '1e12'))"
                )
                time.sleep(1.2)
                path = out / f"{name}-home-{lang}.png"
                driver.save_screenshot(str(path))
                saved.append(path)
                for target in ("directory", "briefing"):
                    _click(driver, f'button[id*=\'"target":"{target}"\']')
                    path = out / f"{name}-{target}-{lang}.png"
                    driver.save_screenshot(str(path))
                    saved.append(path)
                    _click(driver, 'button[id*=\'"target":"home"\']')
                _click(driver, "#kiosk-lang-toggle")
        finally:
            driver.quit()
    return saved


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8050/"
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    for png in shoot(target, folder):
        print(png)
