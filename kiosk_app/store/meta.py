"""Small notes kept in the Store (the scheduler's heartbeat, the schema version)."""

from __future__ import annotations

import json
from typing import Any

from .connection import Database


class MetaTable(Database):
    """Small JSON-serialisable values by key."""

    def set_meta(self, key: str, value: Any) -> None:
        """Remember a small JSON-serialisable value under ``key``."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A value stored with set_meta (``default`` when absent or unreadable)."""
        row = self._read(
            "get_meta",
            lambda conn: conn.execute(
                "SELECT value FROM meta WHERE key = ?", (key,)
            ).fetchone(),
            None,
        )
        return json.loads(row["value"]) if row else default
