"""What Korean public APIs share, whoever runs them (data.go.kr, KMA's API hub).

- **Result codes** come in the gateway's envelope (``OpenAPI_ServiceResponse``,
  XML or JSON, usually with HTTP 4xx) or in a service's own header
  (``response.header.resultCode``, ``Response.head.resultCode``; XML or JSON,
  usually with HTTP 200). ``answer_error`` finds either in a body and names the
  cause in words with what to do about it.
- **Keys**: the portal hands out each key in two forms, "Encoding" (``%2B``)
  and "Decoding" (``+``). ``query_key`` puts either into a query string encoded
  exactly once; a key encoded twice (``%252B``), or holding spaces, is
  reported, never sent.
- **List shapes**: ``items.item`` is a list for many results, one object for
  exactly one, and ``items`` is ``""`` for none. ``listed`` and ``items`` turn
  all of them into a list.

Pure functions: the HTTP request is ``http_json.get_text``'s.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any
from urllib.parse import quote, unquote

from .base import FeedError, secret_from_env

# codes that mean "answered normally" (KMA's API hub and some services omit the 0)
OK_CODES = {"00", "0", "000", "INFO-000"}


@dataclasses.dataclass(frozen=True)
class ResultCode:
    """One of the gateway's result codes: its name, what it means, what to do."""

    code: str
    name: str
    cause: str
    fix: str


_SOON = "it usually passes by itself: the kiosk keeps its last values and tries again"
CODES: dict[str, ResultCode] = {
    c.code: c
    for c in (
        ResultCode("01", "APPLICATION_ERROR", "the provider's system failed", _SOON),
        ResultCode("02", "DB_ERROR", "the provider's database failed", _SOON),
        ResultCode(
            "03",
            "NODATA_ERROR",
            "there is no data for what was asked",
            "check the station, grid or stop in the feed's settings; just after "
            "the hour the newest data may not be published yet",
        ),
        ResultCode(
            "04", "HTTP_ERROR", "the provider's server answered with an error", _SOON
        ),
        ResultCode(
            "05",
            "SERVICETIME_OUT",
            "the provider's server did not answer in time",
            _SOON,
        ),
        ResultCode(
            "10",
            "INVALID_REQUEST_PARAMETER_ERROR",
            "a request parameter is not valid",
            "check the feed's settings (station, grid, city or stop id) against "
            "the API's guide",
        ),
        ResultCode(
            "11",
            "NO_MANDATORY_REQUEST_PARAMETERS_ERROR",
            "a required request parameter is missing",
            "check the feed's settings against the API's guide",
        ),
        ResultCode(
            "12",
            "NO_OPENAPI_SERVICE_ERROR",
            "this API does not exist at that address or has been withdrawn",
            "check the feed's base_url or url against the API's page on data.go.kr",
        ),
        ResultCode(
            "20",
            "SERVICE_ACCESS_DENIED_ERROR",
            "the key may not use this API",
            "apply for this API (활용신청) with the key's account on data.go.kr",
        ),
        ResultCode(
            "21",
            "TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR",
            "the key is disabled for now",
            "see the key's page on data.go.kr (마이페이지)",
        ),
        ResultCode(
            "22",
            "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
            "the daily quota of requests is used up",
            "it resets at midnight; raise the feed's interval_seconds or apply "
            "for a larger quota",
        ),
        ResultCode(
            "23",
            "LIMITED_NUMBER_OF_SERVICE_REQUESTS_PER_SECOND_EXCEEDS_ERROR",
            "too many requests in one second",
            "let fewer feeds share the key, or raise their interval_seconds",
        ),
        ResultCode(
            "30",
            "SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
            "the key is not registered for this API yet",
            "approval can take up to an hour after applying; check that the whole "
            "key was copied into the environment variable",
        ),
        ResultCode(
            "31",
            "DEADLINE_HAS_EXPIRED_ERROR",
            "the key's period of use has ended",
            "extend it on data.go.kr (마이페이지 > 활용기간 연장)",
        ),
        ResultCode(
            "32",
            "UNREGISTERED_IP_ERROR",
            "this server's address is not registered for the key",
            "register the server's public IP address for the key on data.go.kr",
        ),
        ResultCode(
            "33",
            "UNSIGNED_CALL_ERROR",
            "the request was not signed as the API requires",
            "this API needs a signed call: it cannot be read as configured",
        ),
        ResultCode(
            "99", "UNKNOWN_ERROR", "the provider reported an unknown error", _SOON
        ),
    )
}
_BY_NAME = {c.name: c for c in CODES.values()} | {
    "NO_DATA": CODES["03"],
    "NODATA": CODES["03"],
    "SERVICE_TIMEOUT": CODES["05"],
    # the gateway's answer to a request that carries no key at all (HTTP 401)
    "SERVICE_KEY_IS_NULL": ResultCode(
        "20",
        "SERVICE_KEY_IS_NULL",
        "no key reached the API",
        "check that the key's environment variable is set where the scheduler runs",
    ),
}
# KMA's API hub answers its own errors as {"result": {"status": 401, "message"}}
_HUB = {
    "401": (
        "the API hub does not know the key",
        "check the authKey copied from apihub.kma.go.kr (마이페이지 > 인증키)",
    ),
    "403": (
        "the key may not use this API on the API hub",
        "apply for this API (활용신청) on apihub.kma.go.kr, then wait for approval",
    ),
}
# tags of the XML answers: the gateway's envelope and a service's header
_TAG = r"<{0}>\s*([^<]{{0,200}}?)\s*</{0}>"
_XML_FIELDS = (
    "returnReasonCode",
    "returnAuthMsg",
    "errMsg",
    "resultCode",
    "resultMsg",
)
# where parsed JSON keeps its header, by the names services use
_JSON_HEADERS = (
    ("OpenAPI_ServiceResponse", "cmmMsgHeader"),
    ("response", "header"),
    ("Response", "head"),
    ("response", "head"),
)


