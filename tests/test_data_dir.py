"""A full or read-only data directory: the screen keeps its values, staff are
told in words, the scheduler waits instead of spinning, and all of it comes
back by itself. Run on a real small file system (tmpfs, mounted by the test)."""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_config
from tests.support.disk import small_file_system
from tests.support.page import wait_until
from tests.support.server import KioskServer, get_json


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 120 MB file system of the test's own, for the kiosk's data directory."""
    with small_file_system(tmp_path, "120m") as mount_point:
        yield mount_point


def remount(mount_point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True)


def fill(mount_point: Path) -> Path:
    """Write zeros until the file system is full; returns the filler file."""
    filler = mount_point / "filler"
    chunk = b"\0" * 1_000_000
    with filler.open("wb") as out:
        try:
            while True:
                out.write(chunk)
                out.flush()
        except OSError:
            pass
    return filler


def tiles(server: KioskServer) -> list[dict]:
    """What the home screen's tiles show, read from the page's own layout."""
    layout = get_json(server.url + "_dash-layout")
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if str(props.get("className", "")).startswith("tile tile-"):
                found.append(props)
            for value in props.values() if isinstance(props, dict) else ():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(layout)
    return found


def showing_values(server: KioskServer) -> bool:
    shown = tiles(server)
    return bool(shown) and all("tile-unavailable" not in t["className"] for t in shown)


def started(config: Path, data_dir: Path, log_dir: Path, command: str = "run"):
    return KioskServer(config, data_dir, command=command, log_dir=log_dir).start()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    # refreshed every 2 s: a scheduler that retried on every refresh would spin
    return copy_config(tmp_path, {"interval_seconds: 60": "interval_seconds: 2"})


def test_a_full_disk_is_said_in_words_and_ridden_out(
    disk: Path, config: Path, tmp_path: Path
):
    server = started(config, disk, tmp_path)
    try:
        wait_until(None, lambda _: showing_values(server), timeout=60)
        filler = fill(disk)
        wait_until(None, lambda _: not server.health()["data_dir"]["ok"], timeout=30)
        report = server.health()
        assert "is full" in report["data_dir"]["problem"]
        assert report["status"] == "degraded"
        status = server.url + "status"
        with urllib.request.urlopen(status, timeout=10) as r:
            assert "is full" in r.read().decode("utf-8")
        wait_until(None, lambda _: "cannot write readings" in server.log(), 60)
        assert showing_values(server)  # the last values stay on the screen
        filler.unlink()
        wait_until(None, lambda _: "takes readings again" in server.log(), 120)
        assert server.health()["data_dir"]["ok"]
    finally:
        server.stop()
    log = server.log()
    assert log.count("cannot write readings") == 1  # said once, not every tick
    assert "Traceback" not in log


def test_a_read_only_disk_keeps_the_screen_and_a_restart_works(
    disk: Path, config: Path, tmp_path: Path
):
    server = started(config, disk, tmp_path)
    try:
        wait_until(None, lambda _: showing_values(server), timeout=60)
    finally:
        server.stop()
    remount(disk, "ro")
    try:
        for command in ("web", "run"):
            server = started(config, disk, tmp_path, command)
            try:
                report = server.health()
                assert "read-only" in report["data_dir"]["problem"]
                assert report["store"]["ok"]
                assert showing_values(server)
            finally:
                server.stop()
        server = started(config, disk, tmp_path)
        remount(disk, "rw")
        wait_until(None, lambda _: server.health()["data_dir"]["ok"], timeout=30)
        wait_until(None, lambda _: "takes readings again" in server.log(), 120)
        server.stop()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=False)
    assert "Traceback" not in server.log()
