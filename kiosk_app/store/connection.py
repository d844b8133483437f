"""Connections to the Store's database, and reads that fail without failing the screen.

Every call takes its own connection from the backend (a new SQLite connection;
a pooled PostgreSQL one) and gives it back at once, except inside
``reading()``, where one thread's reads share one connection. The tables'
queries are one set of SQL for both backends, written with ``?`` placeholders
and read by column name (``Sql``); what differs lives in the backend
(kiosk_app/store/backend.py and the modules of each).

A read that fails answers empty (None, [], {}, False or a default) and is
logged by ``ReadFailures``: once per kind of failure until a read that had
failed succeeds again, so a screen polling every few seconds does not fill the
log.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self, TypeVar

from .backend import Backend, Sql, StoreError
from .migrations import migrate
from .sqlite import SQLiteBackend

log = logging.getLogger(__name__)

T = TypeVar("T")


class ReadFailures:
    """Which failed reads have been logged, so each kind is logged once.

    A kind of failure is the exception class and the driver's message ("no
    such table: readings", "file is not a database", "connection refused").
    The first failure of a kind is logged as an error, naming the read; later
    ones of that kind are not. When a read that had failed succeeds again,
    one line says so and every kind may be logged again. A read that never
    failed succeeding says nothing: one damaged table does not re-arm the log
    on every poll because another table can still be read.
    """

    def __init__(self, name: str):
        self._name = name
        self._lock = threading.Lock()
        self._logged: set[tuple[str, str]] = set()
        self._failing: set[str] = set()

    def failed(self, what: str, err: Exception) -> None:
        """Note that reading ``what`` failed with ``err`` (logged once per kind)."""
        kind = (type(err).__name__, str(err).strip())
        with self._lock:
            self._failing.add(what)
            if kind in self._logged:
                return
            self._logged.add(kind)
        log.error(
            "Store %s: %s() failed (%s: %s); such reads answer empty, and this is "
            "not logged again until a read succeeds",
            self._name,
            what,
            kind[0],
            kind[1],
        )

    def succeeded(self, what: str) -> None:
        """Note that reading ``what`` worked (logs a recovery if it had failed)."""
        if what not in self._failing:  # unlocked fast path: the usual case
            return
        with self._lock:
            if what not in self._failing:
                return
            self._failing.clear()
            self._logged.clear()
        log.warning("Store %s: %s() reads again", self._name, what)


class Database:
    """The Store's database on one backend: connections, one-connection
    batches, guarded reads, migrations at start (``create``)."""

    # what a failed call raises (kiosk_core.store.BriefingStore.errors)
    errors: tuple[type[Exception], ...] = StoreError

    def __init__(self, where: Path | Backend):
        if isinstance(where, Path):
            where = SQLiteBackend(where)
        self.backend: Backend = where
        # set only inside ``reading()``, and only for the thread that entered it
        self._batch = threading.local()
        self._read_failures = ReadFailures(self.backend.name)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Self:
        """The SQLite Store kept in a data directory (``kiosk.db``)."""
        return cls(data_dir / "kiosk.db")

    @property
    def name(self) -> str:
        """The database, named for logs and /status (no password)."""
        return self.backend.name

    @property
    def shown(self) -> str:
        """The database, named for /healthz (no password, no local path)."""
        return self.backend.shown

    @property
    def path(self) -> Path:
        """The SQLite file (SQLite only)."""
        path = getattr(self.backend, "path", None)
        if path is None:
            raise AttributeError(f"{self.backend.name} is not a file")
        return path

    @contextlib.contextmanager
    def _connect(self, write: bool = True) -> Iterator[Sql]:
        shared = getattr(self._batch, "conn", None)
        if shared is not None and not write:
            yield shared
            return
        with self.backend.session(write) as conn:
            yield conn

    def _read(self, what: str, read: Callable[[Sql], T], empty: T) -> T:
        """``read(conn)``, or ``empty`` when the database cannot be read (logged
        by ``ReadFailures``); ``what`` names the read (its method) in the log."""
        try:
            with self._connect(write=False) as conn:
                found = read(conn)
        except StoreError as err:
            self._read_failures.failed(what, err)
            return empty
        self._read_failures.succeeded(what)
        return found

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Serve every read in the block from one connection (one screen refresh)."""
        if getattr(self._batch, "conn", None) is not None:
            yield
            return
        try:
            conn = self.backend.open_batch()
        except StoreError:
            # not logged here: each read in the block tries on its own, fails
            # and is logged by ReadFailures
            yield
            return
        self._batch.conn = conn
        try:
            yield
        finally:
            self._batch.conn = None
            self.backend.close_batch(conn)

    def create(self) -> int:
        """Bring the database to this code's schema (creating it if missing);
        returns the schema version. Raises SchemaTooNew for a database written
        by newer code."""
        self.backend.prepare()
        return migrate(self.backend)

    def ping(self) -> bool:
        """True when the Store can be read."""
        if not self.backend.exists():
            return False
        return self._read("ping", _can_read, False)

    def close(self) -> None:
        """Close pooled connections (a process that is done with the Store)."""
        self.backend.close()


def _can_read(conn: Sql) -> bool:
    conn.execute("SELECT value FROM meta LIMIT 1").fetchall()
    return True