class GatewayError(FeedError):
    """An answer that carries an error code (``code``: two digits, or the API
    hub's HTTP status)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _two_digits(code: str) -> str:
    code = code.strip()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def describe(code: str, name: str = "", words: str = "") -> str:
    """``code`` in words with what to do; the provider's code ``name``
    (``SERVICE_KEY_IS_NULL`` says more than its code 20) and its own ``words``
    ("최근 1일 간의 자료만 제공합니다.") are used and quoted."""
    code, words = _two_digits(code), words.strip()[:120]
    known = _BY_NAME.get(name.strip().upper()) or CODES.get(code)
    said = f", '{words}'" if words else ""
    if known is None:
        shown = " ".join(part for part in (code, name.strip()[:60]) if part)
        return f"code {shown}{said}: not a code the kiosk knows; see the API's guide"
    return f"{known.cause} (code {known.code} {known.name}{said}): {known.fix}"


def _is_name(message: str) -> bool:
    """True for a code name or the gateway's generic words (SERVICE ERROR)."""
    return bool(re.fullmatch(r"[A-Z_ .]+", message))


def _hub_error(data: Any, where: str) -> GatewayError | None:
    """KMA's API hub's own error answer, in words."""
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict) or "status" not in result:
        return None
    status = str(result.get("status"))
    message = str(result.get("message") or "").strip()[:120]
    cause, fix = _HUB.get(status, ("the API hub refused the request", ""))
    said = f", '{message}'" if message else ""
    text = f"{where} answered: {cause} (status {status}{said})"
    return GatewayError(f"{text}: {fix}" if fix else text, status)


def _xml_header(text: str) -> dict[str, str]:
    found = {}
    for tag in _XML_FIELDS:
        match = re.search(_TAG.format(tag), text)
        if match:
            found[tag] = match.group(1)
    return found


