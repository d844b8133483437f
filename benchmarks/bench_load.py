"""Many screens on one server: ``python -m benchmarks.bench_load [--screens 50 200]``.

Starts the production shape (``web`` with 2 gunicorn workers, and the
``scheduler``) on a copy of the shipped config, then simulates lobby screens
that ask what the page asks (assets/kiosk.js): the beat every 5 s with jitter
(backing off to 2, 4, 6 s after a failure), the tiles every
``tile_refresh_seconds``, and now and then a visitor's taps (the directory,
then a route). Each screen first loads the page and its layout.

Prints, per number of screens: requests per second per screen, latency
percentiles per kind of request, errors (an HTTP error or no answer within the
page's own timeout), the times a screen would have shown "reconnecting" (two
beats in a row failed) and the reloads a screen would have done (the beat
naming another server start: never expected here).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.dash_requests import TILES, page_body  # noqa: E402

BEAT_SECONDS = 5.0
BEAT_TIMEOUT = 10.0
RETRY_SECONDS = (2.0, 4.0, 6.0)
CALLBACK_TIMEOUT = 30.0
TAP_EVERY_SECONDS = 60.0  # a visitor at each screen about once a minute
TARGETS = ("passport-team", "contracts-team", "vehicle-tax-team", "audit")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Results:
    """Latencies and failures from every screen (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.requests = 0
        self.offline = 0
        self.reloads = 0

    def add(self, kind: str, seconds: float | None) -> None:
        with self.lock:
            self.requests += 1
            if seconds is None:
                self.errors[kind] += 1
            else:
                self.latency[kind].append(seconds * 1000)


class Screen(threading.Thread):
    """One lobby screen, asking what the page asks, until ``stop`` is set."""

    def __init__(
        self,
        port: int,
        kiosk: str,
        tile_seconds: float,
        results: Results,
        stop: threading.Event,
        seed: int,
    ):
        super().__init__(daemon=True)
        self.port = port
        self.kiosk = kiosk
        self.tile_seconds = tile_seconds
        self.results = results
        self.stop = stop
        self.rng = random.Random(seed)
        self.conn: http.client.HTTPConnection | None = None
        self.boot: str | None = None
        self.version = ""

    def _send(
        self, method: str, path: str, data: bytes | None, timeout: float
    ) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        headers = {"Content-Type": "application/json"} if data else {}
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def request(
        self, kind: str, method: str, path: str, body: dict | None, timeout: float
    ) -> bytes | None:
        data = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        try:
            reused = self.conn is not None
            try:
                status, payload = self._send(method, path, data, timeout)
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
            ):
                if not reused:
                    raise
                # the server closed an idle kept-alive connection: a browser
                # silently asks again on a new one, and so do we
                self.conn = None
                status, payload = self._send(method, path, data, timeout)
            if status != 200:
                raise OSError(f"HTTP {status}")
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.results.add(kind, None)
            return None
        self.results.add(kind, time.perf_counter() - started)
        return payload

    def jittered(self, seconds: float) -> float:
        return seconds * self.rng.uniform(0.8, 1.2)

    def run(self) -> None:
        self.stop.wait(self.rng.uniform(0, BEAT_SECONDS))  # screens start apart
        self.request("page", "GET", f"/?kiosk={self.kiosk}", None, CALLBACK_TIMEOUT)
        self.request(
            "page", "GET", f"/_dash-layout?kiosk={self.kiosk}", None, CALLBACK_TIMEOUT
        )
        now = time.monotonic()
        due = {
            "beat": now + self.jittered(BEAT_SECONDS),
            "tiles": now + self.tile_seconds,
            "tap": now + self.rng.uniform(0, TAP_EVERY_SECONDS),
        }
        failures = 0
        while not self.stop.is_set():
            kind = min(due, key=due.__getitem__)
            if self.stop.wait(max(due[kind] - time.monotonic(), 0)):
                return
            if kind == "beat":
                answer = self.request("beat", "GET", "/_kiosk/beat", None, BEAT_TIMEOUT)
                if answer is None:
                    failures += 1
                    if failures == 2:
                        with self.results.lock:
                            self.results.offline += 1
                    wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1]
                else:
                    failures = 0
                    beat = json.loads(answer)
                    if self.boot is not None and beat["boot"] != self.boot:
                        with self.results.lock:
                            self.results.reloads += 1
                    self.boot, self.version = beat["boot"], beat["config"]
                    wait = BEAT_SECONDS
                due["beat"] = time.monotonic() + self.jittered(wait)
            elif kind == "tiles":
                self.request(
                    "tiles", "POST", "/_dash-update-component", TILES, CALLBACK_TIMEOUT
                )
                due["tiles"] = time.monotonic() + self.tile_seconds
            else:
                self.request(
                    "tap: directory",
                    "POST",
                    "/_dash-update-component",
                    page_body("directory", kiosk=self.kiosk, version=self.version),
                    CALLBACK_TIMEOUT,
                )
                route = {"target": self.rng.choice(TARGETS), "step_free": False}
                body = page_body(
                    "route", route=route, kiosk=self.kiosk, version=self.version
                )
                self.request(
                    "tap: route",
                    "POST",
                    "/_dash-update-component",
                    body,
                    CALLBACK_TIMEOUT,
                )
                due["tap"] = time.monotonic() + self.jittered(TAP_EVERY_SECONDS)


