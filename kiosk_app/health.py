"""Staff-facing health: ``/healthz`` (JSON, for monitoring), ``/status``
(a page a person reads) and ``/metrics`` (Prometheus text, kiosk_app/metrics.py),
with every configured kiosk screen's last heartbeat (kiosk_app/fleet.py).
Never linked from the visitor screen. All are behind the staff login
(kiosk_app/staff.py); ``/healthz`` stays open for
liveness probes, with only ``boot_id`` and ``status`` for an anonymous caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import flask
from flask import Flask, jsonify, render_template_string, request

from briefing.archive import read_status
from kiosk_app.briefing_page import TODAY_PATH, attempts_digest
from kiosk_app.config.reload import ConfigHolder, ConfigState
from kiosk_app.config.schema import Config
from kiosk_app.data_dir import data_dir_report
from kiosk_app.fleet import fleet_report
from kiosk_app.leader import LEADER_KEY
from kiosk_app.metrics import metrics_text
from kiosk_app.settings import Settings
from kiosk_app.staff import StaffGate
from kiosk_app.staff_actions import CommandBoard, status_actions
from kiosk_app.store import Store
from kiosk_core.readings import FeedHealth, from_utc_text

SCHEDULER_HEARTBEAT = "scheduler_heartbeat"
HEARTBEAT_STALE_SECONDS = 60
# what /healthz tells a caller without the staff login (a liveness probe)
PUBLIC_HEALTH = ("boot_id", "status")


def _config_report(state: ConfigState) -> dict:
    # file names only: where the server keeps its files is nobody's business
    shown = [dataclasses.replace(p, file=Path(p.file).name) for p in state.problems]
    return {
        "ok": state.ok,
        "file": Path(state.source).name,
        "version": state.version,
        "loaded_at": state.loaded_at.isoformat(timespec="seconds"),
        "problems": [str(p) for p in shown],
        "rejected_at": state.rejected_at.isoformat(timespec="seconds")
        if state.rejected_at
        else None,
    }


def _scheduler_report(store: Store, now: dt.datetime) -> dict:
    beat = store.get_meta(SCHEDULER_HEARTBEAT)
    # which scheduler leads (host, pid, since: kiosk_app/leader.py)
    leader = store.get_meta(LEADER_KEY)
    if not beat:
        return {"ok": False, "last_heartbeat": None, "leader": leader}
    age = (now - from_utc_text(beat)).total_seconds()
    return {
        "ok": age < HEARTBEAT_STALE_SECONDS,
        "last_heartbeat": beat,
        "age_seconds": round(age, 1),
        "leader": leader,
    }


def _when(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _fields_report(state: FeedHealth | None, used: set[str]) -> list[dict]:
    """Each field a feed's refreshes reached: its state, and whether a tile
    shows it (only those take the feed down when they fail)."""
    if state is None:
        return []
    return [
        {
            "field": name,
            "state": "ok" if field.ok else "failing",
            "on_tile": name in used,
            "last_success": _when(field.last_success),
            "last_error": field.last_error,
            "last_error_at": _when(field.last_error_at),
            "consecutive_failures": field.consecutive_failures,
        }
        for name, field in sorted(state.fields.items())
    ]


def _feeds_report(config: Config, store: Store) -> list[dict]:
    health = store.health()
    by = store.attempts_by()  # "host:pid" of the scheduler that refreshed it
    used = config.fields_in_use()
    report = []
    for feed_id, feed in config.feeds.items():
        state = health.get(feed_id)
        report.append(
            {
                "id": feed_id,
                "type": feed.type,
                "interval_seconds": feed.interval_seconds,
                "ok": bool(state and state.ok),
                "state": "waiting"
                if state is None
                else "ok"
                if state.ok
                else "failing",
                "last_attempt": _when(state.last_attempt) if state else None,
                "last_attempt_by": by.get(feed_id),
                "last_success": _when(state.last_success) if state else None,
                "last_error": state.last_error if state else None,
                "last_error_at": _when(state.last_error_at) if state else None,
                "consecutive_failures": state.consecutive_failures if state else 0,
                "fields": _fields_report(state, used.get(feed_id, set())),
            }
        )
    return report


def health_report(
    holder: ConfigHolder, store: Store, boot_id: str, data_dir: Path
) -> dict:
    """Everything staff need to know at a glance, as plain data."""
    now = dt.datetime.now(dt.UTC)
    state = holder.state()
    report: dict[str, Any] = {
        "boot_id": boot_id,
        "time": now.isoformat(timespec="seconds"),
        "config": _config_report(state),
        "data_dir": data_dir_report(data_dir),
        # named without a password (kiosk_app/store/postgres.py)
        "store": {"ok": store.ping(), "database": store.shown},
        "scheduler": _scheduler_report(store, now),
        "feeds": _feeds_report(state.config, store),
        "briefing": read_status(store),
        # kiosk screens (not part of "status": a screen switched off for the
        # night is not a server problem; monitoring reads "silent" per kiosk)
        "screens": fleet_report(state.config, state.version, store.screens(), now),
    }
    healthy = all(report[k]["ok"] for k in ("config", "data_dir", "store", "scheduler"))
    healthy = healthy and all(f["ok"] for f in report["feeds"])
    report["status"] = "ok" if healthy else "degraded"
    return report


_STATUS_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta http-equiv="refresh"
 content="10{% if staff and staff.sent %}; url={{ root }}/status{% endif %}">
<title>Kiosk status</title>
<link rel="stylesheet" href="{{ css }}">
</head><body class="status-page">
<h1>키오스크 상태 / Kiosk status</h1>
<p>{{ r.time }} · boot {{ r.boot_id }} ·
<strong class="{{ r.status }}">{{ r.status }}</strong></p>
<h2>Config</h2>
{% if r.config.ok %}
<p class="ok">OK · {{ r.config.file }} · version {{ r.config.version }}
 · loaded {{ r.config.loaded_at }}</p>
{% else %}
<p class="marker error">config error</p>
<p>The screen keeps version {{ r.config.version }} (loaded {{ r.config.loaded_at }}).
 Rejected at {{ r.config.rejected_at }}:</p>
<ul>{% for p in r.config.problems %}<li><code>{{ p }}</code></li>{% endfor %}</ul>
{% endif %}
{% if r.data_dir.problem %}
<p class="marker error data-dir-problem">{{ r.data_dir.problem }}</p>
{% endif %}
<h2>Store</h2>
<p class="{{ 'ok' if r.store.ok else 'error' }}">
{{ 'OK' if r.store.ok else 'cannot be read' }} · {{ r.store.database }}</p>
<h2>Feeds</h2>
<table class="feeds">
<tr><th>feed</th><th>type</th><th>state</th><th>last success</th>
<th>failures</th><th>last error</th></tr>
{% for f in r.feeds %}
<tr class="{{ 'ok' if f.ok else 'error' }}"><td>{{ f.id }}</td><td>{{ f.type }}</td>
<td>{{ f.state }}</td><td>{{ f.last_success or '-' }}</td>
<td>{{ f.consecutive_failures }}</td>
<td>{{ f.last_error or '' }}
{% if f.last_error_at %}({{ f.last_error_at }}){% endif %}</td></tr>
{% set failing = f.fields | selectattr('state', 'equalto', 'failing') | list %}
{% set fine = f.fields | selectattr('state', 'equalto', 'ok') | list %}
{% if f.fields %}<tr class="fields"><td></td><td colspan="5">
{% for x in failing %}<div class="field-failing {{ 'error' if x.on_tile else 'warn' }}">
<code>{{ x.field }}</code> failing{% if not x.on_tile %} (not on a tile){% endif %}
 since {{ x.consecutive_failures }} refresh{{ 'es' if x.consecutive_failures > 1 }}:
 {{ x.last_error }}</div>{% endfor %}
{% if fine %}<div class="fields-ok">fields OK:
{% for x in fine %}<code>{{ x.field }}</code>{{ ', ' if not loop.last }}{% endfor %}
</div>{% endif %}
</td></tr>{% endif %}
{% endfor %}
</table>
<h2>Briefing</h2>
{% if r.briefing %}
<p class="{{ 'ok' if r.briefing.ok else 'error' }}">{{ r.briefing.day }}
 (built {{ r.briefing.at }})</p>
<ul>{% for lang, b in r.briefing.languages.items() %}
<li>{{ lang }}: writer {{ b.writer }} ({{ b.reason }}), speech {{ b.speech }}
{% if b.message %} · {{ b.message }}{% endif %}</li>{% endfor %}</ul>
{% if attempts %}<table class="briefing-attempts">
<tr><th>language</th><th>writer</th><th>sentences</th>
<th>requests to the model</th></tr>
{% for d in attempts %}<tr data-language="{{ d.language }}"><td>{{ d.language }}</td>
<td>{{ d.writer }}</td><td>{% for o, n in d.origins.items() %}{{ o }} {{ n }}
{{- ', ' if not loop.last }}{% else %}-{% endfor %}</td>
<td>{% for a in d.attempts %}<div class="{{ 'ok' if a.ok else 'error' }}">
{{ a.purpose or 'attempt' }} · {{ a.mode or 'no mode' }} · {{ a.seconds }} s ·
{% if a.error %}{{ a.error | truncate(160) }}{% else %}{{ a.passed }}/{{ a.total }}
 passed{% endif %}</div>{% else %}none{% endfor %}</td></tr>{% endfor %}
</table>{% endif %}
{% else %}<p>no briefing built yet</p>{% endif %}
<p><a class="briefing-today" href="{{ root }}{{ today_path }}">The day's briefing
 in full: sentences, facts, requests to the model and their answers</a></p>
<h2>Screens</h2>
<p>heartbeat every {{ r.screens.heartbeat_seconds }} s; silent after
 {{ r.screens.silent_after_seconds | int }} s without one</p>
{% if staff %}
{% if staff.sent %}
<p class="ok staff-sent" role="status">{{ staff.sent }}</p>{% endif %}
<form class="staff-action" method="post" action="{{ root }}/staff/screens/reload">
<input type="hidden" name="all" value="1">
<button type="submit" class="reload-all">Reload all screens</button></form>
<p>A staff action reaches a screen with its next heartbeat (within
 {{ r.screens.heartbeat_seconds }} s); a screen a visitor is using waits until
 nobody has touched it for {{ staff.quiet_seconds }} s ({{ staff.wait_minutes }}
 minutes at most).</p>
{% endif %}
<table class="screens">
<tr><th>kiosk</th><th>state</th><th>last seen</th><th>screen</th><th>language</th>
<th>modes</th><th>config</th><th>heap</th><th>uptime</th><th>last client error</th>
{% if staff %}<th>staff actions</th>{% endif %}</tr>
{% for k in r.screens.kiosks %}
{% if not k.screens %}
<tr class="kiosk-row never-seen error" data-kiosk="{{ k.id }}"><td>{{ k.id }}</td>
<td class="marker">never seen</td><td colspan="{{ 9 if staff else 8 }}"></td></tr>
{% endif %}
{% for s in k.screens %}
<tr class="kiosk-row {{ 'error' if s.silent else 'ok' }}" data-kiosk="{{ k.id }}"
 data-instance="{{ s.instance }}"><td>{{ k.id }}</td>
<td>{% if s.silent %}<span class="marker error silent">silent</span>
{% else %}OK{% endif %}</td>
<td>{{ s.last_seen }} ({{ s.age_seconds | int }} s ago)</td>
<td class="screen">{{ s.screen or '-' }}</td><td>{{ s.language or '-' }}</td>
<td>{{ s.modes | join(', ') or '-' }}</td>
<td>{{ s.config_version or '-' }}{% if s.stale_config %}
 <span class="marker error stale-config">stale config</span>{% endif %}</td>
<td>{{ '%.1f MB' % (s.js_heap_bytes / 1048576) if s.js_heap_bytes else '-' }}</td>
<td>{{ (s.uptime_seconds | int) ~ ' s' if s.uptime_seconds is not none else '-' }}</td>
<td>{% if s.last_error %}<code>{{ s.last_error }}</code>
 ({{ s.last_error_at }}){% endif %}</td>
{% if staff %}<td class="staff-actions">
{% for path, cls, label in [('reload', 'reload-screen', 'Reload'),
 ('briefing', 'play-briefing', 'Play briefing')] %}
<form class="staff-action" method="post" action="{{ root }}/staff/screens/{{ path }}">
<input type="hidden" name="kiosk" value="{{ k.id }}">
<input type="hidden" name="instance" value="{{ s.instance }}">
<button type="submit" class="{{ cls }}">{{ label }}</button></form>
{% endfor %}</td>{% endif %}</tr>
{% endfor %}{% endfor %}
</table>
{% if staff and staff.recent %}
<h3>Staff actions in the last {{ staff.keep_minutes }} minutes</h3>
<table class="staff-log">
<tr><th>issued</th><th>action</th><th>screens</th><th>by</th></tr>
{% for a in staff.recent %}
<tr><td>{{ a.at }} ({{ a.ago }} s ago)</td><td>{{ a.action }}</td>
<td>{{ a.target }}</td><td>{{ a.by }}</td></tr>
{% endfor %}
</table>
{% endif %}
<h2>Scheduler</h2>
<p class="{{ 'ok' if r.scheduler.ok else 'error' }}">
{% if r.scheduler.last_heartbeat %}last heartbeat {{ r.scheduler.last_heartbeat }}
{% else %}not running{% endif %}</p>
{% if r.scheduler.leader %}<p class="scheduler-leader">leader:
 {{ r.scheduler.leader.host }} (pid {{ r.scheduler.leader.pid }})
 since {{ r.scheduler.leader.since }}</p>{% endif %}
</body></html>
"""


