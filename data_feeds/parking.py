"""Parking lots from the national standard parking data (전국주차장정보표준데이터).

The city's file, as an admin downloads it from data.go.kr (CSV, one row per
lot, the standard's 32 columns: 주차장관리번호, 주차장명, ..., 주차구획수, ...,
평일운영시작시각, 평일운영종료시각, ..., 요금정보, 주차기본시간, 주차기본요금, ...,
데이터기준일자). A lot is named under ``lots:`` by its 주차장관리번호 or its
주차장명. Fields per lot ``<id>``:

- ``parking_<id>_spaces``: 주차구획수 (면);
- ``parking_<id>_hours``: weekday hours as text, "09:00–18:00" (no value);
- ``parking_<id>_fee``: 주차기본요금 (원), with 요금정보 (무료, 유료, 혼합) as text;
  a free lot with no basic fee written is 0.

A row is dated by its 데이터기준일자 (midnight, Asia/Seoul), else by the file's
modification time. A lot missing from the file, named twice, or with an
empty value fails its own fields only.

Encoding: the portal's downloads are cp949 (``encoding``). UTF-8, with or
without a BOM (the file after Excel or another tool saved it), is tried first
whatever ``encoding`` says: UTF-8 is strict, so a cp949 file is practically
never valid UTF-8, while a UTF-8 file often decodes as cp949 without an error,
into the wrong characters.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from kiosk_core.readings import Reading

from .base import FeedError, number
from .config import FeedBase, ParkingFeedConfig

SOURCE = "전국주차장정보표준데이터"
SEOUL = ZoneInfo("Asia/Seoul")
ID_COLUMN = "주차장관리번호"
NAME_COLUMN = "주차장명"
_CLOCK = re.compile(r"^(\d{1,2}):?(\d{2})(?::\d{2})?$")
_DATE = re.compile(r"^(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})\.?$")


def decode(data: bytes, encoding: str, name: str) -> str:
    """The file's text: UTF-8 (BOM or not) when it is valid UTF-8, else ``encoding``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(encoding)
    except LookupError:
        raise FeedError(f"encoding '{encoding[:20]}' is not known") from None
    except UnicodeDecodeError:
        raise FeedError(f"{name} is neither UTF-8 nor {encoding} text") from None


def clock(text: str) -> str:
    """A time of day as HH:MM ("9:00" and "0900" alike); FeedError otherwise."""
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise FeedError(f"'{text.strip()[:20]}' is not a time of day")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def data_date(text: str) -> dt.datetime | None:
    """데이터기준일자 (2025-03-10, 20250310, 2025.03.10) as midnight in Seoul, UTC."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), SEOUL).astimezone(dt.UTC)


def _rows(config: ParkingFeedConfig) -> tuple[list[dict[str, str]], dt.datetime]:
    name = config.path.name
    try:
        modified = dt.datetime.fromtimestamp(config.path.stat().st_mtime, dt.UTC)
        data = config.path.read_bytes()
    except FileNotFoundError:
        raise FeedError(f"the file {name} does not exist") from None
    except OSError as err:
        raise FeedError(f"cannot read {name}: {type(err).__name__}") from None
    text = decode(data, config.encoding, name)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [
            {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            for row in reader
        ]
        header = {(k or "").strip() for k in reader.fieldnames or []}
    except csv.Error:
        raise FeedError(f"{name} is not valid CSV") from None
    if ID_COLUMN not in header and NAME_COLUMN not in header:
        raise FeedError(
            f"{name} has neither {ID_COLUMN} nor {NAME_COLUMN}: it is not the "
            "standard parking data (전국주차장정보표준데이터)"
        )
    return rows, modified


def _find(rows: list[dict[str, str]], key: str) -> dict[str, str]:
    """The row of the lot ``key`` (its 주차장관리번호, else its 주차장명)."""
    key = key.strip()
    by_id = [r for r in rows if r.get(ID_COLUMN) == key]
    found = by_id or [r for r in rows if r.get(NAME_COLUMN) == key]
    if not found:
        raise FeedError(f"no parking lot '{key}' in the file")
    if len(found) > 1:
        raise FeedError(
            f"{len(found)} parking lots are named '{key}': name the lot by its "
            f"{ID_COLUMN} instead"
        )
    return found[0]


def _column(row: dict[str, str], column: str, lot: str) -> str:
    if column not in row:
        raise FeedError(f"the file has no column {column}")
    value = row[column]
    if value in {"", "-"}:
        raise FeedError(f"{column} of lot '{lot}' has no value ({value!r})")
    return value


def _hours(row: dict[str, str], lot: str) -> str:
    """Weekday opening hours as "09:00–18:00"."""
    times = []
    for column in ("평일운영시작시각", "평일운영종료시각"):
        raw = _column(row, column, lot)
        try:
            times.append(clock(raw))
        except FeedError as err:
            raise FeedError(f"{column} of lot '{lot}': {err}") from None
    return "–".join(times)


def _fee(row: dict[str, str], lot: str) -> tuple[float, str]:
    kind = row.get("요금정보", "")
    if not row.get("주차기본요금") and kind == "무료":
        return 0.0, kind
    return number(
        _column(row, "주차기본요금", lot), f"주차기본요금 of lot '{lot}'"
    ), kind


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Spaces, weekday hours and basic fee of each configured lot."""
    assert isinstance(config, ParkingFeedConfig)
    rows, modified = _rows(config)
    source = f"{SOURCE} ({config.path.name})"
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    for key, ident in config.lots.items():
        prefix = f"parking_{ident.replace('-', '_')}"
        fields = [f"{prefix}_spaces", f"{prefix}_hours", f"{prefix}_fee"]
        try:
            row = _find(rows, key)
        except FeedError as err:
            problems.update(dict.fromkeys(fields, str(err)))
            continue
        as_of = data_date(row.get("데이터기준일자", "")) or modified
        try:
            spaces = number(
                _column(row, "주차구획수", key), f"주차구획수 of lot '{key}'"
            )
            readings.append(Reading("", fields[0], as_of, spaces, None, "면", source))
        except FeedError as err:
            problems[fields[0]] = str(err)
        try:
            hours = _hours(row, key)
            readings.append(Reading("", fields[1], as_of, None, hours, "", source))
        except FeedError as err:
            problems[fields[1]] = str(err)
        try:
            fee, kind = _fee(row, key)
            readings.append(Reading("", fields[2], as_of, fee, kind, "원", source))
        except FeedError as err:
            problems[fields[2]] = str(err)
    if problems:
        raise FeedError("", readings, problems)
    return readings
