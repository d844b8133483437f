"""The Store on PostgreSQL: several web servers and one scheduler, on several
machines, sharing one database.

Chosen by URL (config.yaml ``store.url_env`` names the environment variable
holding a ``postgresql://`` URL); the URL and its password never reach a log
or a page: the database is named by ``redacted`` (user, host, port, database).

Every external call has a timeout: connecting (``CONNECT_TIMEOUT``), every
statement (``statement_timeout`` on the server), and a dead network (TCP
keepalives and ``tcp_user_timeout``). A process keeps a few idle connections
(``Pool``) rather than connecting for every read; a screen refresh takes one.

When the database cannot be reached, the screen must not wait a connect
timeout per tile: after a failed connect, connections are refused at once
for ``RETRY_SECONDS`` with the same error (so ``ReadFailures`` logs it once),
then tried again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

from .backend import Sql

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3  # seconds (libpq's least is 2)
STATEMENT_TIMEOUT_MS = 10_000
RETRY_SECONDS = 5.0  # after a failed connect, refuse at once for this long
POOL_SIZE = 4  # idle connections kept per process
POOL_IDLE_SECONDS = 60.0  # an idle connection older than this is closed
# the server ends a dead client's session (its locks with it) after about
# idle + interval * count seconds; the client notices a dead server as fast
KEEPALIVE = {"idle": 8, "interval": 4, "count": 3}
TCP_USER_TIMEOUT_MS = 10_000
# the advisory lock key (a bigint) that serialises migrations
MIGRATION_LOCK = 0x6B696F736B_01  # "kiosk" 1


class BadDatabaseUrl(ValueError):
    """The database URL cannot be used (the message never holds the URL)."""


def parse_url(url: str, variable: str = "the database URL") -> dict[str, str]:
    """The parts of a ``postgresql://`` URL; BadDatabaseUrl when it is not one
    (the message names the variable, never the value: it holds a password)."""
    scheme = urllib.parse.urlsplit(url.strip()).scheme
    if scheme not in ("postgresql", "postgres"):
        raise BadDatabaseUrl(
            f"{variable} must be a postgresql://user:password@host:5432/database URL"
        )
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url.strip()).items()}
    except (psycopg.Error, ValueError):
        raise BadDatabaseUrl(
            f"{variable} is not a valid postgresql:// URL (check its quoting: "
            "characters such as @ : / in the password are written %40 %3A %2F)"
        ) from None


def redacted(parts: dict[str, str]) -> str:
    """The database as shown in logs and on /status: no password."""
    user = parts.get("user", "")
    host = parts.get("host", "localhost")
    port = parts.get("port", "5432")
    where = f"{host}:{port}" if not host.startswith("/") else host
    return f"postgresql://{user + '@' if user else ''}{where}/{parts.get('dbname', '')}"


def connect_kwargs(
    parts: dict[str, str], *, statement_timeout_ms: int = STATEMENT_TIMEOUT_MS
) -> dict[str, Any]:
    """libpq parameters: the URL's, with the timeouts and keepalives added
    (server-side keepalives too: they end a dead machine's session)."""
    server = [
        f"-c statement_timeout={statement_timeout_ms}",
        f"-c tcp_keepalives_idle={KEEPALIVE['idle']}",
        f"-c tcp_keepalives_interval={KEEPALIVE['interval']}",
        f"-c tcp_keepalives_count={KEEPALIVE['count']}",
    ]
    options = " ".join([parts.get("options", ""), *server]).strip()
    return {
        **parts,
        "connect_timeout": parts.get("connect_timeout", str(CONNECT_TIMEOUT)),
        "application_name": parts.get("application_name", "kiosk"),
        "keepalives": "1",
        "keepalives_idle": str(KEEPALIVE["idle"]),
        "keepalives_interval": str(KEEPALIVE["interval"]),
        "keepalives_count": str(KEEPALIVE["count"]),
        "tcp_user_timeout": str(TCP_USER_TIMEOUT_MS),
        "options": options,
    }


def _ended(conn: psycopg.Connection[Any]) -> bool:
    """True when the server said something to an idle connection: only its
    goodbye (a restart, an administrator ending the session), so the
    connection is dead and a read on it would fail once for nothing."""
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError, psycopg.Error):
        return True
    return bool(readable)


