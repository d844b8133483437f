"""The fleet: screens' heartbeats are checked, bounded, rate-limited and stored;
/status, /healthz and /metrics show every configured kiosk from them."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from flask import Flask

from kiosk_app.app import create_app
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.fleet import (
    BURST,
    HEARTBEAT_PATH,
    MAX_BODY_BYTES,
    fleet_report,
    register_heartbeat_route,
)
from kiosk_app.settings import Settings
from kiosk_app.staff import StaffLogin
from kiosk_app.store import ScreenBeat, Store
from kiosk_app.store.schema import SCHEMA_VERSION
from kiosk_app.store.screens import KEEP_PER_KIOSK
from tests.conftest import copy_config

INSTANCE = "a1b2c3d4e5f6a7b8"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(tmp_path: Path):
    """A bare Flask server with the heartbeat route, its Store and clock."""
    config = copy_config(tmp_path)
    data_dir = tmp_path / "var"
    store = Store.in_data_dir(data_dir)
    store.create()
    holder = ConfigHolder(config, data_dir)
    clock = Clock()
    server = Flask(__name__)
    register_heartbeat_route(server, holder, store, clock=clock)
    return server.test_client(), store, holder, clock


def beat(**fields) -> dict:
    body = {
        "kiosk": "main-lobby",
        "instance": INSTANCE,
        "screen": "directory",
        "language": "en",
        "modes": ["text", "contrast"],
        "config": "0123456789abcdef",
        "uptime": 125,
        "heap": 12_345_678,
        "error": None,
    }
    body.update(fields)
    return body


def post(client, body) -> tuple[int, dict]:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    answer = client.post(
        HEARTBEAT_PATH, data=data, headers={"Content-Type": "application/json"}
    )
    return answer.status_code, answer.get_json(silent=True) or {}


def test_a_beat_is_stored_with_every_field(site):
    client, store, _holder, _clock = site
    status, answer = post(client, beat())
    assert status == 200 and answer == {"every": 30, "stored": True}
    [row] = store.screens()
    assert row.beat == ScreenBeat(
        "main-lobby",
        INSTANCE,
        "directory",
        "en",
        ("contrast", "text"),
        "0123456789abcdef",
        125.0,
        12_345_678,
        None,
    )
    # a second beat of the same page replaces the first
    post(client, beat(screen="home", language="ko", modes=[]))
    [row] = store.screens()
    assert (row.beat.screen, row.beat.language, row.beat.modes) == ("home", "ko", ())


def test_fields_that_do_not_fit_are_dropped_not_stored(site):
    client, store, _holder, _clock = site
    status, _ = post(
        client,
        beat(
            screen="<script>",
            language="xx",
            modes=["text", "rm -rf", 5, "paused"],
            config="../../etc/passwd",
            uptime=float("1e300"),
            heap=-1,
            extra="x" * 1000,
        ),
    )
    assert status == 200
    [row] = store.screens()
    assert row.beat.screen is None and row.beat.language is None
    assert row.beat.modes == ("paused", "text")
    assert row.beat.config_version is None
    assert row.beat.uptime_seconds is None and row.beat.js_heap_bytes is None
    # wrong types are dropped too
    post(client, beat(screen=7, language=["en"], modes="text", uptime=True, heap="9"))
    [row] = store.screens()
    assert (row.beat.screen, row.beat.language, row.beat.modes) == (None, None, ())
    assert row.beat.uptime_seconds is None and row.beat.js_heap_bytes is None


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps(beat(kiosk=None)),
        json.dumps(beat(instance="short")),
        json.dumps(beat(instance="../../../etc/x" * 3)),
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_what_the_page_could_not_send_is_refused(site, body):
    client, store, _holder, _clock = site
    status, _ = post(client, body)
    assert status in (400, 413)
    assert store.screens() == []


def test_a_large_body_is_refused_unread(site):
    client, store, _holder, _clock = site
    status, _ = post(client, beat(error={"message": "x" * MAX_BODY_BYTES}))
    assert status == 413
    assert store.screens() == []


def test_an_unknown_kiosk_is_ignored(site):
    client, store, _holder, _clock = site
    status, answer = post(client, beat(kiosk="not-a-kiosk"))
    assert status == 200 and answer["stored"] is False
    assert store.screens() == []


def test_beats_are_rate_limited_per_kiosk(site):
    client, store, _holder, clock = site
    statuses = [post(client, beat())[0] for _ in range(BURST + 2)]
    assert statuses == [200] * BURST + [429, 429]
    # another kiosk has its own allowance
    assert post(client, beat(kiosk="annex-lobby"))[0] == 200
    # a third of the interval later, one more beat is allowed
    clock.now += 10.0
    assert post(client, beat())[0] == 200
    assert post(client, beat())[0] == 429
    assert {r.beat.kiosk for r in store.screens()} == {"main-lobby", "annex-lobby"}


def test_a_client_error_is_stored_and_logged_once_with_its_kiosk(site, caplog):
    client, store, _holder, clock = site
    caplog.set_level(logging.WARNING, logger="kiosk_app.fleet")
    error = {
        "message": "TypeError: x is undefined\nat line\r\ninjected",
        "source": "/assets/kiosk.js",
        "line": 321,
    }
    for _ in range(3):
        clock.now += 30
        assert post(client, beat(error=error))[0] == 200
    clock.now += 30
    post(client, beat(kiosk="annex-lobby", error=error))
    lines = [r.getMessage() for r in caplog.records if "client error" in r.getMessage()]
    assert lines == [
        "client error on kiosk main-lobby: TypeError: x is undefined at line injected"
        " (/assets/kiosk.js:321)",
        "client error on kiosk annex-lobby: TypeError: x is undefined at line injected"
        " (/assets/kiosk.js:321)",
    ]
    row = next(r for r in store.screens() if r.beat.kiosk == "main-lobby")
    assert row.beat.error and row.beat.error.endswith("(/assets/kiosk.js:321)")
    assert row.error_at is not None
    # a long message is trimmed
    clock.now += 30
    post(client, beat(error={"message": "y" * 2000, "source": "s" * 2000, "line": 1}))
    row = next(r for r in store.screens() if r.beat.kiosk == "main-lobby")
    assert row.beat.error is not None and len(row.beat.error) < 520


def test_a_store_that_cannot_be_written_answers_503_and_logs_once(tmp_path, caplog):
    config = copy_config(tmp_path)
    store = Store.in_data_dir(tmp_path / "var")
    store.create()
    with store._connect() as conn:
        conn.execute("DROP TABLE screens")
    server = Flask(__name__)
    register_heartbeat_route(server, ConfigHolder(config, tmp_path / "var"), store)
    client = server.test_client()
    caplog.set_level(logging.ERROR, logger="kiosk_app.fleet")
    assert post(client, beat())[0] == 503
    assert post(client, beat(kiosk="annex-lobby"))[0] == 503
    assert sum("cannot store" in r.getMessage() for r in caplog.records) == 1


def test_the_screens_table_keeps_a_few_instances_per_kiosk(tmp_path):
    store = Store.in_data_dir(tmp_path)
    store.create()
    assert store.get_meta("schema_version") == SCHEMA_VERSION
    start = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    for n in range(KEEP_PER_KIOSK + 3):
        store.put_screen(
            ScreenBeat("main-lobby", f"instance-{n:04d}"),
            start + dt.timedelta(seconds=n),
        )
    rows = store.screens()
    assert len(rows) == KEEP_PER_KIOSK
    assert rows[0].beat.instance == f"instance-{KEEP_PER_KIOSK + 2:04d}"
    # a beat days later forgets what was not heard from for a week
    store.put_screen(
        ScreenBeat("annex-lobby", "instance-late"), start + dt.timedelta(days=8)
    )
    assert [r.beat.instance for r in store.screens()] == ["instance-late"]
    # the error's moment stays while the error stays
    at = start + dt.timedelta(days=8)
    store.put_screen(ScreenBeat("annex-lobby", "instance-late", error="boom"), at)
    later = at + dt.timedelta(minutes=5)
    store.put_screen(ScreenBeat("annex-lobby", "instance-late", error="boom"), later)
    [row] = store.screens()
    assert row.error_at == at and row.last_seen == later


def test_an_older_store_gains_the_screens_table(tmp_path):
    import sqlite3

    path = tmp_path / "kiosk.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    conn.close()
    store = Store(path)
    store.create()
    assert store.get_meta("schema_version") == SCHEMA_VERSION
    store.put_screen(ScreenBeat("main-lobby", INSTANCE), dt.datetime.now(dt.UTC))
    assert len(store.screens()) == 1


def _fleet_rows(store: Store, version: str, now: dt.datetime) -> None:
    # main-lobby: one screen beating on an old config, and an old reloaded page
    store.put_screen(
        ScreenBeat(
            "main-lobby",
            "page-old-00000",
            "home",
            "ko",
            config_version=version,
        ),
        now - dt.timedelta(minutes=10),
    )
    store.put_screen(
        ScreenBeat(
            "main-lobby",
            "page-new-00000",
            "route",
            "en",
            ("voice",),
            "ffffffffffffffff",
            3600.0,
            50 * 1024 * 1024,
            "ReferenceError: q is not defined (/assets/voice.js:12)",
        ),
        now - dt.timedelta(seconds=5),
    )
    # annex-lobby: last heard 61 s ago, past 2 x 30 s
    store.put_screen(
        ScreenBeat(
            "annex-lobby", "page-annex-000", "home", "ko", config_version=version
        ),
        now - dt.timedelta(seconds=61),
    )


def test_the_report_marks_silent_and_stale_config(tmp_path):
    config_path = copy_config(tmp_path)
    holder = ConfigHolder(config_path, tmp_path / "var")
    state = holder.state()
    store = Store.in_data_dir(tmp_path / "var")
    store.create()
    now = dt.datetime.now(dt.UTC)
    _fleet_rows(store, state.version, now)
    report = fleet_report(state.config, state.version, store.screens(), now)
    assert report["silent_after_seconds"] == 60
    main, annex = report["kiosks"]
    assert (main["id"], main["state"], main["silent"]) == ("main-lobby", "ok", False)
    assert main["stale_config"] is True
    # the old reloaded page is not shown while a newer one beats
    assert [s["instance"] for s in main["screens"]] == ["page-new-00000"]
    assert (annex["state"], annex["silent"], annex["stale_config"]) == (
        "silent",
        True,
        False,
    )
    # a config whose kiosks were never heard from
    empty = fleet_report(state.config, state.version, [], now)
    assert [k["state"] for k in empty["kiosks"]] == ["never seen", "never seen"]


@pytest.fixture
def staff_app(tmp_path: Path):
    settings = Settings(
        copy_config(tmp_path, {"heartbeat_seconds: 30": "heartbeat_seconds: 20"}),
        tmp_path / "var",
    )
    store = Store.in_data_dir(settings.data_dir)
    store.create()
    app = create_app(settings, staff=StaffLogin(exposed=False))
    client = app.server.test_client()
    version = client.get("/healthz").json["config"]["version"]
    return client, store, version


def test_status_healthz_and_metrics_show_every_kiosk(staff_app):
    client, store, version = staff_app
    now = dt.datetime.now(dt.UTC)
    _fleet_rows(store, version, now)
    health = client.get("/healthz").json["screens"]
    assert health["heartbeat_seconds"] == 20 and health["silent_after_seconds"] == 40
    main, annex = health["kiosks"]
    assert main["screens"][0]["screen"] == "route"
    assert main["screens"][0]["js_heap_bytes"] == 50 * 1024 * 1024
    assert main["stale_config"] and annex["silent"]

    page = client.get("/status").get_data(as_text=True)
    assert 'data-kiosk="main-lobby"' in page and 'data-kiosk="annex-lobby"' in page
    assert page.count("stale config</span>") == 1
    assert page.count('class="marker error silent"') == 1
    assert "ReferenceError: q is not defined (/assets/voice.js:12)" in page
    assert "50.0 MB" in page and "3600 s" in page

    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    metrics = answer.get_data(as_text=True)
    lines = set(metrics.splitlines())
    assert 'kiosk_screen_silent{kiosk="main-lobby"} 0' in lines
    assert 'kiosk_screen_silent{kiosk="annex-lobby"} 1' in lines
    assert 'kiosk_screen_stale_config{kiosk="main-lobby"} 1' in lines
    assert 'kiosk_screen_stale_config{kiosk="annex-lobby"} 0' in lines
    assert (
        f'kiosk_screen_js_heap_bytes{{kiosk="main-lobby"}} {50 * 1024 * 1024}' in lines
    )
    assert "# TYPE kiosk_screen_last_seen_seconds gauge" in lines
    seen = [x for x in lines if x.startswith("kiosk_screen_last_seen_seconds{")]
    assert len(seen) == 2
    assert any(x.startswith('kiosk_feed_ok{feed="') for x in lines)
    assert any(x.startswith("kiosk_feed_consecutive_failures{") for x in lines)
    for line in lines:  # every sample line: name{labels} number
        if line and not line.startswith("#"):
            float(line.rsplit(" ", 1)[1])


def test_a_beat_through_the_app_reaches_status(staff_app):
    client, _store, version = staff_app
    answer = client.post(HEARTBEAT_PATH, json=beat(config=version, screen="briefing"))
    assert answer.status_code == 200 and answer.json["every"] == 20
    page = client.get("/status").get_data(as_text=True)
    assert '<td class="screen">briefing</td>' in page
    assert "stale config</span>" not in page
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'kiosk_screen_silent{kiosk="main-lobby"} 0' in metrics
    assert 'kiosk_screens_beating{kiosk="main-lobby"} 1' in metrics
