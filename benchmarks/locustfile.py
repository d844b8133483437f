"""Lobby screens for locust: each simulated user is one screen asking what the
page asks (assets/kiosk.js). Run by ``benchmarks/bench_load.py``, which starts
the servers; by hand: ``locust -f benchmarks/locustfile.py --host URL
--kiosks main-lobby,annex-lobby --tile-seconds 15``.

A screen first loads the page and its layout, then, each on its own clock:
- the beat (``GET /_kiosk/beat``, the reconnect ping and config poll) every
  5 s with jitter, backing off to 2, 4, 6 s after a failure; two failures in
  a row would show "reconnecting" (counted as ``offline``), a beat naming
  another server start would reload the page (counted as ``reload``);
- the heartbeat (``POST /_kiosk/heartbeat``, the fleet status) every
  ``every`` seconds the server answers (30 by default);
- the tiles (the tile grid's callback) every ``--tile-seconds``;
- a visitor about once a minute: the directory, then a route.
"""

from __future__ import annotations

import json
import random
import secrets
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.dash_requests import TILES, page_body  # noqa: E402

BEAT_SECONDS = 5.0
RETRY_SECONDS = (2.0, 4.0, 6.0)
HEARTBEAT_SECONDS = 30.0
TAP_EVERY_SECONDS = 60.0
TARGETS = ("passport-team", "contracts-team", "vehicle-tax-team", "audit")


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--kiosks", default="main-lobby", help="kiosk ids, by commas")
    parser.add_argument("--tile-seconds", type=float, default=15.0)


@events.test_start.add_listener
def _counters(environment, **_kwargs) -> None:
    environment.screen_counts = {"offline": 0, "reload": 0}


class Screen(FastHttpUser):
    """One lobby screen."""

    wait_time = constant(0)  # the task keeps the screen's own clocks

    def on_start(self) -> None:
        options = self.environment.parsed_options
        kiosks = options.kiosks.split(",")
        self.rng = random.Random()
        self.kiosk = self.rng.choice(kiosks)
        self.tile_seconds = options.tile_seconds
        self.instance = secrets.token_urlsafe(12)
        self.started = time.monotonic()
        self.boot: str | None = None
        self.version = ""
        self.failures = 0
        gevent.sleep(self.rng.uniform(0, BEAT_SECONDS))  # screens start apart
        self.client.get(f"/?kiosk={self.kiosk}", name="page")
        self.client.get(f"/_dash-layout?kiosk={self.kiosk}", name="page")
        now = time.monotonic()
        self.due = {
            "beat": now + self.jittered(BEAT_SECONDS),
            "heartbeat": now + 1.5,
            "tiles": now + self.tile_seconds,
            "tap": now + self.rng.uniform(0, TAP_EVERY_SECONDS),
        }
        self.heartbeat_every = HEARTBEAT_SECONDS

    def jittered(self, seconds: float) -> float:
        return seconds * self.rng.uniform(0.8, 1.2)

    def count(self, what: str) -> None:
        self.environment.screen_counts[what] += 1

    @task
    def next_due(self) -> None:
        kind = min(self.due, key=self.due.__getitem__)
        gevent.sleep(max(self.due[kind] - time.monotonic(), 0))
        getattr(self, kind.replace("-", "_"))()

    def beat(self) -> None:
        wait = BEAT_SECONDS
        with self.client.get(
            "/_kiosk/beat", name="beat", catch_response=True
        ) as answer:
            if answer.status_code == 200:
                beat = json.loads(answer.content)
                if self.boot is not None and beat["boot"] != self.boot:
                    self.count("reload")
                self.boot, self.version = beat["boot"], beat["config"]
                self.failures = 0
            else:
                answer.failure(f"HTTP {answer.status_code}")
                self.failures += 1
                if self.failures == 2:
                    self.count("offline")
                wait = RETRY_SECONDS[min(self.failures, len(RETRY_SECONDS)) - 1]
        self.due["beat"] = time.monotonic() + self.jittered(wait)

    def heartbeat(self) -> None:
        body = {
            "kiosk": self.kiosk,
            "instance": self.instance,
            "screen": "home",
            "language": "ko",
            "modes": [],
            "config": self.version or None,
            "uptime": round(time.monotonic() - self.started),
            "heap": 30_000_000,
            "error": None,
            "done": [],
        }
        with self.client.post(
            "/_kiosk/heartbeat", json=body, name="heartbeat", catch_response=True
        ) as answer:
            if answer.status_code == 200:
                every = json.loads(answer.content).get("every")
                if isinstance(every, int | float) and every >= 1:
                    self.heartbeat_every = float(every)
            else:
                answer.failure(f"HTTP {answer.status_code}")
        jitter = self.rng.uniform(0.85, 0.95)
        self.due["heartbeat"] = time.monotonic() + self.heartbeat_every * jitter

    def tiles(self) -> None:
        self.client.post("/_dash-update-component", json=TILES, name="tiles")
        self.due["tiles"] = time.monotonic() + self.tile_seconds

    def tap(self) -> None:
        self.client.post(
            "/_dash-update-component",
            json=page_body("directory", kiosk=self.kiosk, version=self.version),
            name="tap: directory",
        )
        route = {"target": self.rng.choice(TARGETS), "step_free": False}
        self.client.post(
            "/_dash-update-component",
            json=page_body(
                "route", route=route, kiosk=self.kiosk, version=self.version
            ),
            name="tap: route",
        )
        self.due["tap"] = time.monotonic() + self.jittered(TAP_EVERY_SECONDS)


@events.quitting.add_listener
def _report_counters(environment, **_kwargs) -> None:
    counts = getattr(environment, "screen_counts", {})
    # read by bench_load.py from the output
    print("SCREEN-COUNTS " + json.dumps(counts), flush=True)