class Pool:
    """A few idle connections of one process, thread-safe, fork-aware.

    A connection is handed out to one caller at a time and comes back only if
    it is healthy and outside a transaction. One the server ended while it sat
    idle (a restart) is dropped before it is handed out; one that breaks in use
    fails its call (an empty read, logged once) and is dropped.
    """

    def __init__(self, connect: Any, size: int = POOL_SIZE):
        self._connect = connect
        self._size = size
        self._lock = threading.Lock()
        self._idle: list[tuple[float, psycopg.Connection]] = []
        self._pid = os.getpid()

    def get(self) -> psycopg.Connection:
        now = time.monotonic()
        stale: list[psycopg.Connection] = []
        found = None
        with self._lock:
            if self._pid != os.getpid():
                # a forked child must not use its parent's sockets
                self._idle, self._pid = [], os.getpid()
            while self._idle:
                since, conn = self._idle.pop()
                if now - since > POOL_IDLE_SECONDS or conn.closed or _ended(conn):
                    stale.append(conn)
                    continue
                found = conn
                break
        for conn in stale:
            conn.close()
        return found if found is not None else self._connect()

    def put(self, conn: psycopg.Connection) -> None:
        healthy = (
            not conn.closed
            and conn.info.transaction_status == TransactionStatus.IDLE
            and self._pid == os.getpid()
        )
        if healthy:
            with self._lock:
                if len(self._idle) < self._size:
                    self._idle.append((time.monotonic(), conn))
                    return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for _, conn in idle:
            conn.close()


class PostgresBackend:
    """One PostgreSQL database, by URL."""

    dialect = "postgres"

    def __init__(self, url: str, variable: str = "the database URL"):
        self._parts = parse_url(url, variable)
        self.name = redacted(self._parts)
        self.shown = self.name
        self._kwargs = connect_kwargs(self._parts)
        self._pool = Pool(self._new_connection)
        self._down_until = 0.0
        self._down_error = ""

    def connect(self, **overrides: Any) -> psycopg.Connection[Any]:
        """A new connection of its own (not pooled: the scheduler's lock)."""
        return psycopg.connect(
            **{**self._kwargs, **overrides}, autocommit=True, row_factory=dict_row
        )

    def _new_connection(self) -> psycopg.Connection:
        if time.monotonic() < self._down_until:
            raise psycopg.OperationalError(self._down_error)
        try:
            return self.connect()
        except psycopg.OperationalError as err:
            self._down_error = str(err).strip()
            self._down_until = time.monotonic() + RETRY_SECONDS
            raise

    @contextlib.contextmanager
    def session(self, write: bool) -> Iterator[Sql]:
        conn = self._pool.get()
        try:
            if write:
                with conn.transaction():
                    yield Sql(conn, "%s")
            else:
                yield Sql(conn, "%s")
        except BaseException:
            conn.close()  # in an unknown state: never reused
            raise
        self._pool.put(conn)

    def open_batch(self) -> Sql:
        return Sql(self._pool.get(), "%s")

    def close_batch(self, conn: Sql) -> None:
        self._pool.put(conn.raw)

    @contextlib.contextmanager
    def migrating(self) -> Iterator[Sql]:
        """A transaction holding a transaction-level advisory lock: a second
        process starting at the same moment waits for the first's migration,
        then finds the new version. DDL is transactional here: a failed
        migration leaves nothing half done."""
        with self.connect() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            yield Sql(conn, "%s")

    def prepare(self) -> None:
        """Nothing: the database is made by its administrator."""

    def exists(self) -> bool:
        return True

    def close(self) -> None:
        self._pool.close()
