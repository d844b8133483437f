"""The standard parking data (전국주차장정보표준데이터) read from a CSV file.

The sample has the standard's real 32-column header and made-up rows for
Seosan (tests/data/feeds/real/SOURCES.md, "Built, not recorded").
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data_feeds import demo
from data_feeds.config import ParkingFeedConfig
from data_feeds.refresh import refresh_feed
from kiosk_app.store import Store
from tests.fakes.probe import new_store

DATA = Path(__file__).parent / "data" / "feeds"
SAMPLE = DATA / "parking_standard_seosan_sample_cp949.csv"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
DATA_DAY = dt.datetime(2025, 3, 10, 0, 0, tzinfo=KST)
LOTS = {
    "서산시청 본관 주차장": "main",
    "344-2-000002": "annex",  # by its 주차장관리번호
    "동문동 공영주차장": "dongmun",
}


def sample_text() -> str:
    return SAMPLE.read_bytes().decode("cp949")


def write(tmp_path: Path, text: str, encoding: str = "cp949") -> Path:
    path = tmp_path / "parking.csv"
    path.write_bytes(text.encode(encoding))
    return path


def run(
    tmp_path: Path, path: Path, lots: dict[str, str] | None = None, **extra: str
) -> tuple[Store, dict[str, str], bool]:
    """Refresh once: the store, the failing fields, whether the feed is up."""
    config = ParkingFeedConfig.model_validate(
        {"type": "parking_csv", "path": path, "lots": lots or LOTS, **extra}
    )
    store = new_store(tmp_path)
    outcome = refresh_feed("parking", config, store, NOW, used={"parking_main_spaces"})
    return store, dict(outcome.failing_fields), outcome.ok


def shown(store: Store, field: str) -> tuple[float | None, str | None, str]:
    reading = store.latest("parking", field)
    assert reading is not None, field
    return reading.value, reading.text, reading.unit


def test_the_city_hall_lots_from_the_portal_file(tmp_path: Path) -> None:
    store, failing, ok = run(tmp_path, SAMPLE)
    assert ok and failing == {}
    assert shown(store, "parking_main_spaces") == (312, None, "면")
    assert shown(store, "parking_main_hours") == (None, "09:00–18:00", "")
    assert shown(store, "parking_main_fee") == (0, "무료", "원")
    assert shown(store, "parking_annex_spaces") == (120, None, "면")
    assert shown(store, "parking_annex_fee") == (500, "유료", "원")
    # "9:00" in the file is shown as a board shows it
    assert shown(store, "parking_dongmun_hours") == (None, "09:00–21:00", "")
    reading = store.latest("parking", "parking_main_spaces")
    assert reading is not None and reading.as_of == DATA_DAY


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_utf8_copy_reads_the_same_whatever_encoding_says(
    tmp_path: Path, encoding: str
) -> None:
    path = write(tmp_path, sample_text(), encoding)
    store, failing, ok = run(tmp_path, path, encoding="cp949")
    assert ok and failing == {}
    assert shown(store, "parking_main_spaces") == (312, None, "면")
    assert shown(store, "parking_main_fee") == (0, "무료", "원")


def test_a_lot_not_in_the_file_fails_its_own_fields(tmp_path: Path) -> None:
    lots = {"서산시청 본관 주차장": "main", "서산시청 제3주차장": "third"}
    store, failing, ok = run(tmp_path, SAMPLE, lots)
    assert ok
    missing = "no parking lot '서산시청 제3주차장' in the file"
    assert failing == {
        "parking_third_spaces": missing,
        "parking_third_hours": missing,
        "parking_third_fee": missing,
    }
    assert shown(store, "parking_main_spaces") == (312, None, "면")


def test_a_name_given_to_two_lots_asks_for_the_number(tmp_path: Path) -> None:
    lines = sample_text().splitlines()
    twin = lines[2].replace(
        "344-2-000002,서산시청 별관 주차장", "344-2-000009,동문동 공영주차장"
    )
    path = write(tmp_path, "\r\n".join([*lines, twin]) + "\r\n")
    store, failing, ok = run(tmp_path, path)
    assert ok
    assert failing["parking_dongmun_spaces"] == (
        "2 parking lots are named '동문동 공영주차장': name the lot by its "
        "주차장관리번호 instead"
    )
    assert shown(store, "parking_main_spaces") == (312, None, "면")


def test_empty_or_dash_values_fail_their_field_alone(tmp_path: Path) -> None:
    lines = sample_text().splitlines()
    # the annex: 주차구획수 empty, 평일운영종료시각 "-"
    cells = lines[2].split(",")
    cells[6], cells[11] = "", "-"
    lines[2] = ",".join(cells)
    path = write(tmp_path, "\r\n".join(lines) + "\r\n")
    store, failing, ok = run(tmp_path, path)
    assert ok
    assert failing == {
        "parking_annex_spaces": "주차구획수 of lot '344-2-000002' has no value ('')",
        "parking_annex_hours": (
            "평일운영종료시각 of lot '344-2-000002' has no value ('-')"
        ),
    }
    assert shown(store, "parking_annex_fee") == (500, "유료", "원")


def test_a_time_that_is_not_a_time_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, sample_text().replace(",9:00,21:00,", ",아침,21:00,"))
    _, failing, _ = run(tmp_path, path)
    assert failing == {
        "parking_dongmun_hours": "평일운영시작시각 of lot '동문동 공영주차장': "
        "'아침' is not a time of day"
    }


def test_without_a_data_date_the_file_time_dates_the_figures(tmp_path: Path) -> None:
    path = write(tmp_path, sample_text().replace(",2025-03-10", ","))
    stamp = dt.datetime(2025, 6, 1, 9, 30, tzinfo=KST).timestamp()
    os.utime(path, (stamp, stamp))
    store, _, ok = run(tmp_path, path)
    assert ok
    reading = store.latest("parking", "parking_main_spaces")
    assert reading is not None
    assert reading.as_of == dt.datetime(2025, 6, 1, 9, 30, tzinfo=KST)


def test_another_file_is_refused_as_a_whole(tmp_path: Path) -> None:
    path = write(tmp_path, "공원명,공원구분\r\n서산중앙호수공원,근린공원\r\n")
    config = ParkingFeedConfig(type="parking_csv", path=path, lots=LOTS)
    store = new_store(tmp_path)
    outcome = refresh_feed("parking", config, store, NOW)
    assert outcome.error == (
        "parking.csv has neither 주차장관리번호 nor 주차장명: it is not the "
        "standard parking data (전국주차장정보표준데이터)"
    )


def test_a_missing_file_keeps_the_last_figures(tmp_path: Path) -> None:
    path = tmp_path / "drop" / "parking.csv"
    path.parent.mkdir()
    shutil.copy(SAMPLE, path)
    config = ParkingFeedConfig(type="parking_csv", path=path, lots=LOTS)
    store = new_store(tmp_path)
    assert refresh_feed("parking", config, store, NOW).ok
    path.unlink()
    outcome = refresh_feed("parking", config, store, NOW + dt.timedelta(hours=1))
    assert outcome.error == "the file parking.csv does not exist"
    assert shown(store, "parking_main_spaces") == (312, None, "면")


def test_demo_simulates_the_main_lot() -> None:
    for hour in (3, 12, 20):
        moment = dt.datetime(2025, 11, 26, hour, tzinfo=KST)
        found = demo.values(0, moment)
        assert found["parking_main_spaces"] == (312, None)
        assert found["parking_main_hours"] == (None, "09:00–18:00")
