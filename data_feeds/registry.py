"""Feed type name -> adapter functions."""

from __future__ import annotations

from types import ModuleType

from . import (
    airkorea,
    csv_feed,
    demo,
    http_json,
    kma,
    parking,
    population,
    queue,
    sql,
    tago,
)
from .base import Fetch
from .config import FeedBase


def adapters() -> dict[str, ModuleType]:
    """Each feed type's adapter module (a fresh dict: callers may not change ours)."""
    return {
        "demo": demo,
        "csv": csv_feed,
        "http_json": http_json,
        "sql": sql,
        "airkorea": airkorea,
        "kma": kma,
        "queue": queue,
        "tago": tago,
        "mois_population": population,
        "parking_csv": parking,
    }


def _module(config: FeedBase) -> ModuleType:
    kind = getattr(config, "type", None)
    module = adapters().get(str(kind))
    if module is None:
        raise KeyError(f"no adapter for feed type {kind!r}")
    return module


def fetcher(config: FeedBase) -> Fetch:
    """The ``fetch(config, now)`` function for a feed's type."""
    fetch: Fetch = _module(config).fetch
    return fetch


def backfiller(config: FeedBase) -> Fetch | None:
    """The ``backfill(config, now)`` function for a feed's type, if it has one."""
    backfill: Fetch | None = getattr(_module(config), "backfill", None)
    return backfill
