"""The Store in a SQLite file: the embedded default, one machine.

WAL mode, so readers never wait for the writer; a short-lived connection per
call. When the data directory cannot be written (full or read-only), SQLite
cannot open its WAL index; the file is then read as it is (``immutable=1``) so
the screen keeps its values.
"""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from .backend import Sql

BUSY_SECONDS = 5.0


class SQLiteBackend:
    """One SQLite file."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = path
        self.name = f"SQLite {path}"
        self.shown = f"SQLite {path.name} in the data directory"

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
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
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)
        conn.row_factory = sqlite3.Row
        return conn

    @contextlib.contextmanager
    def session(self, write: bool) -> Iterator[Sql]:
        conn = self._open()
        try:
            with conn:  # commits, or rolls back on an exception
                yield Sql(conn)
        finally:
            conn.close()

    def open_batch(self) -> Sql:
        return Sql(self._open())

    def close_batch(self, conn: Sql) -> None:
        conn.raw.close()

    @contextlib.contextmanager
    def migrating(self) -> Iterator[Sql]:
        """``BEGIN IMMEDIATE``: the write lock from the start, so a second
        process starting at the same moment waits, then sees the new version."""
        conn = self._open()
        conn.isolation_level = None  # transactions by hand, DDL included
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Sql(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def prepare(self) -> None:
        """The folder, and WAL mode (kept in the file once set). A file that
        cannot be written is left as it is: when its schema is current, the
        Store reads it as it is (a full or read-only disk)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._open()
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # migrate() says so if the schema needs a write
        finally:
            conn.close()

    def exists(self) -> bool:
        return self.path.exists()

    def close(self) -> None:
        """Nothing stays open between calls."""
