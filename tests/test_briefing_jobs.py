"""The schedule: a cron job that fires once, weekday mornings in Seoul, and a
catch-up when the kiosk starts after this morning's run time without one."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from briefing.config import BriefingConfig
from briefing.jobs import (
    CATCH_UP_JOB_ID,
    JOB_ID,
    add_briefing_job,
    briefing_trigger,
    build_briefing_now,
    schedule_briefing,
)
from tests.support.briefing_data import demo_config, fill_store

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS_8 = BriefingConfig()  # mon-fri 08:00


def seoul(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.calls += 1


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def test_weekday_mornings_in_seoul() -> None:
    trigger = briefing_trigger(WEEKDAYS_8.schedule, "Asia/Seoul")
    friday_late = seoul(2026, 11, 27, 9, 0)
    assert trigger.get_next_fire_time(None, friday_late) == seoul(2026, 11, 30, 8, 0)
    wednesday_early = seoul(2026, 11, 25, 7, 59)
    assert trigger.get_next_fire_time(None, wednesday_early) == seoul(
        2026, 11, 25, 8, 0
    )
    cron = BriefingConfig.model_validate({"schedule": {"cron": "30 7 * * 1-5"}})
    assert briefing_trigger(cron.schedule, "Asia/Seoul").get_next_fire_time(
        None, friday_late
    ) == seoul(2026, 11, 30, 7, 30)


def test_with_a_model_the_job_starts_its_deadline_before_the_time() -> None:
    """A model on a CPU may need an hour: the job starts that long before
    08:00, on the same weekdays (Monday's start is Monday 07:00, not Sunday)."""
    model = BriefingConfig.model_validate({"writer": "openai", "deadline_minutes": 60})
    scheduler = BackgroundScheduler(timezone=SEOUL)
    add_briefing_job(scheduler, Counter(), model, "Asia/Seoul", lambda day: True)
    trigger = scheduler.get_job(JOB_ID).trigger
    friday_late = seoul(2026, 11, 27, 9, 0)
    assert trigger.get_next_fire_time(None, friday_late) == seoul(2026, 11, 30, 7, 0)
    midnight = BriefingConfig.model_validate(
        {"writer": "openai", "deadline_minutes": 120, "schedule": {"time": "01:00"}}
    )
    scheduler = BackgroundScheduler(timezone=SEOUL)
    add_briefing_job(scheduler, Counter(), midnight, "Asia/Seoul", lambda day: True)
    trigger = scheduler.get_job(JOB_ID).trigger
    # Monday 01:00 less two hours: Sunday 23:00; Saturday's none
    assert trigger.get_next_fire_time(None, friday_late) == seoul(2026, 11, 29, 23, 0)
    template = BriefingConfig()
    scheduler = BackgroundScheduler(timezone=SEOUL)
    add_briefing_job(scheduler, Counter(), template, "Asia/Seoul", lambda day: True)
    trigger = scheduler.get_job(JOB_ID).trigger
    assert trigger.get_next_fire_time(None, friday_late) == seoul(2026, 11, 30, 8, 0)
    # a restart at 07:30, the job lost halfway: it is made again at once
    scheduler = BackgroundScheduler(timezone=SEOUL)
    added = add_briefing_job(
        scheduler,
        Counter(),
        model,
        "Asia/Seoul",
        lambda day: False,
        now=seoul(2026, 11, 27, 7, 30),
    )
    assert added == [JOB_ID, CATCH_UP_JOB_ID]
    scheduler = BackgroundScheduler(timezone=SEOUL)
    early = add_briefing_job(
        scheduler,
        Counter(),
        model,
        "Asia/Seoul",
        lambda day: False,
        now=seoul(2026, 11, 27, 6, 30),
    )
    assert early == [JOB_ID]  # before the start: the job itself will run


def test_cron_job_fires_once_a_day() -> None:
    fire = (dt.datetime.now(SEOUL) + dt.timedelta(hours=1)).replace(microsecond=0)
    settings = BriefingConfig.model_validate(
        {"schedule": {"days": "*", "time": f"{fire:%H:%M:%S}"}}
    )
    run = Counter()
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    added = add_briefing_job(
        scheduler, run, settings, "Asia/Seoul", has_briefing=lambda day: True
    )
    assert added == [JOB_ID]
    scheduler.start()
    try:
        assert scheduler.get_job(JOB_ID).next_run_time == fire
        # its time comes (moved forward rather than waited for)
        scheduler.get_job(JOB_ID).modify(next_run_time=dt.datetime.now(SEOUL))
        assert wait_for(lambda: run.calls >= 1, 60.0)
        # and it goes back to its configured time, once (not again at once)
        assert wait_for(lambda: scheduler.get_job(JOB_ID).next_run_time == fire, 60.0)
        assert run.calls == 1
        after = scheduler.get_job(JOB_ID).trigger.get_next_fire_time(fire, fire)
        assert after - fire == dt.timedelta(days=1)
    finally:
        scheduler.shutdown(wait=False)


def test_missed_morning_is_caught_up_at_start() -> None:
    run = Counter()
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    thursday_0930 = seoul(2026, 11, 26, 9, 30)
    asked: list[dt.date] = []

    def has_briefing(day: dt.date) -> bool:
        asked.append(day)
        return False

    added = add_briefing_job(
        scheduler, run, WEEKDAYS_8, "Asia/Seoul", has_briefing, now=thursday_0930
    )
    assert added == [JOB_ID, CATCH_UP_JOB_ID]
    assert asked == [dt.date(2026, 11, 26)]
    scheduler.start()
    try:
        # the catch-up is a one-off: once run, it is gone and cannot run again
        assert wait_for(lambda: scheduler.get_job(CATCH_UP_JOB_ID) is None, 60.0)
        assert wait_for(lambda: run.calls == 1, 60.0)
        assert scheduler.get_job(JOB_ID).next_run_time > dt.datetime.now(SEOUL)
    finally:
        scheduler.shutdown(wait=False)


def test_no_catch_up_when_not_missed() -> None:
    cases = {
        "already built": (seoul(2026, 11, 26, 9, 30), True),
        "before the time": (seoul(2026, 11, 26, 7, 30), False),
        "saturday": (seoul(2026, 11, 28, 9, 30), False),
    }
    for name, (now, built) in cases.items():
        scheduler = BackgroundScheduler(timezone="Asia/Seoul")
        added = add_briefing_job(
            scheduler,
            Counter(),
            WEEKDAYS_8,
            "Asia/Seoul",
            lambda day, b=built: b,
            now=now,
        )
        assert added == [JOB_ID], name


def test_catch_up_follows_the_archive(tmp_path: Path) -> None:
    config = demo_config()
    now = dt.datetime(2026, 11, 26, 0, 30, tzinfo=dt.UTC)  # 09:30 in Seoul
    store = fill_store(tmp_path, config, now)
    settings = BriefingConfig.model_validate(
        {"speech": {"engines": []}, "languages": ["ko"]}
    )
    patched = config.model_copy(update={"briefing": settings})
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    assert CATCH_UP_JOB_ID in schedule_briefing(
        scheduler, lambda: patched, store, tmp_path, now=now
    )
    result = build_briefing_now(patched, store, tmp_path, now=now)
    assert result.ok
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    assert schedule_briefing(scheduler, lambda: patched, store, tmp_path, now=now) == [
        JOB_ID
    ]


def test_disabled_briefing_adds_no_job() -> None:
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    off = BriefingConfig(enabled=False)
    assert (
        add_briefing_job(scheduler, Counter(), off, "Asia/Seoul", lambda day: False)
        == []
    )
    assert scheduler.get_jobs() == []


def test_crontab_days_count_from_sunday() -> None:
    sunday_cron = BriefingConfig.model_validate({"schedule": {"cron": "0 9 * * 0"}})
    trigger = briefing_trigger(sunday_cron.schedule, "Asia/Seoul")
    assert trigger.get_next_fire_time(None, seoul(2026, 11, 26, 10, 0)) == seoul(
        2026, 11, 29, 9, 0
    )


def test_a_new_kiosk_makes_its_first_briefing_even_on_a_weekend() -> None:
    saturday = seoul(2026, 11, 28, 9, 30)
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    added = add_briefing_job(
        scheduler,
        Counter(),
        WEEKDAYS_8,
        "Asia/Seoul",
        lambda day: False,
        now=saturday,
        first_ever=True,
    )
    assert added == [JOB_ID, CATCH_UP_JOB_ID]
    # with an archive, a weekend start waits for the next weekday morning
    scheduler = BackgroundScheduler(timezone="Asia/Seoul")
    added = add_briefing_job(
        scheduler,
        Counter(),
        WEEKDAYS_8,
        "Asia/Seoul",
        lambda day: False,
        now=saturday,
        first_ever=False,
    )
    assert added == [JOB_ID]
