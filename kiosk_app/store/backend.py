"""What every backend of the Store gives: connections spoken to the same
way (``Sql``), the errors a failed call raises (``StoreError``), and the
``Backend`` interface that kiosk_app/store/sqlite.py and
kiosk_app/store/postgres.py implement."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import psycopg

# what a failed read or write of either backend raises: catch this wherever a
# Store call may fail (the database is down, full, read-only or damaged)
StoreError: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)


def this_process() -> str:
    """This process among the servers sharing a Store: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


# a row read by column name: sqlite3.Row, or psycopg's dict row
Row = Any


class Sql:
    """One connection of either driver, spoken to the same way: ``?``
    placeholders, rows read by column name (``row["feed"]``)."""

    def __init__(self, raw: Any, placeholder: str = "?"):
        self.raw = raw
        self._placeholder = placeholder

    def _text(self, sql: str) -> str:
        return sql if self._placeholder == "?" else sql.replace("?", self._placeholder)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns the driver's cursor (fetchone, fetchall,
        rowcount, iteration)."""
        return self.raw.execute(self._text(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""
        rows = list(rows)
        if not rows:
            return
        if isinstance(self.raw, sqlite3.Connection):
            self.raw.executemany(sql, rows)
            return
        with self.raw.cursor() as cursor:
            cursor.executemany(self._text(sql), rows)


class Backend(Protocol):
    """Where the Store's tables live: opening connections, and how migrations
    run there (kiosk_app/store/sqlite.py, kiosk_app/store/postgres.py)."""

    # the database named for logs and /status (never with a password)
    name: str
    # named for /healthz, which monitoring tools keep: no local path either
    shown: str
    # "sqlite" or "postgres": the words of the schema (kiosk_app/store/schema.py)
    dialect: str

    def session(self, write: bool) -> contextlib.AbstractContextManager[Sql]:
        """A connection for one call: committed when the block ends (a write),
        rolled back when it raises, then closed or given back."""
        ...

    def open_batch(self) -> Sql:
        """A connection for a block of reads (``Database.reading``)."""
        ...

    def close_batch(self, conn: Sql) -> None:
        """End a block of reads."""
        ...

    def migrating(self) -> contextlib.AbstractContextManager[Sql]:
        """One transaction that only one process at a time may hold, for
        migrations (kiosk_app/store/migrations.py)."""
        ...

    def prepare(self) -> None:
        """Make the place ready before the first migration (a folder, WAL)."""
        ...

    def exists(self) -> bool:
        """False when there is certainly nothing to read yet."""
        ...

    def close(self) -> None:
        """Close what the backend keeps open (pooled connections)."""
        ...
