"""The refresh logic every feed shares (after Home Assistant's DataUpdateCoordinator).

An adapter is a function ``fetch(config, now) -> list[Reading]`` that raises
``FeedError`` for any failure. ``refresh_feed`` runs it, writes readings to the
Store only on success, records health, and logs one line when a feed goes
down and one when it recovers (never on every poll). ``tile_state`` tells the
UI how to show a reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Literal
from urllib.parse import quote, quote_plus, urlsplit

from kiosk_core.readings import Reading
from kiosk_core.store import FeedStore

from .config import FeedBase
from .secrecy import MASK, scrub

log = logging.getLogger("data_feeds")

Fetch = Callable[[FeedBase, dt.datetime], list[Reading]]
TileState = Literal["fresh", "stale", "unavailable"]
MAX_ERROR_CHARS = 500
# how far ahead of our clock a source's clock may run: a reading dated later
# than the end of its fetch plus this is refused, since the newest reading is
# what a tile shows and a date a year ahead would freeze it for a year
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)


class FeedError(Exception):
    """Any failure of a feed; the message is shown to admins and must hold no secret.

    ``readings`` carries the fields that were good when only some failed (a "-"
    in one AirKorea value): they are stored, and the feed still counts as failed.
    """

    def __init__(self, message: str, readings: Sequence[Reading] = ()):
        super().__init__(message)
        self.readings = list(readings)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one refresh of one feed did."""

    feed: str
    ok: bool
    stored: int = 0
    error: str | None = None


def utc_now() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def secret_from_env(name: str) -> str:
    """The value of an environment variable holding a key; FeedError if unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise FeedError(f"environment variable {name} is not set")
    return value


def _secret_forms(secret: str) -> set[str]:
    """The ways a secret can appear in a message: plain, URL-encoded, and for a
    URL (``url_env``) its password on its own."""
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    try:
        password = urlsplit(secret).password
    except ValueError:
        password = None
    if password:
        forms |= {password, quote(password, safe="")}
    return {form for form in forms if len(form) >= 4}


def redact(text: str, config: FeedBase) -> str:
    """``text`` safe to show: without the feed's secrets (plain or encoded), user
    parts, query strings or token-like path segments of URLs; shortened."""
    for name in config.secret_envs:
        secret = os.environ.get(name, "").strip()
        for form in sorted(_secret_forms(secret), key=len, reverse=True):
            text = text.replace(form, MASK)
    return scrub(text)[:MAX_ERROR_CHARS]


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except (TypeError, ValueError, OverflowError):
        return False


def number(value: object, what: str) -> float:
    """A source value as a finite float; FeedError for "-", empty, non-numeric,
    infinite or NaN values (json.loads reads ``Infinity`` and ``NaN`` as floats)."""
    if isinstance(value, bool):
        raise FeedError(f"{what} is not a number: {value!r}")
    if isinstance(value, int | float):
        result = value
    else:
        text = str(value).strip().replace(",", "") if value is not None else ""
        if text in {"", "-", "--", "null", "None"}:
            shown = "missing" if value is None else repr(value)
            raise FeedError(f"{what} has no value ({shown})")
        try:
            result = float(text)
        except ValueError:
            raise FeedError(f"{what} is not a number: {str(value)[:40]!r}") from None
    if not _finite(result):
        raise FeedError(f"{what} is not a finite number ({str(value)[:40]})")
    return float(result)


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def vet_readings(
    readings: Iterable[Reading], now: dt.datetime, config: FeedBase
) -> tuple[list[Reading], list[str]]:
    """The readings a tile may show, and one problem per field that may not.

    Whatever the adapter, a value must be finite (or absent, for text) and a
    reading can be dated no later than the end of its fetch plus the clock skew.
    """
    latest = now + config.timeout + MAX_CLOCK_SKEW
    good: list[Reading] = []
    not_finite: dict[str, str] = {}
    ahead: dict[str, list[str]] = {}  # claimed date -> fields
    for reading in readings:
        as_of = reading.as_of if reading.as_of.tzinfo else reading.as_of.astimezone()
        if reading.value is not None and not _finite(reading.value):
            not_finite.setdefault(reading.field, str(reading.value)[:20])
        elif as_of > latest:
            fields = ahead.setdefault(_when(as_of), [])
            if reading.field not in fields:
                fields.append(reading.field)
        else:
            good.append(reading)
    problems = [
        f"{field} is not a finite number ({shown})"
        for field, shown in not_finite.items()
    ]
    problems += [
        f"{', '.join(fields)} dated {when}, in the future"
        for when, fields in ahead.items()
    ]
    return good, problems


def collect(
    feed_id: str, config: FeedBase, now: dt.datetime, fetch: Fetch
) -> list[Reading]:
    """Run an adapter and vet its readings (``vet_readings``), stamped with the feed
    id; only FeedError escapes, carrying the good readings when some failed."""
    try:
        try:
            readings, message = fetch(config, now), ""
        except FeedError as err:
            readings, message = err.readings, str(err)
        good, problems = vet_readings(readings, now, config)
    except Exception as err:  # an adapter bug must not stop the scheduler
        log.debug("feed %s: unexpected error", feed_id, exc_info=True)
        raise FeedError(f"unexpected {type(err).__name__} in the adapter") from err
    if not readings and not message:
        raise FeedError("the source returned no values")
    good = [dataclasses.replace(r, feed=feed_id) for r in good]
    if message or problems:
        raise FeedError("; ".join([message, *problems] if message else problems), good)
    return good


def record(
    store: FeedStore,
    feed_id: str,
    config: FeedBase,
    now: dt.datetime,
    result: list[Reading] | FeedError,
) -> Outcome:
    """Write a fetch result: readings and success, or failure; log state changes."""
    if isinstance(result, FeedError):
        message = redact(str(result), config)
        stored = store.add_readings(result.readings, now) if result.readings else 0
        failures = store.record_failure(feed_id, now, message)
        if failures == 1:
            log.warning("feed %s is down: %s", feed_id, message)
        return Outcome(feed_id, False, stored, message)
    stored = store.add_readings(result, now)
    ended = store.record_success(feed_id, now)
    if ended:
        log.info("feed %s recovered after %d failed refreshes", feed_id, ended)
    return Outcome(feed_id, True, stored)
