"""Opening hours (kiosk_core/opening_hours.py) and their place in config.yaml:
weekdays, spans across midnight, exceptions, Korean public holidays with their
substitute days, the wake and sleep leads, and problems named by file:line:key."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk_app.config import ProblemsFound, load_config, parse_config
from kiosk_core.opening_hours import (
    OpeningHours,
    Schedule,
    holiday,
    is_lit,
    is_open,
    next_change,
    parse_days,
    parse_spans,
    resolve,
    spans_on,
    special_days,
    week_of,
)
from tests.support.server import REPO

SEOUL = ZoneInfo("Asia/Seoul")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0):
    """A moment in Seoul."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def hours(**section) -> OpeningHours:
    """A resolved schedule from a config section (Seoul; leads of 10 minutes)."""
    spec = Schedule.model_validate(section)
    found = resolve(spec, None, "Asia/Seoul")
    assert found is not None
    return found


CITY_HALL = {
    "hours": {
        "mon-fri": "08:30-18:30",
        "thu": "08:30-19:00",
        "sat": "closed",
        "sun": "closed",
    },
    "exceptions": {"2026-12-31": "08:30-12:00", "2027-01-02": "09:00-13:00"},
}


# ---- how a day's hours are written ----


def test_a_day_is_closed_one_span_several_spans_or_a_list():
    assert parse_spans("closed") == ()
    assert parse_spans(False) == ()  # what YAML 1.1 readers make of "off"
    assert parse_spans("08:30-18:30") == ((510, 1110),)
    assert parse_spans("13:00-18:30, 08:30-12:00") == ((510, 720), (780, 1110))
    assert parse_spans(["08:30 - 12:00", "13:00~18:00"]) == ((510, 720), (780, 1080))
    assert parse_spans("00:00-24:00") == ((0, 1440),)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("18:30-08:30", "ends before it starts"),
        ("08:30-25:00", "not a time of day"),
        ("24:30-24:40", "not a time of day"),
        ("08:30-18:3O", "not a span like 08:30-18:30"),
        ("08:30", "not a span like 08:30-18:30"),
        ("08:00-12:00, 11:00-13:00", "overlap"),
        ("", "give a span"),
        (830, "must be closed"),
    ],
)
def test_a_day_written_wrong_says_what_is_wrong(written, said):
    with pytest.raises(ValueError, match=said):
        parse_spans(written)


