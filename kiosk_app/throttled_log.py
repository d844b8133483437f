"""A log line that cannot fill the disk: the first event is logged, then at most
one line a minute with a count of those in between (a client sending garbage
or guessing passwords in a loop)."""

from __future__ import annotations

import logging
import math
import threading
import time

EVERY_SECONDS = 60.0


class ThrottledLog:
    """Warnings of one kind, at most one every ``every`` seconds."""

    def __init__(self, log: logging.Logger, every: float = EVERY_SECONDS):
        self._log = log
        self._every = every
        self._lock = threading.Lock()
        self._last = -math.inf
        self._quiet = 0

    def warning(self, message: str, *args: object) -> None:
        """Log ``message % args`` now, or count it when one was logged lately."""
        now = time.monotonic()
        with self._lock:
            if now - self._last < self._every:
                self._quiet += 1
                return
            self._last, quiet, self._quiet = now, self._quiet, 0
        more = f" (and {quiet} more since the last report)" if quiet else ""
        self._log.warning(message + "%s", *args, more)