def register_health_routes(
    server: Flask,
    holder: ConfigHolder,
    store: Store,
    settings: Settings,
    css_url: str,
    gate: StaffGate,
    board: CommandBoard | None = None,
) -> None:
    """Add /healthz, /status and /metrics to the Flask server (/status and
    /metrics are staff paths: ``gate`` guards them; /healthz asks ``gate`` how
    much to tell). With ``board``, /status has the staff actions' buttons
    (kiosk_app/staff_actions.py)."""

    def report() -> dict:
        return health_report(holder, store, settings.boot_id, settings.data_dir)

    @server.get("/healthz")
    def healthz():
        full = report()
        if not gate.allows(request):
            full = {key: full[key] for key in PUBLIC_HEALTH}
        response = jsonify(full)
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.get("/status")
    def status():
        full = report()
        staff = (
            status_actions(
                board,
                request.args.get("sent"),
                full["screens"]["heartbeat_seconds"],
            )
            if board
            else None
        )
        return render_template_string(
            _STATUS_PAGE,
            r=full,
            css=css_url,
            staff=staff,
            root=request.script_root,
            attempts=attempts_digest(store, full["briefing"]),
            today_path=TODAY_PATH,
        )

    @server.get("/metrics")
    def metrics():
        response = flask.Response(metrics_text(report()), mimetype="text/plain")
        response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
        return response
