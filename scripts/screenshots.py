"""Screenshots of the kiosk at its two resolutions, for a person to look at.

    .venv/bin/python scripts/screenshots.py [URL] [OUT_DIR]

Takes portrait (1080x1920) and landscape (1920x1080) PNGs of the home screen
and of each screen reachable from it, in Korean and in English, and of the
"reconnecting" page a reload shows while the server is away.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.browser import chromium_driver  # noqa: E402
from tests.support.page import open_kiosk, settled, tap  # noqa: E402

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


LANGUAGES = ("ko", "en", "zh", "vi")


def _click(driver, css: str) -> None:
    tap(driver, css)
    settled(driver)


def _save(driver, out: Path, name: str, saved: list[Path]) -> None:
    path = out / f"{name}.png"
    driver.save_screenshot(str(path))
    saved.append(path)


def shoot(url: str, out: Path) -> list[Path]:
    """Save screenshots of the main screens; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for name, (width, height) in SIZES.items():
        driver = chromium_driver(width, height)
        try:
            open_kiosk(driver, url)
            for lang in LANGUAGES:
                _click(driver, f".lang-choice[data-lang='{lang}']")
                # hold the first page of tiles (pages rotate by the wall clock)
                driver.execute_script(
                    "document.querySelectorAll('.tile-grid').forEach("
                    "g => g.setAttribute('data-page-seconds', '1e12'))"
                )
                settled(driver)
                _save(driver, out, f"{name}-home-{lang}", saved)
                _click(driver, 'button[id*=\'"target":"directory"\']')
                _save(driver, out, f"{name}-directory-{lang}", saved)
                _click(driver, 'button[id*=\'"value":"search"\']')
                key = {"ko": "ㅇ", "en": "P", "vi": "H"}.get(lang)
                if key:  # Chinese has no letter pad: its tab lists every department
                    _click(driver, f'button[id*=\'"value":"{key}"\']')
                _save(driver, out, f"{name}-search-{lang}", saved)
                _click(driver, "button[id*='kiosk-dir-go']")
                _save(driver, out, f"{name}-route-{lang}", saved)
                _click(driver, "button[id*='kiosk-step-free']")
                _save(driver, out, f"{name}-route-stepfree-{lang}", saved)
                _click(driver, 'button[id*=\'"target":"home"\']')
                _click(driver, 'button[id*=\'"target":"briefing"\']')
                _save(driver, out, f"{name}-briefing-{lang}", saved)
                _click(driver, 'button[id*=\'"target":"home"\']')
            driver.get(urljoin(url, "/offline.html"))
            _save(driver, out, f"{name}-reconnecting", saved)
        finally:
            driver.quit()
    return saved


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8050/"
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    for png in shoot(target, folder):
        print(png)
