"""Tiles as a visitor reads them: values, grades, changes, freshness, pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk_app.config import parse_config
from kiosk_app.readings import SharedTiles, tile_data
from kiosk_app.store import Store
from kiosk_core.grades import SCALES, grade_of
from kiosk_core.readings import Reading
from kiosk_core.text import Text
from kiosk_core.tiles import TileSnapshot
from layouts.tiles import IndicatorTile, TileData, tile_pages, tile_view
from tests.support.server import REPO

NOW = dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC)  # 14:00 in Seoul


def words(component) -> str:
    """All text in a component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(words(c) for c in component)
    children = getattr(component, "children", None)
    return words(children) if children is not None else ""


@pytest.fixture
def config():
    return parse_config(
        (REPO / "config.yaml").read_text(encoding="utf-8"), "config.yaml"
    )


@pytest.mark.parametrize(
    "scale,value,word",
    [
        ("pm10", 0, "좋음"),
        ("pm10", 30, "좋음"),
        ("pm10", 30.4, "좋음"),
        ("pm10", 31, "보통"),
        ("pm10", 80, "보통"),
        ("pm10", 81, "나쁨"),
        ("pm10", 150, "나쁨"),
        ("pm10", 151, "매우나쁨"),
        ("pm25", 15, "좋음"),
        ("pm25", 16, "보통"),
        ("pm25", 35, "보통"),
        ("pm25", 36, "나쁨"),
        ("pm25", 75, "나쁨"),
        ("pm25", 76, "매우나쁨"),
    ],
)
def test_korean_air_quality_grades(scale, value, word):
    assert grade_of(value, SCALES[scale]).label.get("ko") == word


def test_fresh_tile_shows_value_unit_grade_word_and_change(config):
    tile = next(t for t in config.tiles if t.id == "pm10")
    data = TileData(
        value=1234.0, state="fresh", as_of="09:10", grade=grade_of(81, SCALES["pm10"])
    )
    shown = words(IndicatorTile(tile, data, "ko", config.labels))
    assert "1,234" in shown and "㎍/㎥" in shown and "나쁨" in shown
    assert "기준" not in shown
    temperature = next(t for t in config.tiles if t.id == "temperature")
    shown = words(
        IndicatorTile(
            temperature,
            TileData(value=3.25, state="fresh", delta=-1.5),
            "en",
            config.labels,
        )
    )
    assert "3.2" in shown and "vs yesterday ▼ 1.5" in shown


def test_stale_tile_keeps_its_value_with_an_as_of_badge(config):
    tile = config.tiles[0]
    shown = words(
        IndicatorTile(
            tile, TileData(value=7.0, state="stale", as_of="09:10"), "ko", config.labels
        )
    )
    assert "7.0" in shown and "09:10 기준" in shown
    shown = words(
        IndicatorTile(
            tile, TileData(value=7.0, state="stale", as_of="09:10"), "en", config.labels
        )
    )
    assert "as of 09:10" in shown


def _tile(config, **extra):
    return config.tiles[0].model_copy(update=extra)


@pytest.mark.parametrize(
    ("language", "line"),
    [("ko", "12번 버스"), ("en", "Bus 12"), ("zh", "12路"), ("vi", "Xe buýt 12")],
)
def test_a_tile_names_what_its_value_is_about(config, language, line):
    detail = Text(
        ko="{text}번 버스", en="Bus {text}", zh="{text}路", vi="Xe buýt {text}"
    )
    tile = _tile(config, detail=detail, decimals=0, unit="분")
    data = TileData(value=4.0, text="12", state="fresh", as_of="14:00")
    shown = words(IndicatorTile(tile, data, language, config.labels))
    assert "4" in shown and line in shown


def test_a_tile_says_when_its_source_has_nothing_to_show(config):
    empty = Text(ko="도착 예정 버스 없음", en="No bus due")
    tile = _tile(config, empty=empty)
    nothing = TileData(value=None, text="", state="fresh", as_of="14:00")
    assert "도착 예정 버스 없음" in words(
        IndicatorTile(tile, nothing, "ko", config.labels)
    )
    assert "No bus due" in words(IndicatorTile(tile, nothing, "en", config.labels))
    # a tile without that wording shows the calm "unavailable" instead
    plain = words(IndicatorTile(config.tiles[0], nothing, "ko", config.labels))
    assert "잠시 후 다시 표시됩니다" in plain


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ko", "2026년 10월 기준"),
        ("en", "Oct 2026 figures"),
        ("zh", "2026年10月数据"),
        ("vi", "số liệu tháng 10/2026"),
    ],
)
def test_monthly_figures_always_name_their_month(config, language, label):
    tile = _tile(config, period="month", delta=None, sparkline=None)
    zone = ZoneInfo("Asia/Seoul")
    reading = TileSnapshot(
        tile,
        state="fresh",
        value=12345.0,
        as_of=dt.datetime(2026, 11, 1, 0, 0, tzinfo=zone),  # the end of October
    )
    data = tile_view(reading, NOW, zone)
    shown = words(IndicatorTile(tile, data, language, config.labels))
    assert label in shown


def test_unavailable_tile_is_calm_never_blank(config):
    shown = words(IndicatorTile(config.tiles[0], TileData(), "ko", config.labels))
    assert "잠시 후 다시 표시됩니다" in shown
    shown = words(IndicatorTile(config.tiles[0], TileData(), "en", config.labels))
    assert "Temporarily unavailable" in shown


