"""The fleet: every kiosk screen says what it shows, and staff see who is silent.

Each screen posts a heartbeat to ``/_kiosk/heartbeat`` (assets/kiosk.js) every
``screen.heartbeat_seconds`` (30 s): its kiosk id, a page instance id, the
screen and language shown, the visitor's modes that are on, the config version
it shows, the page's uptime, its JS heap when the browser tells, and the last
error the page met. The web process stores the last beat of each screen
(``Store.put_screen``); ``/status``, ``/healthz`` and ``/metrics`` read them.

The answer says how often to beat, and carries the commands staff gave that
screen from /status (reload, play the briefing: kiosk_app/staff_actions.py).

This is not the page's light beat (``/_kiosk/beat``, every 5 s, answered from
memory, kiosk_app/beat.py): the heartbeat writes to the Store, so it comes six
times less often, and the two fail apart (a test or a watchdog may block one).

Whatever a page sends is untrusted: the body is bounded (``MAX_BODY_BYTES``),
every field is checked by type and size (a field that does not fit is dropped,
a kiosk id that is not configured is ignored), each kiosk may send only so
many beats (``BeatLimiter``), a client error is logged once per kiosk and
distinct error (``ClientErrors``, bounded), and a Store that cannot be written
answers 503, logged once until it can again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import flask

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.schema import Config
from kiosk_app.store import ScreenBeat, ScreenRow, Store, StoreError
from layouts.navigation import SWITCHES
from layouts.registry import SCREENS

log = logging.getLogger(__name__)

HEARTBEAT_PATH = "/_kiosk/heartbeat"
# a real beat is about 300 bytes; an error message and source line add 500 at most
MAX_BODY_BYTES = 4096
SILENT_AFTER_MISSED = 2  # beats missed before /status marks a screen silent
MAX_ERROR_MESSAGE = 300
MAX_ERROR_SOURCE = 200
MAX_UPTIME_SECONDS = 10 * 365 * 24 * 3600.0
MAX_HEAP_BYTES = 1 << 45  # 32 TiB: anything above is not a heap size
# each kiosk may send BURST beats at once, then BEATS_PER_INTERVAL per interval
BURST = 6
BEATS_PER_INTERVAL = 3
# distinct client errors remembered (so each is logged once)
MAX_ERRORS_REMEMBERED = 512

# the page instance ids assets/kiosk.js makes
INSTANCE_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
_VERSION = re.compile(r"^[0-9a-f]{1,64}$")
# control characters and line breaks, flattened in what is shown or logged
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
MODES = frozenset(key for key, _label in SWITCHES)
# what an unattended screen reports instead of a screen (assets/attract.js):
# sleeping outside opening hours, or showing the attract loop
RESTING = ("asleep", "attract")


class BadBeat(ValueError):
    """A body our page could not have sent; the message says which part."""


def _text(value: Any, most: int) -> str | None:
    """A string, on one line, trimmed to ``most`` characters (else None)."""
    if not isinstance(value, str):
        return None
    flat = CONTROL_CHARS.sub(" ", value).strip()
    return flat[:most] or None


def _number(value: Any, most: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not 0 <= value <= most:
        return None
    return float(value)


def _error(value: Any) -> str | None:
    """``{message, source, line}`` from the page as one line of text."""
    if not isinstance(value, dict):
        return None
    message = _text(value.get("message"), MAX_ERROR_MESSAGE)
    if message is None:
        return None
    source = _text(value.get("source"), MAX_ERROR_SOURCE)
    line = _number(value.get("line"), 10_000_000)
    if source and line:
        source = f"{source}:{int(line)}"
    return f"{message} ({source})" if source else message


def parse_beat(payload: Any, config: Config) -> ScreenBeat | None:
    """The beat in a page's JSON body, every field checked against the config
    and bounded; None for a kiosk id that is not configured (ignored). Raises
    BadBeat for a body that is not a beat at all."""
    if not isinstance(payload, dict):
        raise BadBeat("not a JSON object")
    kiosk, instance = payload.get("kiosk"), payload.get("instance")
    if not isinstance(kiosk, str) or not kiosk:
        raise BadBeat("no kiosk id")
    if not isinstance(instance, str) or not INSTANCE_ID.match(instance):
        raise BadBeat("no page instance id")
    if kiosk not in {k.id for k in config.kiosks}:
        return None
    screen = payload.get("screen")
    language = payload.get("language")
    version = payload.get("config")
    modes = payload.get("modes")
    heap = _number(payload.get("heap"), MAX_HEAP_BYTES)
    return ScreenBeat(
        kiosk=kiosk,
        instance=instance,
        screen=screen if screen in SCREENS.views or screen in RESTING else None,
        language=language if language in config.site.languages else None,
        modes=tuple(sorted({m for m in modes if m in MODES}))
        if isinstance(modes, list) and len(modes) <= 2 * len(MODES)
        else (),
        config_version=version
        if isinstance(version, str) and _VERSION.match(version)
        else None,
        uptime_seconds=_number(payload.get("uptime"), MAX_UPTIME_SECONDS),
        js_heap_bytes=int(heap) if heap is not None else None,
        error=_error(payload.get("error")),
    )


class BeatLimiter:
    """A token bucket per kiosk id (configured ids only, so it stays small):
    ``BURST`` beats at once, then ``BEATS_PER_INTERVAL`` per heartbeat
    interval, which leaves room for a few screens on one kiosk id and a page
    that beats again right after following a new config."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, kiosk: str, interval: float) -> bool:
        now = self._clock()
        rate = BEATS_PER_INTERVAL / interval
        with self._lock:
            tokens, at = self._buckets.get(kiosk, (float(BURST), now))
            tokens = min(float(BURST), tokens + (now - at) * rate)
            allowed = tokens >= 1.0
            self._buckets[kiosk] = (tokens - 1.0 if allowed else tokens, now)
        return allowed