def test_days_are_named_ranged_listed_or_daily():
    assert parse_days("mon") == (0,)
    assert parse_days("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_days("sat,sun") == (5, 6)
    assert parse_days("fri-mon") == (4, 5, 6, 0)
    assert parse_days("daily") == tuple(range(7))
    with pytest.raises(ValueError, match="not a day"):
        parse_days("mon-fry")


def test_the_key_naming_fewer_days_wins_and_a_tie_is_an_error():
    week = week_of({"mon-fri": ((510, 1110),), "thu": ((510, 1140),)})
    assert week[2] == ((510, 1110),) and week[3] == ((510, 1140),)
    assert week[5] == () and week[6] == ()  # a day not given is closed
    with pytest.raises(ValueError, match="wed is given twice"):
        week_of({"mon-wed": ((510, 1110),), "wed-fri": ((600, 1110),)})


# ---- open or not, at a moment ----


def test_weekdays_open_and_close_on_the_minute():
    city = hours(**CITY_HALL)
    friday = (2026, 11, 27)
    assert not is_open(city, at(*friday, 8, 29))
    assert is_open(city, at(*friday, 8, 30))
    assert is_open(city, at(*friday, 18, 29))
    assert not is_open(city, at(*friday, 18, 30))
    assert is_open(city, at(2026, 11, 26, 18, 45))  # Thursday until 19:00
    assert not is_open(city, at(2026, 11, 28, 11))  # Saturday
    assert not is_open(city, at(2026, 11, 29, 11))  # Sunday


def test_the_screen_wakes_before_opening_and_sleeps_after_closing():
    city = hours(**CITY_HALL)
    assert not is_lit(city, at(2026, 11, 27, 8, 19))
    assert is_lit(city, at(2026, 11, 27, 8, 20))
    assert is_lit(city, at(2026, 11, 27, 18, 39))
    assert not is_lit(city, at(2026, 11, 27, 18, 40))
    change = next_change(city, at(2026, 11, 27, 18, 35), lit=True)
    assert change is not None and not change.opens
    assert change.at == at(2026, 11, 27, 18, 40)


def test_a_lunch_break_closes_between_two_spans():
    lunch = hours(hours={"mon-fri": "09:00-12:00, 13:00-18:00"})
    assert is_open(lunch, at(2026, 11, 27, 11, 59))
    assert not is_open(lunch, at(2026, 11, 27, 12, 30))
    change = next_change(lunch, at(2026, 11, 27, 12, 30))
    assert change is not None and change.opens and change.at == at(2026, 11, 27, 13)


def test_hours_across_midnight_are_one_opening():
    night = hours(hours={"fri": "20:00-24:00", "sat": "00:00-02:00"})
    assert is_open(night, at(2026, 11, 27, 23, 59))
    assert is_open(night, at(2026, 11, 28, 0, 0))
    assert is_open(night, at(2026, 11, 28, 1, 59))
    assert not is_open(night, at(2026, 11, 28, 2, 0))
    change = next_change(night, at(2026, 11, 27, 21))
    assert change is not None and not change.opens
    assert change.at == at(2026, 11, 28, 2)  # not at midnight


def test_the_wake_lead_reaches_into_the_day_before():
    early = hours(hours={"sat": "00:10-06:00"}, wake_before_minutes=20)
    assert is_lit(early, at(2026, 11, 27, 23, 55))  # Friday night
    assert not is_lit(early, at(2026, 11, 27, 23, 45))
    assert not is_open(early, at(2026, 11, 27, 23, 55))


def test_the_next_opening_skips_the_weekend():
    city = hours(**CITY_HALL)
    change = next_change(city, at(2026, 11, 27, 19))
    assert change is not None and change.opens
    assert change.at == at(2026, 11, 30, 8, 30)  # Monday


def test_exceptions_close_early_open_a_saturday_and_beat_a_holiday():
    city = hours(**CITY_HALL)
    assert is_open(city, at(2026, 12, 31, 11, 59))
    assert not is_open(city, at(2026, 12, 31, 12))
    assert is_open(city, at(2027, 1, 2, 10))  # a Saturday opened
    assert not is_open(city, at(2027, 1, 1, 10))  # New Year's Day
    opened = hours(**{**CITY_HALL, "exceptions": {"2026-12-25": "10:00-14:00"}})
    assert is_open(opened, at(2026, 12, 25, 11))  # Christmas, opened by date


def test_times_are_the_sites_whatever_the_zone_of_the_moment():
    city = hours(**CITY_HALL)
    utc = dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC)  # 08:30 in Seoul
    assert is_open(city, utc)
    assert not is_open(city, utc - dt.timedelta(minutes=1))
    # Seoul keeps no summer time: the same hours all year
    assert is_open(city, at(2026, 7, 1, 8, 30)) and is_open(city, at(2026, 1, 2, 8, 30))
    with pytest.raises(ValueError, match="time zone"):
        is_open(city, dt.datetime(2026, 11, 27, 10))


def test_always_open_has_no_next_change():
    always = hours(hours={"daily": "00:00-24:00"}, open_on_holidays=True)
    assert is_open(always, at(2026, 2, 17, 3))
    assert next_change(always, at(2026, 11, 27, 10)) is None


# ---- Korean public holidays ----

SEOLLAL_AND_CHUSEOK = [
    # 2026: Seollal Mon-Wed; Chuseok Thu-Sat (a Saturday earns no substitute)
    (dt.date(2026, 2, 16), "설날 전날"),
    (dt.date(2026, 2, 17), "설날"),
    (dt.date(2026, 2, 18), "설날 다음날"),
    (dt.date(2026, 9, 24), "추석 전날"),
    (dt.date(2026, 9, 25), "추석"),
    # 2027: Seollal Sat-Mon with its substitute on Tuesday; Chuseok Tue-Thu
    (dt.date(2027, 2, 8), "설날 다음날"),
    (dt.date(2027, 2, 9), "대체"),
    (dt.date(2027, 9, 14), "추석 전날"),
    (dt.date(2027, 9, 15), "추석"),
    (dt.date(2027, 9, 16), "추석 다음날"),
]


