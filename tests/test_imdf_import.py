"""Importing the small test archive (tests/imdf_sample.py): what each feature
becomes, the files pass ``check`` through the real command line, and every
department is reachable from the kiosk, step-free too (by the lift)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from building_model import Building, parse_building, parse_directory, plan_route
from building_model.imdf import import_archive
from building_model.route import Route, position_of
from tests.imdf_sample import write_folder, write_zip

ROOT = Path(__file__).resolve().parents[1]

CONFIG = """\
version: 1
site:
  title: {{ko: 시험 청사, en: Test hall}}
  languages: [ko, en, zh, vi]
kiosks:
  - id: {kiosk}
    name: {{ko: 로비, en: Lobby}}
building:
  file: {folder}/building.yaml
  directory: {folder}/directory.yaml
  prerender: false
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    folder = write_folder(tmp_path_factory.mktemp("archive") / "sample")
    return import_archive(folder)


@pytest.fixture(scope="module")
def building(imported) -> Building:
    return parse_building(imported.building_yaml, "building.yaml")


def _by_id(items: list, item_id: str):
    return next(i for i in items if i.id == item_id)


def test_the_files_parse_and_list_no_problem(imported) -> None:
    assert imported.problems == []
    assert imported.counts() == {
        "floors": 2,
        "rooms": 6,
        "walkways": 3,
        "openings": 1,
        "lifts": 1,
        "stairs": 1,
        "entrances": 1,
        "kiosk_points": 1,
        "bureaus": 2,
        "departments": 5,
    }


def test_floors_from_levels(building: Building) -> None:
    first, second = building.floors
    assert (first.id, first.elevation, second.id, second.elevation) == (
        "1F",
        0.0,
        "2F",
        4.0,
    )
    # the level's own short name where it has one, the floor number otherwise
    assert first.name.root == {"ko": "1층", "en": "G", "zh": "1层", "vi": "Tầng 1"}
    assert second.name.get("ko") == "2층" and second.name.get("en") == "L2"
    assert first.outline == [(0.0, 0.0), (40.0, 0.0), (40.0, 20.0), (0.0, 20.0)]
    assert building.georef is not None
    assert (building.georef.latitude, building.georef.longitude) == (36.7848, 126.4503)


def test_rooms_keep_their_real_outlines_and_doors(building: Building) -> None:
    hall = building.room("civil-service-hall")
    assert hall.box is None
    assert hall.outline == [
        (0.0, 12.0),
        (14.0, 12.0),
        (14.0, 16.0),
        (8.0, 16.0),
        (8.0, 20.0),
        (0.0, 20.0),
    ]  # the L shape, not its bounding box
    assert hall.door == (6.0, 12.0)  # the middle of its opening
    passport = building.room("passport-office")
    assert passport.outline == [(15.0, 12.0), (24.0, 12.0), (23.0, 20.0), (16.0, 20.0)]
    assert passport.door == (19.0, 12.0) and passport.kind == "office"


def test_names_keep_every_language_the_kiosk_knows(building: Building) -> None:
    hall = building.room("civil-service-hall")
    # ko-KR, en-US and zh-Hans tags become the kiosk's ko, en and zh
    assert hall.name.root == {
        "ko": "민원실",
        "en": "Civil Service Hall",
        "zh": "综合民愿室",
        "vi": "Sảnh dịch vụ hành chính",
    }
    tax = building.room("tax-office")
    assert tax.name.root == {"en": "Tax Office"}  # Japanese is no kiosk language
    assert tax.name.get("ko") == "Tax Office"  # Korean screens fall back to English


def test_restroom_amenity_names_its_unit(building: Building) -> None:
    restroom = building.room("restroom-1f")
    assert restroom.kind == "facility"
    assert restroom.name.get("ko") == "화장실" and restroom.name.get("en") == "Restroom"
    assert restroom.door == (4.0, 8.0)


def test_lift_and_stairs_serve_both_floors_facing_out(building: Building) -> None:
    (lift,) = building.lifts
    assert lift.floors == ["1F", "2F"]
    assert lift.position == (27.5, 8.0)  # at its door: the shaft's middle is 2 m in
    assert lift.facing == 0.0  # the door is on the north side
    (stairs,) = building.stairs
    assert stairs.floors == ["1F", "2F"] and stairs.facing == 0.0


