"""The briefing on a schedule: an APScheduler cron job, a catch-up at start,
and ``build_briefing_now`` for the admin CLI.

The job is added to a scheduler the caller owns (the one scheduler process:
see kiosk_app.scheduler's lock), with ``max_instances=1`` and ``coalesce`` so
a late or repeated trigger still builds once. With a model to ask, the job
starts ``deadline_minutes`` before ``schedule.time`` (``EarlyTrigger``), so
the briefing is ready when the schedule says, while the feeds go on refreshing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from .archive import prune
from .config import BriefingConfig, ScheduleConfig, crontab_fields
from .pipeline import (
    BriefingSource,
    BuildResult,
    Store,
    briefing_config_of,
    build_briefing,
)

log = logging.getLogger("briefing")

JOB_ID = "briefing"
CATCH_UP_JOB_ID = "briefing-catch-up"
MISFIRE_GRACE_SECONDS = 3600
# a catch-up waits for the feeds' first refresh after a start
CATCH_UP_DELAY = dt.timedelta(seconds=15)


def briefing_trigger(schedule: ScheduleConfig, timezone: str) -> CronTrigger:
    """The cron trigger of a schedule (``schedule.timezone`` or the site's)."""
    zone = ZoneInfo(schedule.timezone or timezone)
    if schedule.cron:
        return CronTrigger(**crontab_fields(schedule.cron), timezone=zone)
    hour, minute, *second = (int(part) for part in schedule.time.split(":"))
    return CronTrigger(
        day_of_week=schedule.days,
        hour=hour,
        minute=minute,
        second=second[0] if second else 0,
        timezone=zone,
    )


class EarlyTrigger(BaseTrigger):
    """Fires ``lead`` before each time of another trigger (days off stay off,
    also when the lead reaches back over midnight)."""

    def __init__(self, trigger: BaseTrigger, lead: dt.timedelta):
        self.trigger = trigger
        self.lead = lead

    def get_next_fire_time(
        self, previous_fire_time: dt.datetime | None, now: dt.datetime
    ) -> dt.datetime | None:
        """The next start: the wrapped trigger's next time after now + lead,
        less the lead."""
        previous = previous_fire_time + self.lead if previous_fire_time else None
        fire = self.trigger.get_next_fire_time(previous, now + self.lead)
        return fire - self.lead if fire is not None else None

    def __str__(self) -> str:
        return f"{self.trigger} less {self.lead}"


def lead_time(briefing: BriefingConfig) -> dt.timedelta:
    """How long before ``schedule.time`` the job starts: the deadline when a
    model is asked; the template takes seconds."""
    if briefing.writer == "openai":
        return dt.timedelta(minutes=briefing.deadline_minutes)
    return dt.timedelta()


def todays_run(
    schedule: ScheduleConfig, timezone: str, now: dt.datetime
) -> dt.datetime | None:
    """When the schedule fires on ``now``'s local day (None on days off)."""
    zone = ZoneInfo(schedule.timezone or timezone)
    local = now.astimezone(zone)
    midnight = dt.datetime.combine(local.date(), dt.time(), zone)
    fire = briefing_trigger(schedule, timezone).get_next_fire_time(
        None, midnight - dt.timedelta(microseconds=1)
    )
    return fire if fire is not None and fire.date() == local.date() else None


def missed_today(
    schedule: ScheduleConfig,
    timezone: str,
    now: dt.datetime,
    has_briefing: Callable[[dt.date], bool],
    lead: dt.timedelta = dt.timedelta(),
) -> bool:
    """True when today's run has started (``lead`` before its time) and today
    has no briefing: a restart in the middle of the job makes it again."""
    fire = todays_run(schedule, timezone, now)
    if fire is None or now < fire - lead:
        return False
    return not has_briefing(fire.date())


def add_briefing_job(
    scheduler: BaseScheduler,
    run: Callable[[], Any],
    briefing: BriefingConfig,
    timezone: str,
    has_briefing: Callable[[dt.date], bool],
    now: dt.datetime | None = None,
    first_ever: bool = False,
) -> list[str]:
    """Add the cron job running ``run`` and, if this morning's run was missed
    (or there has never been a briefing: a new kiosk on a weekend would
    otherwise wait for Monday), a one-off catch-up shortly; returns the ids of
    the jobs added."""
    if not briefing.enabled:
        return []
    trigger: BaseTrigger = briefing_trigger(briefing.schedule, timezone)
    lead = lead_time(briefing)
    if lead:
        trigger = EarlyTrigger(trigger, lead)
    scheduler.add_job(
        run,
        trigger,
        id=JOB_ID,
        name="daily briefing",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )
    added = [JOB_ID]
    now = now or dt.datetime.now(dt.UTC)
    if briefing.schedule.catch_up and (
        first_ever or missed_today(briefing.schedule, timezone, now, has_briefing, lead)
    ):
        log.info("briefing: this morning's run was missed; building it now")
        scheduler.add_job(
            run,
            "date",
            run_date=now + CATCH_UP_DELAY,
            id=CATCH_UP_JOB_ID,
            name="daily briefing (catch-up)",
            replace_existing=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        added.append(CATCH_UP_JOB_ID)
    return added


def build_briefing_now(
    config: BriefingSource,
    store: Store,
    data_dir: Path,
    briefing: BriefingConfig | None = None,
    now: dt.datetime | None = None,
    languages: Sequence[str] | None = None,
) -> BuildResult:
    """Build today's briefing now (admin CLI and the scheduled job), then prune
    briefings past the retention."""
    settings = briefing_config_of(config, briefing)
    result = build_briefing(config, store, data_dir, settings, now, languages)
    prune(store, data_dir, settings.retention_days, result.day)
    return result


def schedule_briefing(
    scheduler: BaseScheduler,
    current_config: Callable[[], BriefingSource],
    store: Store,
    data_dir: Path,
    now: dt.datetime | None = None,
) -> list[str]:
    """Wire the briefing into the scheduler process: each run reads the current
    config (hot reload); returns the ids of the jobs added."""
    config = current_config()
    settings = briefing_config_of(config)
    first = (settings.languages or config.site.languages)[0]

    def run() -> None:
        latest = current_config()
        if briefing_config_of(latest).enabled:
            build_briefing_now(latest, store, data_dir)

    def has_briefing(day: dt.date) -> bool:
        return store.briefing(day, first) is not None

    first_ever = store.latest_briefing(first) is None
    return add_briefing_job(
        scheduler, run, settings, config.site.timezone, has_briefing, now, first_ever
    )