@pytest.mark.parametrize(("day", "name"), SEOLLAL_AND_CHUSEOK)
def test_seollal_and_chuseok_close_weekday_screens(day: dt.date, name: str):
    assert day.weekday() < 5
    found = holiday(day)
    assert found is not None and name in found
    city = hours(**CITY_HALL)
    assert spans_on(city, day) == ()
    assert not is_open(city, at(day.year, day.month, day.day, 11))


def test_substitute_holidays_close_the_monday_after():
    city = hours(**CITY_HALL)
    for monday in (
        dt.date(2026, 3, 2),  # 3·1절 on a Sunday
        dt.date(2026, 5, 25),  # 부처님오신날 on a Sunday
        dt.date(2026, 8, 17),  # 광복절 on a Saturday
        dt.date(2026, 10, 5),  # 개천절 on a Saturday
        dt.date(2027, 10, 11),  # 한글날 on a Saturday
        dt.date(2027, 12, 27),  # 성탄절 on a Saturday
    ):
        assert monday.weekday() == 0
        name = holiday(monday)
        assert name is not None and "대체" in name, (monday, name)
        assert not is_open(city, at(monday.year, monday.month, monday.day, 11))
    assert holiday(dt.date(2026, 11, 27)) is None


def test_the_next_opening_after_seollal_2027_is_the_wednesday():
    city = hours(**CITY_HALL)
    change = next_change(city, at(2027, 2, 5, 18, 30))  # Friday, closing
    assert change is not None and change.opens
    assert change.at == at(2027, 2, 10, 8, 30)


def test_open_on_holidays_keeps_the_weekday_hours():
    open_days = hours(**{**CITY_HALL, "open_on_holidays": True})
    assert is_open(open_days, at(2026, 2, 17, 11))
    assert not is_open(open_days, at(2026, 2, 17, 20))


def test_the_page_is_told_only_the_days_that_differ():
    city = hours(**CITY_HALL)
    days = special_days(city, dt.date(2026, 11, 26), dt.date(2027, 1, 10))
    assert days == {
        dt.date(2026, 12, 25): (),
        dt.date(2026, 12, 31): ((510, 720),),
        dt.date(2027, 1, 1): (),
        dt.date(2027, 1, 2): ((540, 780),),
    }


# ---- a kiosk's schedule over the site's ----


def test_a_kiosk_takes_what_it_gives_and_the_rest_from_the_site():
    site = Schedule.model_validate(CITY_HALL)
    own = Schedule.model_validate(
        {"when_closed": "blank", "exceptions": {"2026-12-24": "08:30-15:00"}}
    )
    found = resolve(site, own, "Asia/Seoul")
    assert found is not None
    assert found.when_closed == "blank"
    assert found.week == week_of(site.hours or {})
    assert set(found.exceptions) == {
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 2),
    }
    assert (found.wake_before_minutes, found.wake_minutes) == (10, 5)  # defaults
    assert resolve(site, Schedule(always_on=True), "Asia/Seoul") is None
    assert resolve(None, None, "Asia/Seoul") is None
    with pytest.raises(ValueError, match="needs hours"):
        resolve(None, own, "Asia/Seoul")


# ---- in config.yaml: accepted when right, rejected with file:line:key ----

GOOD = """\
site:
  title: {ko: 서산시청, en: Seosan City Hall}
kiosks:
  - id: main-lobby
    name: {ko: 로비, en: Lobby}
  - id: annex
    name: {ko: 별관, en: Annex}
tiles: []
schedule:
  hours:
    mon-fri: "08:30-18:30"
    sat: closed
  exceptions:
    2026-12-31: "08:30-12:00"
  when_closed: clock
"""


def problems(text: str) -> list:
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text, "config.yaml")
    return caught.value.problems


