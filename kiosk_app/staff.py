"""Staff pages are staff-only: who may open ``/status``, ``/metrics``,
``/briefing/today`` and the staff actions under ``/staff/``.

The rule is decided once, at start, from the address the server listens on
and two environment variables (never from config.yaml, which is a file many
people edit and copy):

- ``KIOSK_STAFF_PASSWORD_HASH``: a password hash (``python -m kiosk_app
  staff-password`` makes one), for people: HTTP Basic, any user name
  (``staff`` by convention);
- ``KIOSK_STAFF_TOKEN``: a long random token, for monitoring tools
  (``Authorization: Bearer <token>``); it is also accepted as the Basic
  password.

| listening on        | credential set | staff pages without a login |
| ------------------- | -------------- | --------------------------- |
| loopback only       | no             | open (only this machine)    |
| loopback only       | yes            | 401                         |
| beyond loopback     | yes            | 401                         |
| beyond loopback     | no             | 403, naming the variables   |

So a server reachable from the LAN is never open by default. (A reverse proxy
on the same machine makes a loopback server reachable: set a credential.)

``/healthz`` stays open for liveness probes but tells an anonymous caller
only ``boot_id`` and ``status``; the full report needs the login
(``StaffGate.allows``).

A staff action is a route under ``/staff/`` (``STAFF_PREFIX``): it is covered
by the gate without anything more. Browsers send Basic credentials on their
own, so an unsafe method (POST...) on a staff path is also refused when the
browser says it comes from another site (``Sec-Fetch-Site``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from kiosk_app.throttled_log import ThrottledLog

log = logging.getLogger(__name__)

PASSWORD_HASH_ENV = "KIOSK_STAFF_PASSWORD_HASH"
TOKEN_ENV = "KIOSK_STAFF_TOKEN"
REALM = "kiosk staff"
USER = "staff"  # the user name to type; any other is accepted as well
STAFF_PATHS = frozenset({"/status", "/metrics", "/briefing/today"})
STAFF_PREFIX = "/staff/"
MIN_TOKEN_LENGTH = 16
MIN_PASSWORD_LENGTH = 8
# a password or token longer than this is refused unread (hashing costs CPU)
MAX_SECRET_LENGTH = 1024
# werkzeug.security's text form: "method$salt$hash", method "scrypt:N:r:p" or
# "pbkdf2:sha256:iterations"
HASH_METHODS = ("scrypt", "pbkdf2")
LOG_EVERY_SECONDS = 60.0
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})

CLOSED_MESSAGE = (
    "The staff pages are closed: this server listens beyond this machine and no "
    "staff login is set.\n"
    f"Set {PASSWORD_HASH_ENV} (make it with: python -m kiosk_app staff-password) "
    f"and/or {TOKEN_ENV} (a random text of at least {MIN_TOKEN_LENGTH} characters, "
    "for monitoring tools) in the server's environment, then restart it.\n"
)
LOGIN_MESSAGE = "Staff login required.\n"


class StaffConfigError(ValueError):
    """A staff variable is set but unusable; the message names it, never its value."""


class Access(Enum):
    """What a request to a staff page gets."""

    OPEN = "open"  # no login needed (loopback, no credential)
    GRANTED = "granted"  # the right credential
    MISSING = "missing"  # 401: no credential sent
    WRONG = "wrong"  # 401: a wrong one
    CLOSED = "closed"  # 403: reachable from the LAN, and no credential set


def listens_beyond_loopback(host: str) -> bool:
    """True unless ``host`` is a loopback address or ``localhost``."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return False
    try:
        return not ipaddress.ip_address(name).is_loopback
    except ValueError:
        return True  # "", "0.0.0.0" parse; any other host name may be reachable


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _valid_hash(text: str) -> bool:
    method = text.split("$", 1)[0]
    if text.count("$") != 2 or not method.startswith(HASH_METHODS):
        return False
    try:
        check_password_hash(text, "")  # unknown parameters raise here
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return True


