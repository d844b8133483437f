"""Data feeds: adapters that fetch readings, and the shared refresh logic.

Public API: ``FeedConfig`` (config union), ``FeedRunner`` (scheduler side),
``refresh_feed`` (one feed, this thread), ``FeedError`` (what adapters raise).
How a tile shows a reading is ``kiosk_core.tiles``.
"""

from .base import FeedError, Outcome
from .config import FeedBase, FeedConfig
from .refresh import refresh_feed
from .runner import FeedRunner

__all__ = [
    "FeedBase",
    "FeedConfig",
    "FeedError",
    "FeedRunner",
    "Outcome",
    "refresh_feed",
]
