"""The Store: the one thing the web and scheduler processes share.

A SQLite file (WAL mode, so readers never wait for the writer) under the data
directory. The scheduler writes readings, feed health and briefings; the web
process reads them, and writes only the screens' heartbeats (``screens``).
Every call opens its own short-lived connection, so the Store holds no state
that could be shared across requests or threads (only, per Store, which failed
reads have already been logged).

How the package is cut: one module per table and one for the file itself.

- ``connection``: ``Database``, opening the file (WAL, the read-as-is fallback
  for a full or read-only disk), ``reading()`` batches, and ``_read``, which
  turns a failed read into an empty answer and logs it once per kind of
  failure (``ReadFailures``);
- ``schema``: the tables and their creation;
- ``readings``, ``health``, ``briefings``, ``screens``, ``meta``: the queries
  on each table, as mixins of ``Database``.

``Store`` is those mixins together. Mixins rather than repository objects
held by the Store: the Store's flat interface (``store.latest``,
``store.health``, ...) is what ``kiosk_core.store`` and ``kiosk_core.tiles``
describe, and mixins give it without a forwarding method per query; they share
the one ``Database`` base, so a batch opened by ``reading()`` serves the reads
of every table.
"""

from __future__ import annotations

import logging
import sqlite3

from .briefings import BriefingsTable
from .health import HealthTable
from .meta import MetaTable
from .readings import ReadingsTable
from .screens import ScreenBeat, ScreenRow, ScreensTable

__all__ = ["ScreenBeat", "ScreenRow", "Store", "prepare_store"]

log = logging.getLogger(__name__)


class Store(ReadingsTable, HealthTable, BriefingsTable, ScreensTable, MetaTable):
    """Readings, feed health, briefings and screens in one SQLite file."""


def prepare_store(store: Store) -> bool:
    """Create the Store if it can be; a full or read-only data directory is
    reported, not fatal: the screen still shows what the Store holds."""
    try:
        store.create()
    except (sqlite3.Error, OSError) as err:
        log.error("cannot prepare the Store (%s); carrying on with what it holds", err)
        return False
    return True
