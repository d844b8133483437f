"""Any REST endpoint answering JSON: one path per field (``response.body.items[0].x``).

Also the HTTP and JSON helpers the AirKorea, KMA and queue adapters share.
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

from .base import FeedError, number, secret_from_env
from .config import FeedBase, HttpJsonFeedConfig
from .secrecy import is_web_url, shown_url

MAX_BYTES = 5_000_000
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
        raise FeedError(f"HTTP {err.code} from {where}") from None
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


def parse_json(text: str, where: str) -> Any:
    """Parse JSON; FeedError naming the source (data.go.kr errors come as XML)."""
    try:
        return json.loads(text)
    except ValueError:
        auth = re.search(r"<returnAuthMsg>([^<]{1,80})</returnAuthMsg>", text)
        if auth:
            raise FeedError(f"{where} refused the request: {auth.group(1)}") from None
        raise FeedError(f"the answer from {where} is not valid JSON") from None


def resolve(data: Any, path: str) -> Any:
    """The value at ``path`` (``a.b[0].c``) in parsed JSON; FeedError if absent."""
    value = data
    for match in _STEP.finditer(path):
        key, index = match.groups()
        try:
            value = value[int(index)] if index is not None else value[key]
        except (KeyError, IndexError, TypeError):
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


def service_key(name: str) -> dict[str, str]:
    """The data.go.kr ``serviceKey`` raw query parameter from environment ``name``.

    The portal hands out an encoded and a decoded key: an encoded one (it holds
    "%") is passed as is, a decoded one is encoded here, so either works.
    """
    key = secret_from_env(name)
    return {"serviceKey": key if "%" in key else quote(key, safe="")}


def fetch(config: FeedBase, now: dt.datetime) -> list[Reading]:
    """Read every configured field from one JSON answer."""
    assert isinstance(config, HttpJsonFeedConfig)
    params = dict(config.params)
    headers = dict(config.headers)
    if config.key_env:
        key = config.key_prefix + secret_from_env(config.key_env)
        if config.key_param:
            params[config.key_param] = key
        else:
            headers[str(config.key_header)] = key
    url = web_url(config.url, config.url_env)
    where = _where(url)
    data = parse_json(get_text(url, params, config.timeout_seconds, headers), where)
    as_of = now
    if config.as_of_path:
        as_of = parse_time(
            resolve(data, config.as_of_path), config.timezone, config.as_of_path
        )
    readings: list[Reading] = []
    for field, spec in config.fields.items():
        raw = resolve(data, spec.path)
        if spec.text:
            if raw is None or isinstance(raw, dict | list):
                raise FeedError(f"{spec.path} is not text")
            readings.append(Reading("", field, as_of, None, str(raw), spec.unit, where))
        else:
            readings.append(
                Reading(
                    "", field, as_of, number(raw, spec.path), None, spec.unit, where
                )
            )
    return readings
