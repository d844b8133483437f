"""A SQL query through SQLAlchemy (SQLite file, PostgreSQL, ... by URL).

``shape: rows``: each row is ``field, value`` (optionally ``as_of``, ``unit``,
``text`` columns). ``shape: columns``: one row, each column a field (an
``as_of`` column, if any, gives the time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from kiosk_core.readings import Reading

from .base import FeedError, number, secret_from_env
from .config import FeedBase, SqlFeedConfig
from .http_json import parse_time


def _connect_args(url: str, timeout: float) -> dict[str, Any]:
    """Driver options that bound connecting and running the query."""
    if url.startswith("sqlite"):
        return {"timeout": timeout}
    if url.startswith("postgresql"):
        return {
            "connect_timeout": max(int(timeout), 1),
            "options": f"-c statement_timeout={int(timeout * 1000)}",
        }
    return {}


def _query(config: SqlFeedConfig) -> list[Mapping[str, Any]]:
    url = config.url or secret_from_env(str(config.url_env))
    try:
        engine = create_engine(
            url,
            connect_args=_connect_args(url, config.timeout_seconds),
            poolclass=NullPool,
        )
    except (SQLAlchemyError, ValueError, ImportError) as err:
        raise FeedError(f"cannot use the database url: {type(err).__name__}") from None
    try:
        with engine.connect() as conn:
            return [dict(row) for row in conn.execute(text(config.query)).mappings()]
    except SQLAlchemyError as err:
        # the driver's first line names the problem (no such table/column) and
        # never the URL; cut to stay short
        detail = str(getattr(err, "orig", err)).splitlines()[0][:160]
        raise FeedError(f"the query failed: {detail}") from None
    finally:
        engine.dispose()


def _time(value: Any, zone: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return parse_time(value.isoformat(), zone, "as_of")
    return parse_time(value, zone, "as_of")


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Run the query and turn its rows into readings."""
    assert isinstance(config, SqlFeedConfig)
    rows = _query(config)
    source = "sql"
    pairs: list[tuple[str, Any, dt.datetime, str | None]] = []
    if config.shape == "columns":
        if len(rows) != 1:
            raise FeedError(f"the query returned {len(rows)} rows instead of one")
        row = rows[0]
        as_of = _time(row["as_of"], config.timezone) if "as_of" in row else now
        pairs = [(str(k), v, as_of, None) for k, v in row.items() if k != "as_of"]
    else:
        for row in rows:
            if "field" not in row or "value" not in row:
                raise FeedError("the query must return columns named field and value")
            as_of = _time(row["as_of"], config.timezone) if row.get("as_of") else now
            pairs.append((str(row["field"]), row["value"], as_of, row.get("text")))
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    for field, raw, as_of, label in pairs:
        unit = config.units.get(field, "")
        try:
            value = number(raw, field)
        except FeedError as err:
            if field in config.required:
                problems[field] = str(err)
            elif label is not None or isinstance(raw, str):
                readings.append(
                    Reading("", field, as_of, None, str(label or raw), unit, source)
                )
            continue
        readings.append(Reading("", field, as_of, value, label, unit, source))
    seen = {field for field, *_ in pairs}
    problems.update(
        (field, f"the query returned no {field}")
        for field in config.required
        if field not in seen
    )
    if problems:
        raise FeedError("", readings, problems)
    return readings