def make_password_hash(password: str) -> str:
    """The text to put in KIOSK_STAFF_PASSWORD_HASH (werkzeug's scrypt form)."""
    return generate_password_hash(password, method="scrypt")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class StaffLogin:
    """The staff credential of one server, and whether staff pages need it."""

    exposed: bool  # the server listens beyond loopback
    token: str | None = field(default=None, repr=False)
    password_hash: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, host: str, environ: Mapping[str, str] = os.environ) -> StaffLogin:
        """The login for a server listening on ``host``; an empty variable is unset.
        Raises StaffConfigError when a variable is set but unusable."""
        token = _unquote(environ.get(TOKEN_ENV, "")) or None
        password_hash = _unquote(environ.get(PASSWORD_HASH_ENV, "")) or None
        if token is not None and len(token) < MIN_TOKEN_LENGTH:
            raise StaffConfigError(
                f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_LENGTH} random "
                "characters (python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        if password_hash is not None and not _valid_hash(password_hash):
            raise StaffConfigError(
                f"{PASSWORD_HASH_ENV} is not a password hash this server can read "
                "(expected 'scrypt:N:r:p$salt$hash' or "
                "'pbkdf2:sha256:iterations$salt$hash'): make one with "
                "python -m kiosk_app staff-password"
            )
        return cls(listens_beyond_loopback(host), token, password_hash)

    @property
    def configured(self) -> bool:
        """A token or a password hash is set."""
        return self.token is not None or self.password_hash is not None

    @property
    def required(self) -> bool:
        """Staff pages need a login (or are closed when none is configured)."""
        return self.exposed or self.configured

    def startup_note(self) -> tuple[int, str]:
        """The log level and line that say, at start, how staff pages are guarded."""
        if not self.required:
            return logging.INFO, (
                "staff pages open without a login: this server listens on "
                f"loopback only and neither {PASSWORD_HASH_ENV} nor {TOKEN_ENV} "
                "is set"
            )
        if not self.configured:
            return logging.WARNING, (
                "staff pages (/status) are closed (403): this server listens "
                f"beyond loopback and neither {PASSWORD_HASH_ENV} nor {TOKEN_ENV} "
                "is set"
            )
        ways = [
            w
            for w, on in (
                ("password", self.password_hash is not None),
                ("token", self.token is not None),
            )
            if on
        ]
        return logging.INFO, f"staff pages need a login ({' or '.join(ways)})"

    def check(self, authorization: str | None) -> Access:
        """What a request with this ``Authorization`` header may see."""
        if not self.required:
            return Access.OPEN
        if not self.configured:
            return Access.CLOSED
        scheme, _, value = (authorization or "").strip().partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme == "bearer" and value:
            return Access.GRANTED if self._token_fits(value) else Access.WRONG
        if scheme == "basic" and value:
            password = _basic_password(value)
            if password is None:
                return Access.WRONG
            return Access.GRANTED if self._password_fits(password) else Access.WRONG
        return Access.MISSING

    def _token_fits(self, given: str) -> bool:
        if self.token is None or len(given) > MAX_SECRET_LENGTH:
            return False
        # digests of equal length: the time taken says nothing about the token
        return hmac.compare_digest(_digest(given), _digest(self.token))

    def _password_fits(self, given: str) -> bool:
        if len(given) > MAX_SECRET_LENGTH:
            return False
        by_token = self._token_fits(given)
        by_hash = self.password_hash is not None and check_password_hash(
            self.password_hash, given
        )
        return by_token or by_hash


def _basic_password(value: str) -> str | None:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    _user, colon, password = decoded.partition(":")
    return password if colon else None


def is_staff_path(path: str) -> bool:
    """True for a staff page or a staff action."""
    return path in STAFF_PATHS or path.startswith(STAFF_PREFIX)


def _is_staff_request(request: flask.Request) -> bool:
    rule = request.url_rule.rule if request.url_rule is not None else ""
    return is_staff_path(request.path) or is_staff_path(rule)


def _plain(text: str, status: int) -> flask.Response:
    response = flask.Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


class _Refusals:
    """Wrong logins, logged without filling the disk (``ThrottledLog``): a
    script guessing passwords is said once a minute with a count."""

    def __init__(self) -> None:
        self._log = ThrottledLog(log, LOG_EVERY_SECONDS)

    def note(self, path: str) -> None:
        client = (flask.request.remote_addr or "?")[:45]
        self._log.warning("wrong staff login for %s from %s", path[:80], client)


class StaffGate:
    """The staff login over one Flask server's staff paths."""

    def __init__(self, login: StaffLogin) -> None:
        self.login = login
        self._refusals = _Refusals()

    def access(self, request: flask.Request) -> Access:
        """What this request may see of staff pages (wrong logins are logged)."""
        access = self.login.check(request.headers.get("Authorization"))
        if access is Access.WRONG:
            self._refusals.note(request.path)
        return access

    def allows(self, request: flask.Request) -> bool:
        """True when this request may see what staff see."""
        return self.access(request) in (Access.OPEN, Access.GRANTED)

    def install(self, server: flask.Flask) -> None:
        """Guard every staff path of ``server`` and keep its answers out of caches."""

        @server.before_request
        def _staff_only() -> flask.Response | None:
            request = flask.request
            if not _is_staff_request(request):
                return None
            access = self.access(request)
            if access is Access.CLOSED:
                return _plain(CLOSED_MESSAGE, 403)
            if access in (Access.MISSING, Access.WRONG):
                response = _plain(LOGIN_MESSAGE, 401)
                response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}"'
                return response
            site = request.headers.get("Sec-Fetch-Site", "same-origin")
            if request.method not in _SAFE_METHODS and site not in (
                "same-origin",
                "none",
            ):
                return _plain("Staff actions come from the staff pages only.\n", 403)
            return None

        @server.after_request
        def _no_store(response: flask.Response) -> flask.Response:
            if _is_staff_request(flask.request):
                response.headers["Cache-Control"] = "no-store"
            return response
