"""Staff-facing health: ``/healthz`` (JSON, also the page's reconnect ping)
and ``/status`` (a page a person reads). Never linked from the visitor screen.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, jsonify, render_template_string

from kiosk_app.config.reload import ConfigHolder, ConfigState
from kiosk_app.store import Store, from_utc_text

SCHEDULER_HEARTBEAT = "scheduler_heartbeat"
HEARTBEAT_STALE_SECONDS = 60


def _config_report(state: ConfigState) -> dict:
    return {
        "ok": state.ok,
        "file": state.source,
        "version": state.version,
        "loaded_at": state.loaded_at.isoformat(timespec="seconds"),
        "problems": [str(p) for p in state.problems],
        "rejected_at": state.rejected_at.isoformat(timespec="seconds")
        if state.rejected_at
        else None,
    }


def _scheduler_report(store: Store, now: dt.datetime) -> dict:
    beat = store.get_meta(SCHEDULER_HEARTBEAT)
    if not beat:
        return {"ok": False, "last_heartbeat": None}
    age = (now - from_utc_text(beat)).total_seconds()
    return {"ok": age < HEARTBEAT_STALE_SECONDS, "last_heartbeat": beat}


def health_report(holder: ConfigHolder, store: Store, boot_id: str) -> dict:
    """Everything staff need to know at a glance, as plain data."""
    now = dt.datetime.now(dt.UTC)
    report = {
        "boot_id": boot_id,
        "time": now.isoformat(timespec="seconds"),
        "config": _config_report(holder.state()),
        "store": {"ok": store.ping()},
        "scheduler": _scheduler_report(store, now),
    }
    healthy = all(report[k]["ok"] for k in ("config", "store", "scheduler"))
    report["status"] = "ok" if healthy else "degraded"
    return report


_STATUS_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="10">
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
<h2>Store</h2>
<p class="{{ 'ok' if r.store.ok else 'error' }}">
{{ 'OK' if r.store.ok else 'cannot be read' }}</p>
<h2>Scheduler</h2>
<p class="{{ 'ok' if r.scheduler.ok else 'error' }}">
{% if r.scheduler.last_heartbeat %}last heartbeat {{ r.scheduler.last_heartbeat }}
{% else %}not running{% endif %}</p>
</body></html>
"""


def register_health_routes(
    server: Flask, holder: ConfigHolder, store: Store, boot_id: str, css_url: str
) -> None:
    """Add /healthz and /status to the Flask server."""

    @server.get("/healthz")
    def healthz():
        response = jsonify(health_report(holder, store, boot_id))
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.get("/status")
    def status():
        return render_template_string(
            _STATUS_PAGE, r=health_report(holder, store, boot_id), css=css_url
        )
