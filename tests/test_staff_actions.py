"""Staff actions from /status (reload a screen, reload every screen, play
today's briefing on a screen): staff-only, refused from another site's page,
each command reaching only its screens, once, and never a page that started
after it; bad forms answered without harm. Real servers over real HTTP, and
the command board on a real Store with a clock the test moves."""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk_app.staff import PASSWORD_HASH_ENV, TOKEN_ENV
from kiosk_app.staff_actions import (
    COMMANDS_KEY,
    KEEP_FOR,
    MAX_COMMANDS,
    CommandBoard,
)
from kiosk_app.store import ScreenBeat, Store
from tests.conftest import copy_config
from tests.support.server import KioskServer
from tests.test_staff import PASSWORD, PASSWORD_HASH, TOKEN, basic, bearer

CREDENTIALS = {TOKEN_ENV: TOKEN, PASSWORD_HASH_ENV: PASSWORD_HASH}
STAFF = basic("staff", PASSWORD)
_instances = itertools.count(1)


# --- the board, on a real Store, with a clock the test moves ----------------


class Clock:
    """The server's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def board(tmp_path: Path) -> tuple[CommandBoard, Store, Clock]:
    store = Store.in_data_dir(tmp_path)
    store.create()
    clock = Clock()
    return CommandBoard(store, clock), store, clock


def test_commands_are_pruned_after_a_few_minutes_and_bounded(board):
    commands, store, clock = board
    first = commands.issue("reload", "main-lobby", None, "loopback")
    clock.now += KEEP_FOR - dt.timedelta(seconds=1)
    assert [c.id for c in commands.commands()] == [first.id]
    clock.now += dt.timedelta(seconds=1)
    assert commands.commands() == []
    # a new command drops the expired one from the Store as well
    second = commands.issue("briefing", "annex-lobby", "page-0000001", "token")
    assert [c["id"] for c in store.get_meta(COMMANDS_KEY)] == [second.id]

    # a staff member pressing the button a hundred times keeps the newest only
    issued = []
    for _ in range(MAX_COMMANDS + 20):
        clock.now += dt.timedelta(milliseconds=1)
        issued.append(commands.issue("reload", None, None, "loopback").id)
    kept = store.get_meta(COMMANDS_KEY)
    assert len(kept) == MAX_COMMANDS
    assert [c.id for c in commands.commands()] == issued[::-1][:MAX_COMMANDS]


def test_what_the_meta_holds_that_is_not_a_command_is_ignored(board):
    commands, store, clock = board
    store.set_meta(
        COMMANDS_KEY,
        [
            "reload",
            {"id": "../../etc", "action": "reload", "kiosk": None, "instance": None},
            {
                "id": "0123456789abcdef",
                "action": "format-disk",
                "kiosk": None,
                "instance": None,
                "issued_at": clock.now.isoformat(),
            },
            {
                "id": "0123456789abcdef",
                "action": "reload",
                "kiosk": None,
                "instance": None,
                "issued_at": "yesterday",
            },
        ],
    )
    assert commands.commands() == []
    store.set_meta(COMMANDS_KEY, {"not": "a list"})
    assert commands.commands() == []
    made = commands.issue("reload", "main-lobby", None, "loopback")
    assert [c.id for c in commands.commands()] == [made.id]


def test_a_beat_gets_the_commands_of_its_screen_issued_after_its_page_started(board):
    commands, _store, clock = board
    page = ScreenBeat("main-lobby", "page-0000001", uptime_seconds=600.0)
    other_page = ScreenBeat("main-lobby", "page-0000002", uptime_seconds=600.0)
    annex = ScreenBeat("annex-lobby", "page-0000003", uptime_seconds=600.0)
    one = commands.issue("reload", "main-lobby", "page-0000001", "loopback")
    clock.now += dt.timedelta(seconds=1)
    kiosk = commands.issue("briefing", "main-lobby", None, "loopback")
    clock.now += dt.timedelta(seconds=1)
    every = commands.issue("reload", None, None, "loopback")

    def ids(beat: ScreenBeat, payload=None) -> list[str]:
        return [c["id"] for c in commands.for_beat(beat, payload, clock.now)]

    assert ids(page) == [one.id, kiosk.id, every.id]  # in the order issued
    assert ids(other_page) == [kiosk.id, every.id]
    assert ids(annex) == [every.id]
    assert commands.for_beat(page, None, clock.now)[0] == {
        "id": one.id,
        "action": "reload",
    }
    # what the page says it did is not sent again; junk in "done" is ignored
    assert ids(page, {"done": [one.id, every.id]}) == [kiosk.id]
    assert ids(page, {"done": [1, None, "x" * 99, one.id]}) == [kiosk.id, every.id]
    assert ids(page, {"done": [one.id] * 100}) == [one.id, kiosk.id, every.id]
    # a page started (or reloaded) after a command never gets it
    reloaded = ScreenBeat("main-lobby", "page-0000001", uptime_seconds=0.0)
    assert ids(reloaded) == []
    # started half a second after the first command: the two later ones
    between = ScreenBeat("main-lobby", "page-0000001", uptime_seconds=1.5)
    assert ids(between) == [kiosk.id, every.id]
    # a beat that does not say its uptime cannot be placed: it gets nothing
    assert ids(ScreenBeat("main-lobby", "page-0000001")) == []


# --- a real server, listening on the LAN, with a login -----------------------


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The kiosk on every address, with the staff login; heartbeats every
    second so that a few beats per test pass the rate limit."""
    folder = tmp_path_factory.mktemp("staff-actions")
    config = copy_config(folder, {"heartbeat_seconds: 30": "heartbeat_seconds: 1"})
    server = KioskServer(
        config,
        folder / "var",
        command="web",
        env=CREDENTIALS,
        args=("--host", "0.0.0.0"),
    ).start()
    yield server
    server.stop()


class Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", errors="replace")

    def json(self) -> dict:
        return json.loads(self.text)


def request(
    server: KioskServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One HTTP request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def act(
    server: KioskServer,
    action: str,
    form: dict[str, str],
    headers: dict[str, str] | None = STAFF,
) -> Answer:
    """Press a staff button: a form posted as the /status page posts it."""
    return request(
        server,
        "POST",
        f"/staff/screens/{action}",
        urllib.parse.urlencode(form).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
            **(headers or {}),
        },
    )


def sent_id(answer: Answer) -> str:
    """The id of the command a 303 back to /status names."""
    assert answer.status == 303, answer.text
    location = answer.headers["Location"]
    assert location.startswith("/status?sent=")
    return location.rsplit("=", 1)[1]


class Screen:
    """A kiosk page as the server sees it: its heartbeats. It says what it
    did (``done``), as assets/kiosk.js does; it counts as having done every
    command issued before it was made ``ignoring``."""

    def __init__(self, kiosk: str, uptime: float = 3600.0, ignoring=()) -> None:
        self.kiosk = kiosk
        self.instance = f"test-page-{next(_instances):06d}"
        self.uptime = uptime
        self.done: list[str] = list(ignoring)

    def beat(self, server: KioskServer) -> list[dict[str, str]]:
        """One heartbeat; the commands its answer carries (noted as done)."""
        body = json.dumps(
            {
                "kiosk": self.kiosk,
                "instance": self.instance,
                "uptime": self.uptime,
                "done": self.done,
            }
        ).encode()
        deadline = time.monotonic() + 20
        while True:  # past the per-kiosk rate limit (3 beats a second here)
            answer = request(
                server,
                "POST",
                "/_kiosk/heartbeat",
                body,
                {"Content-Type": "application/json"},
            )
            if answer.status != 429 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert answer.status == 200, answer.text
        commands = answer.json().get("commands", [])
        self.done += [c["id"] for c in commands]
        return commands


# every command issued by the tests of this module, so that a later test's
# screens can leave them aside ("done" before they were made)
ISSUED: list[str] = []


