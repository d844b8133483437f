"""Data feeds: adapters that fetch readings, and the shared refresh logic.

Public API: ``FeedConfig`` (config union), ``FeedRunner`` (scheduler side),
``refresh_feed`` (one feed, this thread), ``tile_state`` (UI side),
``FeedError`` (what adapters raise).
"""

from .base import FeedError, Outcome, refresh_feed, tile_state
from .config import FeedBase, FeedConfig
from .runner import FeedRunner

__all__ = [
    "FeedBase",
    "FeedConfig",
    "FeedError",
    "FeedRunner",
    "Outcome",
    "refresh_feed",
    "tile_state",
]
