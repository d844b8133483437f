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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Literal
from urllib.parse import quote, quote_plus, urlsplit

from kiosk_core.readings import FieldChanges, Reading
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

    ``problem`` is what failed for the whole feed (no answer, an error code);
    ``fields`` what failed for single fields (a "-" in one AirKorea value), by
    field. ``readings`` carries the fields that were good: they are stored.
    The message is the feed's problem, then each field's (the same text once).
    """

    def __init__(
        self,
        problem: str = "",
        readings: Sequence[Reading] = (),
        fields: Mapping[str, str] | None = None,
    ):
        self.problem = problem
        self.fields = dict(fields or {})
        texts = [problem, *self.fields.values()]
        super().__init__("; ".join(dict.fromkeys(t for t in texts if t)))
        self.readings = list(readings)

    @property
    def whole(self) -> bool:
        """True when the feed as a whole failed, not only some of its fields."""
        return bool(self.problem) or not self.fields


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one refresh of one feed did."""

    feed: str
    ok: bool
    stored: int = 0
    error: str | None = None
    # fields that failed while the feed did not (no tile shows them), by field
    failing_fields: Mapping[str, str] = dataclasses.field(default_factory=dict)


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
) -> tuple[list[Reading], dict[str, str]]:
    """The readings a tile may show, and a problem for each field that may not.

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
    problems = {
        field: f"{field} is not a finite number ({shown})"
        for field, shown in not_finite.items()
    }
    for when, fields in ahead.items():
        text = f"{', '.join(fields)} dated {when}, in the future"
        problems.update(dict.fromkeys(fields, text))
    return good, problems


def collect(
    feed_id: str, config: FeedBase, now: dt.datetime, fetch: Fetch
) -> list[Reading]:
    """Run an adapter and vet its readings (``vet_readings``), stamped with the feed
    id; only FeedError escapes, carrying the good readings when some failed."""
    try:
        try:
            readings, problem, fields = fetch(config, now), "", {}
        except FeedError as err:
            readings, problem, fields = err.readings, err.problem, err.fields
        good, problems = vet_readings(readings, now, config)
    except Exception as err:  # an adapter bug must not stop the scheduler
        log.debug("feed %s: unexpected error", feed_id, exc_info=True)
        raise FeedError(f"unexpected {type(err).__name__} in the adapter") from err
    if not readings and not problem and not fields:
        raise FeedError("the source returned no values")
    good = [dataclasses.replace(r, feed=feed_id) for r in good]
    if problem or fields or problems:
        raise FeedError(problem, good, {**fields, **problems})
    return good


def _feed_fails(error: FeedError, used: Collection[str] | None) -> bool:
    """Whether a failure takes the feed down: all of it failed, or a field that
    a tile shows (every field counts when ``used`` is not known)."""
    if error.whole or used is None:
        return True
    return any(field in used for field in error.fields)


def _log_fields(
    feed_id: str, changes: FieldChanges, failed: Mapping[str, str], recovered: bool
) -> None:
    """Log a field of a working feed that starts failing, or recovers (unless
    the feed itself just recovered: its own line says so)."""
    for field in changes.started:
        log.info("feed %s: field %s fails: %s", feed_id, field, failed[field])
    if recovered:
        return
    for field, count in changes.recovered.items():
        log.info(
            "feed %s: field %s recovered after %d failed refreshes",
            feed_id,
            field,
            count,
        )


def record(
    store: FeedStore,
    feed_id: str,
    config: FeedBase,
    now: dt.datetime,
    result: list[Reading] | FeedError,
    used: Collection[str] | None = None,
) -> Outcome:
    """Write a fetch result: readings, each field's state and the feed's; log
    state changes. ``used`` names the fields tiles show: a field outside it
    that fails is noted for ``/status`` without taking the feed down. A feed
    going down or up is logged once; a field only while its feed works."""
    if isinstance(result, FeedError):
        readings, failed = (
            result.readings,
            {f: redact(p, config) for f, p in result.fields.items()},
        )
    else:
        readings, failed = result, {}
    stored = store.add_readings(readings, now) if readings else 0
    changes = store.record_fields(feed_id, now, {r.field for r in readings}, failed)
    if isinstance(result, FeedError) and _feed_fails(result, used):
        message = redact(str(result), config)
        if store.record_failure(feed_id, now, message) == 1:
            log.warning("feed %s is down: %s", feed_id, message)
        return Outcome(feed_id, False, stored, message)
    ended = store.record_success(feed_id, now)
    if ended:
        log.info("feed %s recovered after %d failed refreshes", feed_id, ended)
    _log_fields(feed_id, changes, failed, recovered=bool(ended))
    return Outcome(feed_id, True, stored, failing_fields=failed)
