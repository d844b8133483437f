"""Tiles and feeds: the screen's read path and the scheduler's memory.

    .venv/bin/python -m benchmarks.bench_tiles

(a) Reading all tiles for one screen refresh (16 tiles, 30 days of minute
    readings for each, sparklines and day/week changes on): p50/p95.
(b) Memory of the scheduler over 1,000 refresh cycles of every feed kind
    (demo, csv, queue, sql, http_json against a local server): RSS growth.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from data_feeds.runner import FeedRunner
from kiosk_app.config import parse_config
from kiosk_app.readings import tile_data
from kiosk_app.store import Store
from kiosk_core.readings import Reading
from tests.fakes.http_server import FakeServer

REPO = Path(__file__).resolve().parent.parent
DAYS = 30
TILES = 16


def _config_with_16_tiles():
    """The shipped config: its 16 tiles fill one screen and a second page."""
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    config = parse_config(text, "config.yaml")
    assert len(config.tiles) == TILES, len(config.tiles)
    return config


def _fill(store: Store, fields: list[str], now: dt.datetime) -> int:
    count = 0
    for field in fields:
        rows = [
            Reading("demo", field, now - dt.timedelta(minutes=m), 20.0 + (m % 97))
            for m in range(DAYS * 24 * 60)
        ]
        count += store.add_readings(rows, now)
    store.record_success("demo", now)
    return count


def bench_tile_reads(folder: Path) -> dict:
    """p50/p95 of one screen's tile read."""
    config = _config_with_16_tiles()
    store = Store(folder / "tiles.db")
    store.create()
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    rows = _fill(store, sorted({t.field for t in config.tiles}), now)
    timings = []
    for _ in range(300):
        start = time.perf_counter()
        tile_data(config, store, now)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "rows": rows,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95)],
        "max": timings[-1],
    }


def _feeds_config(folder: Path, url: str):
    csv_path = folder / "stats.csv"
    csv_path.write_text(
        "updated,applications\n2026-11-25 14:00,361\n", encoding="utf-8"
    )
    queue_path = folder / "queue.json"
    queue_path.write_text(
        json.dumps(
            {
                "updated": "2026-11-25T14:20:00+09:00",
                "tasks": [{"task": "passport", "called": 57, "waiting": 4}],
            }
        ),
        encoding="utf-8",
    )
    db = folder / "stats.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (field TEXT, value REAL)")
        conn.execute("INSERT INTO t VALUES ('visitors', 42)")
    text = f"""\
site: {{title: {{ko: 벤치, en: Bench}}}}
kiosks: [{{id: k, name: {{ko: 로비, en: Lobby}}}}]
feeds:
  demo: {{type: demo, backfill_days: 0}}
  stats:
    type: csv
    path: {csv_path}
    as_of_column: updated
    columns: {{applications: {{path: applications, unit: 건}}}}
  counters: {{type: queue, path: {queue_path}}}
  db: {{type: sql, url: "sqlite:///{db}", query: "SELECT field, value FROM t"}}
  api:
    type: http_json
    url: {url}/api
    fields: {{parking: {{path: parking}}}}
"""
    return parse_config(text, "bench.yaml")


def bench_refresh_memory(folder: Path, cycles: int = 1000) -> dict:
    """RSS growth over ``cycles`` refreshes of every feed kind."""
    process = psutil.Process()
    with FakeServer() as server:
        server.set(json_body={"parking": 17})
        config = _feeds_config(folder, server.url)
        store = Store(folder / "feeds.db")
        store.create()
        runner = FeedRunner(store)
        start = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
        try:
            for cycle in range(50):  # warm-up: imports, caches, pool threads
                runner.refresh(config.feeds, start + dt.timedelta(minutes=cycle))
            gc.collect()
            before = process.memory_info().rss
            began = time.perf_counter()
            failures = 0
            for cycle in range(50, 50 + cycles):
                outcomes = runner.refresh(
                    config.feeds, start + dt.timedelta(minutes=cycle)
                )
                failures += sum(not o.ok for o in outcomes.values())
            seconds = time.perf_counter() - began
            gc.collect()
            after = process.memory_info().rss
        finally:
            runner.close()
    return {
        "cycles": cycles,
        "feeds": len(config.feeds),
        "failures": failures,
        "seconds": seconds,
        "growth_mb": (after - before) / 2**20,
        "rss_mb": after / 2**20,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print a Markdown table."""
    del argv  # no options
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reads = bench_tile_reads(folder)
        memory = bench_refresh_memory(folder)
    print("| what | result | budget |")
    print("| --- | --- | --- |")
    print(
        f"| all {TILES} tiles of one screen ({DAYS} days of minute readings, "
        f"{reads['rows']:,} rows) | p50 {reads['p50']:.2f} ms, "
        f"p95 {reads['p95']:.2f} ms, max {reads['max']:.2f} ms | p95 < 10 ms |"
    )
    print(
        f"| {memory['cycles']:,} refresh cycles of {memory['feeds']} feeds "
        f"(demo, csv, queue, sql, http_json) | RSS growth "
        f"{memory['growth_mb']:+.1f} MB (RSS {memory['rss_mb']:.0f} MB), "
        f"{memory['seconds']:.1f} s, {memory['failures']} failed refreshes "
        f"| flat |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
