"""The visitor's side: tap to route, memory over a day.

    .venv/bin/python -m benchmarks.bench_web [--taps 10000]

(a) tap -> route: the page callback for every destination from every kiosk
    (route, 3D figure, QR code, component tree) and its JSON, raw and gzipped.
(b) memory over a simulated day in one process: taps across every screen,
    feed refreshes and off-screen route renders, RSS before and after.

The first load in a browser is ``benchmarks.bench_first_load``.
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
from kiosk_app.pages import PageContext, render_page
from kiosk_app.settings import Settings
from kiosk_app.store import Store, open_store, prepare_store
from layouts import ids

REPO = Path(__file__).resolve().parent.parent
WARM_UP_TAPS = 1000


def _targets(site: Site) -> list[str]:
    assert site.directory is not None
    return [d.id for d in site.directory.departments] + [
        t.id for t in site.directory.teams
    ]


def _page_json(
    site: Site,
    store: Store,
    cache: Path,
    *,
    kiosk_id: str,
    lang: str,
    view: str,
    state: dict | None = None,
) -> bytes:
    ctx = PageContext.for_kiosk(
        site,
        store,
        kiosk_id,
        lang,
        now=dt.datetime.now(dt.UTC),
        route_cache=cache,
        base_url="http://kiosk/",
    )
    page = render_page(ctx, view, state)
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
                state={ids.ROUTE: {"target": target, "step_free": False}},
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
        state: dict = {}
        if kind == 0:
            view = "home"
        elif kind == 1:
            view = "briefing"
        elif kind in (2, 3):
            view = "directory"
            state[ids.DIR_STATE] = {"mode": "search", "query": rng.choice(keys)}
        else:
            view = "route"
            state[ids.ROUTE] = {"target": rng.choice(targets), "step_free": i % 2 == 0}
        _page_json(
            site,
            store,
            cache,
            kiosk_id=site.config.kiosks[i % 2].id,
            lang="en" if i % 7 == 0 else "ko",
            view=view,
            state=state,
        )

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
    """Run the two measurements and print a Markdown table."""
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
        # the Store the config points at (KIOSK_DB_URL: PostgreSQL), as a server
        settings = Settings(folder / "config.yaml", folder / "var")
        store = open_store(settings, site.config)
        prepare_store(store)
        cache = folder / "var" / "routes"
        route = bench_tap_to_route(site, store, cache)
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
