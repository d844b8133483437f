"""Staff actions on the screens, from ``/status``: reload one screen, reload
every screen, play today's briefing now on a screen.

A staff member presses a button on ``/status`` (a plain ``<form method=post>``
to ``/staff/screens/reload`` or ``/staff/screens/briefing``); the staff gate
(kiosk_app/staff.py) has already checked the login and refused a request
from another site's page. The command is kept in the Store's meta under
``screen_commands`` (JSON: id, action, kiosk or none for every kiosk, page
instance or none for every screen of it, when it was issued by the server's
clock, and by whom), so it works on any Store backend and across web workers
and servers without a table of its own. Commands live ``KEEP_FOR`` (5
minutes) and at most ``MAX_COMMANDS`` are kept, newest first.

A screen learns of a command with the answer to its next heartbeat
(kiosk_app/fleet.py, every ``screen.heartbeat_seconds``): the commands for its
kiosk and page that were issued after the page started. The page's start is
the server's clock less the page's uptime (a duration, so the browser's clock
does not matter): a page that reloaded, or a new one, never gets a command
issued before it. The page instance id survives a reload of the tab
(sessionStorage), which is why the page's start, not the instance's first
heartbeat, decides. The page also sends back the ids it has carried out
(``done``) and gets them no more: each command is carried out once per page
(assets/kiosk.js, "staff commands").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flask
from werkzeug.wrappers import Response as BaseResponse

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.fleet import CONTROL_CHARS, INSTANCE_ID
from kiosk_app.staff import StaffGate
from kiosk_app.store import ScreenBeat, Store, StoreError
from kiosk_core.readings import from_utc_text, utc_text

log = logging.getLogger(__name__)

COMMANDS_KEY = "screen_commands"
RELOAD_PATH = "/staff/screens/reload"
BRIEFING_PATH = "/staff/screens/briefing"
ACTIONS = ("reload", "briefing")
KEEP_FOR = dt.timedelta(minutes=5)
MAX_COMMANDS = 50
# a form with a kiosk id and a page instance is about 100 bytes
MAX_FORM_BYTES = 2048
# ids of carried-out commands a heartbeat may send back
MAX_DONE = 32
# what the page does when a visitor is using it (assets/kiosk.js): waits until
# nobody has touched it for QUIET_SECONDS, at most WAIT_AT_MOST_SECONDS
QUIET_SECONDS = 20
WAIT_AT_MOST_SECONDS = 120

_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_USER = 40


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ScreenCommand:
    """One thing staff asked of one screen, a kiosk's screens or every screen."""

    id: str
    action: str  # one of ACTIONS
    kiosk: str | None  # None: every kiosk
    instance: str | None  # None: every screen of the kiosk(s)
    issued_at: dt.datetime
    by: str  # who asked: "loopback", "token" or "user 'NAME'"

    def reaches(self, kiosk: str, instance: str) -> bool:
        """True when a screen of ``kiosk`` showing page ``instance`` should do it."""
        return self.kiosk in (None, kiosk) and self.instance in (None, instance)

    @property
    def target(self) -> str:
        """The screens it is for, in words."""
        if self.kiosk is None:
            return "every screen"
        if self.instance is None:
            return f"{self.kiosk} (every screen of it)"
        return f"{self.kiosk} (page {self.instance})"

    def to_json(self) -> dict[str, Any]:
        """As kept in the Store's meta."""
        return {
            "id": self.id,
            "action": self.action,
            "kiosk": self.kiosk,
            "instance": self.instance,
            "issued_at": utc_text_precise(self.issued_at),
            "by": self.by,
        }

    @classmethod
    def from_json(cls, value: Any) -> ScreenCommand | None:
        """A command read back from the meta (None for anything else)."""
        if not isinstance(value, dict):
            return None
        try:
            command = cls(
                id=value["id"],
                action=value["action"],
                kiosk=value["kiosk"],
                instance=value["instance"],
                issued_at=from_utc_text(value["issued_at"]),
                by=str(value.get("by") or "?"),
            )
        except (KeyError, TypeError, ValueError):
            return None
        fits = (
            isinstance(command.id, str)
            and _ID.match(command.id)
            and command.action in ACTIONS
            and (command.kiosk is None or isinstance(command.kiosk, str))
            and (command.instance is None or isinstance(command.instance, str))
            and command.issued_at.tzinfo is not None
        )
        return command if fits else None


