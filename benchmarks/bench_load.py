"""Many screens, one city: ``python -m benchmarks.bench_load [--screens 50 200]
[--store sqlite postgres]``, and the soak: ``--soak 7200 --screens 50``.

Starts the production shape (``web`` with 2 gunicorn workers, and the
``scheduler``) on a copy of the shipped config, on the SQLite file or on a
PostgreSQL server started for the run (initdb + pg_ctl, as the tests do), and
lets locust (benchmarks/locustfile.py) play the lobby screens: page load,
the beat every 5 s (reconnect ping and config poll), the fleet heartbeat every
30 s, the tiles every ``tile_refresh_seconds``, a visitor's directory and
route taps about once a minute per screen.

Prints, per store and number of screens, latency percentiles and errors per
kind of request (locust's own statistics), the times a screen would have
shown "reconnecting" and the reloads a new server start would have caused
(never expected here). With ``--soak SECONDS`` one level runs that long while
the web and scheduler processes' memory (RSS), open file descriptors and the
database's size are sampled every ``--sample-seconds`` (written as CSV to
``--samples``), and the first, highest and last samples are printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.server import free_port  # noqa: E402

LOCUSTFILE = REPO / "benchmarks" / "locustfile.py"
KINDS = ("beat", "heartbeat", "tiles", "tap: directory", "tap: route", "page")


def start(command: list[str], log: Path, environ: dict[str, str]) -> subprocess.Popen:
    """A kiosk process, its output in ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kiosk_app", *command],
            cwd=REPO,
            env=environ,
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


def run_locust(
    url: str,
    screens: int,
    seconds: float,
    kiosks: list[str],
    tile_seconds: float,
    folder: Path,
) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """``screens`` locust users for ``seconds``: its statistics by request
    name, and the screens' own counters (reconnecting shown, reloads)."""
    prefix = folder / f"locust-{screens}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            url,
            "--users",
            str(screens),
            # all screens within 10 s, as after a power cut in the building
            "--spawn-rate",
            str(max(screens / 10, 1)),
            "--run-time",
            f"{int(seconds)}s",
            "--stop-timeout",
            "30",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--kiosks",
            ",".join(kiosks),
            "--tile-seconds",
            str(tile_seconds),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=seconds + 300,
    )
    counts: dict[str, int] = {}
    for line in done.stdout.splitlines():
        if line.startswith("SCREEN-COUNTS "):
            counts = json.loads(line.split(" ", 1)[1])
    stats_file = prefix.with_name(prefix.name + "_stats.csv")
    if not stats_file.is_file():
        raise RuntimeError(f"locust wrote no statistics:\n{done.stderr[-2000:]}")
    with stats_file.open(encoding="utf-8") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    failures_file = prefix.with_name(prefix.name + "_failures.csv")
    if failures_file.is_file():
        with failures_file.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # what failed, for the errors column: the status or the exception
                counts[f"{row['Name']}: {row['Error']}"] = int(row["Occurrences"])
    return stats, counts


def report(store: str, screens: int, seconds: float, stats, counts) -> str:
    """One Markdown row per kind of request, then the whole."""
    rows = []
    for kind in (*KINDS, "Aggregated"):
        row = stats.get(kind)
        if row is None:
            continue
        count, errors = int(row["Request Count"]), int(row["Failure Count"])
        name = "all" if kind == "Aggregated" else kind
        rate = (
            f" ({count / seconds / screens:.2f} per screen per s)"
            if kind == "Aggregated"
            else ""
        )
        rows.append(
            f"| {store} | {screens} | {name} | {count:,}{rate} | "
            f"{row['50%']} / {row['95%']} / {row['99%']} | {errors} |"
        )
    for what, times in counts.items():
        if ": " in what:
            rows.append(f"| {store} | {screens} | failed: {what} | {times} | | |")
    rows.append(
        f"| {store} | {screens} | screens | "
        f'"reconnecting" shown {counts.get("offline", "?")} times, '
        f"reloads {counts.get('reload', '?')} | | |"
    )
    return "\n".join(rows)


@contextmanager
def database(store: str) -> Iterator[tuple[dict[str, str], object]]:
    """The environment for the kiosk processes (KIOSK_DB_URL on PostgreSQL),
    and the PostgreSQL server (None on SQLite)."""
    if store == "sqlite":
        yield {}, None
        return
    from tests.support.postgres import start_server

    server = start_server()
    try:
        yield {"KIOSK_DB_URL": server.new_database()}, server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@contextmanager
