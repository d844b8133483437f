"""A CSV file an office drops (an export from its own system): the last row is read.

Columns map to fields; the row's time comes from ``as_of_column`` or else from
the file's modification time.
"""

from __future__ import annotations

import csv
import datetime as dt

from kiosk_core.readings import Reading

from .base import FeedError, number
from .config import CsvFeedConfig, FeedBase
from .http_json import parse_time


def read_rows(config: CsvFeedConfig) -> tuple[list[dict[str, str]], dt.datetime]:
    """The file's rows (as dicts by header) and its modification time."""
    name = config.path.name
    try:
        modified = dt.datetime.fromtimestamp(config.path.stat().st_mtime, dt.UTC)
        with config.path.open(encoding=config.encoding, newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=config.delimiter))
    except FileNotFoundError:
        raise FeedError(f"the file {name} does not exist") from None
    except UnicodeDecodeError:
        raise FeedError(
            f"{name} is not {config.encoding} text (set encoding, e.g. cp949)"
        ) from None
    except (OSError, csv.Error) as err:
        raise FeedError(f"cannot read {name}: {type(err).__name__}") from None
    return rows, modified


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """The configured columns of the last row."""
    assert isinstance(config, CsvFeedConfig)
    rows, modified = read_rows(config)
    name = config.path.name
    rows = [row for row in rows if any((v or "").strip() for v in row.values())]
    if not rows:
        raise FeedError(f"{name} has no data rows")
    row = rows[-1]
    wanted = [spec.path for spec in config.columns.values()]
    wanted += [config.as_of_column] if config.as_of_column else []
    missing = [column for column in wanted if column not in row]
    if missing:
        raise FeedError(f"{name} has no column {', '.join(missing)}")
    as_of = modified
    if config.as_of_column:
        as_of = parse_time(
            row[config.as_of_column], config.timezone, config.as_of_column
        )
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    for field, spec in config.columns.items():
        raw = row[spec.path]
        if spec.text:
            readings.append(Reading("", field, as_of, None, raw or "", spec.unit, name))
            continue
        try:
            value = number(raw, f"column {spec.path}")
        except FeedError as err:
            problems[field] = str(err)
            continue
        readings.append(Reading("", field, as_of, value, None, spec.unit, name))
    if problems:
        raise FeedError("", readings, problems)
    return readings
