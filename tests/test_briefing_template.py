"""Facts and the template writer: figures from the Store at the tile's
precision, stale facts said to be unavailable, formal Korean and plain English
that always pass the number check, varied from day to day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.check import check_text
from briefing.compose import check_draft
from briefing.facts import Fact, FactSheet, build_facts
from briefing.figures import extract
from briefing.simulate import simulated_sheet
from briefing.template import TemplateWriter, josa, ko_number
from kiosk_app.config.schema import Config
from kiosk_app.store import Store
from kiosk_core.text import Text
from tests.support.briefing_data import NOW, demo_config, fill_store


@pytest.fixture(scope="module")
def config() -> Config:
    return demo_config()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Store:
    return fill_store(tmp_path_factory.mktemp("facts"), config)


@pytest.fixture(scope="module")
def sheet(config: Config, store: Store) -> FactSheet:
    return build_facts(config, store, NOW)


def test_facts_follow_the_tiles(config: Config, store: Store, sheet: FactSheet) -> None:
    temperature = sheet.get("temperature")
    reading = store.latest("demo", "temperature")
    assert temperature and reading and temperature.value == reading.value
    assert temperature.unit == "℃" and temperature.decimals == 1
    assert temperature.as_of == reading.as_of and temperature.source == reading.source
    assert temperature.state == "fresh"
    day = sheet.get("temperature.day")
    earlier = store.value_at("demo", "temperature", reading.as_of - dt.timedelta(1))
    assert day and earlier and day.value == pytest.approx(reading.value - earlier.value)
    assert sheet.get("population.week") is not None
    assert [f.id for f in sheet.notices()] == ["notice-1", "notice-2", "notice-3"]
    assert {t.id for t in config.tiles} <= {f.id for f in sheet.facts}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_template_passes_the_check_and_states_the_figures(
    sheet: FactSheet, language: str
) -> None:
    draft = TemplateWriter().write(sheet, language)
    report = check_draft(draft, sheet)
    assert report.ok, report.summary()
    population = sheet.get("population")
    assert population and population.value
    assert population.value in [m.value for m in extract(draft.text)]
    assert all(
        s.fact_ids
        for s in draft.sentences
        if any(m.kind == "number" for m in extract(s.text))
    )
    assert 12 <= len(draft.sentences) <= 30


def test_korean_is_in_the_formal_news_register(sheet: FactSheet) -> None:
    draft = TemplateWriter().write(sheet, "ko")
    for sentence in draft.sentences:
        if "notice-3" in sentence.fact_ids:
            continue  # a notice is read as the city wrote it
        assert re.search(r"(니다|니까)\.$", sentence.text), sentence.text
    assert "18만" in draft.text or "19만" in draft.text  # Korean large numbers


def test_same_day_same_text_other_days_vary(config: Config, tmp_path: Path) -> None:
    texts = set()
    for days in range(4):
        now = NOW + dt.timedelta(days=days)
        store = fill_store(tmp_path / str(days), config, now)
        sheet = build_facts(config, store, now)
        first = TemplateWriter().write(sheet, "ko")
        assert TemplateWriter().write(sheet, "ko") == first
        # the wording, not just the figures, changes from day to day
        texts.add(re.sub(r"[\d,.]+", "#", first.text))
    assert len(texts) >= 2


def test_stale_facts_are_said_to_be_unavailable(config: Config, store: Store) -> None:
    later = NOW + dt.timedelta(hours=3)  # past the demo feed's max_age
    sheet = build_facts(config, store, later)
    temperature = sheet.get("temperature")
    assert temperature and temperature.state == "unavailable"
    for language, phrase in (("ko", "확인할 수 없습니다"), ("en", "not available")):
        draft = TemplateWriter().write(sheet, language)
        assert phrase in draft.text
        report = check_draft(draft, sheet)
        assert report.ok
        # no figure at all: only the date (labels such as "1번 버스" are names)
        figures = [m for m in report.matched if m[2] != "(date/time)"]
        assert figures == [], figures
    rows = {r["id"]: r for r in sheet.for_prompt("ko")}
    assert (
        "value" not in rows["temperature"]
        and "unavailable" in rows["temperature"]["status"]
    )


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("기온", "은/는", "기온은"),
        ("미세먼지", "은/는", "미세먼지는"),
        ("35㎍/㎥", "으로/로", "35㎍/㎥으로"),
        ("9.5도", "으로/로", "9.5도로"),
        ("113건", "이/가", "113건이"),
        ("12면", "이/가", "12면이"),
    ],
)
def test_particles(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


def test_korean_numbers() -> None:
    assert ko_number(180_173, 0) == "18만 173"
    assert ko_number(180_000, 0) == "18만"
    assert ko_number(84_142, 0) == "8만 4,142"
    assert ko_number(9_999, 0) == "9,999"
    assert ko_number(16.64, 1) == "16.6"


def monthly_sheet() -> FactSheet:
    """The city's and a 동's population as monthly figures for October 2026
    (dated by the source at the end of the month)."""
    end_of_october = dt.datetime(2026, 10, 31, 15, 0, tzinfo=dt.UTC)  # 11-01 00:00 KST
    people = Text(ko="명", en="people", zh="人", vi="người")
    common = {
        "kind": "value",
        "unit": "명",
        "units": people,
        "as_of": end_of_october,
        "source": "행정안전부 주민등록 인구통계",
        "month": dt.date(2026, 10, 1),
    }
    return FactSheet(
        dt.date(2026, 11, 26),
        NOW,
        "Asia/Seoul",
        (
            Fact(
                id="population",
                labels=Text(ko="서산시 인구", en="Seosan population", zh="瑞山市人口",
                            vi="Dân số Seosan"),
                value=182261,
                field="population",
                **common,
            ),
            Fact(
                id="population-dongmun1",
                labels=Text(ko="동문1동 인구", en="Dongmun 1-dong population",
                            zh="东门1洞人口", vi="Dân số Dongmun 1-dong"),
                value=12345,
                field="population_dongmun1",
                **common,
            ),
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "month"),
    [
        ("ko", "2026년 10월"),
        ("en", "Oct 2026"),
        ("zh", "2026年10月"),
        ("vi", "tháng 10/2026"),
    ],
)
def test_monthly_figures_are_said_with_their_month(language: str, month: str) -> None:
    sheet = monthly_sheet()
    draft = TemplateWriter().write(sheet, language)
    report = check_draft(draft, sheet)
    assert report.ok, report.summary()
    said = [s.text for s in draft.sentences if s.fact_ids]
    assert len(said) == 2 and all(month in text for text in said), said
    assert not any(word in t for t in said for word in ("오늘", "현재", "today"))


def test_a_month_other_than_the_figures_is_refused() -> None:
    sheet = monthly_sheet()
    draft = TemplateWriter().write(sheet, "ko")
    wrong = draft.text.replace("2026년 10월", "2026년 9월")
    report = check_text(wrong, sheet)
    assert not report.ok
    assert "is not the month of the briefing or of monthly figures" in report.summary()


def test_a_reading_in_korean_only_is_not_called_unavailable_in_english() -> None:
    """The next bus given as text ("운행 종료") is fresh: the English briefing
    leaves it out rather than calling it unavailable; a stale reading is."""
    sheet = simulated_sheet(dt.date(2026, 11, 4), 2)
    bus, dust = sheet.get("bus-next"), sheet.get("pm10")
    assert bus and bus.usable and bus.text("en") is None
    assert dust and not dust.usable
    english = TemplateWriter().write(sheet, "en").text
    assert "Next bus" not in english
    assert "Figures for Fine dust (PM10) are not available right now." in english
