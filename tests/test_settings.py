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


def test_a_release_is_named_by_the_environment_or_else_by_the_code(tmp_path):
    from kiosk_app.release import release_id

    assert settings_for(["web"], {"KIOSK_RELEASE": " 2026.12 "}).release == "2026.12"
    assert settings_for(["web"], {"KIOSK_RELEASE": ""}).release is None
    # the same code and assets: the same id, on any server, at any start
    assert release_id() == release_id()
    assert release_id("2026.12") == release_id("2026.12") != release_id("2027.01")
    # a changed page script is a new release
    (tmp_path / "assets").mkdir()
    script = tmp_path / "assets" / "kiosk.js"
    script.write_text("var a = 1;")
    before = release_id(root=tmp_path)
    script.write_text("var a = 2;")
    assert release_id(root=tmp_path) != before
