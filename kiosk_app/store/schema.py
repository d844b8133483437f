"""The Store's tables: readings, feed health, briefings, screens (the kiosk
screens' heartbeats) and small notes (meta)."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS readings (
    feed TEXT NOT NULL,
    field TEXT NOT NULL,
    as_of TEXT NOT NULL,
    value REAL,
    text TEXT,
    unit TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (feed, field, as_of)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feed_health (
    feed TEXT PRIMARY KEY,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS field_health (
    feed TEXT NOT NULL,
    field TEXT NOT NULL,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS briefings (
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (day, language)
);
CREATE TABLE IF NOT EXISTS screens (
    kiosk TEXT NOT NULL,
    instance TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    screen TEXT,
    language TEXT,
    modes TEXT NOT NULL DEFAULT '[]',
    config_version TEXT,
    uptime_seconds REAL,
    js_heap_bytes INTEGER,
    error TEXT,
    error_at TEXT,
    PRIMARY KEY (kiosk, instance)
) WITHOUT ROWID;
"""


def create_schema(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL mode and create the tables if missing (idempotent)."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(_SCHEMA)
    # version 2 added field_health, version 3 screens (created above on an
    # older file too)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(SCHEMA_VERSION),),
    )
