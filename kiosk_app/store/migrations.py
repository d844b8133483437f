"""Schema versions, applied at start by a small versioned runner.

Every process that opens the Store (``Store.create``, through
``prepare_store``) reads the schema version kept in ``meta`` and applies the
numbered migrations above it (kiosk_app/store/schema.py), in one transaction
that one process at a time may hold: SQLite's ``BEGIN IMMEDIATE``, and on
PostgreSQL a transaction-level advisory lock, so two servers starting together
never both migrate (the second waits, then finds the work done). A database
already at this code's version is only read: a full or read-only SQLite file
still opens. A database newer than the code is refused (``SchemaTooNew``):
an older server must not write to tables it does not know.

Why not Alembic: the Store has a handful of tables and no ORM models;
Alembic would bring SQLAlchemy into the web and scheduler processes, an
``env.py`` and a versions folder, and its own bookkeeping table, to run a few
CREATE statements in two dialects. It also could not stay read-only when
nothing is to be done, which the read-only SQLite fallback needs. The files
of schema 1 to 3, made before this runner with CREATE ... IF NOT EXISTS and
their version in ``meta``, upgrade in place because the migrations say IF NOT
EXISTS too and the version lives where it always did.
"""

from __future__ import annotations

import json
import logging

from .backend import Backend, Sql
from .schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

VERSION_KEY = "schema_version"
# the versions made before this runner, every table with CREATE ... IF NOT EXISTS
BEFORE_RUNNER = 3

_HAS_META = {
    "sqlite": "SELECT count(*) AS found FROM sqlite_master "
    "WHERE type = 'table' AND name = 'meta'",
    "postgres": "SELECT count(*) AS found FROM pg_catalog.pg_tables "
    "WHERE schemaname = current_schema() AND tablename = 'meta'",
}


class SchemaTooNew(RuntimeError):
    """The database was written by newer code than this process runs."""


def schema_version(conn: Sql, dialect: str) -> int:
    """The version kept in ``meta`` (0: an empty database)."""
    if not conn.execute(_HAS_META[dialect]).fetchone()["found"]:
        return 0
    row = conn.execute(
        "SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)
    ).fetchone()
    if row is None:
        return 0
    return int(json.loads(row["value"]))


def _refuse_newer(found: int, name: str) -> None:
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the Store {name} is at schema version {found}, newer than this "
            f"kiosk knows ({SCHEMA_VERSION}): a newer kiosk has used it. Run the "
            "same kiosk version on every server (update this one), or give it a "
            "database of its own"
        )


def migrate(backend: Backend) -> int:
    """Bring the database to ``SCHEMA_VERSION``; returns it. Raises
    SchemaTooNew, or the driver's error when the database cannot be written."""
    with backend.session(write=False) as conn:
        found = schema_version(conn, backend.dialect)
    _refuse_newer(found, backend.name)
    if found == SCHEMA_VERSION:
        return found
    with backend.migrating() as conn:
        found = schema_version(conn, backend.dialect)  # another may have done it
        _refuse_newer(found, backend.name)
        pending = [m for m in MIGRATIONS if m.version > found]
        # a file from before the runner may lack a table its version promises
        # (they were all made with IF NOT EXISTS): those steps run again
        again = [m for m in MIGRATIONS if m.version <= min(found, BEFORE_RUNNER)]
        for migration in again + pending:
            for statement in migration.sql(backend.dialect):
                conn.execute(statement)
        if pending:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (VERSION_KEY, json.dumps(SCHEMA_VERSION)),
            )
    if pending:
        log.info(
            "Store %s: schema %d -> %d (%s)",
            backend.name,
            found,
            SCHEMA_VERSION,
            "; ".join(m.adds for m in pending),
        )
    return SCHEMA_VERSION