def test_openings_entrances_walkways_and_kiosk(building: Building) -> None:
    (opening,) = building.openings
    assert (opening.floor, opening.point) == ("2F", (6.0, 8.0))
    (entrance,) = building.entrances
    assert (entrance.id, entrance.point) == ("main-entrance", (20.0, 0.0))
    assert entrance.name.get("ko") == "정문"
    corridor = _by_id(building.walkways, "main-corridor-1f")
    assert len(corridor.outline) == 8  # the T of corridor and lobby
    (kiosk,) = building.kiosk_points
    assert (kiosk.id, kiosk.floor, kiosk.x, kiosk.y) == ("lobby", "1F", 20.0, 5.0)


def test_what_cannot_be_mapped_is_listed_with_its_id(imported) -> None:
    notes = {(n.feature_type, n.feature_id): n.reason for n in imported.mapped.notes}
    assert notes == {
        ("unit", "u-odd"): "unknown unit category 'spaceship'",
        ("amenity", "m-atm"): "no place in the building file for a 'atm' amenity",
        ("unit", "u-meeting"): "a room with no opening to a walkway",
        ("occupant", "p-meeting"): (
            "its anchor lies in room unit u-meeting, not in a room of the building file"
        ),
    }
    head = imported.building_yaml.split("\ngeoref:")[0]  # the comment block on top
    for (kind, fid), reason in notes.items():
        assert f"#   {kind} {fid}: {reason}\n" in head
    # and each entry names the features it came from
    assert "# from u-hall, o-hall\n  - id: civil-service-hall" in imported.building_yaml


def test_directory_bureaus_by_category(imported, building: Building) -> None:
    directory = parse_directory(imported.directory_yaml, "directory.yaml", building)
    rooms = {d.id: d.room for d in directory.departments}
    assert rooms == {
        "civil-service-division": "civil-service-hall",
        "passport-team": "passport-office",
        "tax-division": "tax-office",
        "social-welfare-division": "welfare-office",
        "culture-division": "culture-office",
    }
    bureaus = {b.id: b.name.get("en") for b in directory.spec.bureaus}
    assert bureaus == {"government": "Government", "socialservices": "Socialservices"}


@pytest.mark.parametrize("step_free", [False, True])
def test_every_department_is_reachable_from_the_kiosk(imported, building, step_free):
    directory = parse_directory(imported.directory_yaml, "directory.yaml", building)
    start = position_of(building.kiosk_point("lobby"))
    for department in directory.departments:
        route = plan_route(building, start, department.room, step_free)
        assert isinstance(route, Route), (department.id, route)
        floors = [leg.floor for leg in route.legs]
        room = building.room(department.room)
        assert floors[0] == "1F" and floors[-1] == room.floor
        if room.floor == "2F":
            ways = {leg.leave_by.kind for leg in route.legs if leg.leave_by}
            assert ways == {"lift"} if step_free else ways <= {"lift", "stairs"}
        end = route.legs[-1].points[-1]
        assert math.dist(end, room.door) < 0.01


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_command_line_import_then_check(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "sample.zip")
    out = tmp_path / "site"
    done = _run("import-imdf", str(archive), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "not imported: unit u-odd: unknown unit category 'spaceship'" in done.stdout
    assert "6 rooms" in done.stdout and "5 departments" in done.stdout
    kiosk = yaml.safe_load((out / "building.yaml").read_text())["kiosk_points"][0]["id"]
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(kiosk=kiosk, folder=out), encoding="utf-8")
    checked = _run("check", "--config", str(config))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "every destination reachable from every kiosk" in checked.stdout
    # a second import does not overwrite what an admin may have edited
    again = _run("import-imdf", str(archive), "--out", str(out))
    assert again.returncode == 1 and "--force" in again.stderr
    forced = _run("import-imdf", str(archive), "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr


def test_storey_height_sets_elevations(tmp_path: Path) -> None:
    imported = import_archive(write_folder(tmp_path / "a"), storey_height=3.5)
    building = parse_building(imported.building_yaml, "building.yaml")
    assert [f.elevation for f in building.floors] == [0.0, 3.5]