def utc_text_precise(moment: dt.datetime) -> str:
    """``utc_text`` to the microsecond: two commands in one second keep their order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def done_ids(payload: Any) -> frozenset[str]:
    """The command ids a heartbeat says its page carried out (bounded, checked)."""
    done = payload.get("done") if isinstance(payload, dict) else None
    if not isinstance(done, list) or len(done) > MAX_DONE:
        return frozenset()
    return frozenset(d for d in done if isinstance(d, str) and _ID.match(d))


class CommandBoard:
    """The staff commands in the Store's meta: issued by the staff routes, read
    by every heartbeat. Writes in one process are serialised; two web
    processes issuing at the very same moment could lose one of the two (the
    staff member sees it missing from "Staff actions" on /status)."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime] = _now) -> None:
        self._store = store
        self._clock = clock
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        """The server's time, as commands are stamped with it."""
        return self._clock()

    def commands(self, now: dt.datetime | None = None) -> list[ScreenCommand]:
        """The commands still alive, newest first."""
        now = now or self._clock()
        kept = self._store.get_meta(COMMANDS_KEY, [])
        read = (
            [ScreenCommand.from_json(v) for v in kept or []]
            if isinstance(kept, list)
            else []
        )
        alive = [c for c in read if c is not None and now - c.issued_at < KEEP_FOR]
        alive.sort(key=lambda c: c.issued_at, reverse=True)
        return alive[:MAX_COMMANDS]

    def find(self, command_id: str) -> ScreenCommand | None:
        """A live command by its id."""
        return next((c for c in self.commands() if c.id == command_id), None)

    def issue(
        self, action: str, kiosk: str | None, instance: str | None, by: str
    ) -> ScreenCommand:
        """Keep a new command (and drop those too old or too many). Raises the
        Store's error when it cannot be written."""
        with self._lock:
            now = self._clock()
            command = ScreenCommand(
                secrets.token_hex(8), action, kiosk, instance, now, by
            )
            kept = [command, *self.commands(now)][:MAX_COMMANDS]
            self._store.set_meta(COMMANDS_KEY, [c.to_json() for c in kept])
        return command

    def for_beat(
        self, beat: ScreenBeat, payload: Any, now: dt.datetime
    ) -> list[dict[str, str]]:
        """What the heartbeat's answer tells this screen to do: the commands for
        its kiosk and page issued after the page started and not yet done by it.
        A beat without the page's uptime gets none (its start is unknown)."""
        if beat.uptime_seconds is None:
            return []
        started = now - dt.timedelta(seconds=beat.uptime_seconds)
        done = done_ids(payload)
        return [
            {"id": c.id, "action": c.action}
            for c in reversed(self.commands(now))  # oldest first
            if c.reaches(beat.kiosk, beat.instance)
            and c.issued_at > started
            and c.id not in done
        ]


def staff_member(gate: StaffGate, request: flask.Request) -> str:
    """Who is acting, for the log: "loopback" when the staff pages need no
    login, "token", or the user name given with the password (any name is
    accepted, so it is what the person typed)."""
    if not gate.login.required:
        return "loopback"
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() == "bearer":
        return "token"
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return "?"
    user = CONTROL_CHARS.sub(" ", decoded.partition(":")[0]).strip()[:MAX_USER]
    return f"user {user!r}"


class BadAction(ValueError):
    """A staff form our /status page could not have sent; the message says why."""


@dataclass(frozen=True)
class Target:
    """The screens a staff form names."""

    kiosk: str | None
    instance: str | None


def parse_target(form: dict[str, str], kiosks: set[str], *, allow_all: bool) -> Target:
    """The kiosk and page instance in a staff form, checked against the config.
    ``all=1`` (where allowed) means every screen."""
    if allow_all and form.get("all") == "1":
        return Target(None, None)
    kiosk = form.get("kiosk", "")
    if not kiosk:
        raise BadAction("no kiosk given")
    if kiosk not in kiosks:
        raise BadAction("no such kiosk in the config")
    instance = form.get("instance", "") or None
    if instance is not None and not INSTANCE_ID.match(instance):
        raise BadAction("not a page instance id")
    return Target(kiosk, instance)


def confirmation(command: ScreenCommand, heartbeat_seconds: int) -> str:
    """What /status says after a command was issued."""
    what = "Reload" if command.action == "reload" else "Today's briefing"
    does = (
        "it reloads"
        if command.action == "reload"
        else "it opens the briefing and plays it"
    )
    return (
        f"{what} sent to {command.target}: {does} at its next heartbeat (within "
        f"{heartbeat_seconds} s), or, if a visitor is using it, once nobody has "
        f"touched it for {QUIET_SECONDS} s ({WAIT_AT_MOST_SECONDS // 60} minutes "
        "at most)."
    )


def status_actions(
    board: CommandBoard, sent: str | None, heartbeat_seconds: int
) -> dict[str, Any]:
    """What /status shows of staff actions: the one just sent (``sent``, from
    the redirect) and those of the last minutes, newest first."""
    now = board.now()
    commands = board.commands(now)
    just = next((c for c in commands if sent and c.id == sent), None)
    return {
        "sent": confirmation(just, heartbeat_seconds) if just else None,
        "recent": [
            {
                "action": c.action,
                "target": c.target,
                "by": c.by,
                "at": utc_text(c.issued_at),
                "ago": int((now - c.issued_at).total_seconds()),
            }
            for c in commands
        ],
        "keep_minutes": int(KEEP_FOR.total_seconds() // 60),
        "quiet_seconds": QUIET_SECONDS,
        "wait_minutes": WAIT_AT_MOST_SECONDS // 60,
    }


def _plain(text: str, status: int) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def register_staff_actions(
    server: flask.Flask,
    holder: ConfigHolder,
    board: CommandBoard,
    gate: StaffGate,
) -> None:
    """Add the staff actions under /staff/screens/ (guarded by ``gate``, which
    is installed on ``server``)."""

    def act(action: str, allow_all: bool) -> BaseResponse:
        request = flask.request
        length = request.content_length
        if length is None or length > MAX_FORM_BYTES:
            return _plain("The form is too large or has no length.", 413)
        config = holder.state().config
        try:
            target = parse_target(
                dict(request.form),
                {k.id for k in config.kiosks},
                allow_all=allow_all,
            )
        except BadAction as err:
            return _plain(f"Not sent: {err}.", 400)
        who = staff_member(gate, request)
        try:
            command = board.issue(action, target.kiosk, target.instance, who)
        except StoreError + (OSError,) as err:
            log.error("staff action %s not stored: %s", action, err)
            return _plain("Not sent: the Store cannot be written.", 503)
        log.info(
            "staff action by %s from %s: %s for %s (command %s)",
            who,
            (request.remote_addr or "?")[:45],
            action,
            command.target,
            command.id,
        )
        location = f"{request.script_root}/status?sent={command.id}"
        return flask.redirect(location, code=303)

    @server.post(RELOAD_PATH)
    def staff_reload_screens():
        return act("reload", allow_all=True)

    @server.post(BRIEFING_PATH)
    def staff_play_briefing():
        return act("briefing", allow_all=False)