def test_tiles_are_paged_by_whole_menus(config):
    pages = tile_pages(config)
    assert [len(p) for p in pages] == [12, 4]
    menus_on_first = {t.menu for t in pages[0]}
    assert {"facilities", "transport", "notices"}.isdisjoint(menus_on_first)
    # a menu larger than a page is split rather than overflowing
    small = config.model_copy(
        update={"screen": config.screen.model_copy(update={"tiles_per_page": 3})}
    )
    assert all(len(page) <= 3 for page in tile_pages(small))
    assert sum(len(page) for page in tile_pages(small)) == len(config.tiles)


def add(
    store: Store, field: str, value: float, as_of: dt.datetime, fetched: dt.datetime
) -> None:
    store.add_readings([Reading("demo", field, as_of, value, unit="℃")], fetched)


def test_tile_data_reads_freshness_changes_and_lines(config, tmp_path: Path):
    store = Store(tmp_path / "kiosk.db")
    store.create()
    for hours in range(48, -1, -1):
        moment = NOW - dt.timedelta(hours=hours)
        add(store, "temperature", 10.0 - hours / 10, moment, moment)
    add(store, "pm10", 95, NOW - dt.timedelta(minutes=1), NOW - dt.timedelta(minutes=1))
    store.record_success("demo", NOW)
    data = tile_data(config, store, NOW)

    assert data["temperature"].state == "fresh"
    assert data["temperature"].value == 10.0
    assert data["temperature"].delta == pytest.approx(2.4)
    assert len(data["temperature"].spark) >= 20
    assert data["temperature"].spark[-1] > data["temperature"].spark[0]
    assert data["pm10"].grade.label.get("ko") == "나쁨"
    assert data["population"].state == "unavailable"  # never read

    store.record_failure("demo", NOW + dt.timedelta(minutes=1), "HTTP 500")
    later = tile_data(config, store, NOW + dt.timedelta(minutes=1))
    assert later["temperature"].state == "stale"
    assert later["temperature"].as_of == "14:00"
    assert later["temperature"].value == 10.0
    # max_age of the demo feed is 120 minutes
    gone = tile_data(config, store, NOW + dt.timedelta(minutes=121))
    assert gone["temperature"].state == "unavailable"


def test_screens_of_one_process_share_a_tile_read_for_two_seconds(
    config, tmp_path: Path
):
    store = Store(tmp_path / "kiosk.db")
    store.create()
    add(store, "temperature", 9.0, NOW, NOW)
    store.record_success("demo", NOW)
    shared = SharedTiles(store)
    assert tile_data(config, store, NOW, shared)["temperature"].value == 9.0

    # a new reading: screens asking within two seconds get the one read
    # (every screen shows the same), the first after that the new value
    later = NOW + dt.timedelta(minutes=1)
    add(store, "temperature", 11.5, later, later)
    soon = NOW + dt.timedelta(seconds=1.5)
    assert tile_data(config, store, soon, shared)["temperature"].value == 9.0
    # (read on its own, the Store has the new value already)
    assert tile_data(config, store, soon)["temperature"].value == 11.5
    after = NOW + dt.timedelta(seconds=2)
    assert tile_data(config, store, after, shared)["temperature"].value == 11.5
    # an edited config is read afresh at once
    add(store, "temperature", 12.0, later + dt.timedelta(minutes=1), after)
    edited = parse_config(
        (REPO / "config.yaml").read_text(encoding="utf-8"), "config.yaml"
    )
    assert tile_data(edited, store, after, shared)["temperature"].value == 12.0


def test_a_badge_from_another_day_says_the_date(config, tmp_path: Path):
    store = Store(tmp_path / "kiosk.db")
    store.create()
    evening = dt.datetime(2026, 11, 25, 23, 50, tzinfo=ZoneInfo("Asia/Seoul"))
    add(store, "temperature", 4.0, evening, evening)
    store.record_failure("demo", evening + dt.timedelta(minutes=5), "HTTP 500")
    after_midnight = evening + dt.timedelta(minutes=30)  # 00:20 the next day
    data = tile_data(config, store, after_midnight)
    assert data["temperature"].state == "stale"
    assert data["temperature"].as_of == "11/25 23:50"
    same_day = tile_data(config, store, evening + dt.timedelta(minutes=6))
    assert same_day["temperature"].as_of == "23:50"


def test_monthly_figures_stay_shown_on_a_feed_of_live_values(config, tmp_path: Path):
    """The demo feed keeps live values for 2 hours (max_age 120 min); its
    monthly figures, dated the end of last month, stay on their tile."""
    store = Store(tmp_path / "kiosk.db")
    store.create()
    end_of_october = dt.datetime(2026, 10, 31, 15, 0, tzinfo=dt.UTC)
    store.add_readings(
        [Reading("demo", "population_dongmun1", end_of_october, 13288.0, unit="명")],
        NOW,
    )
    store.record_success("demo", NOW)
    shown = tile_data(config, store, NOW)["population-dongmun1"]
    assert (shown.state, shown.value) == ("fresh", 13288.0)
    assert shown.month == dt.date(2026, 10, 1)
    # three months on, the figures are no longer shown
    later = NOW + dt.timedelta(days=80)
    store.record_success("demo", later)
    assert tile_data(config, store, later)["population-dongmun1"].state == "unavailable"
