"""Refresh several feeds concurrently, each bounded by its own timeout.

The scheduler process owns one ``FeedRunner`` and calls ``refresh_due`` on a
short tick (every few seconds)::

    runner = FeedRunner(store)
    scheduler.add_job(
        lambda: runner.refresh_due(config.feeds, used=config.fields_in_use()),
        "interval", seconds=5, max_instances=1, coalesce=True)

``refresh_due`` never waits for a fetch: it starts the due ones on a thread
pool and returns. Each fetch writes its own result as soon as it ends; one that
runs past ``timeout_seconds`` is recorded as a failure (at the next tick, or
when it ends, whichever comes first) and its late data is dropped. A hanging
fetch keeps its thread but is not started again until it returns, so a slow
feed never delays another. ``refresh`` does the same but waits (CLI, tests).
``used`` names, by feed, the fields tiles show: only their failure takes a feed
down (see ``base.record``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk_core.readings import Reading
from kiosk_core.store import FeedStore

from .base import FeedError, Fetch, Outcome, collect, record, redact, utc_now
from .config import FeedBase
from .registry import backfiller, fetcher

log = logging.getLogger("data_feeds")

# first and longest wait before fetching again when the Store cannot be written
STORE_RETRY_SECONDS = (10.0, 600.0)


@dataclasses.dataclass
class _Job:
    feed_id: str
    config: FeedBase
    now: dt.datetime
    deadline: float
    used: Collection[str] | None = None
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    outcome: Outcome | None = None
    future: Future[None] | None = None


class FeedRunner:
    """Runs feed refreshes on a thread pool; one instance per scheduler process."""

    def __init__(
        self,
        store: FeedStore,
        max_workers: int = 8,
        fetch_for: Callable[[FeedBase], Fetch] = fetcher,
        backfill_for: Callable[[FeedBase], Fetch | None] = backfiller,
    ):
        self.store = store
        self._fetch_for = fetch_for
        self._backfill_for = backfill_for
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="feed")
        self._lock = threading.Lock()
        self._running: dict[str, _Job] = {}
        # when each feed was last started: the interval holds even when the
        # Store cannot record the attempt (a full or read-only data directory)
        self._started: dict[str, dt.datetime] = {}
        self._store_trouble: str | None = None
        self._paused_until = 0.0
        self._pause = STORE_RETRY_SECONDS[0]

    def _work(self, job: _Job) -> None:
        try:
            readings = collect(
                job.feed_id, job.config, job.now, self._fetch_for(job.config)
            )
            result: list[Reading] | FeedError = self._backfill(job) + readings
        except FeedError as err:
            result = err
        except Exception as err:  # e.g. an unknown type from a custom fetch_for
            result = FeedError(f"unexpected {type(err).__name__}")
        try:
            self._finish(job, result)
        except Exception as err:  # a full or read-only data directory
            self._store_failed(err)
        else:
            self._store_works()

    def _store_failed(self, err: Exception) -> None:
        """Stop fetching for a while (longer each time) and say so once."""
        with self._lock:
            first = self._store_trouble is None
            self._store_trouble = str(err)
            self._paused_until = time.monotonic() + self._pause
            pause = self._pause
            self._pause = min(pause * 2, STORE_RETRY_SECONDS[1])
        if first:
            log.error(
                "cannot write readings to the Store (%s: %s): feeds wait, trying "
                "again in %g s and less often after that",
                type(err).__name__,
                err,
                pause,
            )

    def _store_works(self) -> None:
        with self._lock:
            trouble, self._store_trouble = self._store_trouble, None
            self._pause = STORE_RETRY_SECONDS[0]
        if trouble is not None:
            log.info("the Store takes readings again")

    @property
    def store_trouble(self) -> str | None:
        """Why readings cannot be written right now (None when they can)."""
        return self._store_trouble

    def _backfill(self, job: _Job) -> list[Reading]:
        """History for a feed never refreshed before, when its adapter offers it."""
        backfill = self._backfill_for(job.config)
        if backfill is None or self.store.has_readings(job.feed_id):
            return []
        try:
            return collect(job.feed_id, job.config, job.now, backfill)
        except FeedError as err:
            log.info(
                "feed %s: no history backfill: %s",
                job.feed_id,
                redact(str(err), job.config),
            )
            return []

    def _finish(self, job: _Job, result: list[Reading] | FeedError) -> Outcome:
        with job.lock:
            if job.outcome is None:
                if time.monotonic() > job.deadline:
                    result = self._late(job)
                job.outcome = record(
                    self.store, job.feed_id, job.config, job.now, result, job.used
                )
            return job.outcome

    @staticmethod
    def _late(job: _Job) -> FeedError:
        return FeedError(f"no result within {job.config.timeout_seconds:g} s")

    def _expire(self, job: _Job) -> None:
        """Record a timeout for a job past its deadline that has not ended."""
        if job.outcome is None and time.monotonic() > job.deadline:
            self._finish(job, self._late(job))

    def _done(self, job: _Job) -> None:
        with self._lock:
            if self._running.get(job.feed_id) is job:
                del self._running[job.feed_id]

    def _submit(
        self,
        feed_id: str,
        config: FeedBase,
        now: dt.datetime,
        used: Mapping[str, Collection[str]] | None,
    ) -> _Job | None:
        with self._lock:
            if feed_id in self._running:
                return None
            deadline = time.monotonic() + config.timeout_seconds
            fields = None if used is None else used.get(feed_id, ())
            job = _Job(feed_id, config, now, deadline, fields)
            self._running[feed_id] = job
            self._started[feed_id] = now
        job.future = self._pool.submit(self._work, job)
        job.future.add_done_callback(lambda _: self._done(job))
        return job

    def running(self) -> list[str]:
        """Ids of feeds whose fetch has not returned yet (hanging ones included)."""
        with self._lock:
            return sorted(self._running)

    def expire_overdue(self) -> None:
        """Record a timeout for every fetch past its deadline."""
        with self._lock:
            jobs = list(self._running.values())
        for job in jobs:
            self._expire(job)

    def due(self, feeds: Mapping[str, FeedBase], now: dt.datetime) -> list[str]:
        """Feeds whose interval has passed since their last attempt (or never tried)."""
        health = self.store.health()
        found = []
        for feed_id, config in feeds.items():
            tried = [self._started.get(feed_id)]
            if feed_id in health:
                tried.append(health[feed_id].last_attempt)
            last = max((t for t in tried if t is not None), default=None)
            if last is None or now - last >= config.interval:
                found.append(feed_id)
        return found

    def refresh_due(
        self,
        feeds: Mapping[str, FeedBase],
        now: dt.datetime | None = None,
        used: Mapping[str, Collection[str]] | None = None,
    ) -> list[str]:
        """Start the due feeds that are not already running; returns their ids."""
        now = now or utc_now()
        self.expire_overdue()
        if time.monotonic() < self._paused_until:
            return []
        started = [
            fid
            for fid in self.due(feeds, now)
            if self._submit(fid, feeds[fid], now, used) is not None
        ]
        return started

    def refresh(
        self,
        feeds: Mapping[str, FeedBase],
        now: dt.datetime | None = None,
        used: Mapping[str, Collection[str]] | None = None,
    ) -> dict[str, Outcome]:
        """Refresh every feed now, concurrently; wait until each ends or times out."""
        now = now or utc_now()
        jobs = [
            job
            for fid, cfg in feeds.items()
            if (job := self._submit(fid, cfg, now, used)) is not None
        ]
        for job in sorted(jobs, key=lambda j: j.deadline):
            assert job.future is not None
            try:
                left = max(job.deadline - time.monotonic(), 0.0)
                job.future.result(timeout=left + 0.05)
            except TimeoutError:
                pass
            self._expire(job)
        return {job.feed_id: job.outcome for job in jobs if job.outcome is not None}

    def close(self) -> None:
        """Stop taking work; running fetches end on their own (never awaited)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
