"""Where things are: port, config file and data directory.

Each comes from a command-line flag, else a KIOSK_* environment variable,
else a default. An empty variable counts as unset.
"""

from __future__ import annotations

import argparse
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 8050


@dataclass(frozen=True)
class Settings:
    """Resolved run-time settings of one process."""

    config_path: Path
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    # one id per server start, shared by its workers (/healthz: restarts)
    boot_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # the release named by KIOSK_RELEASE (kiosk_app/release.py): pages reload
    # when the release they were loaded from changes
    release: str | None = None

    @property
    def route_cache(self) -> Path:
        """Where the scheduler keeps rendered route images."""
        return self.data_dir / "routes"


def add_arguments(parser: argparse.ArgumentParser, *, server: bool) -> None:
    """The flags every command shares (and --host/--port for servers)."""
    parser.add_argument(
        "--config", help="config file (env KIOSK_CONFIG; ./config.yaml)"
    )
    parser.add_argument("--data-dir", help="data directory (env KIOSK_DATA_DIR; ./var)")
    if server:
        parser.add_argument("--port", type=int, help="port (env KIOSK_PORT; 8050)")
        parser.add_argument(
            "--host", help="address to listen on (env KIOSK_HOST; 127.0.0.1)"
        )


def resolve(
    args: argparse.Namespace, environ: Mapping[str, str] = os.environ
) -> Settings:
    """Settings from flags, then environment, then defaults."""

    def pick(flag: object, env: str, default: str) -> str:
        if flag not in (None, ""):
            return str(flag)
        return environ.get(env) or default

    port_text = pick(getattr(args, "port", None), "KIOSK_PORT", str(DEFAULT_PORT))
    try:
        port = int(port_text)
    except ValueError:
        raise SystemExit(
            f"KIOSK_PORT must be a port number, not {port_text!r}"
        ) from None
    return Settings(
        config_path=Path(
            pick(getattr(args, "config", None), "KIOSK_CONFIG", "config.yaml")
        ),
        data_dir=Path(pick(getattr(args, "data_dir", None), "KIOSK_DATA_DIR", "var")),
        host=pick(getattr(args, "host", None), "KIOSK_HOST", "127.0.0.1"),
        port=port,
        release=environ.get("KIOSK_RELEASE", "").strip() or None,
    )
