"""The scheduler runs exactly once per data directory."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from kiosk_app.health import SCHEDULER_HEARTBEAT
from kiosk_app.scheduler import AlreadyRunning, SchedulerLock
from kiosk_app.store import Store
from tests.support.server import REPO, KioskServer, kiosk_command


def test_a_second_lock_on_the_same_data_dir_is_refused(tmp_path: Path):
    first = SchedulerLock(tmp_path)
    first.acquire()
    with pytest.raises(AlreadyRunning):
        SchedulerLock(tmp_path).acquire()
    first.release()
    again = SchedulerLock(tmp_path)
    again.acquire()
    again.release()


def test_scheduler_process_refuses_to_run_beside_the_demo(
    tmp_config: Path, tmp_path: Path
):
    data_dir = tmp_path / "var"
    demo = KioskServer(tmp_config, data_dir).start()
    try:
        deadline = time.monotonic() + 20
        while not Store.in_data_dir(data_dir).get_meta(SCHEDULER_HEARTBEAT):
            assert time.monotonic() < deadline, demo.log()
            time.sleep(0.2)
        second = subprocess.run(
            kiosk_command("scheduler", tmp_config, data_dir),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert "already running" in second.stderr
        assert demo.health()["scheduler"]["ok"] is True
    finally:
        demo.stop()