def start(command: list[str], log: Path) -> subprocess.Popen:
    """A kiosk process, its output in ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kiosk_app", *command],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(url: str, seconds: float = 90) -> None:
    """Wait until ``url`` answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def run_level(
    port: int, screens: int, seconds: float, tile_seconds: float, kiosks: list[str]
) -> Results:
    """Simulate ``screens`` screens for ``seconds``."""
    results = Results()
    stop = threading.Event()
    threads = [
        Screen(port, kiosks[i % len(kiosks)], tile_seconds, results, stop, seed=i)
        for i in range(screens)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=CALLBACK_TIMEOUT + 5)
    return results


def report(screens: int, seconds: float, results: Results) -> str:
    """One Markdown row per kind of request."""
    rate = results.requests / seconds / screens
    rows = []
    for kind in ("beat", "tiles", "tap: directory", "tap: route", "page"):
        times = results.latency.get(kind, [])
        errors = results.errors.get(kind, 0)
        rows.append(
            f"| {screens} | {kind} | {len(times) + errors} | "
            f"{pct(times, 0.5):.0f} / {pct(times, 0.95):.0f} / {pct(times, 0.99):.0f}"
            f" | {errors} |"
        )
    rows.append(
        f"| {screens} | all | {results.requests} ({rate:.2f} per screen per s) | "
        f"reconnecting shown {results.offline} times, reloads {results.reloads} | "
        f"{sum(results.errors.values())} |"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Run each level and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screens", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-load-"))
    try:
        for name in ("building.yaml", "directory.yaml"):
            shutil.copy(REPO / name, folder / name)
        text = (REPO / "config.yaml").read_text(encoding="utf-8")
        (folder / "config.yaml").write_text(
            text.replace("prerender: true", "prerender: false"), encoding="utf-8"
        )
        port = free_port()
        common = [
            "--config",
            str(folder / "config.yaml"),
            "--data-dir",
            str(folder / "var"),
        ]
        web = start(
            ["web", "--workers", str(args.workers), "--port", str(port), *common],
            folder / "web.log",
        )
        scheduler = start(["scheduler", *common], folder / "scheduler.log")
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            time.sleep(10)  # the first feed refresh and its history
            from kiosk_app.config.site import load_site

            config = load_site(folder / "config.yaml").config
            kiosks = [k.id for k in config.kiosks]
            tile_seconds = float(config.screen.tile_refresh_seconds)
            print(
                f"web: {args.workers} gunicorn workers x 4 threads, "
                f"{os.cpu_count()} cores shared with the simulated screens; "
                f"{args.seconds:g} s per level\n"
            )
            print("| screens | request | count | ms p50 / p95 / p99 | errors |")
            print("| --- | --- | --- | --- | --- |")
            for screens in args.screens:
                results = run_level(port, screens, args.seconds, tile_seconds, kiosks)
                print(report(screens, args.seconds, results), flush=True)
        finally:
            for process in (web, scheduler):
                process.terminate()
                process.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
