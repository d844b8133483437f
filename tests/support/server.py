"""The real kiosk, started with its own CLI in a subprocess, on a free port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, timeout: float = 3.0, token: str | None = None) -> dict:
    """GET a JSON document (with a staff token when given)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def kiosk_command(command: str, config: Path, data_dir: Path, *extra: str) -> list[str]:
    """``python -m kiosk_app COMMAND`` with a config file and data directory."""
    return [
        sys.executable,
        "-m",
        "kiosk_app",
        command,
        *extra,
        "--config",
        str(config),
        "--data-dir",
        str(data_dir),
    ]


class KioskServer:
    """``python -m kiosk_app <command>`` as a child process."""

    def __init__(
        self,
        config: Path,
        data_dir: Path,
        command: str = "run",
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        args: tuple[str, ...] = (),
    ):
        self.config = config
        self.data_dir = data_dir
        self.command = command
        self.port = free_port()
        # a staff login set in the shell running the tests must not leak in
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith("KIOSK_STAFF_")
        }
        self.env = {**inherited, **(env or {})}
        self.args = args  # more flags for the command, e.g. ("--host", "0.0.0.0")
        self.log_path = (log_dir or data_dir) / f"{command}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The kiosk page."""
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> KioskServer:
        """Start and wait until /healthz answers."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            kiosk_command(
                self.command,
                self.config,
                self.data_dir,
                "--port",
                str(self.port),
                *self.args,
            ),
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kiosk exited early:\n{self.log()}")
            try:
                get_json(self.url + "healthz", timeout=1.0)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"kiosk did not start:\n{self.log()}")

    def stop(self) -> None:
        """Stop the process (and wait for it)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def health(self) -> dict:
        """The /healthz document (in full when the server has a staff token)."""
        return get_json(self.url + "healthz", token=self.env.get("KIOSK_STAFF_TOKEN"))

    def log(self) -> str:
        """What the server printed so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
