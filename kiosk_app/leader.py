"""Exactly one scheduler: which one leads, and how a standby takes over.

With the SQLite Store (one machine) leadership is the lock file in the data
directory, as before: a second scheduler refuses to start (``FileLeadership``).

With PostgreSQL (several machines) it is a session-level advisory lock,
``pg_try_advisory_lock(LEADER_LOCK)``, held on a connection of its own
(``AdvisoryLeadership``). A second scheduler waits as a hot standby: it logs
"standby" with who leads and tries again every ``RETRY_SECONDS``. When the
leader dies the server ends its session and frees the lock: at once when the
process is killed (even ``kill -9``: its machine closes the socket), within
about 20 s when the machine itself is gone (the session's TCP keepalives,
kiosk_app/store/postgres.py ``KEEPALIVE``); the standby takes it within
``RETRY_SECONDS`` after that, well inside 30 s.

The leader checks its lock connection every ``CHECK_SECONDS``. If it is lost
(the network, the database restarting, an administrator ending the session),
another scheduler may already lead, so ``on_lost`` stops this one at once
(the ``scheduler`` command exits non-zero and systemd starts it again, as a
standby). Its client-side keepalives and ``tcp_user_timeout`` make it notice
a dead network sooner than the server frees the lock, so two never lead.

Who leads (host, pid, since) is kept in the Store's meta (``LEADER_KEY``),
beside the scheduler's heartbeat, for /status and /healthz.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import psycopg

from kiosk_app.store import Store
from kiosk_app.store.backend import this_process
from kiosk_app.store.postgres import PostgresBackend
from kiosk_core.readings import utc_text

log = logging.getLogger(__name__)

LEADER_KEY = "scheduler_leader"
# the advisory lock key (a bigint; advisory locks are per database)
LEADER_LOCK = 0x6B696F736B_02  # "kiosk" 2
RETRY_SECONDS = 3.0  # a standby tries to take the lead this often
CHECK_SECONDS = 2.0  # the leader checks its lock connection this often


class AlreadyRunning(RuntimeError):
    """Another scheduler holds the lock of this data directory."""


class SchedulerLock:
    """An exclusive, non-blocking lock on ``<data dir>/scheduler.lock``."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "scheduler.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            # a read-only data directory: lock the file that is there (a lock
            # needs no writing), so the scheduler runs and recovers with it
            fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                f"another scheduler is already running for {self.path.parent}"
            ) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        """Give the lock back."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def leader_record(since: dt.datetime) -> dict[str, Any]:
    """What the Store's meta says of this process as leader."""
    host, _, pid = this_process().rpartition(":")
    return {
        "host": host,
        "pid": int(pid),
        "by": this_process(),
        "since": utc_text(since),
    }


def _describe(leader: Any) -> str:
    if not isinstance(leader, dict):
        return "another scheduler"
    return (
        f"the scheduler on {leader.get('host')} (pid {leader.get('pid')}, "
        f"since {leader.get('since')})"
    )


class Leadership(Protocol):
    """Being the one scheduler: taken before scheduling, given back after."""

    def acquire(self, wait: bool = True) -> None:
        """Lead, or raise AlreadyRunning; ``wait``: as a standby, until leading
        (where the backend allows a standby)."""
        ...

    def watch(self, on_lost: Callable[[str], None]) -> None:
        """Call ``on_lost(reason)`` once if the lead is lost while held."""
        ...

    def release(self) -> None:
        """Stop leading."""
        ...


class FileLeadership:
    """The SQLite Store's rule: a lock file in the data directory; a second
    scheduler refuses (a lock held by this machine's kernel is never lost)."""

    def __init__(self, store: Store, data_dir: Path):
        self.store = store
        self._lock = SchedulerLock(data_dir)

    def acquire(self, wait: bool = True) -> None:
        self._lock.acquire()
        _announce(self.store)

    def watch(self, on_lost: Callable[[str], None]) -> None:
        """Nothing to watch."""

    def release(self) -> None:
        self._lock.release()


