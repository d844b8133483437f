"""Staff pages are staff-only (DESIGN.md, "Failure behaviour"): from the LAN,
/status answers 401 without the login and 403 when no login is set at all;
visitor screens, the phone page and /healthz's liveness answer stay open; the
secret is never shown or logged."""

from __future__ import annotations

import base64
import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from werkzeug.security import generate_password_hash

from kiosk_app import cli
from kiosk_app.app import create_app
from kiosk_app.settings import Settings
from kiosk_app.staff import (
    PASSWORD_HASH_ENV,
    STAFF_PATHS,
    STAFF_PREFIX,
    TOKEN_ENV,
    Access,
    StaffConfigError,
    StaffLogin,
    listens_beyond_loopback,
)
from tests.conftest import copy_config
from tests.support.page import response_statuses, wait_until
from tests.support.server import KioskServer

REPO = Path(__file__).resolve().parents[1]

PASSWORD = "lobby-staff-pw-7"
TOKEN = "monitor-token-3f9a1c77e2b04d5e"
# a cheap hash keeps the tests quick; the command makes a scrypt one
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
SECRETS = (PASSWORD, TOKEN, PASSWORD_HASH, PASSWORD_HASH.split("$")[-1])
CREDENTIALS = {TOKEN_ENV: TOKEN, PASSWORD_HASH_ENV: PASSWORD_HASH}
CHALLENGE = 'Basic realm="kiosk staff"'
PUBLIC_HEALTH = {"boot_id", "status"}


