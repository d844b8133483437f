"""Bounds on what a browser may ask of Dash's own routes.

A callback request names the outputs it wants and sends the inputs; Dash trusts
both, so one POST naming 1,500 tile areas made 23 MB of JSON, and a body of the
wrong shape ended in a 500 with a traceback in the log. Here each request is
checked against the callback it names before Dash sees it: a body that could
not come from our page is answered 400 (413 when too large), in one log line.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import flask
from dash import Dash, _callback
from dash.exceptions import PreventUpdate
from dash.fingerprint import check_fingerprint
from werkzeug.exceptions import HTTPException

from kiosk_app.throttled_log import ThrottledLog

log = logging.getLogger(__name__)

# The largest body a real page sends is 759 bytes (the language switch asking for
# header, toggle, ticker, footer, settings and refresh interval); 64 KiB is ~85x
# that and still parses in well under a millisecond.
MAX_BODY_BYTES = 64 * 1024
# Real bodies nest 5 deep (body, inputs, a pattern list, an item, its id or value);
# deep nesting only costs recursion in the parser and in Dash.
MAX_DEPTH = 16
# The longest real string is the language switch's output key (170 characters);
# values are ids, dates and keypad text (the page keeps a query to 12 letters).
MAX_STRING = 2048
# Each pattern-matched output is a full render (a tile area is ~15 KB of JSON);
# the page has one tile area, on the home screen.
MAX_OUTPUT_MATCHES = 8
# Pattern-matched inputs or states in one list: no server callback has any yet;
# the page's longest such lists (keypad, search results) hold a few dozen ids.
MAX_INPUT_MATCHES = 256
# Repeated refusals are summed up in the log at most this often.
LOG_EVERY_SECONDS = 60.0

_WILD = {"ALL", "ALLSMALLER", "MATCH"}
_MULTI = {"ALL", "ALLSMALLER"}  # these match lists of ids; MATCH matches one


class Refused(ValueError):
    """A request our page could not have sent; the message says which part."""


@dataclass(frozen=True)
class _Dep:
    """One output, input or state of a registered callback."""

    id: str | dict[str, Any]  # wildcards are ["ALL"], ["MATCH"], ["ALLSMALLER"]
    prop: str

    @property
    def multi(self) -> bool:
        return isinstance(self.id, dict) and any(
            isinstance(v, list) and v and v[0] in _MULTI for v in self.id.values()
        )


def _dep(spec: dict[str, Any]) -> _Dep:
    raw = spec["id"]
    # Dash keeps pattern ids as JSON text with each wildcard as a 1-element list
    ident = json.loads(raw) if raw.startswith("{") else raw
    return _Dep(ident, _clean(spec["property"]))


def _clean(prop: str) -> str:
    return prop.split("@", 1)[0]  # "data@<hash>" marks an allow_duplicate output


def _walk(value: Any) -> Iterator[tuple[Any, int]]:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _check_sizes(body: Any) -> None:
    for item, depth in _walk(body):
        if depth > MAX_DEPTH:
            raise Refused("nested too deep")
        if isinstance(item, str) and len(item) > MAX_STRING:
            raise Refused("string too long")


def _id_fits(value: Any, ident: str | dict[str, Any]) -> bool:
    if isinstance(ident, str):
        return value == ident
    if not isinstance(value, dict) or value.keys() != ident.keys():
        return False
    for key, wanted in ident.items():
        if isinstance(wanted, list) and wanted and wanted[0] in _WILD:
            # a concrete id in the page: Dash allows strings, numbers and booleans
            if not isinstance(value[key], (str, int, float)):
                return False
        elif value[key] != wanted:
            return False
    return True


def _check_item(item: Any, dep: _Dep, where: str) -> None:
    if not (
        isinstance(item, dict)
        and isinstance(item.get("property"), str)
        and _clean(item["property"]) == dep.prop
        and _id_fits(item.get("id"), dep.id)
    ):
        raise Refused(f"{where} do not match the callback")


def _check_slot(slot: Any, dep: _Dep, limit: int, where: str) -> None:
    if not dep.multi:
        _check_item(slot, dep, where)
        return
    if not isinstance(slot, list):
        raise Refused(f"{where} do not match the callback")
    if len(slot) > limit:
        raise Refused(f"too many pattern-matched {where}")
    for item in slot:
        _check_item(item, dep, where)


def _check_list(value: Any, deps: list[_Dep], limit: int, where: str) -> None:
    if not isinstance(value, list) or len(value) != len(deps):
        raise Refused(f"{where} do not match the callback")
    for slot, dep in zip(value, deps, strict=True):
        _check_slot(slot, dep, limit, where)


def check_callback_body(body: Any, callback_map: dict[str, Any]) -> None:
    """Raise Refused unless ``body`` fits the registered callback it names."""
    if not isinstance(body, dict):
        raise Refused("not a JSON object")
    _check_sizes(body)
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise Refused("no such callback")
    callback = callback_map[output]
    if not callback.get("no_output"):
        declared = callback["output"]
        if isinstance(declared, (list, tuple)):
            deps = [_dep(o.to_dict()) for o in declared]
            _check_list(body.get("outputs"), deps, MAX_OUTPUT_MATCHES, "outputs")
        else:
            dep = _dep(declared.to_dict())
            _check_slot(body.get("outputs"), dep, MAX_OUTPUT_MATCHES, "outputs")
    inputs = [_dep(s) for s in callback["inputs"]]
    _check_list(body.get("inputs"), inputs, MAX_INPUT_MATCHES, "inputs")
    state = [_dep(s) for s in callback["state"]]
    _check_list(body.get("state", []), state, MAX_INPUT_MATCHES, "state")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise Refused("changedPropIds is not a list of ids")


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("number out of range")
    return number


def parse_body(data: bytes) -> Any:
    """The JSON of a request body; Refused if it is not strict, finite JSON."""
    try:
        return json.loads(data, parse_constant=_no_constants, parse_float=_finite)
    except (ValueError, RecursionError) as error:  # bad UTF-8 is a ValueError too
        raise Refused("not JSON") from error


class _RefusalLog:
    """Refused requests, logged without filling the disk (``ThrottledLog``)."""

    def __init__(self) -> None:
        self._log = ThrottledLog(log, LOG_EVERY_SECONDS)

    def note(self, what: str, reason: str) -> None:
        self._log.warning("refused %s from %s: %s", what, _client(), reason)


def _client() -> str:
    return (flask.request.remote_addr or "?")[:45]


def _refuse(status: int, reason: str) -> flask.Response:
    response = flask.jsonify({"error": reason})
    response.status_code = status
    return response


# Where Dash reads the body before it calls one of our callbacks: an exception
# raised inside these means the body was malformed, not that our code is wrong.
# (looked up by name: a Dash release that renames them only makes such errors
# logged with their traceback, as any other)
_READING = {
    code
    for code in (
        getattr(getattr(owner, name, None), "__code__", None)
        for owner in (Dash, _callback)
        for name in ("_initialize_context", "_prepare_callback", "_inputs_to_vals")
    )
    if code is not None
}


def _raised_reading_body(error: BaseException) -> bool:
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code in _READING:
            return True
        tb = tb.tb_next
    return False


def _guard_dispatch(view: Callable[..., Any], refusals: _RefusalLog) -> Callable:
    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except (PreventUpdate, HTTPException):
            raise
        except Exception as error:
            if not _raised_reading_body(error):
                raise  # a bug in a callback: Flask logs it with its traceback
            reason = f"Dash could not read it: {type(error).__name__}"
            refusals.note("a callback request", reason)
            return _refuse(400, "malformed callback request")

    return guarded


def guard_requests(app: Dash) -> None:
    """Refuse oversized or malformed callback requests and bad component paths."""
    prefix = app.config.routes_pathname_prefix
    dispatch = prefix + "_dash-update-component"
    suites = (
        prefix
        + "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
    )
    server = app.server
    refusals = _RefusalLog()
    server.view_functions[dispatch] = _guard_dispatch(
        server.view_functions[dispatch], refusals
    )

    @server.before_request
    def _guard() -> flask.Response | None:
        request = flask.request
        if request.endpoint == dispatch and request.method == "POST":
            if (request.content_length or 0) > MAX_BODY_BYTES:
                refusals.note("a callback request", "body too large")
                return _refuse(413, "callback request too large")
            # a body sent without a length stops being read at the limit (413)
            request.max_content_length = MAX_BODY_BYTES
            if not request.is_json:
                refusals.note("a callback request", "not sent as JSON")
                return _refuse(400, "malformed callback request")
            try:
                check_callback_body(parse_body(request.get_data()), app.callback_map)
            except Refused as refused:
                refusals.note("a callback request", str(refused))
                return _refuse(400, f"malformed callback request: {refused}")
        elif request.endpoint == suites:
            args = request.view_args or {}
            path, _ = check_fingerprint(args.get("fingerprinted_path", ""))
            # Dash fills registered_paths in its own before_request hook, which
            # was registered (and so runs) before this one
            known = app.registered_paths.get(args.get("package_name", ""), ())
            if path not in known:
                refusals.note("a component path", "not one Dash serves")
                return _refuse(400, "unknown component file")
        return None
