"""Port, config file and data directory: flag, then environment, then default."""

from __future__ import annotations

from pathlib import Path

from kiosk_app.cli import build_parser
from kiosk_app.settings import resolve


def settings_for(argv: list[str], env: dict[str, str]):
    return resolve(build_parser().parse_args(argv), env)


def test_defaults():
    s = settings_for(["run"], {})
    assert (s.port, s.config_path, s.data_dir, s.host) == (
        8050,
        Path("config.yaml"),
        Path("var"),
        "127.0.0.1",
    )


def test_environment_overrides_defaults():
    env = {
        "KIOSK_PORT": "8090",
        "KIOSK_CONFIG": "/etc/kiosk.yaml",
        "KIOSK_DATA_DIR": "/srv/kiosk",
        "KIOSK_HOST": "0.0.0.0",
    }
    s = settings_for(["run"], env)
    assert (s.port, s.config_path, s.data_dir, s.host) == (
        8090,
        Path("/etc/kiosk.yaml"),
        Path("/srv/kiosk"),
        "0.0.0.0",
    )


def test_flags_override_environment():
    env = {
        "KIOSK_PORT": "8090",
        "KIOSK_CONFIG": "/etc/kiosk.yaml",
        "KIOSK_DATA_DIR": "/srv/kiosk",
    }
    s = settings_for(
        ["web", "--port", "9000", "--config", "a.yaml", "--data-dir", "d"], env
    )
    assert (s.port, s.config_path, s.data_dir) == (9000, Path("a.yaml"), Path("d"))


def test_empty_variables_count_as_unset():
    s = settings_for(["scheduler"], {"KIOSK_PORT": "", "KIOSK_DATA_DIR": ""})
    assert (s.port, s.data_dir) == (8050, Path("var"))


def test_each_start_has_its_own_boot_id():
    assert settings_for(["run"], {}).boot_id != settings_for(["run"], {}).boot_id
