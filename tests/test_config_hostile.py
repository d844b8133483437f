"""Whatever lands in config.yaml, the kiosk keeps serving its last good screen.

Each text here once took the screen down: an alias "bomb" grew every process
to gigabytes, and a NUL character, deep brackets or a huge number made every
request answer 500 and a restart exit with a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil
import pytest

from kiosk_app.config.site import load_site
from kiosk_core.yaml_source import ProblemsFound
from tests.support.page import wait_until
from tests.support.server import REPO, KioskServer, get_json, kiosk_command

TITLE = "ko: 서산시청 종합안내"


def alias_bomb(levels: int) -> str:
    """Anchors nested in anchors: 10**levels values from a few kilobytes."""
    lines = ["  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"  a{level}: &a{level} [{refs}]")
    return "\n".join(lines)


def hostile(name: str, text: str) -> str:
    """The shipped config with one hostile edit."""
    if name == "alias-bomb":
        return text.replace("\nlabels:", "\njunk:\n" + alias_bomb(9) + "\nlabels:", 1)
    if name == "nul":
        return text.replace(TITLE, "ko: 서산\x00시청")
    if name == "brackets":
        return text.replace(TITLE, "ko: " + "[" * 5000)
    if name == "long-number":
        return text.replace("idle_seconds: 90", "idle_seconds: " + "9" * 5000)
    if name == "huge-file":
        return text + ("# " + "x" * 98 + "\n") * 18_000
    raise ValueError(name)


CASES = ["alias-bomb", "nul", "brackets", "long-number", "huge-file"]
WORDS = {
    "alias-bomb": "expands to more than",
    "nul": "character that is not allowed",
    "brackets": "nesting depth",
    "long-number": "too many digits",
    "huge-file": "an admin file may be at most",
}


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_is_a_problem_with_file_and_line(tmp_config: Path, case):
    write(tmp_config, hostile(case, tmp_config.read_text(encoding="utf-8")))
    with pytest.raises(ProblemsFound) as caught:
        load_site(tmp_config)
    [problem] = caught.value.problems
    assert problem.file.endswith("config.yaml")
    assert WORDS[case] in problem.message
    if case in ("nul", "long-number"):
        line = next(
            n
            for n, text in enumerate(tmp_config.read_text().splitlines(), 1)
            if "서산\x00" in text or "idle_seconds" in text
        )
        assert problem.line == line


@pytest.mark.parametrize("case", CASES)
def test_check_names_the_problem_without_a_traceback(tmp_config: Path, case):
    write(tmp_config, hostile(case, tmp_config.read_text(encoding="utf-8")))
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "check", str(tmp_config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"{tmp_config}:" in result.stderr and WORDS[case] in result.stderr
    assert "Traceback" not in result.stderr


def test_a_running_kiosk_rejects_each_hostile_edit_and_keeps_serving(
    tmp_config: Path, tmp_path: Path
):
    good = tmp_config.read_text(encoding="utf-8")
    server = KioskServer(tmp_config, tmp_path / "var", command="web").start()
    try:
        for case in CASES:
            write(tmp_config, hostile(case, good))
            wait_until(
                None,
                lambda _, words=WORDS[case]: any(
                    words in p for p in server.health()["config"]["problems"]
                ),
                timeout=60,
            )
            beat = get_json(server.url + "_kiosk/beat")
            assert beat["config"] == server.health()["config"]["version"]
            with urllib.request.urlopen(server.url + "_dash-layout", timeout=10) as r:
                layout = json.dumps(json.load(r), ensure_ascii=False)
            assert "서산시청 종합안내" in layout
        write(tmp_config, good)
        wait_until(None, lambda _: server.health()["config"]["ok"], timeout=60)
    finally:
        server.stop()
    assert "Traceback" not in server.log()


@pytest.mark.parametrize("command", ["web", "scheduler"])
def test_a_restart_on_a_hostile_file_starts_on_the_last_good(
    tmp_config: Path, tmp_path: Path, command: str
):
    data_dir = tmp_path / "var"
    first = KioskServer(tmp_config, data_dir, command="web").start()
    first.stop()  # the last good config is saved in the data directory
    write(tmp_config, hostile("nul", tmp_config.read_text(encoding="utf-8")))
    if command == "web":
        server = KioskServer(tmp_config, data_dir, command="web").start()
        try:
            report = server.health()["config"]
            assert report["ok"] is False and "not allowed" in report["problems"][0]
        finally:
            server.stop()
        return
    log = data_dir / "scheduler.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            kiosk_command("scheduler", tmp_config, data_dir),
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(None, lambda _: "scheduler running" in log.read_text(), timeout=60)
        assert process.poll() is None
        text = log.read_text()
        assert "config rejected" in text and "Traceback" not in text
    finally:
        process.terminate()
        process.wait(timeout=20)


def threads_waiting_for_a_writer(server: KioskServer) -> int:
    """Threads of the server's processes blocked opening a pipe nobody writes to."""
    assert server.process is not None
    root = psutil.Process(server.process.pid)
    count = 0
    for process in [root, *root.children(recursive=True)]:
        for task in Path(f"/proc/{process.pid}/task").glob("*"):
            try:
                count += (task / "wchan").read_text() == "wait_for_partner"
            except OSError:
                continue
    return count


def test_a_config_that_takes_forever_to_read_holds_up_no_request(
    tmp_config: Path, tmp_path: Path
):
    """Reading happens beside the requests: a file that never finishes reading
    (here a named pipe nobody writes to) leaves every screen served."""
    server = KioskServer(tmp_config, tmp_path / "var", command="web").start()
    good = tmp_config.read_text(encoding="utf-8")
    pipe = tmp_path / "config.fifo"
    os.mkfifo(pipe)
    try:
        os.replace(pipe, tmp_config)  # the next look at the file blocks on it
        # both web workers are stuck reading it...
        wait_until(
            None, lambda _: threads_waiting_for_a_writer(server) >= 2, timeout=30
        )
        # ...and every request is answered all the same
        for _ in range(5):
            assert get_json(server.url + "_kiosk/beat", timeout=10)["config"]
            assert server.health()["config"]["ok"]
            with urllib.request.urlopen(server.url + "_dash-layout", timeout=10) as r:
                assert r.status == 200
    finally:
        server.stop()
        tmp_config.unlink()
        tmp_config.write_text(good, encoding="utf-8")
