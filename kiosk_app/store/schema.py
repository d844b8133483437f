"""The Store's tables, as numbered migrations: readings, feed health,
briefings, screens (the kiosk screens' heartbeats) and small notes (meta).

One text per migration for both databases; the words that differ are filled
in per dialect (``WORDS``): text compared byte by byte (PostgreSQL's default
collation may ignore punctuation, and ``as_of`` is compared as text), real
numbers, big integers, and SQLite's WITHOUT ROWID. Every CREATE says IF NOT
EXISTS: the files of schema 1 to 3 were made that way (before the runner,
kiosk_app/store/migrations.py), so a migration run again on a file that
already has its table changes nothing. From version 4 on, each migration runs
exactly once, in the runner's transaction.

Add a table or column: a new ``Migration`` at the end (never edit one that
has shipped), and its queries in the table's module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version, what it adds, its statements."""

    version: int
    adds: str
    statements: tuple[str, ...]

    def sql(self, dialect: str) -> list[str]:
        """The statements in ``dialect``'s words."""
        return [statement.format(**WORDS[dialect]) for statement in self.statements]


WORDS: dict[str, dict[str, str]] = {
    "sqlite": {
        "text": "TEXT",
        "real": "REAL",
        "bigint": "INTEGER",
        "without_rowid": " WITHOUT ROWID",
    },
    "postgres": {
        "text": 'TEXT COLLATE "C"',
        "real": "DOUBLE PRECISION",
        "bigint": "BIGINT",
        "without_rowid": "",
    },
}

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "readings, feed health, briefings and notes",
        (
            """CREATE TABLE IF NOT EXISTS meta (
    key {text} PRIMARY KEY,
    value {text} NOT NULL
)""",
            """CREATE TABLE IF NOT EXISTS readings (
    feed {text} NOT NULL,
    field {text} NOT NULL,
    as_of {text} NOT NULL,
    value {real},
    text {text},
    unit {text} NOT NULL DEFAULT '',
    source {text} NOT NULL DEFAULT '',
    fetched_at {text} NOT NULL,
    PRIMARY KEY (feed, field, as_of)
){without_rowid}""",
            """CREATE TABLE IF NOT EXISTS feed_health (
    feed {text} PRIMARY KEY,
    last_attempt {text},
    last_success {text},
    last_error {text},
    last_error_at {text},
    consecutive_failures INTEGER NOT NULL DEFAULT 0
)""",
            """CREATE TABLE IF NOT EXISTS briefings (
    day {text} NOT NULL,
    language {text} NOT NULL,
    created_at {text} NOT NULL,
    record {text} NOT NULL,
    PRIMARY KEY (day, language)
)""",
        ),
    ),
    Migration(
        2,
        "field health",
        (
            """CREATE TABLE IF NOT EXISTS field_health (
    feed {text} NOT NULL,
    field {text} NOT NULL,
    last_attempt {text},
    last_success {text},
    last_error {text},
    last_error_at {text},
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed, field)
){without_rowid}""",
        ),
    ),
    Migration(
        3,
        "screens' heartbeats",
        (
            """CREATE TABLE IF NOT EXISTS screens (
    kiosk {text} NOT NULL,
    instance {text} NOT NULL,
    first_seen {text} NOT NULL,
    last_seen {text} NOT NULL,
    screen {text},
    language {text},
    modes {text} NOT NULL DEFAULT '[]',
    config_version {text},
    uptime_seconds {real},
    js_heap_bytes {bigint},
    error {text},
    error_at {text},
    PRIMARY KEY (kiosk, instance)
){without_rowid}""",
        ),
    ),
    Migration(
        4,
        "which scheduler made each feed's last refresh",
        ("ALTER TABLE feed_health ADD COLUMN attempt_by {text}",),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
