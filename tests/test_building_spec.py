"""The building and directory files: demo data, and broken files named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from building_model import load_building, load_directory, parse_building
from building_model.spec import Building
from kiosk_core.yaml_source import ProblemsFound

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "building"
MARK = "# <- error"


@pytest.fixture(scope="module")
def small() -> Building:
    return load_building(DATA / "small.yaml")


def _marked_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if MARK in line)


def test_demo_files_load_with_45_departments_and_192_teams() -> None:
    building = load_building(ROOT / "building.yaml")
    directory = load_directory(ROOT / "directory.yaml", building)
    assert len(directory.departments) == 45
    assert len(directory.teams) == 192
    assert {k.id for k in building.kiosk_points} == {"main-lobby", "annex-lobby"}
    assert 5 <= len(directory.spec.popular) <= 10


def test_demo_civil_service_hall_is_on_the_main_ground_floor() -> None:
    building = load_building(ROOT / "building.yaml")
    directory = load_directory(ROOT / "directory.yaml", building)
    hall = directory.place_of("civil-service")
    assert (hall.building, hall.floor) == ("main", "1F")
    teams = directory.teams_of("civil-service")
    tasks = {task.get("ko") for team in teams for task in team.tasks}
    assert {"여권", "전입신고", "가족관계증명서", "인감증명"} <= tasks
    passport = directory.place_of("passport-team")
    assert (passport.floor, building.room(passport.room).kind) == ("1F", "counter")


def test_room_ids_typed_as_numbers_are_accepted(small: Building) -> None:
    assert small.room("101").floor == "1F"


@pytest.mark.parametrize(
    ("fixture", "key", "words"),
    [
        ("room_missing_floor.yaml", "rooms[1].floor", "no floor '3F'"),
        ("door_off_corridor.yaml", "rooms[0].door", "4.0 m from the nearest corridor"),
        ("lift_missing_floor.yaml", "lifts[0].floors[2]", "no floor '3F'"),
        ("closure_unknown_target.yaml", "closures[0].target", "did you mean 'stairs'"),
    ],
)
def test_broken_building_is_rejected_at_the_right_line(
    fixture: str, key: str, words: str
) -> None:
    path = DATA / fixture
    with pytest.raises(ProblemsFound) as caught:
        load_building(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.key) == (_marked_line(path), key)
    assert words in problem.message
    assert problem.file.endswith(fixture)


@pytest.mark.parametrize(
    ("fixture", "key", "words"),
    [
        ("department_unknown_room.yaml", "departments[1].room", "no room '301'"),
        ("team_unknown_department.yaml", "teams[1].department", "did you mean 'tax'"),
        ("team_without_department.yaml", "teams[1].department", "required"),
        ("popular_unknown_target.yaml", "popular[0].target", "no team or department"),
    ],
)
def test_broken_directory_is_rejected_at_the_right_line(
    small: Building, fixture: str, key: str, words: str
) -> None:
    path = DATA / fixture
    with pytest.raises(ProblemsFound) as caught:
        load_directory(path, small)
    [problem] = caught.value.problems
    assert (problem.line, problem.key) == (_marked_line(path), key)
    assert words in problem.message


def test_valid_small_directory_loads(small: Building) -> None:
    directory = load_directory(DATA / "small_directory.yaml", small)
    assert directory.room_of("tax-team") == "201"
    assert directory.team("general-team").tasks[0].get("en") == "여권"


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    text = text.replace("door: [5, 6]", "door: [5, 9]").replace(
        "target: stairs", "target: escalator"
    )
    with pytest.raises(ProblemsFound) as caught:
        parse_building(text, "building.yaml")
    keys = [p.key for p in caught.value.problems]
    assert keys == ["rooms[0].door", "closures[0].target"]
    assert "building.yaml:22: rooms[0].door" in str(caught.value)


def test_ids_must_be_unique_across_closable_things() -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: stairs\n", "  - id: lift\n").replace(
        "target: stairs", "target: lift"
    )
    with pytest.raises(ProblemsFound) as caught:
        parse_building(text, "building.yaml")
    [problem] = caught.value.problems
    assert problem.key == "stairs[0].id"
    assert "already used in lifts" in problem.message


def test_schema_errors_name_the_key(small: Building) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        parse_building(text.replace("elevation: 4", "elevation: high"), "b.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.key) == (14, "floors[1].elevation")
