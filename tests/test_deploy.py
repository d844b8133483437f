"""The deploy kit: the kiosk browser's watchdog (its decisions, and a real
Chromium it restarts when the page stops beating) and the systemd units."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kiosk_app.cli import build_parser
from tests.fakes.http_server import FakeServer

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
LAUNCHER = DEPLOY / "kiosk-browser"
SERVER_UNITS = ("kiosk-web.service", "kiosk-scheduler.service")


def _load_launcher() -> ModuleType:
    loader = SourceFileLoader("kiosk_browser", str(LAUNCHER))
    spec = importlib.util.spec_from_loader("kiosk_browser", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kiosk_browser"] = module  # dataclasses look their module up
    loader.exec_module(module)
    return module


kb = _load_launcher()
LIMITS = kb.Limits(stall_seconds=60, heap_bytes=500_000_000)


def step(watch: Any, now: float, server_up: bool = True, **sample: Any):
    return kb.decide(watch, kb.Sample(**sample), server_up, now, LIMITS)


# ---- the watchdog's decisions ----


def test_a_beating_page_is_left_alone_and_a_stopped_one_restarted():
    watch = kb.Watch(progress_at=0.0)
    for now, beats in ((5, "1"), (10, "2"), (50, "3")):
        watch, reason = step(watch, now, beats=beats)
        assert reason is None
    watch, reason = step(watch, 109, beats="3")
    assert reason is None  # 59 s without a beat
    watch, reason = step(watch, 110, beats="3")
    assert reason == (
        "the page's beat stopped: no beat for 60 s while the server answers"
    )


def test_a_reload_that_counts_again_from_one_is_a_beat():
    watch, _ = step(kb.Watch(progress_at=0.0, beats="57"), 59, beats="1")
    watch, reason = step(watch, 100, beats="1")
    assert reason is None and watch.progress_at == 59


def test_a_page_that_never_loads_or_cannot_be_read_is_restarted():
    watch, reason = step(
        kb.Watch(progress_at=0.0), 30, error="DevTools is not open yet"
    )
    assert reason is None  # still within the first stall period
    _, reason = step(watch, 61)
    assert reason == "no kiosk page: no beat for 61 s while the server answers"
    _, reason = step(
        kb.Watch(progress_at=0.0, beats="4"), 61, error="the page did not answer"
    )
    assert reason is not None and reason.startswith("the page did not answer: ")


def test_while_the_server_is_away_the_browser_is_left_alone():
    watch = kb.Watch(progress_at=0.0, beats="9")
    watch, reason = step(watch, 200, server_up=False, beats="9")
    assert reason is None and watch.server_away and watch.progress_at == 200
    watch, reason = step(watch, 300, server_up=False, beats="9")
    assert reason is None and watch.server_away
    # back: the page has the whole stall time to beat again
    watch, reason = step(watch, 330, beats="9")
    assert reason is None and watch.server_away
    watch, reason = step(watch, 340, beats="10")
    assert reason is None and not watch.server_away
    _, reason = step(watch, 400, beats="10")
    assert reason is not None


def test_a_heap_over_the_limit_twice_in_a_row_restarts():
    watch, reason = step(
        kb.Watch(progress_at=0.0), 5, beats="1", heap_bytes=600_000_000
    )
    assert reason is None  # once may be garbage not yet collected
    watch, reason = step(watch, 10, beats="2", heap_bytes=100_000_000)
    assert reason is None and watch.heap_over == 0
    watch, _ = step(watch, 15, beats="3", heap_bytes=600_000_000)
    _, reason = step(watch, 20, beats="4", heap_bytes=700_000_000)
    assert reason == "JS heap 700 MB is over the limit of 500 MB"


def test_quick_restarts_wait_longer_each_time_up_to_a_minute():
    assert [kb.backoff(n) for n in (0, 1, 2, 3, 6, 9)] == [0, 2, 4, 8, 60, 60]


# ---- the browser's command line and settings ----


def test_the_command_line_of_a_kiosk_screen(tmp_path):
    options = kb.parse_options(
        ["--server", "http://10.1.2.3:8050", "--kiosk", "annex lobby"],
        {"KIOSK_BROWSER_ENV": str(tmp_path / "none.env"), "XDG_RUNTIME_DIR": "/run/u"},
    )
    command = kb.browser_command(options, "/usr/bin/chromium")
    assert command[0] == "/usr/bin/chromium"
    assert command[-1] == "http://10.1.2.3:8050/?kiosk=annex+lobby"
    for flag in (
        "--kiosk",
        "--noerrdialogs",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--autoplay-policy=no-user-gesture-required",
        "--no-first-run",
        "--check-for-update-interval=31536000",
        "--user-data-dir=/run/u/kiosk-browser",
        "--remote-debugging-port=9222",
        "--remote-debugging-address=127.0.0.1",
        "--unsafely-treat-insecure-origin-as-secure=http://10.1.2.3:8050",
    ):
        assert flag in command
    assert any(f.startswith("--disable-features=Translate") for f in command)
    loopback = kb.parse_options(
        ["--server", "http://127.0.0.1:8050/"],
        {"KIOSK_BROWSER_ENV": str(tmp_path / "none.env")},
    )
    assert not any(
        f.startswith("--unsafely") for f in kb.browser_command(loopback, "chromium")
    )


def test_settings_come_from_flags_then_environment_then_the_env_file(tmp_path):
    env_file = tmp_path / "kiosk-browser.env"
    env_file.write_text(
        "# a screen in the annex\nKIOSK_ID=annex\nKIOSK_WATCHDOG_HEAP_MB=300\n"
        'KIOSK_SERVER_URL="http://kiosk.city.local:8050/"\n'
    )
    environ = {"KIOSK_BROWSER_ENV": str(env_file), "KIOSK_WATCHDOG_HEAP_MB": "400"}
    options = kb.parse_options(["--stall-seconds", "30"], environ)
    assert (options.kiosk, options.heap_mb, options.stall_seconds) == ("annex", 400, 30)
    assert options.url == "http://kiosk.city.local:8050/?kiosk=annex"
    assert options.beat_url == "http://kiosk.city.local:8050/_kiosk/beat"


def test_the_profile_is_reset_but_a_foreign_folder_is_never_deleted(tmp_path):
    profile = tmp_path / "profile"
    kb.reset_profile(profile)
    (profile / "Default").mkdir()
    kb.reset_profile(profile)
    assert [p.name for p in profile.iterdir()] == [kb.PROFILE_MARKER]
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not made by kiosk-browser"):
        kb.reset_profile(foreign)
    assert (foreign / "letter.txt").exists()
    with pytest.raises(SystemExit, match="refusing"):
        kb.reset_profile(Path("/"))


def test_a_browser_left_over_on_the_profile_is_stopped_first(tmp_path):
    profile = tmp_path / "profile"
    leftover = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; time.sleep(120)",
            f"--user-data-dir={profile}",
        ]
    )
    try:
        # found once the child has exec'd (its command line until then is
        # the forking test's own)
        deadline = time.monotonic() + 30
        while kb.browsers_using(profile) != [leftover.pid]:
            assert time.monotonic() < deadline, kb.browsers_using(profile)
            time.sleep(0.02)  # looked at again
        kb.stop_leftovers(profile)
        assert leftover.wait(timeout=10) == -signal.SIGTERM
        assert kb.browsers_using(profile) == []
    finally:
        leftover.kill()


# ---- a real Chromium, restarted when its page stops beating ----

# Beats three times, then stops, as a hung kiosk page would.
BEATING_PAGE = """<!doctype html><html><body>
<div id="kiosk-root"></div>
<script>
var beats = 0;
var timer = setInterval(function () {
  beats += 1;
  document.getElementById("kiosk-root").setAttribute("data-beats", String(beats));
  if (beats >= 3) clearInterval(timer);
}, 200);
</script></body></html>"""


def _browser() -> str:
    found = kb.find_browser()
    if found is None:
        pytest.skip("no Chromium here (make test installs it)")
    return found


class Launcher:
    """deploy/kiosk-browser in a process of its own, its log read as it comes."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.process = subprocess.Popen(
            command, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
        )
        self.lines: list[str] = []
        self.news = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            self.news.set()
        self.news.set()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, condition: Callable[[], Any], limit: float = 60) -> None:
        """Until ``condition`` holds (looked at again on each log line, and
        between them); fails when the launcher exits first."""
        deadline = time.monotonic() + limit
        while not condition():
            assert self.process.poll() is None, "the launcher stopped:\n" + self.log
            assert time.monotonic() < deadline, "nothing happened:\n" + self.log
            self.news.wait(0.2)
            self.news.clear()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise
        self.reader.join(timeout=5)
        return code