class ClientErrors:
    """Logs each distinct client error once per kiosk (a page that fails on
    every beat does not fill the log); remembers ``MAX_ERRORS_REMEMBERED``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def note(self, kiosk: str, error: str) -> bool:
        """Log ``error`` of ``kiosk`` unless it was logged already; True if logged."""
        key = (kiosk, error)
        with self._lock:
            if key in self._seen:
                self._seen.move_to_end(key)
                return False
            self._seen[key] = None
            if len(self._seen) > MAX_ERRORS_REMEMBERED:
                self._seen.popitem(last=False)
        log.warning("client error on kiosk %s: %s", kiosk, error)
        return True


class _WriteFailures:
    """A Store that cannot be written is logged once, and its recovery once."""

    def __init__(self) -> None:
        self.failing = False

    def failed(self, err: Exception) -> None:
        if not self.failing:
            self.failing = True
            log.error("cannot store screen heartbeats (%s); not logged again", err)

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            log.warning("screen heartbeats are stored again")


def _answer(body: dict, status: int) -> flask.Response:
    response = flask.jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


# what else a heartbeat's answer tells its screen: the staff's commands for it
# (kiosk_app/staff_actions.py), from the beat, its JSON body and the time
Commands = Callable[[ScreenBeat, Any, dt.datetime], list[dict[str, str]]]


def register_heartbeat_route(
    server: flask.Flask,
    holder: ConfigHolder,
    store: Store,
    clock: Callable[[], float] = time.monotonic,
    commands: Commands | None = None,
) -> None:
    """Add the screens' heartbeat (assets/kiosk.js posts it); with ``commands``,
    its answer carries what staff asked of that screen."""
    limiter = BeatLimiter(clock)
    errors = ClientErrors()
    writes = _WriteFailures()

    @server.post(HEARTBEAT_PATH)
    def heartbeat():
        config = holder.state().config
        every = config.screen.heartbeat_seconds
        request = flask.request
        length = request.content_length
        if length is None or length > MAX_BODY_BYTES:
            return _answer({"error": "body too large or without a length"}, 413)
        try:
            payload = json.loads(request.get_data(cache=False))
            beat = parse_beat(payload, config)
        except (ValueError, RecursionError) as err:
            reason = str(err) if isinstance(err, BadBeat) else "not JSON"
            return _answer({"error": reason}, 400)
        if beat is None:
            return _answer({"every": every, "stored": False}, 200)
        if not limiter.allow(beat.kiosk, every):
            response = _answer({"error": "too many beats"}, 429)
            response.headers["Retry-After"] = str(every)
            return response
        if beat.error:
            errors.note(beat.kiosk, beat.error)
        now = dt.datetime.now(dt.UTC)
        try:
            store.put_screen(beat, now)
        except StoreError + (OSError,) as err:
            writes.failed(err)
            return _answer({"error": "not stored"}, 503)
        writes.succeeded()
        answer = {"every": every, "stored": True}
        sent = commands(beat, payload, now) if commands else []
        if sent:
            answer["commands"] = sent
        return _answer(answer, 200)


def silent_after(config: Config) -> float:
    """Seconds without a beat before a screen is marked silent (60 by default)."""
    return float(config.screen.heartbeat_seconds * SILENT_AFTER_MISSED)


def _screen_entry(
    row: ScreenRow, version: str, now: dt.datetime, silent_seconds: float
) -> dict[str, Any]:
    beat = row.beat
    age = max(0.0, (now - row.last_seen).total_seconds())
    return {
        "instance": beat.instance,
        "state": "silent" if age > silent_seconds else "ok",
        "silent": age > silent_seconds,
        "last_seen": row.last_seen.isoformat(timespec="seconds"),
        "age_seconds": round(age, 1),
        "screen": beat.screen,
        "language": beat.language,
        "modes": list(beat.modes),
        "config_version": beat.config_version,
        "stale_config": beat.config_version != version,
        "uptime_seconds": beat.uptime_seconds,
        "js_heap_bytes": beat.js_heap_bytes,
        "last_error": beat.error,
        "last_error_at": row.error_at.isoformat(timespec="seconds")
        if row.error_at
        else None,
    }


def fleet_report(
    config: Config, version: str, rows: Iterable[ScreenRow], now: dt.datetime
) -> dict[str, Any]:
    """Every configured kiosk with its screens: those heard from within the
    silent threshold, or else its newest one (marked silent), or none ("never
    seen"). A kiosk is silent when none of its screens beats; its config is
    stale when a beating screen shows another version than ``version``."""
    silent_seconds = silent_after(config)
    by_kiosk: dict[str, list[ScreenRow]] = {}
    for row in sorted(rows, key=lambda r: r.last_seen, reverse=True):
        by_kiosk.setdefault(row.beat.kiosk, []).append(row)
    kiosks = []
    for kiosk in config.kiosks:
        entries = [
            _screen_entry(row, version, now, silent_seconds)
            for row in by_kiosk.get(kiosk.id, [])
        ]
        live = [e for e in entries if not e["silent"]]
        shown = live or entries[:1]
        newest = entries[0] if entries else None
        kiosks.append(
            {
                "id": kiosk.id,
                "state": "never seen" if newest is None else "ok" if live else "silent",
                "silent": not live,
                "stale_config": any(e["stale_config"] for e in live),
                "last_seen": newest["last_seen"] if newest else None,
                "age_seconds": newest["age_seconds"] if newest else None,
                "screens": shown,
            }
        )
    return {
        "heartbeat_seconds": config.screen.heartbeat_seconds,
        "silent_after_seconds": silent_seconds,
        "config_version": version,
        "kiosks": kiosks,
    }
