"""The Store: the one thing the web and scheduler processes share.

Two backends behind one interface (``kiosk_core.store``'s protocols):

- SQLite, the embedded default: a file under the data directory (WAL mode, so
  readers never wait for the writer), for one machine;
- PostgreSQL, by URL (config.yaml ``store.url_env`` names the environment
  variable holding it), for several web servers and a standby scheduler on
  several machines.

``open_store`` picks one the same way in every process. The scheduler writes
readings, feed health and briefings; the web process reads them, and writes
only the screens' heartbeats (``screens``). Every call takes its own
connection, so the Store holds no state that could be shared across requests
or threads (only, per Store, which failed reads have already been logged, and
on PostgreSQL a few idle connections).

How the package is cut: one module per table, one per backend, and the schema.

- ``connection``: ``Database``, connections through a backend, ``reading()``
  batches, and ``_read``, which turns a failed read into an empty answer and
  logs it once per kind of failure (``ReadFailures``);
- ``backend``: what both backends give (``Sql``: ``?`` placeholders, rows by
  name) and ``StoreError``, what a failed call raises on either;
- ``sqlite``, ``postgres``: opening connections, and what differs (the
  read-as-is fallback of a full disk; a pool, timeouts, a database that is
  down);
- ``schema``: the tables as numbered migrations; ``migrations``: the runner
  that applies them at start;
- ``readings``, ``health``, ``briefings``, ``screens``, ``meta``: the queries
  on each table, as mixins of ``Database``, one SQL for both backends.

``Store`` is those mixins together. Mixins rather than repository objects
held by the Store: the Store's flat interface (``store.latest``,
``store.health``, ...) is what ``kiosk_core.store`` and ``kiosk_core.tiles``
describe, and mixins give it without a forwarding method per query; they share
the one ``Database`` base, so a batch opened by ``reading()`` serves the reads
of every table.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .backend import StoreError
from .briefings import BriefingsTable
from .health import HealthTable
from .meta import MetaTable
from .migrations import SchemaTooNew
from .postgres import BadDatabaseUrl, PostgresBackend
from .readings import ReadingsTable
from .screens import ScreenBeat, ScreenRow, ScreensTable

if TYPE_CHECKING:
    from kiosk_app.config.schema import Config
    from kiosk_app.settings import Settings

__all__ = [
    "BadDatabaseUrl",
    "SchemaTooNew",
    "ScreenBeat",
    "ScreenRow",
    "Store",
    "StoreError",
    "database_url",
    "open_store",
    "prepare_store",
    "url_problem",
]

log = logging.getLogger(__name__)


class Store(ReadingsTable, HealthTable, BriefingsTable, ScreensTable, MetaTable):
    """Readings, feed health, briefings, screens and notes, in one database."""


def database_url(url_env: str | None, environ: Mapping[str, str]) -> str | None:
    """The PostgreSQL URL the config points at, or None for SQLite (no
    ``url_env``, or its variable unset or empty)."""
    if not url_env:
        return None
    return environ.get(url_env, "").strip() or None


def url_problem(url_env: str | None, environ: Mapping[str, str]) -> str | None:
    """What ``check`` says about ``store.url_env`` in this environment: the
    variable unset (the Store stays SQLite), or not a usable URL."""
    if not url_env:
        return None
    url = database_url(url_env, environ)
    if url is None:
        return (
            f"{url_env} is not set here: the Store is the SQLite file in the data "
            "directory; to share a PostgreSQL database, set it where web and "
            "scheduler run"
        )
    try:
        PostgresBackend(url, variable=url_env)
    except BadDatabaseUrl as err:
        return str(err)
    return None


def open_store(
    settings: Settings, config: Config, environ: Mapping[str, str] | None = None
) -> Store:
    """The Store every process of this server uses: PostgreSQL when the
    variable config.yaml's ``store.url_env`` names holds a URL, else SQLite in
    the data directory. Read once at start: a changed ``url_env`` takes effect
    when the process restarts. Raises BadDatabaseUrl for a URL that is not one
    (naming the variable, never the value)."""
    url_env = config.store.url_env
    url = database_url(url_env, os.environ if environ is None else environ)
    if url is None:
        return Store.in_data_dir(settings.data_dir)
    return Store(PostgresBackend(url, variable=str(url_env)))


def prepare_store(store: Store) -> bool:
    """Bring the Store to this code's schema if it can be; a full or read-only
    data directory, or a database that is down, is reported, not fatal: the
    screen still shows what the Store holds. A database newer than this code
    raises SchemaTooNew (the process must not start)."""
    try:
        version = store.create()
    except StoreError + (OSError,) as err:
        log.error(
            "cannot prepare the Store %s (%s); carrying on with what it holds",
            store.name,
            str(err).strip(),
        )
        return False
    log.info("Store %s (schema %d)", store.name, version)
    return True