@pytest.fixture
def page_server() -> Iterator[FakeServer]:
    with FakeServer() as server:
        server.set(BEATING_PAGE, path="/", content_type="text/html; charset=utf-8")
        server.set(json_body={"boot": "b", "config": "c"}, path="/_kiosk/beat")
        yield server


def test_the_watchdog_restarts_chromium_when_the_page_stops_beating(
    page_server, tmp_path
):
    browser = _browser()
    profile = tmp_path / "profile"
    command = [
        sys.executable,
        str(LAUNCHER),
        "--server",
        page_server.url,
        "--kiosk",
        "lobby-1",
        "--browser",
        browser,
        "--profile-dir",
        str(profile),
        "--debug-port",
        "0",
        "--stall-seconds",
        "2",
        "--start-seconds",
        "60",  # however slowly Chromium starts on a busy machine
        "--poll-seconds",
        "0.3",
        "--browser-flag=--headless=new",
        "--browser-flag=--no-sandbox",
        "--browser-flag=--disable-gpu",
    ]
    env = {**os.environ, "KIOSK_BROWSER_ENV": str(tmp_path / "none.env")}

    def page_loads() -> int:
        return sum(
            1
            for path, query, _ in list(page_server.requests)
            if path == "/" and query.get("kiosk") == ["lobby-1"]
        )

    launcher = Launcher(command, env)
    try:
        launcher.wait_for(lambda: page_loads() >= 1)
        launcher.wait_for(lambda: "restarting the browser" in launcher.log)
        launcher.wait_for(lambda: page_loads() >= 2)  # the new browser's page
    finally:
        code = launcher.stop()
        left = kb.browsers_using(profile)
        kb.stop_leftovers(profile)
    assert code == 0, launcher.log
    assert (
        "restarting the browser: the page's beat stopped: no beat for 2 s while "
        "the server answers" in launcher.log
    ), launcher.log
    assert not left, "the browser outlived its launcher"


