"""Any REST endpoint answering JSON: one path per field (``response.body.items[0].x``),
or a count or aggregate of a list (``items: response.body.items``).

Also the HTTP and JSON helpers the other adapters share. Every answer's body is
read, whatever its HTTP status: a Korean public API names its error there
(``portal.answer_error``), and that cause is what ``/status`` shows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from kiosk_core.readings import Reading

from . import portal
from .base import FeedError, number, secret_from_env
from .config import FeedBase, FieldSpec, HttpJsonFeedConfig
from .secrecy import is_web_url, shown_url

MAX_BYTES = 5_000_000
# how much of an error answer is read for its cause
MAX_ERROR_BYTES = 64_000
_STEP = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")


def _where(url: str) -> str:
    """The host and path of a URL, safe to show: the query and any path segment
    that looks like a key or token are left out (API names stay readable)."""
    return shown_url(url)


def web_url(url: str | None, url_env: str | None) -> str:
    """The configured URL, or the one in environment ``url_env``; http(s) only."""
    full = url or secret_from_env(str(url_env))
    if not is_web_url(full):
        # never echo it: a url from the environment may hold a key
        raise FeedError(f"the url in {url_env or 'url'} is not an http(s) url")
    return full


def get_text(
    url: str,
    params: Mapping[str, str],
    timeout: float,
    headers: Mapping[str, str] | None = None,
    raw_params: Mapping[str, str] | None = None,
) -> str:
    """GET ``url`` with query ``params`` and return the body; FeedError on failure.

    ``raw_params`` are appended as given (an already URL-encoded data.go.kr key).
    """
    query = urlencode(dict(params))
    extra = "&".join(f"{k}={v}" for k, v in (raw_params or {}).items())
    query = "&".join(q for q in (query, extra) if q)
    full = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
    request = urllib.request.Request(
        full,
        headers={
            "Accept": "application/json",
            "User-Agent": "lobby-kiosk",
            **(headers or {}),
        },
    )
    where = _where(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as err:
        raise _status_error(err, where) from None
    except TimeoutError:
        raise FeedError(f"no answer from {where} within {timeout:g} s") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError | socket.timeout):
            raise FeedError(f"no answer from {where} within {timeout:g} s") from None
        raise FeedError(f"cannot reach {where}: {err.reason}") from None
    except (OSError, ValueError) as err:
        raise FeedError(f"cannot read {where}: {type(err).__name__}") from None
    if len(body) > MAX_BYTES:
        raise FeedError(f"the answer from {where} is larger than {MAX_BYTES} bytes")
    return body.decode(charset, errors="replace")


def _status_error(err: urllib.error.HTTPError, where: str) -> FeedError:
    """An HTTP error with the cause its body names (a gateway's code), if any."""
    try:
        raw = err.read(MAX_ERROR_BYTES)
        charset = err.headers.get_content_charset() if err.headers else None
        body = raw.decode(charset or "utf-8", errors="replace")
    except (OSError, ValueError, LookupError):
        body = ""
    finally:
        err.close()
    found = portal.answer_error(body, where)
    if found is not None:
        return portal.GatewayError(f"HTTP {err.code}: {found}", found.code)
    return FeedError(f"HTTP {err.code} from {where}")


def parse_json(text: str, where: str) -> Any:
    """Parse JSON; an error code in the answer (a gateway's envelope or a
    service's header, JSON or XML) is raised in words (``portal``), and
    anything else that is not JSON names the source."""
    try:
        data = json.loads(text)
    except ValueError:
        found = portal.answer_error(text, where)
        if found is not None:
            raise found from None
        raise FeedError(f"the answer from {where} is not valid JSON") from None
    portal.check_answer(data, where)
    return data


def resolve(data: Any, path: str) -> Any:
    """The value at ``path`` (``a.b[0].c``) in parsed JSON; FeedError if absent.

    data.go.kr's list shapes are taken as lists (``portal.listed``): ``[0]`` of
    one object is that object, and of ``""`` (no results) is absent.
    """
    value = data
    for match in _STEP.finditer(path):
        key, index = match.groups()
        try:
            if index is not None:
                value = portal.listed(value, path)[int(index)]
            else:
                value = None if value == "" else value[key]
        except (KeyError, IndexError, TypeError, FeedError):
            raise FeedError(
                f"no '{path}' in the answer (stopped at '{match.group()}')"
            ) from None
    return value


def parse_time(value: object, zone: str, what: str) -> dt.datetime:
    """A source timestamp (ISO, "YYYY-MM-DD HH:MM", epoch seconds) as aware UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    text = str(value or "").strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise FeedError(f"{what} is not a date and time: {text[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(dt.UTC)


def portal_json(
    url: str,
    params: Mapping[str, str],
    timeout: float,
    key_env: str,
    key_param: str = "serviceKey",
) -> Any:
    """GET a Korean public API and parse its JSON: the key from environment
    ``key_env`` as ``serviceKey`` (KMA's API hub: ``authKey``) in either of the
    portal's forms, encoded once (``portal.query_key``); an error code in the
    answer raised in words, naming the API (host and path)."""
    raw = {key_param: portal.query_key(key_env)}
    return parse_json(get_text(url, params, timeout, raw_params=raw), _where(url))


def _aggregate(data: Any, spec: FieldSpec, field: str) -> Any:
    """A count or aggregate of the records under ``spec.items``."""
    assert spec.items is not None
    records = portal.items(resolve(data, spec.items), spec.items)
    records = [
        r for r in records if all(str(r.get(k)) == v for k, v in spec.match.items())
    ]
    if spec.aggregate == "count":
        return len(records)
    if not records:
        where = f"{spec.items} with {spec.match}" if spec.match else spec.items
        raise FeedError(f"{field}: no records in {where}")
    assert spec.path is not None
    if spec.aggregate == "first":
        return resolve(records[0], spec.path)
    if spec.aggregate == "last":
        return resolve(records[-1], spec.path)
    values = [number(resolve(r, spec.path), spec.path) for r in records]
    if spec.aggregate == "min":
        return min(values)
    return max(values) if spec.aggregate == "max" else sum(values)


def field_value(data: Any, spec: FieldSpec, field: str) -> Any:
    """The raw value of one configured field: at its path, or an aggregate."""
    if spec.items is not None:
        return _aggregate(data, spec, field)
    assert spec.path is not None
    return resolve(data, spec.path)


def _reading(
    data: Any, field: str, spec: FieldSpec, as_of: dt.datetime, where: str
) -> Reading:
    raw = field_value(data, spec, field)
    what = spec.path or f"{field} ({spec.aggregate} of {spec.items})"
    if spec.text:
        if raw is None or isinstance(raw, dict | list):
            raise FeedError(f"{what} is not text")
        return Reading("", field, as_of, None, str(raw), spec.unit, where)
    value = number(raw, what) * spec.scale
    return Reading("", field, as_of, value, None, spec.unit, where)


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Read every configured field from one JSON answer; a field that fails
    is reported on its own, the others are kept."""
    assert isinstance(config, HttpJsonFeedConfig)
    params = dict(config.params)
    headers = dict(config.headers)
    raw_params: dict[str, str] = {}
    if config.key_env:
        if config.key_param:
            prefix = quote(config.key_prefix, safe="")
            raw_params[config.key_param] = prefix + portal.query_key(config.key_env)
        else:
            key = config.key_prefix + portal.plain_key(config.key_env)
            headers[str(config.key_header)] = key
    url = web_url(config.url, config.url_env)
    where = _where(url)
    text = get_text(url, params, config.timeout_seconds, headers, raw_params)
    data = parse_json(text, where)
    as_of = now
    if config.as_of_path:
        as_of = parse_time(
            resolve(data, config.as_of_path), config.timezone, config.as_of_path
        )
    readings: list[Reading] = []
    problems: dict[str, str] = {}
    for field, spec in config.fields.items():
        try:
            readings.append(_reading(data, field, spec, as_of, where))
        except FeedError as err:
            problems[field] = str(err)
    if problems:
        raise FeedError("", readings, problems)
    return readings
