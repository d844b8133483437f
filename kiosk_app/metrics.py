"""``/metrics``: the health report (kiosk_app/health.py) in Prometheus' text
exposition format (version 0.0.4), written by hand: a few gauges read from
one report per scrape, so no client library and no registry kept in memory
(prometheus_client is not a dependency, and its process-global registry fits
gunicorn workers badly).

Ages are seconds before the scrape ("last seen 12 s ago"), so an alert is a
plain threshold: ``kiosk_screen_silent == 1`` or
``kiosk_scheduler_heartbeat_age_seconds > 60``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

_Sample = tuple[dict[str, str], float | None]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _value(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    return repr(int(number)) if float(number).is_integer() else repr(float(number))


def _family(name: str, help_text: str, samples: Iterable[_Sample]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    for labels, value in samples:
        if value is None:
            continue  # unknown: no sample rather than a made-up one
        label_text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
        lines.append(
            f"{name}{{{label_text}}} {_value(value)}"
            if label_text
            else f"{name} {_value(value)}"
        )
    return lines


def _flag(value: Any) -> float:
    return 1.0 if value else 0.0


def metrics_text(report: dict[str, Any]) -> str:
    """The report as Prometheus text (one gauge family per fact)."""
    feeds = report["feeds"]
    kiosks = report["screens"]["kiosks"]

    def per_kiosk(read) -> list[_Sample]:
        return [({"kiosk": k["id"]}, read(k)) for k in kiosks]

    def newest(key: str):
        def read(kiosk: dict[str, Any]) -> float | None:
            screens = kiosk["screens"]
            value = screens[0][key] if screens else None
            return None if value is None else float(value)

        return read

    lines: list[str] = []
    lines += _family(
        "kiosk_health_ok",
        "1 when config, data dir, Store, scheduler and every feed are OK.",
        [({}, _flag(report["status"] == "ok"))],
    )
    lines += _family(
        "kiosk_config_ok",
        "1 when the config file in use is the file on disk (0: an edit was rejected).",
        [({}, _flag(report["config"]["ok"]))],
    )
    lines += _family(
        "kiosk_store_ok",
        "1 when the Store can be read.",
        [({}, _flag(report["store"]["ok"]))],
    )
    lines += _family(
        "kiosk_scheduler_heartbeat_age_seconds",
        "Seconds since the scheduler's last heartbeat.",
        [({}, report["scheduler"].get("age_seconds"))],
    )
    lines += _family(
        "kiosk_feed_ok",
        "1 when the feed's last refresh worked.",
        [({"feed": f["id"]}, _flag(f["ok"])) for f in feeds],
    )
    lines += _family(
        "kiosk_feed_consecutive_failures",
        "Failed refreshes of the feed in a row.",
        [({"feed": f["id"]}, float(f["consecutive_failures"])) for f in feeds],
    )
    lines += _family(
        "kiosk_screen_last_seen_seconds",
        "Seconds since the kiosk's newest screen heartbeat (absent: never seen).",
        per_kiosk(lambda k: k["age_seconds"]),
    )
    lines += _family(
        "kiosk_screen_silent",
        "1 when no screen of the kiosk beat within the silent threshold (or ever).",
        per_kiosk(lambda k: _flag(k["silent"])),
    )
    lines += _family(
        "kiosk_screen_stale_config",
        "1 when a beating screen of the kiosk shows an older config version.",
        per_kiosk(lambda k: _flag(k["stale_config"])),
    )
    lines += _family(
        "kiosk_screens_beating",
        "Screens (browser pages) of the kiosk that beat within the silent threshold.",
        per_kiosk(lambda k: float(sum(not s["silent"] for s in k["screens"]))),
    )
    lines += _family(
        "kiosk_screen_js_heap_bytes",
        "JS heap in use on the kiosk's newest screen, when the browser tells it.",
        per_kiosk(newest("js_heap_bytes")),
    )
    lines += _family(
        "kiosk_screen_uptime_seconds",
        "Seconds since the kiosk's newest screen loaded its page.",
        per_kiosk(newest("uptime_seconds")),
    )
    return "\n".join(lines) + "\n"
