"""Exactly one scheduler across machines: two schedulers and two web servers
on one real PostgreSQL database, each with a data directory of its own (as on
separate machines). Both webs show the same tiles, only the leader refreshes,
the standby says so, and when the leader is killed (-9) the standby leads
within 30 s, without a second reading or briefing."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk_app.cli import LOST_LEAD_EXIT
from kiosk_app.leader import (
    LEADER_KEY,
    AdvisoryLeadership,
    AlreadyRunning,
    leadership_for,
)
from kiosk_app.store import Store
from kiosk_app.store.postgres import PostgresBackend
from tests.conftest import copy_config
from tests.support.server import REPO, KioskServer, get_json, kiosk_command
from tests.test_data_dir import tiles

TAKEOVER_SECONDS = 30  # the requirement for a standby
TOKEN = "leader-test-token-0123456789abcdef"


@dataclass
class Scheduler:
    """``python -m kiosk_app scheduler`` in a subprocess, with its log."""

    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def site(tmp_path: Path, postgres_url: str) -> Iterator[tuple[Path, dict, Store]]:
    """A config with a demo feed refreshed every 2 s and a short briefing, the
    environment pointing at a new database, and a Store to look at it."""
    config = copy_config(
        tmp_path,
        {
            "interval_seconds: 60": "interval_seconds: 2",
            "backfill_days: 30": "backfill_days: 1",
            "languages: [ko, en, zh, vi]   # built": "languages: [ko, en]   # built",
        },
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
        "KIOSK_DB_URL": postgres_url,
        "KIOSK_STAFF_TOKEN": TOKEN,
    }
    store = Store(PostgresBackend(postgres_url))
    yield config, env, store
    store.close()


def start_scheduler(config: Path, env: dict, folder: Path) -> Scheduler:
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "scheduler.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            kiosk_command("scheduler", config, folder / "var"),
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Scheduler(process, log_path)


def waiting(
    condition: Callable[[], object], timeout: float, alive: list[Scheduler]
) -> None:
    """Wait for ``condition`` (polled), failing at once with the logs if a
    scheduler that must run has exited."""
    deadline = time.monotonic() + timeout
    while True:
        for scheduler in alive:
            if scheduler.process.poll() is not None:
                pytest.fail(f"scheduler {scheduler.pid} exited:\n{scheduler.log()}")
        with contextlib.suppress(Exception):
            if condition():
                return
        if time.monotonic() > deadline:
            logs = "\n---\n".join(s.log() for s in alive)
            pytest.fail(f"not within {timeout} s: {condition}\n{logs}")
        time.sleep(0.2)


def leader_pid(store: Store) -> int | None:
    leader = store.get_meta(LEADER_KEY)
    return leader["pid"] if leader else None


def shown(server: KioskServer) -> list[tuple[str, str]]:
    """Each tile's class and text, as the web server's page shows them."""
    return [(t["className"], repr(t.get("children"))) for t in tiles(server)]


def rows(store: Store, sql: str) -> list[dict]:
    with store._connect() as conn:
        return list(conn.execute(sql).fetchall())


def test_one_scheduler_leads_and_a_standby_takes_over_within_30_s(
    site: tuple[Path, dict, Store], tmp_path: Path
) -> None:
    config, env, store = site
    password = urllib.parse.urlsplit(env["KIOSK_DB_URL"]).password or ""
    first = start_scheduler(config, env, tmp_path / "machine-a")
    schedulers = [first]
    webs: list[KioskServer] = []
    try:
        waiting(lambda: leader_pid(store) == first.pid, 60, [first])
        second = start_scheduler(config, env, tmp_path / "machine-b")
        schedulers.append(second)
        waiting(lambda: "standby" in second.log(), 60, schedulers)
        assert f"pid {first.pid}" in second.log().split("standby", 1)[1]

        for name in ("web-a", "web-b"):
            web = KioskServer(
                config,
                tmp_path / name / "var",
                command="web",
                env=env,
                args=("--workers", "1"),
            )
            webs.append(web.start())

        # the leader refreshes (each refresh is noted with its host and pid);
        # the standby does not
        a_by = store.get_meta(LEADER_KEY)["by"]
        assert a_by.endswith(f":{first.pid}")
        waiting(lambda: store.attempts_by().get("demo") == a_by, 60, schedulers)
        attempt = store.feed_health("demo").last_attempt
        waiting(
            lambda: store.feed_health("demo").last_attempt > attempt, 30, schedulers
        )
        assert store.attempts_by() == {"demo": a_by}
        assert "scheduler running" not in second.log()

        # both webs read the one database: the same tiles, with values
        def same_tiles() -> bool:
            one, two = shown(webs[0]), shown(webs[1])
            return bool(one) and one == shown(webs[1]) == two

        waiting(same_tiles, 30, schedulers)
        assert all("tile-unavailable" not in c for c, _ in shown(webs[0]))

        # the leader's briefing of today, built once, in each language
        waiting(
            lambda: len(rows(store, "SELECT * FROM briefings")) == 2, 120, schedulers
        )
        built = {
            (r["day"], r["language"]): r["created_at"]
            for r in rows(store, "SELECT * FROM briefings")
        }

        first.process.kill()  # kill -9: no goodbye to the database
        killed = time.monotonic()
        first.process.wait(timeout=10)
        waiting(lambda: leader_pid(store) == second.pid, TAKEOVER_SECONDS, [second])
        took = time.monotonic() - killed
        print(f"standby led {took:.1f} s after the leader was killed")
        b_by = store.get_meta(LEADER_KEY)["by"]
        waiting(lambda: store.attempts_by().get("demo") == b_by, 30, [second])

        # both webs tell who leads now
        for web in webs:
            health = get_json(web.url + "healthz", token=TOKEN)
            assert health["scheduler"]["leader"]["pid"] == second.pid
            assert health["feeds"][0]["last_attempt_by"] == b_by
            assert password not in str(health)

        # the new leader did not build today's briefing again, and no reading
        # or briefing is stored twice
        after = {
            (r["day"], r["language"]): r["created_at"]
            for r in rows(store, "SELECT * FROM briefings")
        }
        assert after == built
        assert not rows(
            store,
            "SELECT feed, field, as_of FROM readings GROUP BY feed, field, as_of"
            " HAVING count(*) > 1",
        )
        assert not rows(
            store,
            "SELECT day, language FROM briefings GROUP BY day, language"
            " HAVING count(*) > 1",
        )
        # the site's day (Asia/Seoul) may be a day ahead of UTC's
        today = dt.datetime.now(dt.UTC).date()
        near = {str(today + dt.timedelta(days)) for days in (-1, 0, 1)}
        assert {day for day, _ in after} <= near
    finally:
        for web in webs:
            web.stop()
        for scheduler in schedulers:
            if scheduler.process.poll() is None:
                scheduler.process.terminate()
                scheduler.process.wait(timeout=20)
    logs = [s.log() for s in schedulers] + [w.log() for w in webs]
    assert all(password not in log for log in logs)
    assert all("Traceback" not in log for log in logs), logs


def test_a_leader_that_loses_its_lock_connection_stops_at_once(
    site: tuple[Path, dict, Store], tmp_path: Path
) -> None:
    config, env, store = site
    first = start_scheduler(config, env, tmp_path / "machine-a")
    schedulers = [first]
    try:
        waiting(lambda: leader_pid(store) == first.pid, 60, [first])
        second = start_scheduler(config, env, tmp_path / "machine-b")
        schedulers.append(second)
        waiting(lambda: "standby" in second.log(), 60, schedulers)
        # the database ends the leader's lock session (a network cut, a
        # restart, an administrator): the leader must not go on scheduling
        ended = rows(
            store,
            "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity"
            " WHERE application_name = 'kiosk-scheduler' AND pid IN (SELECT pid"
            " FROM pg_locks WHERE locktype = 'advisory' AND granted)",
        )
        assert [r["ended"] for r in ended] == [True]
        assert first.process.wait(timeout=30) == LOST_LEAD_EXIT
        assert "lost the lead" in first.log()
        waiting(lambda: leader_pid(store) == second.pid, TAKEOVER_SECONDS, [second])
    finally:
        for scheduler in schedulers:
            if scheduler.process.poll() is None:
                scheduler.process.terminate()
                scheduler.process.wait(timeout=20)


def test_without_waiting_a_second_leader_is_told_who_leads(
    postgres_url: str,
) -> None:
    store = Store(PostgresBackend(postgres_url))
    store.create()
    one = leadership_for(store, Path("/nonexistent"))
    two = leadership_for(store, Path("/nonexistent"))
    assert isinstance(one, AdvisoryLeadership)
    one.acquire(wait=False)
    with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
        two.acquire(wait=False)
    one.release()
    two.acquire(wait=False)  # given back: the next one leads
    assert store.get_meta(LEADER_KEY)["pid"] == os.getpid()
    two.release()
    store.close()