def issued(answer: Answer) -> str:
    ISSUED.append(sent_id(answer))
    return ISSUED[-1]


def test_staff_actions_need_the_login(lan: KioskServer):
    screen = Screen("main-lobby", ignoring=ISSUED)
    screen.beat(lan)
    form = {"kiosk": "main-lobby", "instance": screen.instance}
    for headers in (
        {},
        basic("staff", "not-the-password"),
        bearer("not-the-token-0000000"),
    ):
        for action in ("reload", "briefing"):
            answer = act(lan, action, form, headers)
            assert answer.status == 401
            assert answer.headers["WWW-Authenticate"] == 'Basic realm="kiosk staff"'
        assert act(lan, "reload", {"all": "1"}, headers).status == 401
    assert screen.beat(lan) == []

    by_password = issued(act(lan, "reload", form, basic("jiwon", PASSWORD)))
    by_token = issued(act(lan, "briefing", form, bearer(TOKEN)))
    assert screen.beat(lan) == [
        {"id": by_password, "action": "reload"},
        {"id": by_token, "action": "briefing"},
    ]
    # what /status then says, and who did what, logged once each
    page = request(lan, "GET", f"/status?sent={by_token}", headers=STAFF)
    assert page.status == 200
    assert (
        f"Today&#39;s briefing sent to main-lobby (page {screen.instance}): it opens"
        " the briefing and plays it at its next heartbeat (within 1 s)" in page.text
    )
    assert "Staff actions in the last 5 minutes" in page.text
    assert "user &#39;jiwon&#39;" in page.text and "<td>token</td>" in page.text
    log = lan.log()
    assert (
        log.count(
            f"staff action by user 'jiwon' from 127.0.0.1: reload for main-lobby"
            f" (page {screen.instance}) (command {by_password})"
        )
        == 1
    )
    assert log.count("staff action by token from 127.0.0.1: briefing for") == 1
    assert PASSWORD not in log and TOKEN not in log
    # a /status without a fresh command says nothing was sent
    assert (
        'class="ok staff-sent"'
        not in request(lan, "GET", "/status?sent=0123456789abcdef", headers=STAFF).text
    )


def test_a_staff_action_from_another_sites_page_is_refused(lan: KioskServer):
    screen = Screen("annex-lobby", ignoring=ISSUED)
    form = {"kiosk": "annex-lobby", "instance": screen.instance}
    for site in ("cross-site", "same-site"):
        for action in ("reload", "briefing"):
            answer = act(lan, action, form, {**STAFF, "Sec-Fetch-Site": site})
            assert answer.status == 403
    assert screen.beat(lan) == []
    # what a browser sends when staff press the button on /status
    command = issued(
        act(lan, "reload", form, {**STAFF, "Sec-Fetch-Site": "same-origin"})
    )
    assert [c["id"] for c in screen.beat(lan)] == [command]


def test_a_command_reaches_only_its_screen_once(lan: KioskServer):
    target = Screen("main-lobby", ignoring=ISSUED)
    same_kiosk = Screen("main-lobby", ignoring=ISSUED)
    other_kiosk = Screen("annex-lobby", ignoring=ISSUED)
    for screen in (target, same_kiosk, other_kiosk):
        screen.beat(lan)
    command = issued(
        act(lan, "reload", {"kiosk": "main-lobby", "instance": target.instance})
    )
    assert target.beat(lan) == [{"id": command, "action": "reload"}]
    assert same_kiosk.beat(lan) == [] and other_kiosk.beat(lan) == []
    # said done with the next beat: never again
    assert target.beat(lan) == [] and target.beat(lan) == []
    # a page that has not said it yet gets it again (it carries it out once)
    target.done.remove(command)
    assert [c["id"] for c in target.beat(lan)] == [command]

    # the briefing for every screen of one kiosk
    briefing = issued(act(lan, "briefing", {"kiosk": "main-lobby", "instance": ""}))
    for screen in (target, same_kiosk):
        assert screen.beat(lan) == [{"id": briefing, "action": "briefing"}]
        assert screen.beat(lan) == []
    assert other_kiosk.beat(lan) == []


