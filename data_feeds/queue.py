"""Civil-service queue counters (번호표): per task the number called and waiting.

There is no national API: vendor systems drop a JSON or CSV file (or serve it
on the local network). JSON: ``{"updated": ..., "tasks": [{"task": "passport",
"called": 123, "waiting": 4}, ...]}``; CSV: columns ``task,called,waiting``
(and optionally ``updated``). Key names are configurable. Fields written:
``queue_<task>_called``, ``queue_<task>_waiting``, and the totals
``queue_waiting`` and ``queue_called``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from kiosk_core.readings import Reading

from .base import FeedError, number
from .config import FeedBase, QueueFeedConfig
from .http_json import get_text, parse_json, parse_time, resolve, web_url

SOURCE = "민원실 번호표 시스템"


def _load(config: QueueFeedConfig) -> tuple[list[Any], Any]:
    """The task entries and the top-level time value (or None)."""
    if config.url or config.url_env:
        body = get_text(web_url(config.url, config.url_env), {}, config.timeout_seconds)
        kind = config.format or "json"
        where = "the queue system"
    else:
        assert config.path is not None
        where = config.path.name
        kind = config.format or (
            "csv" if config.path.suffix.lower() == ".csv" else "json"
        )
        try:
            body = config.path.read_text(encoding=config.encoding)
        except FileNotFoundError:
            raise FeedError(f"the file {where} does not exist") from None
        except (OSError, UnicodeDecodeError) as err:
            raise FeedError(f"cannot read {where}: {type(err).__name__}") from None
    if kind == "csv":
        try:
            rows = list(csv.DictReader(io.StringIO(body)))
        except csv.Error:
            raise FeedError(f"{where} is not valid CSV") from None
        stamp = rows[-1].get(config.as_of_key) if rows and config.as_of_key else None
        return rows, stamp
    data = parse_json(body, where)
    items = resolve(data, config.items_path)
    if not isinstance(items, list):
        raise FeedError(f"'{config.items_path}' is not a list of tasks")
    stamp = (
        data.get(config.as_of_key)
        if config.as_of_key and isinstance(data, dict)
        else None
    )
    return items, stamp


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Called and waiting numbers of every task, and the totals."""
    assert isinstance(config, QueueFeedConfig)
    items, stamp = _load(config)
    as_of = parse_time(stamp, config.timezone, config.as_of_key or "") if stamp else now
    readings: list[Reading] = []
    seen: set[str] = set()
    totals = {"called": 0.0, "waiting": 0.0}
    for item in items:
        if not isinstance(item, dict) or config.task_key not in item:
            raise FeedError(f"a task entry has no '{config.task_key}'")
        name = str(item[config.task_key]).strip()
        task = config.tasks.get(name) if config.tasks else name
        if task is None:
            continue  # a counter this kiosk does not show
        if not task.replace("_", "").replace("-", "").isalnum() or not task.isascii():
            raise FeedError(f"task '{name[:40]}' needs an id under tasks: in config")
        for kind, key in (
            ("called", config.called_key),
            ("waiting", config.waiting_key),
        ):
            if key not in item:
                raise FeedError(f"task '{name}' has no '{key}'")
            value = number(item[key], f"{key} of task '{name}'")
            totals[kind] += value
            unit = "번" if kind == "called" else "명"
            readings.append(
                Reading(
                    "",
                    f"queue_{task.replace('-', '_')}_{kind}",
                    as_of,
                    value,
                    None,
                    unit,
                    SOURCE,
                )
            )
        seen.add(name)
    missing = [name for name in config.tasks if name not in seen]
    if missing:
        raise FeedError(f"no task {', '.join(missing)} in the queue data")
    if not readings:
        raise FeedError("the queue data lists no tasks")
    readings.append(
        Reading("", "queue_waiting", as_of, totals["waiting"], None, "명", SOURCE)
    )
    readings.append(
        Reading("", "queue_called", as_of, totals["called"], None, "번", SOURCE)
    )
    return readings
