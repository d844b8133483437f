"""The scheduler process: the only place where slow or periodic work runs.

Exactly one scheduler may run per data directory: a lock file guarantees it,
so starting ``run`` twice, or ``run`` beside ``scheduler``, never runs a job
twice. The web workers only read what the scheduler writes to the Store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
from collections.abc import Callable
from pathlib import Path

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from briefing.jobs import schedule_briefing
from building_model.render import RouteRenderer
from data_feeds.runner import FeedRunner
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.health import SCHEDULER_HEARTBEAT
from kiosk_app.route_media import prepare_route_media
from kiosk_app.settings import Settings
from kiosk_app.store import Store, open_store, prepare_store
from kiosk_app.voice import ClipStore
from kiosk_app.voice.job import VoiceJob
from kiosk_core.readings import utc_text

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
FEED_TICK_SECONDS = 1
ROUTE_MEDIA_SECONDS = 60
VOICE_ASKED_SECONDS = 1  # a text a page found missing is heard a moment later
VOICE_PREPARE_SECONDS = 30
KEEP_READINGS = dt.timedelta(days=400)
KEEP_EVERY_READING = dt.timedelta(days=2)  # older readings are thinned to hourly


class AlreadyRunning(RuntimeError):
    """Another scheduler holds the lock of this data directory."""


class SchedulerLock:
    """An exclusive, non-blocking lock on ``<data dir>/scheduler.lock``."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "scheduler.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            # a read-only data directory: lock the file that is there (a lock
            # needs no writing), so the scheduler runs and recovers with it
            fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                f"another scheduler is already running for {self.path.parent}"
            ) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        """Give the lock back."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Heartbeat:
    """Follow config changes and tell the status page the scheduler is alive.

    A Store that cannot be written (a full or read-only data directory) is
    logged once when it starts and once when it ends, never every beat.
    """

    def __init__(
        self,
        holder: ConfigHolder,
        store: Store,
        on_change: Callable[[], object] = lambda: None,
    ):
        self.holder = holder
        self.store = store
        self.on_change = on_change
        self._trouble: str | None = None

    def __call__(self) -> None:
        if self.holder.refresh():
            self.on_change()
        try:
            self.store.set_meta(SCHEDULER_HEARTBEAT, utc_text(dt.datetime.now(dt.UTC)))
        except Exception as err:  # the data directory is full or read-only
            if self._trouble is None:
                log.error("cannot write the scheduler's heartbeat: %s", err)
            self._trouble = str(err)
            return
        if self._trouble is not None:
            log.info("the scheduler's heartbeat is written again")
            self._trouble = None


def refresh_feeds(holder: ConfigHolder, runner: FeedRunner) -> None:
    """Start every feed whose interval has passed (never waits for a fetch)."""
    config = holder.current()
    runner.refresh_due(config.feeds, used=config.fields_in_use())


def prune_readings(store: Store) -> None:
    """Keep the Store small: thin old readings, drop very old ones and any
    dated more than a day ahead."""
    now = dt.datetime.now(dt.UTC)
    store.prune_readings(
        now - KEEP_READINGS,
        thin_before=now - KEEP_EVERY_READING,
        after=now + dt.timedelta(days=1),
    )


def build_scheduler(settings: Settings, *, blocking: bool) -> BaseScheduler:
    """A scheduler with every periodic job of the kiosk, not yet started.

    Feeds are read from the config on every tick, so config edits need no
    rescheduling.
    """
    holder = ConfigHolder(settings.config_path, settings.data_dir)
    store = open_store(settings, holder.current())
    prepare_store(store)
    timezone = holder.current().site.timezone
    scheduler: BaseScheduler = (
        BlockingScheduler(timezone=timezone)
        if blocking
        else BackgroundScheduler(timezone=timezone, daemon=True)
    )
    data_dir = settings.data_dir

    def reschedule_briefing() -> list[str]:
        # each run reads the config anew; a new schedule needs the job re-added
        return schedule_briefing(scheduler, holder.current, store, data_dir)

    reschedule_briefing()
    scheduler.add_job(
        Heartbeat(holder, store, reschedule_briefing),
        "interval",
        seconds=HEARTBEAT_SECONDS,
        id="heartbeat",
        next_run_time=dt.datetime.now(dt.UTC),
        max_instances=1,
        coalesce=True,
    )
    runner = FeedRunner(store)
    scheduler.add_job(
        refresh_feeds,
        "interval",
        seconds=FEED_TICK_SECONDS,
        args=[holder, runner],
        id="feeds",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=30,
        next_run_time=dt.datetime.now(dt.UTC),
    )
    scheduler.add_job(
        prune_readings,
        "cron",
        hour=3,
        minute=17,
        args=[store],
        id="prune",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        prepare_route_media,
        "interval",
        seconds=ROUTE_MEDIA_SECONDS,
        args=[holder, RouteRenderer(settings.route_cache)],
        id="route-media",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=300,
        next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20),
    )
    voice = VoiceJob(holder, store, ClipStore(settings.data_dir), settings.route_cache)
    scheduler.add_job(
        voice.serve_asked,
        "interval",
        seconds=VOICE_ASKED_SECONDS,
        id="voice-asked",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=30,
    )
    scheduler.add_job(
        voice.prepare,
        "interval",
        seconds=VOICE_PREPARE_SECONDS,
        id="voice-prepare",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=300,
        next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    scheduler.add_listener(lambda event: runner.close(), EVENT_SCHEDULER_SHUTDOWN)
    return scheduler
