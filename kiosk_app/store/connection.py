"""Opening the Store's SQLite file, and reads that fail without failing the screen.

Every call opens its own short-lived connection (WAL mode, so readers never
wait for the writer), except inside ``reading()``, where one thread's reads
share one connection. When the data directory cannot be written (full or
read-only), SQLite cannot open its WAL index; the file is then read as it is
(``immutable=1``) so the screen keeps its values.

A read that fails answers empty (None, [], {}, False or a default) and is
logged by ``ReadFailures``: once per kind of failure until a read that had
failed succeeds again, so a screen polling every few seconds does not fill the
log.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self, TypeVar

from .schema import create_schema

log = logging.getLogger(__name__)

T = TypeVar("T")


class ReadFailures:
    """Which failed reads have been logged, so each kind is logged once.

    A kind of failure is the exception class and SQLite's message ("no such
    table: readings", "file is not a database"). The first failure of a kind
    is logged as an error, naming the read; later ones of that kind are not.
    When a read that had failed succeeds again, one line says so and every
    kind may be logged again. A read that never failed succeeding says
    nothing: one damaged table does not re-arm the log on every poll because
    another table can still be read.
    """

    def __init__(self, path: Path):
        self._path = path
        self._lock = threading.Lock()
        self._logged: set[tuple[str, str]] = set()
        self._failing: set[str] = set()

    def failed(self, what: str, err: sqlite3.Error) -> None:
        """Note that reading ``what`` failed with ``err`` (logged once per kind)."""
        kind = (type(err).__name__, str(err))
        with self._lock:
            self._failing.add(what)
            if kind in self._logged:
                return
            self._logged.add(kind)
        log.error(
            "Store %s: %s() failed (%s: %s); such reads answer empty, and this is "
            "not logged again until a read succeeds",
            self._path,
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
        log.warning("Store %s: %s() reads again", self._path, what)


class Database:
    """One SQLite file: connections, one-connection batches, guarded reads."""

    def __init__(self, path: Path):
        self.path = path
        # set only inside ``reading()``, and only for the thread that entered it
        self._batch = threading.local()
        self._read_failures = ReadFailures(path)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Self:
        """The Store kept in a data directory (``kiosk.db``)."""
        return cls(data_dir / "kiosk.db")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            if not self.path.is_file():
                raise
            return self._open_unchanging()
        return conn

    def _open_unchanging(self) -> sqlite3.Connection:
        """Read the file as it is when its directory cannot be written (a WAL
        reader needs to write its index, which a full or read-only disk
        refuses): the screen keeps the values it has."""
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}?immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        shared = getattr(self._batch, "conn", None)
        if shared is not None:
            yield shared
            return
        conn = self._open()
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def _read(self, what: str, read: Callable[[sqlite3.Connection], T], empty: T) -> T:
        """``read(conn)``, or ``empty`` when the file cannot be read (logged by
        ``ReadFailures``); ``what`` names the read (its method) in the log."""
        try:
            with self._connect() as conn:
                found = read(conn)
        except sqlite3.Error as err:
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
            conn = self._open()
        except sqlite3.Error:
            # not logged here: each read in the block tries on its own, fails
            # and is logged by ReadFailures
            yield
            return
        self._batch.conn = conn
        try:
            yield
        finally:
            self._batch.conn = None
            conn.close()

    def create(self) -> None:
        """Create the file and schema if missing (idempotent)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            create_schema(conn)

    def ping(self) -> bool:
        """True when the Store can be read."""
        if not self.path.exists():
            return False
        return self._read("ping", _can_read, False)


def _can_read(conn: sqlite3.Connection) -> bool:
    conn.execute("SELECT value FROM meta LIMIT 1").fetchall()
    return True