def one(text: str) -> tuple[int, str, str]:
    [problem] = problems(text)
    return problem.line, problem.key, problem.message


def test_a_schedule_in_config_yaml_is_read_for_every_kiosk():
    config = parse_config(GOOD, "config.yaml")
    for kiosk in config.kiosks:
        found = config.opening_hours(kiosk)
        assert found is not None and found.timezone == "Asia/Seoul"
        assert found.exceptions == {dt.date(2026, 12, 31): ((510, 720),)}
    assert (
        parse_config(GOOD.split("schedule:")[0], "config.yaml").opening_hours(
            config.kiosks[0]
        )
        is None
    )


def test_the_shipped_schedule_and_attract_loop_are_valid():
    config = load_config(REPO / "config.yaml")
    assert config.schedule is not None and config.schedule.always_on is False
    found = config.opening_hours(config.kiosks[0])
    assert found is not None and found.week[3] == ((510, 1140),)  # Thursday
    tile_ids = {tile.id for tile in config.tiles}
    assert config.attract.enabled and set(config.attract.figures) <= tile_ids


def test_a_span_written_wrong_is_named_by_line_and_day():
    line, key, message = one(GOOD.replace('"08:30-18:30"', '"18:30-08:30"'))
    assert (line, key) == (11, "schedule.hours.mon-fri")
    assert "ends before it starts" in message


def test_an_unknown_day_is_named_by_its_own_key():
    line, key, message = one(GOOD.replace("    sat: closed", "    sta: closed"))
    assert (line, key) == (12, "schedule.hours.sta")
    assert "mon-fri" in message


def test_a_day_given_twice_is_refused():
    line, key, message = one(GOOD.replace("    sat: closed", "    tue-sat: closed"))
    assert key == "schedule.hours" and line == 10
    assert "given twice" in message


def test_a_date_that_is_no_date_is_named_by_its_key():
    # read as a date by YAML itself: its line, and what a date looks like
    line, key, message = one(GOOD.replace("2026-12-31:", "2026-13-31:"))
    assert line == 14
    assert "'2026-13-31' is not a date" in message and "2026-12-31" in message
    line, key, message = one(
        GOOD.replace('2026-12-31: "08:30-12:00"', '"2026-12-31": "8-12"')
    )
    assert (line, key) == (14, "schedule.exceptions.2026-12-31")


def test_what_a_sleeping_screen_shows_is_one_of_two():
    line, key, message = one(GOOD.replace("when_closed: clock", "when_closed: dim"))
    assert (line, key) == (15, "schedule.when_closed")
    assert "'blank'" in message and "'clock'" in message


def test_a_misspelt_schedule_setting_gets_a_suggestion():
    line, key, message = one(
        GOOD.replace("  when_closed: clock", "  when_close: clock")
    )
    assert (line, key) == (15, "schedule.when_close")
    assert "did you mean 'when_closed'" in message


def test_a_kiosk_schedule_without_hours_anywhere_is_refused():
    bad = GOOD.split("schedule:")[0].replace(
        "    name: {ko: 별관, en: Annex}",
        "    name: {ko: 별관, en: Annex}\n    schedule: {when_closed: blank}",
    )
    line, key, message = one(bad)
    assert (line, key) == (8, "kiosks[1].schedule")
    assert "needs hours" in message
    site_without = GOOD.replace('    mon-fri: "08:30-18:30"\n    sat: closed\n', "")
    site_without = site_without.replace("  hours:\n", "")
    line, key, message = one(site_without)
    assert key == "schedule" and "needs hours" in message


def test_attract_slides_and_figures_are_checked():
    line, key, message = one(GOOD + "attract:\n  figures: [pm10]\n")
    assert (line, key) == (17, "attract.figures[0]")
    assert "no tile 'pm10'" in message
    line, key, message = one(GOOD + "attract:\n  slides: [touch, touch]\n")
    assert key == "attract.slides" and "twice" in message
    line, key, message = one(GOOD + "attract:\n  slides: [figures, clock]\n")
    assert key == "attract.slides[1]"