def basic(user: str, password: str) -> dict[str, str]:
    pair = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Answer:
    """Status, headers and text of one real HTTP answer."""

    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", errors="replace")

    def json(self) -> dict:
        return json.loads(self.text)

    def everything(self) -> str:
        return (
            self.text + "\n" + "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        )


def get(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


# --- the rule, without a server ---------------------------------------------


@pytest.mark.parametrize(
    ("host", "beyond"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("::1", False),
        ("[::1]", False),
        ("localhost", False),
        ("LOCALHOST", False),
        ("0.0.0.0", True),
        ("::", True),
        ("", True),
        ("192.168.0.10", True),
        ("kiosk.seosan.go.kr", True),
    ],
)
def test_which_addresses_count_as_beyond_loopback(host: str, beyond: bool):
    assert listens_beyond_loopback(host) is beyond


def test_who_gets_in():
    assert StaffLogin(exposed=False).check(None) is Access.OPEN
    assert StaffLogin(exposed=True).check(None) is Access.CLOSED
    assert StaffLogin(exposed=True).check(bearer(TOKEN)["Authorization"]) is (
        Access.CLOSED
    )
    for exposed in (False, True):
        login = StaffLogin(exposed, token=TOKEN, password_hash=PASSWORD_HASH)
        assert login.required
        for header, access in [
            (None, Access.MISSING),
            ("", Access.MISSING),
            ("Digest x=1", Access.MISSING),
            ("Basic", Access.MISSING),
            (bearer(TOKEN)["Authorization"], Access.GRANTED),
            (f"bearer   {TOKEN}", Access.GRANTED),
            (bearer(TOKEN + "x")["Authorization"], Access.WRONG),
            (bearer(TOKEN[:-1])["Authorization"], Access.WRONG),
            (bearer(PASSWORD)["Authorization"], Access.WRONG),
            (basic("staff", PASSWORD)["Authorization"], Access.GRANTED),
            (basic("anyone", PASSWORD)["Authorization"], Access.GRANTED),
            (basic("staff", TOKEN)["Authorization"], Access.GRANTED),
            (basic("staff", PASSWORD + "!")["Authorization"], Access.WRONG),
            (basic("staff", "")["Authorization"], Access.WRONG),
            ("Basic !!!not-base64", Access.WRONG),
            ("Basic " + base64.b64encode(b"no colon").decode(), Access.WRONG),
            ("Basic " + base64.b64encode(b"staff:\xff\xfe").decode(), Access.WRONG),
            (bearer("x" * 5000)["Authorization"], Access.WRONG),
        ]:
            assert login.check(header) is access, header
    only_token = StaffLogin(exposed=True, token=TOKEN)
    assert only_token.check(basic("staff", PASSWORD)["Authorization"]) is Access.WRONG
    only_password = StaffLogin(exposed=True, password_hash=PASSWORD_HASH)
    assert only_password.check(bearer(TOKEN)["Authorization"]) is Access.WRONG


def test_credentials_come_from_the_environment_and_bad_ones_stop_the_start():
    assert StaffLogin.from_env("0.0.0.0", {}) == StaffLogin(exposed=True)
    empty = {TOKEN_ENV: "", PASSWORD_HASH_ENV: ""}
    assert not StaffLogin.from_env("127.0.0.1", empty).required
    login = StaffLogin.from_env("127.0.0.1", CREDENTIALS)
    assert login.required and not login.exposed
    # an env file line copied with its quotes still works
    quoted = StaffLogin.from_env("::1", {PASSWORD_HASH_ENV: f"'{PASSWORD_HASH}'"})
    assert quoted.check(basic("staff", PASSWORD)["Authorization"]) is Access.GRANTED
    assert TOKEN not in repr(login) and PASSWORD_HASH not in repr(login)
    bad = [
        {TOKEN_ENV: "short-secret"},
        {PASSWORD_HASH_ENV: PASSWORD},  # the password itself, not its hash
        {PASSWORD_HASH_ENV: "md5$abc$def"},
        {PASSWORD_HASH_ENV: "scrypt:3:8:1$salt$abcd"},
        {PASSWORD_HASH_ENV: "pbkdf2:sha256:x$salt$abcd"},
    ]
    for environ in bad:
        with pytest.raises(StaffConfigError) as raised:
            StaffLogin.from_env("0.0.0.0", environ)
        [(name, value)] = environ.items()
        assert name in str(raised.value) and value not in str(raised.value)


def test_staff_password_command_prints_a_hash_that_logs_in(monkeypatch, capsys):
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert cli.main(["staff-password"]) == 0
    out, err = capsys.readouterr()
    name, _, quoted = out.strip().partition("=")
    assert name == PASSWORD_HASH_ENV and quoted.startswith("'scrypt:")
    assert PASSWORD not in out + err
    login = StaffLogin.from_env("0.0.0.0", {name: quoted})
    assert login.check(basic("staff", PASSWORD)["Authorization"]) is Access.GRANTED
    assert login.check(basic("staff", "wrong-pw-1")["Authorization"]) is Access.WRONG

    typed = iter([PASSWORD, PASSWORD + "x"])
    assert cli.main(["staff-password"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "differ" in err
    typed = iter(["short"])
    assert cli.main(["staff-password"]) == 1
    assert capsys.readouterr().out == ""


# --- one app, through Flask's test client -----------------------------------


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory):
    """Three apps on one config: loopback without a login, LAN with one, LAN
    without one; each with a staff action under /staff/ added the way a later
    one will be."""
    folder = tmp_path_factory.mktemp("staff-apps")
    settings = Settings(copy_config(folder), folder / "var")
    made = {}
    for name, login in {
        "loopback": StaffLogin(exposed=False),
        "lan": StaffLogin(exposed=True, token=TOKEN, password_hash=PASSWORD_HASH),
        "closed": StaffLogin(exposed=True),
    }.items():
        app = create_app(settings, staff=login)
        app.server.post("/staff/ping")(lambda: "pong")
        made[name] = app.server.test_client()
    return made


def test_loopback_without_a_credential_stays_as_it_was(apps):
    client = apps["loopback"]
    page = client.get("/status")
    assert page.status_code == 200 and "Kiosk status" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "feeds" in client.get("/healthz").json
    assert client.post("/staff/ping").get_data(as_text=True) == "pong"


def test_a_lan_server_asks_for_the_login(apps, caplog):
    client = apps["lan"]
    caplog.set_level(logging.INFO)
    for headers in ({}, basic("staff", "wrong-pw-1"), bearer("wrong-token-0123456")):
        for path in ("/status", "/metrics", "/staff/anything"):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 401, (path, headers)
            assert answer.headers["WWW-Authenticate"] == CHALLENGE
            assert answer.headers["Cache-Control"] == "no-store"
        assert client.post("/staff/ping", headers=headers).status_code == 401
        assert set(client.get("/healthz", headers=headers).json) == PUBLIC_HEALTH
    assert "wrong staff login for /status" in caplog.text

    for headers in (basic("staff", PASSWORD), bearer(TOKEN)):
        page = client.get("/status", headers=headers)
        assert page.status_code == 200 and "Kiosk status" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
        assert "feeds" in client.get("/healthz", headers=headers).json
        assert client.post("/staff/ping", headers=headers).status_code == 200
        # a staff action asked for by another site's page is refused
        other = {**headers, "Sec-Fetch-Site": "cross-site"}
        assert client.post("/staff/ping", headers=other).status_code == 403
        same = {**headers, "Sec-Fetch-Site": "same-origin"}
        assert client.post("/staff/ping", headers=same).status_code == 200
    assert not any(secret in caplog.text for secret in SECRETS)


def test_a_lan_server_without_a_credential_keeps_staff_pages_closed(apps):
    client = apps["closed"]
    for headers in ({}, basic("staff", PASSWORD), bearer(TOKEN)):
        answer = client.get("/status", headers=headers)
        assert answer.status_code == 403
        assert answer.headers["Cache-Control"] == "no-store"
        text = answer.get_data(as_text=True)
        assert PASSWORD_HASH_ENV in text and TOKEN_ENV in text
        assert "staff-password" in text
        assert client.post("/staff/ping", headers=headers).status_code == 403
        assert set(client.get("/healthz", headers=headers).json) == PUBLIC_HEALTH


def test_visitor_routes_never_ask_for_a_login(apps):
    client = apps["lan"]
    for path in (
        "/",
        "/_dash-layout",
        "/_dash-dependencies",
        "/_kiosk/beat",
        "/assets/kiosk.css",
        "/m/route?to=passport-team",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "WWW-Authenticate" not in answer.headers
    # a page of the kiosk whose path merely starts like a staff one
    assert client.get("/statuses").status_code != 401


# --- real servers, over real HTTP -------------------------------------------


@pytest.fixture(scope="module")
def lan_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The kiosk listening on every address, with a password and a token."""
    folder = tmp_path_factory.mktemp("lan-kiosk")
    server = KioskServer(
        copy_config(folder),
        folder / "var",
        env=CREDENTIALS,
        args=("--host", "0.0.0.0"),
    ).start()
    yield server
    server.stop()


def test_from_the_lan_staff_pages_need_the_login_and_visitors_do_not(
    lan_kiosk: KioskServer,
):
    url = lan_kiosk.url
    answers = []

    for headers in (
        {},
        basic("staff", "not-the-password"),
        bearer("not-the-token-0000000"),
        basic("staff", TOKEN[:-1]),
    ):
        answer = get(url + "status", headers)
        answers.append(answer)
        assert answer.status == 401
        assert answer.headers["WWW-Authenticate"] == CHALLENGE
        assert answer.headers["Cache-Control"] == "no-store"
        assert "Kiosk status" not in answer.text

    for headers in (
        basic("staff", PASSWORD),
        basic("jiwon", PASSWORD),
        basic("staff", TOKEN),
        bearer(TOKEN),
    ):
        answer = get(url + "status", headers)
        answers.append(answer)
        assert answer.status == 200 and "Kiosk status" in answer.text
        assert answer.headers["Cache-Control"] == "no-store"

    # /healthz: a liveness answer for anyone, the report for staff
    anonymous = get(url + "healthz")
    assert anonymous.status == 200 and set(anonymous.json()) == PUBLIC_HEALTH
    full = get(url + "healthz", bearer(TOKEN))
    assert {"config", "feeds", "data_dir", "store"} <= set(full.json())
    assert full.json()["boot_id"] == anonymous.json()["boot_id"]
    assert lan_kiosk.health()["config"]["ok"]  # the test server knows its token
    answers += [anonymous, full]

    for path in ("", "_kiosk/beat", "assets/kiosk.js", "m/route?to=passport-team"):
        answer = get(url + path)
        answers.append(answer)
        assert answer.status == 200, path

    for answer in answers:
        assert not any(secret in answer.everything() for secret in SECRETS)
    log = lan_kiosk.log()
    assert "staff pages need a login (password or token)" in log
    assert "wrong staff login for /status" in log
    assert not any(secret in log for secret in SECRETS)


def test_a_lan_web_server_without_a_login_closes_staff_pages_and_says_why(
    tmp_path: Path,
):
    server = KioskServer(
        copy_config(tmp_path),
        tmp_path / "var",
        command="web",
        args=("--host", "0.0.0.0"),
    ).start()
    try:
        answer = get(server.url + "status", basic("staff", PASSWORD))
        assert answer.status == 403
        assert PASSWORD_HASH_ENV in answer.text and TOKEN_ENV in answer.text
        assert "Kiosk status" not in answer.text
        assert set(server.health()) == PUBLIC_HEALTH
        assert get(server.url).status == 200
        assert get(server.url + "m/route?to=passport-team").status == 200
    finally:
        server.stop()
    # said once at start, though two workers serve
    assert server.log().count("staff pages (/status) are closed (403)") == 1


def test_an_unusable_credential_stops_the_start(tmp_path: Path):
    server = KioskServer(
        copy_config(tmp_path),
        tmp_path / "var",
        env={PASSWORD_HASH_ENV: PASSWORD},
        args=("--host", "0.0.0.0"),
    )
    with pytest.raises(RuntimeError, match="kiosk exited early"):
        server.start()
    assert PASSWORD_HASH_ENV in server.log() and PASSWORD not in server.log()


def test_the_service_worker_leaves_every_staff_page_to_the_browser() -> None:
    """assets/offline/sw.js keeps its own list of staff pages (a static file):
    it must hold every one, or that page shows "reconnecting" for a login."""
    script = (REPO / "assets" / "offline" / "sw.js").read_text(encoding="utf-8")
    listed = re.search(r"var STAFF = \[([^\]]*)\]", script)
    assert listed is not None
    pages = {"/" + page for page in re.findall(r'"([^"]+)"', listed[1])}
    assert pages >= {*STAFF_PATHS, STAFF_PREFIX}


# --- a real browser ---------------------------------------------------------


@pytest.mark.browser
def test_a_browser_from_the_lan_gets_the_login_prompt_not_the_page(
    lan_kiosk: KioskServer, browser
):
    browser.get_log("performance")  # what earlier tests left
    seen: list[int] = []

    def answered(driver) -> list[int]:
        seen.extend(response_statuses(driver, "/status"))
        return seen

    # Chromium holds the page on its login prompt: nothing of it is shown
    browser.get(lan_kiosk.url + "status")
    assert wait_until(browser, answered, 30) == [401]
    assert "Kiosk status" not in browser.page_source

    seen.clear()
    with_login = lan_kiosk.url.replace("http://", f"http://staff:{PASSWORD}@")
    browser.get(with_login + "status")
    heading = wait_until(browser, lambda d: d.find_elements(By.TAG_NAME, "h1"), 30)
    assert "Kiosk status" in heading[0].text
    assert 200 in wait_until(browser, answered, 30)
    assert PASSWORD not in browser.page_source