class AdvisoryLeadership:
    """The PostgreSQL Store's rule: a session-level advisory lock on a
    connection of its own; a second scheduler waits as a standby."""

    def __init__(
        self,
        store: Store,
        backend: PostgresBackend,
        retry_seconds: float = RETRY_SECONDS,
        check_seconds: float = CHECK_SECONDS,
    ):
        self.store = store
        self._backend = backend
        self._retry = retry_seconds
        self._check = check_seconds
        self._conn: psycopg.Connection[Any] | None = None
        self._conn_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def _try(self) -> bool:
        """One attempt at the lock (connecting first if needed)."""
        with self._conn_lock:
            if self._conn is None or self._conn.closed:
                self._conn = self._backend.connect(application_name="kiosk-scheduler")
            row = self._conn.execute(
                "SELECT pg_try_advisory_lock(%s) AS got", (LEADER_LOCK,)
            ).fetchone()
        return bool(row and row["got"])

    def _drop_connection(self) -> None:
        with self._conn_lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def acquire(self, wait: bool = True) -> None:
        said_standby: str | None = None
        unreachable: str | None = None
        while True:
            try:
                if self._try():
                    break
                if unreachable is not None:
                    log.info("the database %s answers again", self._backend.name)
                    unreachable = None
            except psycopg.Error as err:
                self._drop_connection()
                if not wait:
                    raise
                reason = str(err).strip()
                if reason != unreachable:
                    log.error(
                        "cannot reach the database %s (%s); trying again every %g s",
                        self._backend.name,
                        reason,
                        self._retry,
                    )
                    unreachable = reason
                self._stop.wait(self._retry)
                continue
            leader = _describe(self.store.get_meta(LEADER_KEY))
            if not wait:
                self._drop_connection()
                raise AlreadyRunning(f"{leader} leads for {self._backend.name}")
            if leader != said_standby:
                log.info(
                    "standby: %s leads for %s; this one takes over when it stops "
                    "(trying every %g s)",
                    leader,
                    self._backend.name,
                    self._retry,
                )
                said_standby = leader
            self._stop.wait(self._retry)
        _announce(self.store)

    def _holds(self) -> bool:
        """The lock connection is alive and holds the lock."""
        classid, objid = LEADER_LOCK >> 32, LEADER_LOCK & 0xFFFFFFFF
        with self._conn_lock:
            if self._conn is None:
                return False
            row = self._conn.execute(
                "SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory'"
                " AND pid = pg_backend_pid() AND granted"
                " AND classid = %s AND objid = %s AND objsubid = 1",
                (classid, objid),
            ).fetchone()
        return bool(row and row["held"])

    def watch(self, on_lost: Callable[[str], None]) -> None:
        def check() -> None:
            while not self._stop.wait(self._check):
                try:
                    if self._holds():
                        continue
                    reason = "the lock is no longer held by this session"
                except psycopg.Error as err:
                    reason = f"the lock connection failed: {str(err).strip()}"
                if self._stop.is_set():
                    return
                on_lost(reason)
                return

        self._watcher = threading.Thread(
            target=check, name="scheduler-leadership", daemon=True
        )
        self._watcher.start()

    def release(self) -> None:
        self._stop.set()
        with self._conn_lock:
            if self._conn is not None and not self._conn.closed:
                try:
                    self._conn.execute("SELECT pg_advisory_unlock(%s)", (LEADER_LOCK,))
                except psycopg.Error:
                    pass  # closing the session frees it anyway
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _announce(store: Store) -> None:
    """Say in the log and in the Store who leads now."""
    record = leader_record(dt.datetime.now(dt.UTC))
    try:
        store.set_meta(LEADER_KEY, record)
    except Exception as err:  # noqa: BLE001 - a Store that cannot be written
        log.error("cannot note the scheduler's lead in the Store: %s", err)
    log.info(
        "this scheduler leads for %s (%s, pid %s)",
        store.name,
        socket.gethostname(),
        record["pid"],
    )


def leadership_for(store: Store, data_dir: Path) -> Leadership:
    """The rule of this Store: an advisory lock on PostgreSQL, else the lock
    file in the data directory."""
    if isinstance(store.backend, PostgresBackend):
        return AdvisoryLeadership(store, store.backend)
    return FileLeadership(store, data_dir)
