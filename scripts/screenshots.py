"""Screenshots of the kiosk at its two resolutions, for a person to look at.

    .venv/bin/python scripts/screenshots.py [URL] [OUT] [--modes] [--languages ko,en]
    .venv/bin/python scripts/screenshots.py [URL] [OUT] --state attract|asleep

Takes portrait (1080x1920) and landscape (1920x1080) PNGs of the home screen
and of each screen reachable from it, in every language, and of the
"reconnecting" page a reload shows while the server is away. With --modes,
the same screens once in each of the visitor's modes (text 150 % and 200 %,
high contrast, lower screen, voice guidance, pause), named after the mode.
With --state, an unattended screen instead: each slide of the attract loop
(the page's clock moved past its idle time and from slide to slide), or the
sleeping screen's dim clock (the page's clock at 22:00 in the site's zone).
A screen asleep when the shots start is woken by a tap first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.browser import chromium_driver  # noqa: E402
from tests.support.page import (  # noqa: E402
    open_kiosk,
    settled,
    tap,
    wait_until,
)

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


LANGUAGES = ("ko", "en", "zh", "vi")
MODES = {
    "text150": {"text": 150},
    "text200": {"text": 200},
    "contrast": {"contrast": True},
    "low": {"low": True},
    "voice": {"voice": True},
    "paused": {"paused": True},
}


def _click(driver, css: str) -> None:
    tap(driver, css)
    settled(driver)


def _save(driver, out: Path, name: str, saved: list[Path]) -> None:
    path = out / f"{name}.png"
    driver.save_screenshot(str(path))
    saved.append(path)


def _resting(driver) -> str | None:
    return driver.execute_script(
        "return document.getElementById('kiosk-root').getAttribute('data-idle')"
    )


def _wake(driver) -> None:
    """A sleeping screen woken by a tap, as a visitor would."""
    if driver.execute_script("return !document.getElementById('kiosk-sleep').hidden"):
        tap(driver, "#kiosk-sleep")
        wait_until(driver, lambda d: _resting(d) is None)
        settled(driver)


def _came_in(driver, css: str) -> None:
    """Wait until the element has finished coming in (opacity 1, not moving)."""
    wait_until(
        driver,
        lambda d: d.execute_script(
            "const e = document.querySelector(arguments[0]);"
            "const s = e && getComputedStyle(e);"
            "return Boolean(s) && s.opacity === '1' && s.transform === 'none';",
            css,
        ),
    )


def _hold_clock(driver, seconds: float) -> None:
    """The page's clock stopped, ``seconds`` further on than it was."""
    driver.execute_script(
        "window.shotNow = (window.shotNow || Date.now()) + arguments[0];"
        "Date.now = () => window.shotNow;",
        seconds * 1000,
    )


def _slide_index(driver) -> int:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-attract-slide]'))"
        ".findIndex(s => s.classList.contains('active'))"
    )


def shoot_state(url: str, out: Path, state: str) -> list[Path]:
    """Screenshots of an unattended screen: "attract" (each slide) or
    "asleep" (the dim clock)."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for size, (width, height) in SIZES.items():
        driver = chromium_driver(width, height)
        try:
            open_kiosk(driver, url)
            _wake(driver)
            if state == "asleep":
                zone = driver.execute_script(
                    "return document.querySelector('.kiosk-clock').dataset.tz"
                )
                night = dt.datetime.now(ZoneInfo(zone)).replace(
                    hour=22, minute=0, second=0
                )
                driver.execute_script(
                    "const at = arguments[0]; Date.now = () => at;",
                    night.timestamp() * 1000,
                )
                wait_until(driver, lambda d: _resting(d) == "asleep")
                _save(driver, out, f"{size}-asleep", saved)
                continue
            # the page's clock stopped an hour on, then moved slide by slide
            _hold_clock(driver, 3600)
            wait_until(driver, lambda d: _resting(d) == "attract", 30)
            seconds = float(
                driver.find_element("id", "kiosk-attract").get_attribute(
                    "data-slide-seconds"
                )
            )
            count = len(driver.find_elements("css selector", "[data-attract-slide]"))
            for n in range(count):
                if n:
                    _hold_clock(driver, seconds)
                wait_until(driver, lambda d, n=n: _slide_index(d) == n)
                _came_in(driver, ".attract-slide.active")
                kind = driver.execute_script(
                    "return document.querySelector('.attract-slide.active')"
                    ".dataset.attractSlide"
                )
                _save(driver, out, f"{size}-attract-{n + 1}-{kind}", saved)
        finally:
            driver.quit()
    return saved


def _set_mode(driver, access: dict) -> None:
    driver.execute_script(
        "window.dash_clientside.set_props('kiosk-access', {data: arguments[0]})",
        access,
    )
    settled(driver)


def shoot(
    url: str,
    out: Path,
    languages: tuple[str, ...] = LANGUAGES,
    mode: str | None = None,
) -> list[Path]:
    """Save screenshots of the main screens; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for size, (width, height) in SIZES.items():
        name = f"{size}-{mode}" if mode else size
        driver = chromium_driver(width, height)
        try:
            open_kiosk(driver, url)
            _wake(driver)
            if mode:
                _set_mode(driver, MODES[mode])
            for lang in languages:
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
            if not mode:
                driver.get(urljoin(url, "/offline.html"))
                _save(driver, out, f"{name}-reconnecting", saved)
        finally:
            driver.quit()
    return saved


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots asked for and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8050/")
    parser.add_argument("out", nargs="?", default="screenshots")
    parser.add_argument("--modes", action="store_true", help="each mode too")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument(
        "--state", choices=["attract", "asleep"], help="an unattended screen"
    )
    args = parser.parse_args(argv)
    languages = tuple(args.languages.split(","))
    folder = Path(args.out)
    if args.state:
        for png in shoot_state(args.url, folder, args.state):
            print(png)
        return 0
    for mode in [None, *MODES] if args.modes else [None]:
        for png in shoot(args.url, folder, languages, mode):
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
