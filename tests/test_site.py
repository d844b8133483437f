"""config.yaml with its building and directory files, checked as one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app.config import ProblemsFound
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.site import load_site
from tests.conftest import copy_config
from tests.support.server import REPO


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """Writable copies of config.yaml, building.yaml and directory.yaml."""
    copy_config(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if snippet in line)


def check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", "check", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_shipped_site_is_valid_and_complete():
    site = load_site(REPO / "config.yaml")
    assert site.wayfinding
    assert len(site.directory.departments) == 45
    assert len(site.directory.teams) == 192
    result = check(REPO / "config.yaml")
    assert result.returncode == 0, result.stderr
    assert "45 departments, 192 teams" in result.stdout


def test_check_names_the_building_file_line_of_a_room_on_a_missing_floor(site_dir):
    building = site_dir / "building.yaml"
    line = line_of(building, "floor: 3F")
    edit(building, "floor: 3F", "floor: 9F")
    result = check(site_dir / "config.yaml")
    assert result.returncode != 0
    assert f"{building}:{line}:" in result.stderr
    assert "9F" in result.stderr


def test_a_kiosk_without_a_place_in_the_building_is_named(site_dir):
    config = site_dir / "config.yaml"
    edit(config, "  - id: annex-lobby\n", "  - id: annex-lobby\n    point: side-door\n")
    with pytest.raises(ProblemsFound) as caught:
        load_site(config)
    [problem] = caught.value.problems
    assert problem.key == "kiosks[1].point"
    assert problem.line == line_of(config, "point: side-door")
    assert "main-lobby" in problem.message


def test_a_destination_no_kiosk_can_reach_is_reported(site_dir):
    building = site_dir / "building.yaml"
    text = building.read_text(encoding="utf-8")
    start = text.index("links:\n")
    end = text.index("# Anything out of use.")
    building.write_text(text[:start] + "links: []\n\n" + text[end:], encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site(site_dir / "config.yaml")
    problems = caught.value.problems
    assert problems and all(p.file.endswith("building.yaml") for p in problems)
    assert any(
        "cannot be reached" in p.message and "main-lobby" in p.message for p in problems
    )
    assert all(p.line > 1 and p.key.startswith("rooms[") for p in problems)


def test_a_closed_lift_is_not_a_config_error(site_dir):
    edit(
        site_dir / "building.yaml",
        "closures: []",
        "closures:\n  - target: bridge-2f\n    reason: {ko: 공사 중, en: works}",
    )
    assert load_site(site_dir / "config.yaml").wayfinding


def test_a_bad_directory_edit_keeps_the_last_good_site(site_dir, tmp_path):
    holder = ConfigHolder(site_dir / "config.yaml", tmp_path / "var", 0)
    directory = site_dir / "directory.yaml"
    edit(directory, "room: 503", "room: 9999")
    holder.refresh()
    state = holder.state()
    assert not state.ok
    assert state.problems[0].file.endswith("directory.yaml")
    assert state.site.directory.department("planning-budget").room == "503"
    edit(directory, "room: 9999", "room: 504")
    holder.refresh()
    assert holder.state().ok
    assert holder.site().directory.department("planning-budget").room == "504"
