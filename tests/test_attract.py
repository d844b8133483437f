"""The unattended screen's builders (layouts/attract.py): what the page is told
about its kiosk's hours, the sleeping screen, and the attract loop's slides."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from dash.development.base_component import Component

from kiosk_app.config import load_config, parse_config
from kiosk_app.config.schema import Config
from layouts.attract import (
    AttractFigures,
    AttractLoop,
    SleepCover,
    attract_settings,
    sleep_settings,
)
from layouts.screen import chrome_parts
from layouts.tiles import TileData
from tests.support.server import REPO

SEOUL = ZoneInfo("Asia/Seoul")
FRIDAY_NIGHT = dt.datetime(2026, 11, 27, 22, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(REPO / "config.yaml")


def texts(component) -> list[str]:
    """Every string in a component tree, in order."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, Component):
            walk(getattr(node, "children", None))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)

    walk(component)
    return found


def by_class(component, name: str) -> list[Component]:
    """Components whose className has ``name``."""
    found: list[Component] = []

    def walk(node) -> None:
        if isinstance(node, Component):
            if name in (getattr(node, "className", "") or "").split():
                found.append(node)
            walk(getattr(node, "children", None))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)

    walk(component)
    return found


def test_the_page_is_told_its_kiosks_hours_and_the_days_that_differ(config: Config):
    told = sleep_settings(config, config.kiosks[0], FRIDAY_NIGHT)
    assert told is not None
    assert told["week"][0] == [[510, 1110]] and told["week"][3] == [[510, 1140]]
    assert told["week"][5] == [] and told["week"][6] == []
    assert told["days"]["2026-12-25"] == []  # Christmas
    assert told["days"]["2026-12-31"] == [[510, 720]]
    assert told["days"]["2027-02-09"] == []  # Seollal's substitute day
    assert "2026-11-30" not in told["days"]  # an ordinary Monday
    assert (told["before"], told["after"], told["wake_minutes"]) == (10, 10, 5)
    assert told["when_closed"] == "clock" and told["lit"] is False
    # lit again Monday 08:20 (10 minutes before opening), in UTC
    assert told["next_change"] == "2026-11-29T23:20:00+00:00"
    assert json.loads(json.dumps(told)) == told
    assert sleep_settings(config, config.kiosks[0], FRIDAY_NIGHT.replace(hour=10))[
        "lit"
    ]


def test_a_site_without_a_schedule_never_sleeps(config: Config):
    awake = config.model_copy(update={"schedule": None})
    assert sleep_settings(awake, awake.kiosks[0], FRIDAY_NIGHT) is None
    assert SleepCover(awake, awake.kiosks[0], FRIDAY_NIGHT) == []
    parts = chrome_parts(awake, awake.kiosks[0], "ko", FRIDAY_NIGHT)
    assert parts["settings"]["schedule"] is None
    assert parts["settings"]["attract"] == {"after_seconds": 60, "slide_seconds": 8}


def test_the_sleeping_screen_shows_a_dim_clock_in_the_kiosks_language(config: Config):
    cover = SleepCover(config, config.kiosks[0], FRIDAY_NIGHT)
    words = texts(cover)
    assert "22:00" in words and "지금은 운영 시간이 아닙니다." in words
    # "touch to use" in every language the site offers, Korean first
    touch = by_class(cover, "sleep-touch")[0]
    assert texts(touch)[0] == "화면을 누르면 안내를 이용할 수 있습니다."
    assert len(texts(touch)) == len(config.site.languages)
    opens = by_class(cover, "sleep-opens")[0]
    assert (
        opens.to_plotly_json()["props"]["data-tomorrow"] == "내일 {time}에 문을 엽니다."
    )
    blank = parse_config(
        (REPO / "config.yaml")
        .read_text(encoding="utf-8")
        .replace("when_closed: clock ", "when_closed: blank "),
        "config.yaml",
    )
    assert SleepCover(blank, blank.kiosks[0], FRIDAY_NIGHT) == []


FIGURES = {
    "temperature": TileData(value=12.34, state="fresh", as_of="14:05"),
    "pm10": TileData(value=41, state="stale", as_of="13:00"),
    "queue-waiting": TileData(),  # unavailable: left out, never blank
    "parking": TileData(value=1234, state="fresh", as_of="14:05"),
    "bus-next": TileData(value=3, text="12", state="fresh", as_of="14:04"),
    "population": TileData(value=171234, state="fresh", as_of="11/25 09:00"),
}


def test_figures_are_the_tiles_values_with_their_as_of_three_to_a_slide(
    config: Config,
):
    slides = AttractFigures(config, "ko", FIGURES)
    assert len(slides) == 2  # five figures to show
    first = texts(slides[0])
    assert first[0] == "오늘의 서산"
    assert "기온" in first and "12.3" in first and "℃" in first
    assert "14:05 기준" in first and "13:00 기준" in first
    figures = by_class(slides[0], "attract-figure") + by_class(
        slides[1], "attract-figure"
    )
    shown = [f.to_plotly_json()["props"]["data-tile"] for f in figures]
    assert shown == ["temperature", "pm10", "parking", "bus-next", "population"]
    assert "1,234" in texts(slides[1]) or "1,234" in first
    assert "12번 버스" in texts(slides[1])  # the tile's detail line
    assert "171,234" in texts(slides[1]) and "11/25 09:00 기준" in texts(slides[1])
    english = texts(AttractFigures(config, "en", FIGURES)[0])
    assert "Temperature" in english and "as of 14:05" in english


def test_the_loop_follows_the_configured_slides_and_leaves_out_empty_ones(
    config: Config,
):
    today = dt.date(2026, 11, 27)
    loop = AttractLoop(config, "ko", FIGURES, ["오늘 서산의 기온은 12도입니다."], today)
    assert loop.hidden is True and loop.id == "kiosk-attract"
    kinds = [
        s.to_plotly_json()["props"]["data-attract-slide"]
        for s in by_class(loop, "attract-slide")
    ]
    assert kinds == ["figures", "figures", "briefing", "notice", "notice", "notice"] + [
        "touch"
    ]
    words = texts(loop)
    assert "오늘 서산의 기온은 12도입니다." in words
    assert words[-1] == "화면을 눌러 시작하세요"  # along the foot
    touch = by_class(loop, "attract-slide-touch")[0]
    assert texts(touch)[1:] == [
        "화면을 눌러 시작하세요",
        "Touch the screen to start",
        "请触摸屏幕开始",
        "Chạm vào màn hình để bắt đầu",
    ]
    quiet = AttractLoop(config.model_copy(update={"notices": []}), "ko", {}, [], today)
    kinds = [
        s.to_plotly_json()["props"]["data-attract-slide"]
        for s in by_class(quiet, "attract-slide")
    ]
    assert kinds == ["touch"]  # no figures, no briefing today, no notices


def test_the_home_screen_carries_the_loop_only_when_it_is_on(config: Config):
    from layouts.registry import SCREENS

    today = dt.date(2026, 11, 27)
    home = SCREENS.home.build(
        config,
        "ko",
        tiles=FIGURES,
        headlines=["어제의 소식"],
        headlines_day="2026-11-26",
        today=today,
    )
    [loop] = by_class(home, "attract")
    # yesterday's briefing is not today's headline
    assert not by_class(loop, "attract-slide-briefing")
    off = config.model_copy(
        update={"attract": config.attract.model_copy(update={"enabled": False})}
    )
    assert attract_settings(off) is None
    assert not by_class(SCREENS.home.build(off, "ko", tiles={}, today=today), "attract")
