"""The scheduler process: the only place where slow or periodic work runs.

Exactly one scheduler runs per Store (kiosk_app/leader.py): on SQLite a lock
file in the data directory makes a second one refuse, so starting ``run``
twice, or ``run`` beside ``scheduler``, never runs a job twice; on PostgreSQL
an advisory lock makes a second one wait as a standby. The web workers only
read what the scheduler writes to the Store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from briefing.jobs import schedule_briefing
from building_model.render import RouteRenderer
from data_feeds.runner import FeedRunner
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.health import SCHEDULER_HEARTBEAT
from kiosk_app.leader import AlreadyRunning, SchedulerLock
from kiosk_app.route_media import prepare_route_media
from kiosk_app.settings import Settings
from kiosk_app.store import Store, open_store, prepare_store
from kiosk_app.voice import ClipStore
from kiosk_app.voice.job import VoiceJob
from kiosk_core.readings import utc_text

__all__ = ["AlreadyRunning", "SchedulerLock", "build_scheduler"]

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
FEED_TICK_SECONDS = 1
ROUTE_MEDIA_SECONDS = 60
VOICE_ASKED_SECONDS = 1  # a text a page found missing is heard a moment later
VOICE_PREPARE_SECONDS = 30
KEEP_READINGS = dt.timedelta(days=400)
KEEP_EVERY_READING = dt.timedelta(days=2)  # older readings are thinned to hourly


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


def build_scheduler(
    settings: Settings, *, blocking: bool, store: Store | None = None
) -> BaseScheduler:
    """A scheduler with every periodic job of the kiosk, not yet started
    (on ``store``, else the Store the config points at).

    Feeds are read from the config on every tick, so config edits need no
    rescheduling.
    """
    holder = ConfigHolder(settings.config_path, settings.data_dir)
    if store is None:
        store = open_store(settings, holder.current())
    # again when given: a database that was down when the process started
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
