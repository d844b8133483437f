"""CSV and queue adapters on real files an office drops."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from data_feeds.config import CsvFeedConfig, QueueFeedConfig
from tests.fakes import FakeServer
from tests.fakes.probe import Probe, new_store

DATA = Path(__file__).parent / "data" / "feeds"
KST = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2025, 11, 26, 14, 25, tzinfo=KST)
STEP = dt.timedelta(minutes=5)
HEADER = "집계시각,민원처리건수,대기인원,주차가능,공지\n"


def csv_probe(tmp_path: Path, **extra: object) -> Probe:
    path = tmp_path / "civil_stats.csv"
    shutil.copy(DATA / "civil_stats.csv", path)
    config = CsvFeedConfig.model_validate(
        {
            "type": "csv",
            "path": str(path),
            "as_of_column": "집계시각",
            "interval_seconds": 300,
            "max_age_minutes": 120,
            "columns": {
                "applications_today": {"path": "민원처리건수", "unit": "건"},
                "queue_waiting": {"path": "대기인원", "unit": "명"},
                "notice": {"path": "공지", "text": True},
            },
            **extra,
        }
    )
    return Probe(new_store(tmp_path), "office", config, "applications_today")


def test_csv_last_row_with_its_time(tmp_path: Path) -> None:
    probe = csv_probe(tmp_path)
    assert probe.refresh(NOW).ok
    latest = probe.store.latest("office", "applications_today")
    assert latest is not None and (latest.value, latest.unit) == (361, "건")
    assert latest.as_of == dt.datetime(2025, 11, 26, 14, 0, tzinfo=KST)
    notice = probe.store.latest("office", "notice")
    assert notice is not None and notice.text == "오늘 14시 민원실 시스템 점검"
    assert probe.state(NOW) == "fresh"


def test_csv_without_time_column_uses_the_file_time(tmp_path: Path) -> None:
    probe = csv_probe(tmp_path, as_of_column=None)
    path = tmp_path / "civil_stats.csv"
    stamp = dt.datetime(2025, 11, 26, 14, 3, tzinfo=KST).timestamp()
    os.utime(path, (stamp, stamp))
    assert probe.refresh(NOW).ok
    latest = probe.store.latest("office", "queue_waiting")
    assert latest is not None and latest.as_of == dt.datetime(
        2025, 11, 26, 5, 3, tzinfo=dt.UTC
    )


def test_csv_in_cp949(tmp_path: Path) -> None:
    path = tmp_path / "stats.csv"
    shutil.copy(DATA / "civil_stats_cp949.csv", path)
    base = {
        "type": "csv",
        "path": str(path),
        "as_of_column": "집계시각",
        "columns": {"applications_today": {"path": "민원처리건수"}},
    }
    wrong = Probe(new_store(tmp_path), "o", CsvFeedConfig.model_validate(base), "x")
    assert "set encoding, e.g. cp949" in str(wrong.refresh(NOW).error)
    right = CsvFeedConfig.model_validate({**base, "encoding": "cp949"})
    probe = Probe(new_store(tmp_path), "o", right, "applications_today")
    assert probe.refresh(NOW).ok and probe.value() == 361


def test_csv_failures_then_unavailable_then_recovery(tmp_path: Path) -> None:
    probe = csv_probe(tmp_path)
    path = tmp_path / "civil_stats.csv"
    assert probe.refresh(NOW).ok
    path.write_text(HEADER + "2025-11-26 14:30,-,13,22,\n", encoding="utf-8")
    probe.fails(NOW + STEP, 1, "column 민원처리건수 has no value ('-')")
    path.write_text(HEADER + "2025-11-26 14:30,많음,13,22,\n", encoding="utf-8")
    probe.fails(NOW + 2 * STEP, 2, "is not a number: '많음'")
    path.write_text("시각,건수\n2025-11-26 14:30,400\n", encoding="utf-8")
    probe.fails(NOW + 3 * STEP, 3, "has no column 민원처리건수, 대기인원, 공지, 집")
    path.write_text(HEADER, encoding="utf-8")
    probe.fails(NOW + 4 * STEP, 4, "has no data rows")
    path.write_text(HEADER + "어제,400,13,22,\n", encoding="utf-8")
    probe.fails(NOW + 5 * STEP, 5, "집계시각 is not a date and time")
    path.unlink()
    probe.fails(NOW + 6 * STEP, 6, "the file civil_stats.csv does not exist")
    assert probe.value() == 361
    later = NOW + dt.timedelta(hours=2)
    assert probe.state(later) == "unavailable"
    path.write_text(HEADER + "2025-11-26 16:20,455,3,60,\n", encoding="utf-8")
    assert probe.refresh(later).ok
    assert probe.value() == 455 and probe.state(later) == "fresh"


def queue_probe(tmp_path: Path, source: str = "queue.json", **extra: object) -> Probe:
    path = tmp_path / source
    shutil.copy(DATA / source, path)
    config = QueueFeedConfig.model_validate(
        {
            "type": "queue",
            "path": str(path),
            "interval_seconds": 15,
            "max_age_minutes": 30,
            **extra,
        }
    )
    return Probe(new_store(tmp_path), "queue", config, "queue_passport_waiting")


TASKS = {"여권": "passport", "전입신고": "resident", "제증명": "certificate"}


def test_queue_json_per_task_and_totals(tmp_path: Path) -> None:
    probe = queue_probe(tmp_path, tasks=TASKS)
    assert probe.refresh(NOW).ok
    store = probe.store
    got = {
        f: (r.value if (r := store.latest("queue", f)) else None)
        for f in (
            "queue_passport_called",
            "queue_passport_waiting",
            "queue_resident_waiting",
            "queue_certificate_called",
            "queue_waiting",
            "queue_called",
        )
    }
    assert got == {
        "queue_passport_called": 57,
        "queue_passport_waiting": 4,
        "queue_resident_waiting": 6,
        "queue_certificate_called": 88,
        "queue_waiting": 12,
        "queue_called": 247,
    }
    # 차량등록 is not listed under tasks: not shown, not counted
    assert store.latest("queue", "queue_vehicle_waiting") is None
    latest = store.latest("queue", "queue_waiting")
    assert latest is not None
    assert latest.as_of == dt.datetime(2025, 11, 26, 14, 20, tzinfo=KST)


def test_queue_csv(tmp_path: Path) -> None:
    probe = queue_probe(tmp_path, "queue.csv")
    assert probe.refresh(NOW).ok
    assert probe.value() == 4
    waiting = probe.store.latest("queue", "queue_waiting")
    assert waiting is not None and waiting.value == 10


def test_queue_failures_then_unavailable_then_recovery(tmp_path: Path) -> None:
    probe = queue_probe(tmp_path, tasks=TASKS)
    path = tmp_path / "queue.json"
    good = json.loads(path.read_text(encoding="utf-8"))
    assert probe.refresh(NOW).ok

    def drop(doc: object) -> None:
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    step = dt.timedelta(seconds=15)
    path.write_text('{"tasks": [', encoding="utf-8")
    probe.fails(NOW + step, 1, "queue.json is not valid JSON")
    dash = json.loads(json.dumps(good))
    dash["tasks"][0]["waiting"] = "-"
    drop(dash)
    probe.fails(NOW + 2 * step, 2, "waiting of task '여권' has no value ('-')")
    missing = json.loads(json.dumps(good))
    del missing["tasks"][0]["called"]
    drop(missing)
    probe.fails(NOW + 3 * step, 3, "task '여권' has no 'called'")
    drop({**good, "tasks": good["tasks"][1:]})
    probe.fails(NOW + 4 * step, 4, "no task 여권 in the queue data")
    drop({"updated": good["updated"], "counters": good["tasks"]})
    probe.fails(NOW + 5 * step, 5, "no 'tasks' in the answer")

    assert probe.value() == 4
    later = NOW + dt.timedelta(minutes=31)
    assert probe.state(later) == "unavailable"
    good["updated"] = "2025-11-26T14:55:00+09:00"
    good["tasks"][0]["waiting"] = 1
    drop(good)
    assert probe.refresh(later).ok
    assert probe.value() == 1 and probe.state(later) == "fresh"


def test_queue_from_a_local_http_endpoint(tmp_path: Path) -> None:
    with FakeServer() as server:
        server.set((DATA / "queue.json").read_text(encoding="utf-8"))
        config = QueueFeedConfig.model_validate(
            {
                "type": "queue",
                "url": server.url + "/queue",
                "tasks": TASKS,
                "timeout_seconds": 0.5,
            }
        )
        probe = Probe(new_store(tmp_path), "queue", config, "queue_passport_waiting")
        assert probe.refresh(NOW).ok and probe.value() == 4
        server.set("", status=503)
        probe.fails(NOW + STEP, 1, "HTTP 503")