# ---- the systemd units ----


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


@pytest.mark.parametrize("name", SERVER_UNITS)
def test_a_service_runs_a_kiosk_command_that_exists(name):
    service = _unit(name)["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/opt/kiosk/.venv/bin/python" and argv[1:3] == ["-m", "kiosk_app"]
    args = build_parser().parse_args(argv[3:])
    assert args.command == name.removeprefix("kiosk-").removesuffix(".service")
    assert service["User"] == "kiosk" and service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/kiosk/kiosk.env"
    assert service["WorkingDirectory"] == "/opt/kiosk"
    # the data directory stays writable under ProtectSystem=strict
    assert service["ProtectSystem"] == "strict"
    assert service["StateDirectory"] == "kiosk"
    assert "/var/lib/kiosk" in service["ReadWritePaths"].split()
    env = kb.read_env_file(DEPLOY / "kiosk.env")
    assert env["KIOSK_DATA_DIR"] == "/var/lib/kiosk"


def test_the_browser_units_run_the_launcher():
    user_unit = _unit("kiosk-browser.service")["Service"]
    assert shlex.split(user_unit["ExecStart"])[0] == "/opt/kiosk/deploy/kiosk-browser"
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(DEPLOY / "autostart" / "kiosk-browser.desktop", encoding="utf-8")
    assert shlex.split(desktop["Desktop Entry"]["Exec"])[0] == (
        "/opt/kiosk/deploy/kiosk-browser"
    )
    assert os.access(LAUNCHER, os.X_OK)


def test_systemd_accepts_the_units(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze here (the units are parsed above)")
    env_file = tmp_path / "kiosk.env"
    shutil.copy(DEPLOY / "kiosk.env", env_file)
    paths = []
    for name in SERVER_UNITS:
        text = (DEPLOY / "systemd" / name).read_text(encoding="utf-8")
        text = text.replace("/etc/kiosk/kiosk.env", str(env_file))
        text = text.replace("/opt/kiosk", str(REPO))  # this checkout, its .venv
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    verified = subprocess.run(
        ["systemd-analyze", "verify", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = [line for line in verified.stderr.splitlines() if "kiosk-" in line]
    assert verified.returncode == 0 and not said, verified.stderr