def kiosk(store: str, workers: int, screens: int) -> Iterator[dict]:
    """web and scheduler on a copy of the shipped config, on ``store``."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-load-"))
    try:
        for name in ("building.yaml", "directory.yaml"):
            shutil.copy(REPO / name, folder / name)
        # one kiosk id per screen, as across a city (each id's heartbeats are
        # rate-limited as one screen's, or a few at one spot)
        config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
        shipped = config["kiosks"]
        spots = [shipped[i % len(shipped)] for i in range(screens)]
        config["kiosks"] = [
            {**spot, "id": f"{spot['id']}-{i}", "point": spot.get("point", spot["id"])}
            for i, spot in enumerate(spots)
        ]
        config.setdefault("building", {})["prerender"] = False
        (folder / "config.yaml").write_text(
            yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
        )
        with database(store) as (env, server):
            port = free_port()
            common = ["--config", str(folder / "config.yaml")]
            common += ["--data-dir", str(folder / "var")]
            environ = {**os.environ, **env}
            web = start(
                ["web", "--workers", str(workers), "--port", str(port), *common],
                folder / "web.log",
                environ,
            )
            scheduler = start(["scheduler", *common], folder / "scheduler.log", environ)
            try:
                url = f"http://127.0.0.1:{port}"
                try:
                    wait_for(f"{url}/healthz")
                except RuntimeError:
                    log = (folder / "web.log").read_text(errors="replace")
                    raise RuntimeError(f"web did not start:\n{log[-3000:]}") from None
                from kiosk_app.config.site import load_site

                config = load_site(folder / "config.yaml").config
                yield {
                    "url": url,
                    "folder": folder,
                    "kiosks": [k.id for k in config.kiosks],
                    "tile_seconds": float(config.screen.tile_refresh_seconds),
                    "processes": (web, scheduler),
                    "db": (env.get("KIOSK_DB_URL"), folder / "var" / "kiosk.db"),
                }
            finally:
                for process in (web, scheduler):
                    process.terminate()
                    process.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def database_bytes(db: tuple[str | None, Path]) -> int:
    """The Store's size: the PostgreSQL database, or the SQLite file and WAL."""
    url, path = db
    if url:
        import psycopg

        with psycopg.connect(url, connect_timeout=10) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            return int(row[0]) if row else 0
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def sample(processes, db) -> dict[str, float]:
    """RSS (MB) and open descriptors of web (master and workers) and
    scheduler, and the database's size (MB)."""
    found: dict[str, float] = {}
    for name, process in zip(("web", "scheduler"), processes, strict=True):
        tree = psutil.Process(process.pid)
        members = [tree, *tree.children(recursive=True)]
        found[f"{name}_rss_mb"] = sum(p.memory_info().rss for p in members) / 2**20
        found[f"{name}_fds"] = sum(p.num_fds() for p in members)
    found["db_mb"] = database_bytes(db) / 2**20
    return found


def soak(args, store: str) -> None:
    """One level for ``args.soak`` seconds, sampled as it goes."""
    screens = args.screens[0]
    with kiosk(store, args.workers, screens) as k:
        samples: list[dict[str, float]] = []
        stop = threading.Event()

        def sampler() -> None:
            # written as it goes: a long soak stopped early keeps its samples
            with open(args.samples, "w", newline="", encoding="utf-8") as f:
                writer = None
                started = time.monotonic()
                while True:
                    taken = {
                        "minute": (time.monotonic() - started) / 60,
                        **sample(k["processes"], k["db"]),
                    }
                    samples.append(taken)
                    if writer is None:
                        writer = csv.DictWriter(f, fieldnames=list(taken))
                        writer.writeheader()
                    writer.writerow(taken)
                    f.flush()
                    if stop.wait(args.sample_seconds):
                        return

        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
        stats, counts = run_locust(
            k["url"], screens, args.soak, k["kiosks"], k["tile_seconds"], k["folder"]
        )
        stop.set()
        thread.join()
    print(
        f"soak: {store}, {screens} screens, {args.soak / 60:.0f} min; "
        f"samples in {args.samples}\n"
    )
    print(
        "| sample | minute | web RSS MB | web fds | scheduler RSS MB "
        "| scheduler fds | database MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    peak = max(samples, key=lambda s: s["web_rss_mb"] + s["scheduler_rss_mb"])
    for label, s in (("first", samples[0]), ("highest", peak), ("last", samples[-1])):
        print(
            f"| {label} | {s['minute']:.0f} | {s['web_rss_mb']:.0f} "
            f"| {s['web_fds']:.0f} | {s['scheduler_rss_mb']:.0f} "
            f"| {s['scheduler_fds']:.0f} | {s['db_mb']:.1f} |"
        )
    print()
    print("| store | screens | request | count | ms p50 / p95 / p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(report(store, screens, args.soak, stats, counts), flush=True)


def main(argv: list[str] | None = None) -> None:
    """Run each store and level and print the table (or the soak)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screens", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--store",
        nargs="+",
        choices=("sqlite", "postgres"),
        default=["sqlite", "postgres"],
    )
    parser.add_argument("--soak", type=float, default=0, help="seconds (e.g. 7200)")
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--samples", default="soak-samples.csv")
    args = parser.parse_args(argv)
    # stopped (a long soak cut short): the servers and the database go too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if args.soak:
        for store in args.store:
            soak(args, store)
        return
    print(
        f"web: {args.workers} gunicorn workers x 4 threads, {os.cpu_count()} cores "
        f"shared with the scheduler and locust; {args.seconds:g} s per level\n"
    )
    print("| store | screens | request | count | ms p50 / p95 / p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for store in args.store:
        with kiosk(store, args.workers, max(args.screens)) as k:
            time.sleep(10)  # the first feed refresh and its history
            for screens in args.screens:
                stats, counts = run_locust(
                    k["url"],
                    screens,
                    args.seconds,
                    k["kiosks"],
                    k["tile_seconds"],
                    k["folder"],
                )
                print(report(store, screens, args.seconds, stats, counts), flush=True)


if __name__ == "__main__":
    main()
