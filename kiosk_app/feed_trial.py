"""``python -m kiosk_app feeds``: read feeds once, now, and say what came back.

For the morning a real key is put in: each feed is fetched as the scheduler
would (same adapter, timeout and checks) but nothing is stored; the answer is
printed field by field, or the cause of the failure in words. Fields a tile
shows are marked, as only they take a feed down.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from data_feeds.base import FeedError, collect, redact
from data_feeds.registry import fetcher
from kiosk_app.config.schema import Config
from kiosk_core.readings import Reading


def _value(reading: Reading, zone: ZoneInfo) -> str:
    """``22 ㎍/㎥``, ``5 분 (text '12')``, ``'09:00–18:00'``, with its as-of."""
    parts = []
    if reading.value is not None:
        parts.append(f"{reading.value:g} {reading.unit}".strip())
    if reading.text is not None:
        parts.append(f"(text {reading.text!r})" if parts else repr(reading.text))
    when = reading.as_of.astimezone(zone)
    return f"{' '.join(parts) or '(nothing)'}, as of {when:%Y-%m-%d %H:%M}"


def _newest(readings: Iterable[Reading]) -> dict[str, Reading]:
    newest: dict[str, Reading] = {}
    for reading in readings:
        if reading.field not in newest or reading.as_of > newest[reading.field].as_of:
            newest[reading.field] = reading
    return newest


def trial_lines(
    config: Config, only: Iterable[str] = (), now: dt.datetime | None = None
) -> Iterator[tuple[bool, str]]:
    """(ok, line) for each feed and field; feeds in ``only`` (all when empty)."""
    now = now or dt.datetime.now(dt.UTC)
    zone = ZoneInfo(config.site.timezone)
    used = config.fields_in_use()
    wanted = set(only)
    for feed_id, feed in config.feeds.items():
        if wanted and feed_id not in wanted:
            continue
        started = time.monotonic()
        try:
            readings, failed = collect(feed_id, feed, now, fetcher(feed)), {}
            problem = ""
        except FeedError as err:
            readings, failed = err.readings, err.fields
            problem = err.problem if err.whole else ""
        seconds = time.monotonic() - started
        tiles = used.get(feed_id, set())
        head = f"{feed_id} ({feed.type}), {seconds:.1f} s"
        if problem:
            yield False, f"{head}: FAILED: {redact(problem, feed)}"
        else:
            down = [f for f in failed if f in tiles]
            state = "FAILED (a field a tile shows)" if down else "OK"
            yield not down, f"{head}: {state}"
        for field, reading in sorted(_newest(readings).items()):
            mark = " [tile]" if field in tiles else ""
            yield True, f"  {field}{mark} = {_value(reading, zone)}"
        for field, cause in sorted(failed.items()):
            mark = " [tile]" if field in tiles else ""
            yield field not in tiles, f"  {field}{mark}: {redact(cause, feed)}"
