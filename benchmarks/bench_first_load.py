"""First load of the home screen, in real headless Chromium on loopback.

    .venv/bin/python -m benchmarks.bench_first_load [--runs 5]

Starts the kiosk (``run``, on a copy of the shipped config) and, for each run,
a fresh Chromium with an empty profile (nothing cached), then:

(a) opens the home screen and waits until its tiles show and the page has
    settled: bytes transferred (compressed, headers included: the DevTools
    protocol's ``encodedDataLength`` of every request the page made), the
    largest resources, whether plotly.js was among them, time until usable,
    and the total blocking time (long tasks from a ``PerformanceObserver``
    installed before the page's first script: the part of each task beyond
    50 ms, from first contentful paint until the page settled);
(b) then taps into the directory and opens a route: the time from the tap on
    a result until the 3D view is drawn, the bytes transferred by that step
    and its blocking time.

The service worker's own install (the "reconnecting" page and its two files,
fetched outside the page) is not counted. Prints a Markdown table (median of
the runs, and the range) for the README.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selenium.webdriver.common.by import By  # noqa: E402

from tests.conftest import copy_config  # noqa: E402
from tests.support.browser import chromium_driver  # noqa: E402
from tests.support.page import open_kiosk, settled, tap, wait_until  # noqa: E402
from tests.support.server import KioskServer  # noqa: E402

BUDGET_KB = 400
LONG_TASK_MS = 50

# Installed before any script of the page runs: long tasks and paints as they
# happen (a buffered observer would miss tasks from before it was created).
_OBSERVER = """
window.__kioskPerf = { tasks: [], fcp: null };
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      window.__kioskPerf.tasks.push([e.startTime, e.duration]);
    });
  }).observe({ type: "longtask" });
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      if (e.name === "first-contentful-paint") window.__kioskPerf.fcp = e.startTime;
    });
  }).observe({ type: "paint", buffered: true });
} catch (err) {}
"""


def _network(driver) -> list[dict]:
    """Requests finished since the last call: url, bytes on the wire, type."""
    urls: dict[str, str] = {}
    kinds: dict[str, str] = {}
    done: list[tuple[str, float]] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        method = message.get("method")
        if method == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif method == "Network.responseReceived":
            urls.setdefault(params["requestId"], params["response"]["url"])
            kinds[params["requestId"]] = params.get("type", "")
        elif method == "Network.loadingFinished":
            done.append((params["requestId"], params["encodedDataLength"]))
    found = [
        {"url": urls.get(rid, "?"), "bytes": size, "type": kinds.get(rid, "")}
        for rid, size in done
    ]
    # data: URIs (the sparklines) are part of the page, not requests
    return [r for r in found if not r["url"].startswith("data:")]


def _blocking(driver, since: float | None = None) -> dict:
    """Total blocking time (ms) from ``since`` (page time; FCP by default)."""
    perf = driver.execute_script("return window.__kioskPerf")
    start = perf["fcp"] if since is None else since
    tasks = [(s, d) for s, d in perf["tasks"] if s + d > (start or 0)]
    return {
        "tbt": sum(max(0.0, d - LONG_TASK_MS) for _, d in tasks),
        "longest": max((d for _, d in tasks), default=0.0),
        "fcp": perf["fcp"],
    }


def _short(url: str) -> str:
    path = url.split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1] or url


def one_run(url: str) -> dict:
    """One cold first load of the home screen, then a route opened."""
    driver = chromium_driver(1080, 1920)
    try:
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": _OBSERVER}
        )
        driver.get_log("performance")  # what the blank start page did
        started = time.perf_counter()
        open_kiosk(driver, url)
        wait_until(
            driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".tile-value"), 30
        )
        usable = time.perf_counter() - started
        settled(driver, 30)
        home = _network(driver)
        home_blocking = _blocking(driver)
        route_start = driver.execute_script("return performance.now()")
        tap(driver, 'button[id*=\'"target":"directory"\']')
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".result-button"))
        tapped = time.perf_counter()
        tap(driver, ".result-button")
        wait_until(
            driver,
            lambda d: d.find_elements(
                By.CSS_SELECTOR, ".route-graph .js-plotly-plot canvas"
            ),
            30,
        )
        drawn = time.perf_counter() - tapped
        settled(driver, 30)
        route = _network(driver)
        route_blocking = _blocking(driver, route_start)
    finally:
        driver.quit()
    return {
        "home_kb": sum(r["bytes"] for r in home) / 1024,
        "home_requests": len(home),
        "home_plotly": any("plotly" in r["url"] for r in home),
        "home_largest": sorted(home, key=lambda r: -r["bytes"])[:5],
        "usable_s": usable,
        "fcp_ms": home_blocking["fcp"],
        "home_tbt": home_blocking["tbt"],
        "home_longest": home_blocking["longest"],
        "route_s": drawn,
        "route_kb": sum(r["bytes"] for r in route) / 1024,
        "route_plotly_kb": sum(r["bytes"] for r in route if "plotly" in r["url"])
        / 1024,
        "route_tbt": route_blocking["tbt"],
        "route_longest": route_blocking["longest"],
    }


def _med(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _range(runs: list[dict], key: str, fmt: str) -> str:
    values = [r[key] for r in runs]
    return f"{format(min(values), fmt)}-{format(max(values), fmt)}"


def main(argv: list[str] | None = None) -> int:
    """Measure ``--runs`` cold loads and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="measure a kiosk already running here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-first-load-") as tmp:
        server = None
        url = args.url
        if url is None:
            folder = Path(tmp)
            # the shipped screen, with its attract loop, awake at any hour
            shipped = copy_config(
                folder, {"  always_on: false": "  always_on: true"}, resting=True
            )
            server = KioskServer(shipped, folder / "var").start()
            url = server.url
        try:
            one_run(url)  # the server's first page (imports, caches): not counted
            runs = [one_run(url) for _ in range(args.runs)]
        finally:
            if server is not None:
                server.stop()
    last = runs[-1]
    largest = ", ".join(
        f"{_short(r['url'])} {r['bytes'] / 1024:.0f} KB" for r in last["home_largest"]
    )
    n = len(runs)
    print(f"| what (median of {n} cold loads, range) | result | budget |")
    print("| --- | --- | --- |")
    print(
        f"| first load of the home screen: transferred (compressed) | "
        f"{_med(runs, 'home_kb'):.0f} KB ({_range(runs, 'home_kb', '.0f')}) in "
        f"{last['home_requests']} requests; plotly.js "
        f"{'loaded' if any(r['home_plotly'] for r in runs) else 'not loaded'}; "
        f"largest: {largest} | < {BUDGET_KB} KB |"
    )
    print(
        f"| first load of the home screen: usable (tiles shown) | "
        f"{_med(runs, 'usable_s'):.2f} s ({_range(runs, 'usable_s', '.2f')}); "
        f"first contentful paint {_med(runs, 'fcp_ms'):.0f} ms | < 1.5 s |"
    )
    print(
        f"| first load of the home screen: total blocking time (FCP to settled) | "
        f"{_med(runs, 'home_tbt'):.0f} ms ({_range(runs, 'home_tbt', '.0f')}); "
        f"longest task {_med(runs, 'home_longest'):.0f} ms | |"
    )
    print(
        f"| then directory -> a route: tap to 3D view drawn; transferred | "
        f"{_med(runs, 'route_s'):.2f} s ({_range(runs, 'route_s', '.2f')}); "
        f"{_med(runs, 'route_kb'):.0f} KB ({_range(runs, 'route_kb', '.0f')}), "
        f"of which plotly.js {_med(runs, 'route_plotly_kb'):.0f} KB; "
        f"total blocking time {_med(runs, 'route_tbt'):.0f} ms "
        f"({_range(runs, 'route_tbt', '.0f')}), longest task "
        f"{_med(runs, 'route_longest'):.0f} ms | |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