def _json_header(data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        return {}
    for outer, inner in _JSON_HEADERS:
        header = data.get(outer)
        header = header.get(inner) if isinstance(header, dict) else None
        if isinstance(header, dict):
            return {k: str(v) for k, v in header.items() if v is not None}
    return {}


def _code_in(header: dict[str, str]) -> tuple[str, str, str] | None:
    """(code, name, words) of a header, from the envelope's names or a service's.

    The gateway puts a code name in ``errMsg`` and words in ``returnAuthMsg``
    (older answers: "SERVICE ERROR" and the name); services put either in
    ``resultMsg``. Generic words (NORMAL SERVICE., SERVICE ERROR) are dropped.
    """
    code = header.get("returnReasonCode") or header.get("resultCode")
    messages = [
        header[key].strip()
        for key in ("errMsg", "returnAuthMsg", "resultMsg")
        if header.get(key, "").strip()
    ]
    names = [m for m in messages if m.rstrip(".").upper() in _BY_NAME]
    words = [m for m in messages if not _is_name(m)]
    name = names[0].rstrip(".") if names else ""
    if code is None and name:
        code = _BY_NAME[name.upper()].code
    if code is None:
        return None
    return _two_digits(code), name, words[0] if words else ""


def answer_error(data_or_text: Any, where: str) -> GatewayError | None:
    """The error an answer reports (parsed JSON, or the text of XML or JSON),
    named in words; None when it reports none or is not in these shapes."""
    header: dict[str, str] = {}
    data: Any = None
    if isinstance(data_or_text, str):
        text = data_or_text.strip()
        if text.startswith("<"):
            header = _xml_header(text)
        elif text.startswith("{"):
            try:
                data = json.loads(text)
            except ValueError:
                data = None
    else:
        data = data_or_text
    if data is not None:
        hub = _hub_error(data, where)
        if hub is not None:
            return hub
        header = _json_header(data)
    found = _code_in(header)
    if found is None or found[0] in OK_CODES:
        return None
    code, name, words = found
    return GatewayError(f"{where} answered: {describe(code, name, words)}", code)


def check_answer(data: Any, where: str) -> None:
    """Raise the error a parsed answer reports, if any."""
    error = answer_error(data, where)
    if error is not None:
        raise error


# --- keys -------------------------------------------------------------------

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def key_problem(key: str) -> str | None:
    """What is wrong with the form of a key, in words (None when it looks right)."""
    if not key:
        return "is empty"
    if any(c.isspace() for c in key):
        return "has spaces or line breaks in it: copy the key again without them"
    if re.search(r"%25[0-9A-Fa-f]{2}", key):
        return (
            "is encoded twice ('%25'): use the key exactly as data.go.kr shows it "
            "(either its Encoding or its Decoding form)"
        )
    if "%" in key and len(_ESCAPE.findall(key)) != key.count("%"):
        return "has a '%' that is not part of an encoding: copy the key again"
    return None


def _checked(name: str) -> str:
    key = secret_from_env(name)
    problem = key_problem(key)
    if problem:
        raise FeedError(f"the key in {name} {problem}")
    return key


def query_key(name: str) -> str:
    """The key in environment variable ``name``, ready for a raw query string:
    an Encoding key as it is, a Decoding key encoded here (so once, either way).
    FeedError when it is unset or its form is wrong (never sent then)."""
    key = _checked(name)
    return key if _ESCAPE.search(key) else quote(key, safe="")


def plain_key(name: str) -> str:
    """The key in environment variable ``name`` as plain text (for a header)."""
    return unquote(_checked(name))


# --- list shapes -------------------------------------------------------------


def listed(value: Any, what: str) -> list[Any]:
    """A list for data.go.kr's shapes: a list, one object, or "" / null for none."""
    if isinstance(value, list):
        return value
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    raise FeedError(f"{what} is not a list ({type(value).__name__})")


def items(value: Any, what: str) -> list[dict[str, Any]]:
    """The records under a data.go.kr ``items``: ``{"item": [...]}``,
    ``{"item": {...}}``, ``""``, or a plain list (AirKorea); FeedError when a
    record is not an object."""
    if isinstance(value, dict) and set(value) == {"item"}:
        value, what = value["item"], f"{what}.item"
    records = listed(value, what)
    if not all(isinstance(record, dict) for record in records):
        raise FeedError(f"{what} is not a list of records")
    return records