def test_reload_all_reaches_every_screen_but_not_a_page_started_after_it(
    lan: KioskServer,
):
    screens = [Screen(k, ignoring=ISSUED) for k in ("main-lobby", "annex-lobby") * 2]
    command = issued(act(lan, "reload", {"all": "1"}))
    page = request(lan, "GET", f"/status?sent={command}", headers=STAFF).text
    assert "Reload sent to every screen: it reloads at its next heartbeat" in page
    for screen in screens:
        assert screen.beat(lan) == [{"id": command, "action": "reload"}]
        assert screen.beat(lan) == []
    # a page opened (or reloaded) after it: its uptime puts its start later
    for kiosk in ("main-lobby", "annex-lobby"):
        new = Screen(kiosk, uptime=0.0)
        assert new.beat(lan) == []
    # the same tab reloaded keeps its page id, and still gets nothing
    reloaded = Screen("main-lobby", uptime=0.0)
    reloaded.instance = screens[0].instance
    assert reloaded.beat(lan) == []


def test_bad_forms_are_answered_and_send_nothing(lan: KioskServer):
    screen = Screen("main-lobby", ignoring=ISSUED)
    for action, form in [
        ("reload", {"kiosk": "no-such-kiosk"}),
        ("reload", {"kiosk": "<script>alert(1)</script>"}),
        ("reload", {}),
        ("reload", {"all": "yes"}),
        ("reload", {"kiosk": "main-lobby", "instance": "../../etc/passwd"}),
        ("reload", {"kiosk": "main-lobby", "instance": "x" * 300}),
        ("briefing", {"all": "1"}),
        ("briefing", {"kiosk": ""}),
    ]:
        answer = act(lan, action, form)
        assert answer.status == 400, (action, form)
        assert answer.text.startswith("Not sent: ")
        assert "<script>" not in answer.text
    # a body that is not a form, or none
    for body, kind in [
        (b'{"kiosk": "main-lobby"}', "application/json"),
        (b"\xff\xfe\x00kiosk=main-lobby", "application/x-www-form-urlencoded"),
        (b"", "application/x-www-form-urlencoded"),
    ]:
        answer = request(
            lan,
            "POST",
            "/staff/screens/reload",
            body,
            {**STAFF, "Content-Type": kind},
        )
        assert answer.status == 400, body
    # a huge body is refused unread
    answer = act(lan, "reload", {"kiosk": "main-lobby", "pad": "x" * 100_000})
    assert answer.status == 413
    # no command on the way, and the server answers as before
    assert screen.beat(lan) == []
    assert request(lan, "GET", "/healthz").status == 200
    assert "Traceback" not in lan.log()


def test_a_link_or_prefetch_acts_on_nothing(lan: KioskServer):
    screen = Screen("main-lobby", ignoring=ISSUED)
    for method in ("GET", "HEAD"):
        answer = request(lan, method, "/staff/screens/reload?all=1", headers=STAFF)
        assert answer.status != 303  # (the kiosk's page: Dash answers any path)
    assert screen.beat(lan) == []


def test_who_acted_is_shown_escaped_and_logged_on_one_line(lan: KioskServer):
    screen = Screen("annex-lobby", ignoring=ISSUED)
    name = "<b>kim\r\nforged line</b>"
    command = issued(
        act(lan, "reload", {"kiosk": "annex-lobby"}, basic(name, PASSWORD))
    )
    page = request(lan, "GET", f"/status?sent={command}", headers=STAFF).text
    assert "user &#39;&lt;b&gt;kim forged line&lt;/b&gt;&#39;" in page
    assert "<b>kim" not in page
    line = next(x for x in lan.log().splitlines() if f"(command {command})" in x)
    assert "staff action by user '<b>kim forged line</b>' from 127.0.0.1" in line
    assert [c["id"] for c in screen.beat(lan)] == [command]
