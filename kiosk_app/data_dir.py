"""Can the data directory take what the kiosk writes: readings, briefings,
route pictures? Said in words for the staff status page."""

from __future__ import annotations

import os
from pathlib import Path

# below this, SQLite and the route pictures are about to fail
MIN_FREE_BYTES = 50_000_000

_KEEPS_GOING = (
    "The screen keeps showing the last values it can read, and the kiosk "
    "carries on by itself once this is fixed."
)


def data_dir_report(data_dir: Path) -> dict:
    """{"ok", "free_mb", "problem"}: whether new data can be saved, and if not, why."""
    name = data_dir.name or str(data_dir)
    try:
        stats = os.statvfs(data_dir)
    except OSError as err:
        unreadable = f"The data directory '{name}' cannot be read ({err.strerror})."
        return {"ok": False, "free_mb": None, "problem": unreadable}
    free = stats.f_bavail * stats.f_frsize
    problem: str | None = None
    if stats.f_flag & os.ST_RDONLY or not os.access(data_dir, os.W_OK):
        problem = (
            f"The data directory '{name}' is read-only: new readings, briefings and "
            f"route pictures cannot be saved. {_KEEPS_GOING}"
        )
    elif free < MIN_FREE_BYTES:
        problem = (
            f"The data directory '{name}' is full ({free / 1_000_000:.0f} MB free): "
            f"new readings, briefings and route pictures cannot be saved. Free some "
            f"space on that disk. {_KEEPS_GOING}"
        )
    free_mb = round(free / 1_000_000)
    return {"ok": problem is None, "free_mb": free_mb, "problem": problem}
