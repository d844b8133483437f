"""Voice guidance: preparing every clip, and a key press until its clip plays.

    .venv/bin/python -m benchmarks.bench_voice [--presses 40]

(a) Prepares every clip of the shipped config (every kiosk, every language:
    each screen's controls, headings, live regions and fixed words, every
    directory entry) as the scheduler does, with espeak-ng: time, count and
    disk per language.
(b) Starts the kiosk on those clips and, in headless Chromium, turns voice
    guidance on and moves the focus with the keypad's "next" key: the time from
    the key's handler to the clip's ``playing`` event (window.kioskVoice.timings),
    for presses whose clip was prepared. Budget: 150 ms (DESIGN.md).
Prints Markdown tables for the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from kiosk_app.config.reload import ConfigHolder  # noqa: E402
from kiosk_app.store import Store, prepare_store  # noqa: E402
from kiosk_app.voice import ClipStore  # noqa: E402
from kiosk_app.voice.job import VoiceJob  # noqa: E402
from tests.conftest import copy_config  # noqa: E402
from tests.support.browser import chromium_driver  # noqa: E402
from tests.support.page import open_kiosk, settled, wait_until  # noqa: E402
from tests.support.server import KioskServer  # noqa: E402

BUDGET_MS = 150


def prepare(folder: Path) -> dict:
    """Make every clip; time, and count and size per language."""
    holder = ConfigHolder(copy_config(folder), folder / "var")
    store = Store.in_data_dir(folder / "var")
    prepare_store(store)
    clips = ClipStore(folder / "var")
    started = time.monotonic()
    made = VoiceJob(holder, store, clips, folder / "routes").prepare_all()
    seconds = time.monotonic() - started
    languages = {}
    for lang in holder.current().site.languages:
        files = list((clips.root / lang).glob("*.mp3"))
        languages[lang] = (len(files), sum(f.stat().st_size for f in files))
    return {"made": made, "seconds": seconds, "languages": languages}


def presses(folder: Path, count: int) -> list[float]:
    """Milliseconds from key to clip, for presses whose clip was prepared."""
    server = KioskServer(folder / "config.yaml", folder / "var").start()
    driver = chromium_driver()
    try:
        open_kiosk(driver, server.url)
        ActionChains(driver).send_keys(Keys.DIVIDE).perform()
        wait_until(
            driver, lambda d: d.execute_script("return kioskVoice.played.length")
        )
        settled(driver)
        found: list[float] = []
        for _ in range(count):
            before = driver.execute_script("return kioskVoice.timings.length")
            ActionChains(driver).send_keys(Keys.NUMPAD6).perform()
            wait_until(
                driver,
                lambda d, n=before: (
                    d.execute_script("return kioskVoice.timings.length") > n
                ),
            )
            last = driver.execute_script(
                "return kioskVoice.log[kioskVoice.log.length-1]"
            )
            if last["clip"]:
                found.append(driver.execute_script("return kioskVoice.timings.at(-1)"))
        return found
    finally:
        driver.quit()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """Prepare, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        folder = Path(tmp)
        made = prepare(folder)
        timings = presses(folder, args.presses)
    total = sum(size for _, size in made["languages"].values())
    print(f"Measured {dt.date.today()}; espeak-ng, MP3 48 kbit/s.\n")
    print("| clips prepared (every kiosk and screen) | count | disk |")
    print("| --- | --- | --- |")
    for lang, (count, size) in made["languages"].items():
        print(f"| {lang} | {count} | {size / 1e6:.1f} MB |")
    each = made["seconds"] / max(made["made"], 1) * 1000
    print(
        f"| all, in {made['seconds']:.0f} s ({each:.0f} ms a clip) "
        f"| {made['made']} | {total / 1e6:.1f} MB |"
    )
    print()
    print("| key press → its clip playing (prepared clips) | result | budget |")
    print("| --- | --- | --- |")
    if timings:
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"| p50 of {len(timings)} presses | {statistics.median(timings):.0f} ms | |"
        )
        print(f"| p95 | {p95:.0f} ms | ≤ {BUDGET_MS} ms |")
        print(f"| max | {max(timings):.0f} ms | |")
    else:
        print("| no prepared clip was played | – | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
