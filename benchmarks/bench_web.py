"""The visitor's side: tap to route, first page load, memory over a day.

    .venv/bin/python -m benchmarks.bench_web [--taps 10000]

(a) tap -> route: the page callback for every destination from every kiosk
    (route, 3D figure, QR code, component tree) and its JSON, raw and gzipped.
(b) first load of the kiosk page and of the route screen in headless Chromium
    on loopback: bytes transferred (compressed) and time until usable.
(c) memory over a simulated day in one process: taps across every screen,
    feed refreshes and off-screen route renders, RSS before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plotly
import psutil

from building_model.render import RouteRenderer, destination_rooms
from data_feeds.runner import FeedRunner
from kiosk_app.config.site import Site, load_site
from kiosk_app.pages import render_page
from kiosk_app.store import Store

REPO = Path(__file__).resolve().parent.parent
WARM_UP_TAPS = 1000


def _targets(site: Site) -> list[str]:
    assert site.directory is not None
    return [d.id for d in site.directory.departments] + [
        t.id for t in site.directory.teams
    ]


def _page_json(site: Site, store: Store, cache: Path, **state) -> bytes:
    page = render_page(
        site,
        store,
        route_cache=cache,
        base_url="http://kiosk/",
        now=dt.datetime.now(dt.UTC),
        **state,
    )
    return json.dumps(page, cls=plotly.utils.PlotlyJSONEncoder).encode()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def bench_tap_to_route(site: Site, store: Store, cache: Path) -> dict:
    """Callback time and response size for every destination from every kiosk."""
    times, raw, zipped = [], [], []
    for kiosk in site.config.kiosks:
        for target in _targets(site):
            started = time.perf_counter()
            body = _page_json(
                site,
                store,
                cache,
                kiosk_id=kiosk.id,
                view="route",
                lang="ko",
                directory_state=None,
                route={"target": target, "step_free": False},
            )
            times.append((time.perf_counter() - started) * 1000)
            raw.append(len(body) / 1024)
            zipped.append(len(gzip.compress(body)) / 1024)
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": _pct(times, 0.95),
        "raw": max(raw),
        "gzip": max(zipped),
    }


def bench_first_load(config: Path, data_dir: Path) -> dict:
    """Bytes and time of the first load in headless Chromium (loopback)."""
    sys.path.insert(0, str(REPO))
    from selenium.webdriver.common.by import By

    from tests.support.browser import chromium_driver
    from tests.support.page import open_kiosk, wait_until
    from tests.support.server import KioskServer

    server = KioskServer(config, data_dir).start()
    driver = chromium_driver(1080, 1920)
    transferred = (
        "return performance.getEntries().filter(e => 'transferSize' in e)"
        ".reduce((sum, e) => sum + e.transferSize, 0)"
    )
    try:
        started = time.perf_counter()
        open_kiosk(driver, server.url)
        wait_until(
            driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".tile-value"), 30
        )
        usable = time.perf_counter() - started
        home = driver.execute_script(transferred)
        driver.find_element(By.CSS_SELECTOR, "button[id*='directory']").click()
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".result-button"))
        driver.find_element(By.CSS_SELECTOR, ".result-button").click()
        wait_until(
            driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"), 30
        )
        route = driver.execute_script(transferred)
    finally:
        driver.quit()
        server.stop()
    return {"home_kb": home / 1024, "usable_s": usable, "route_kb": route / 1024}


def bench_day(site: Site, store: Store, cache: Path, taps: int) -> dict:
    """RSS growth over a simulated day of taps, refreshes and renders."""
    assert site.directory is not None and site.building is not None
    process = psutil.Process()
    rng = random.Random(7)
    targets = _targets(site)
    runner = FeedRunner(store)
    renderer = RouteRenderer(cache, size=(480, 320))
    rooms = destination_rooms(site.directory)
    keys = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
    start = dt.datetime.now(dt.UTC)

    def tap(i: int) -> None:
        kind = i % 5
        state: dict = {
            "kiosk_id": site.config.kiosks[i % 2].id,
            "lang": "en" if i % 7 == 0 else "ko",
            "directory_state": None,
            "route": None,
        }
        if kind == 0:
            state["view"] = "home"
        elif kind == 1:
            state["view"] = "briefing"
        elif kind in (2, 3):
            state["view"] = "directory"
            state["directory_state"] = {"mode": "search", "query": rng.choice(keys)}
        else:
            state["view"] = "route"
            state["route"] = {"target": rng.choice(targets), "step_free": i % 2 == 0}
        _page_json(site, store, cache, **state)

    every_refresh = max(taps // 1000, 1)
    every_render = max(taps // 20, 1)
    kiosk = site.config.kiosks[0].id

    def render(n: int) -> None:
        renderer.render_steps(
            site.building,
            site.building_hash,
            site.directory,
            kiosk,
            site.kiosk_position(kiosk),
            rooms[n % len(rooms)],
            n % 2 == 1,
            day=site.today(),
        )

    try:
        # the kiosk's first hour, not measured: imports, the first OpenGL context
        # (a one-off ~200 MB), caches filling (QR codes, fonts, plotly validators)
        for i in range(WARM_UP_TAPS):
            tap(i)
            if i % 50 == 0:
                runner.refresh(
                    site.config.feeds, start - dt.timedelta(minutes=60 - i // 50)
                )
            if i % 200 == 0:
                render(len(rooms) + i // 200)
        gc.collect()
        before = process.memory_info().rss
        began = time.perf_counter()
        midday = before
        for i in range(taps):
            if i == taps // 2:
                gc.collect()
                midday = process.memory_info().rss
            tap(i)
            if i % every_refresh == 0:
                runner.refresh(
                    site.config.feeds,
                    start + dt.timedelta(minutes=1 + i // every_refresh),
                )
            if i % every_render == 0:
                render(i // every_render)
        seconds = time.perf_counter() - began
        gc.collect()
        after = process.memory_info().rss
    finally:
        runner.close()
    return {
        "taps": taps,
        "refreshes": taps // every_refresh,
        "routes_rendered": taps // every_render,
        "renders": renderer.renders,
        "growth_mb": (after - before) / 2**20,
        "afternoon_mb": (after - midday) / 2**20,
        "rss_mb": after / 2**20,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the three measurements and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--taps", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        folder = Path(tmp)
        for name in ("config.yaml", "building.yaml", "directory.yaml"):
            (folder / name).write_text(
                (REPO / name).read_text(encoding="utf-8"), encoding="utf-8"
            )
        site = load_site(folder / "config.yaml")
        store = Store.in_data_dir(folder / "var")
        store.create()
        cache = folder / "var" / "routes"
        route = bench_tap_to_route(site, store, cache)
        load = bench_first_load(folder / "config.yaml", folder / "web")
        day = bench_day(site, store, cache, args.taps)
    print("| what | result | budget |")
    print("| --- | --- | --- |")
    print(
        f"| tap -> route callback ({route['n']} destinations x kiosks: route, figure, "
        f"QR, page JSON) | p50 {route['p50']:.1f} ms, p95 {route['p95']:.1f} ms; "
        f"largest response {route['raw']:.0f} KB raw, {route['gzip']:.0f} KB gzipped "
        "| p95 < 100 ms; < 150 KB gzipped |"
    )
    print(
        f"| first load of the kiosk page (headless Chromium, loopback) | "
        f"{load['home_kb']:.0f} KB transferred, usable in {load['usable_s']:.2f} s; "
        f"after opening a route (3D view) {load['route_kb']:.0f} KB in all "
        "| < 1.0 MB; usable < 1.5 s |"
    )
    print(
        f"| a simulated day after a first hour of {WARM_UP_TAPS:,} taps "
        f"({day['taps']:,} taps, {day['refreshes']:,} feed "
        f"refreshes, {day['routes_rendered']} routes rendered off-screen, "
        f"{day['renders']} PNGs) | RSS growth "
        f"{day['growth_mb']:+.1f} MB over the day, {day['afternoon_mb']:+.1f} MB over "
        f"its second half (RSS {day['rss_mb']:.0f} MB), "
        f"{day['seconds']:.0f} s | < 20 MB |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
