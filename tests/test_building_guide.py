"""The route screen's 3D view: every route framed in both orientations, its
marks in the picture and not behind a floor or room, only its floors solid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import pyvista as pv

from building_model import (
    Building,
    Directory,
    Position,
    Route,
    build_graph,
    kiosk_positions,
    plan_route,
)
from building_model.directory import parse_directory
from building_model.framing import (
    LEAST_RADIUS_M,
    WINDOW,
    Camera,
    frame,
    hidden,
    project,
)
from building_model.guide import (
    CARD_ASPECT,
    PIN_RISE,
    cameras,
    framed_points,
    guide_scene,
    route_floors,
)
from building_model.imdf import import_archive
from building_model.plotly_view import route_figure
from building_model.render import destination_rooms
from building_model.scene import Scene
from building_model.spec import parse_building
from tests.imdf_sample import write_folder

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def graph(building: Building) -> nx.Graph:
    return build_graph(building, TODAY)


def _solids(scene: Scene) -> pv.PolyData:
    """What hides a mark: every opaque floor, room and the destination."""
    parts = [
        m.mesh
        for m in scene.meshes
        if m.role in ("slab", "room", "destination") and m.opacity >= 0.99
    ]
    return pv.merge(parts).triangulate()


def _check(scene: Scene, where: str) -> None:
    solids = _solids(scene)
    path = scene.route_path
    assert path is not None
    for orientation, camera in cameras(scene).items():
        label = f"{where} {orientation}"
        screen = project(camera, framed_points(scene))
        assert not np.isnan(screen).any(), label
        # inside the card with a margin on every side
        assert (np.abs(screen[:, 0]) <= 0.9).all(), label
        assert (screen[:, 1] >= -0.95).all() and (screen[:, 1] <= 0.9).all(), label
        # the route fills the card: as wide or as tall as the window allows
        span = screen.max(axis=0) - screen.min(axis=0)
        window = (WINDOW["right"] - WINDOW["left"], WINDOW["top"] - WINDOW["bottom"])
        fills = max(span[0] / window[0], span[1] / window[1]) > 0.85
        distance = np.linalg.norm(camera.eye - camera.target)
        nearest = LEAST_RADIUS_M / np.tan(camera.fovy / 2)
        assert fills or np.isclose(distance, nearest, rtol=0.01), label
        walk = project(camera, path)
        assert (np.abs(walk) <= 0.9).all(), label
        for mark in scene.marks:
            pin = np.array([mark.point[0], mark.point[1], mark.point[2] + PIN_RISE])
            ((x, y),) = project(camera, pin)
            assert abs(x) <= 0.9 and abs(y) <= 0.9, (label, mark.kind)
            assert not hidden(camera, pin, solids), (label, mark.kind)


@pytest.mark.parametrize("step_free", [False, True], ids=["any", "step-free"])
def test_every_route_from_every_kiosk_is_framed_with_its_marks_in_view(
    building: Building, directory: Directory, graph: nx.Graph, step_free: bool
) -> None:
    checked = 0
    for kiosk_id, kiosk in kiosk_positions(building).items():
        for room in destination_rooms(directory):
            route = plan_route(graph, kiosk, room, step_free=step_free)
            assert isinstance(route, Route), (kiosk_id, room)
            scene = guide_scene(building, directory, route, kiosk)
            kinds = [m.kind for m in scene.marks]
            changes = sum(1 for leg in route.legs if leg.leave_by)
            assert kinds == ["here", *["change"] * changes, "door"]
            _check(scene, f"{kiosk_id} -> {room}")
            checked += 1
    assert checked >= 2 * 40


def test_a_mark_under_a_solid_floor_counts_as_hidden(
    building: Building, directory: Directory, graph: nx.Graph
) -> None:
    """The check above can fail: without the room made between floors, the
    lobby's mark sits under the 5th floor as the camera sees it."""
    kiosk = kiosk_positions(building)["main-lobby"]
    route = plan_route(graph, kiosk, "503")
    assert isinstance(route, Route)
    scene = guide_scene(building, directory, route, kiosk)
    here = next(m for m in scene.marks if m.kind == "here")
    pin = np.array([here.point[0], here.point[1], here.point[2] + PIN_RISE])
    top = next(
        m for m in scene.meshes if m.role == "slab" and m.floor_key == ("main", "5F")
    )
    lowered = top.mesh.translate((0, 0, pin[2] + 1.5 - top.mesh.bounds[5]))
    camera = cameras(scene)["portrait"]
    assert not hidden(camera, pin, _solids(scene))
    assert hidden(camera, pin, lowered)


def test_only_the_route_floors_are_solid_and_the_other_building_is_left_out(
    building: Building, directory: Directory, graph: nx.Graph
) -> None:
    kiosk = kiosk_positions(building)["main-lobby"]
    route = plan_route(graph, kiosk, "503")  # main 1F to main 5F by lift
    assert isinstance(route, Route)
    scene = guide_scene(building, directory, route, kiosk)
    solid = {m.floor_key for m in scene.meshes if m.role in ("slab", "room")}
    assert solid == {("main", "1F"), ("main", "5F")}
    assert all(m.opacity == 1.0 for m in scene.meshes if m.role in ("slab", "room"))
    assert not any(m.building == "annex" for m in scene.meshes)
    # the floors passed by the lift are outlines, the others not drawn
    assert len(scene.outlines) == 3  # 2F, 3F, 4F
    (shaft,) = [m for m in scene.meshes if m.role in ("lift", "stairs")]
    low = scene.on_floor("main", "1F")[0].mesh.bounds[5]
    high = scene.on_floor("main", "5F")[0].mesh.bounds[5]
    assert shaft.mesh.bounds[4] < low and high < shaft.mesh.bounds[5] < high + 3
    # over the bridge: the annex appears
    over = plan_route(graph, kiosk, "a301")
    assert isinstance(over, Route)
    annex = guide_scene(building, directory, over, kiosk)
    assert {k for k in route_floors(over, kiosk)} >= {("main", "2F"), ("annex", "3F")}
    assert any(m.building == "annex" for m in annex.meshes)


def test_floor_changes_are_labelled_with_way_connector_and_floor(
    building: Building, directory: Directory, graph: nx.Graph
) -> None:
    kiosk = kiosk_positions(building)["main-lobby"]
    route = plan_route(graph, kiosk, "503", step_free=True)
    assert isinstance(route, Route)
    scene = guide_scene(building, directory, route, kiosk)
    (change,) = [m for m in scene.marks if m.kind == "change"]
    assert change.label.get("ko").startswith("▲ 엘리베이터")
    assert change.label.get("ko").endswith("5층으로")
    assert change.label.get("en").endswith("to 5F")
    down = plan_route(graph, kiosk, "b101", step_free=True)
    assert isinstance(down, Route)
    (change,) = [
        m
        for m in guide_scene(building, directory, down, kiosk).marks
        if m.kind == "change"
    ]
    assert change.label.get("ko").startswith("▼")


def test_the_view_looks_the_way_the_visitor_faces(
    building: Building, directory: Directory, graph: nx.Graph
) -> None:
    """A turned kiosk turns the camera: the walk ahead goes up the screen."""
    for facing in (0.0, 90.0, 180.0, 270.0):
        kiosk = Position("main", "1F", 30.0, 8.0, facing)
        scene = guide_scene(building, directory, None, kiosk)
        camera = cameras(scene)["portrait"]
        ahead = np.array(
            [
                [30.0, 8.0, 0.6],
                [
                    30.0 + 5 * np.sin(np.radians(facing)),
                    8.0 + 5 * np.cos(np.radians(facing)),
                    0.6,
                ],
            ]
        )
        (x0, y0), (x1, y1) = project(camera, ahead)
        assert y1 - y0 > abs(x1 - x0), facing


def test_the_figure_carries_a_camera_per_orientation_and_the_walk(
    building: Building, directory: Directory, graph: nx.Graph
) -> None:
    kiosk = kiosk_positions(building)["annex-lobby"]
    route = plan_route(graph, kiosk, "503")
    assert isinstance(route, Route)
    figure = route_figure(guide_scene(building, directory, route, kiosk), "en")
    view = figure.layout.meta["view3d"]
    assert set(view["cameras"]) == set(CARD_ASPECT) == {"portrait", "landscape"}
    # a long walk along one floor: the narrower portrait card needs more distance
    lobby = kiosk_positions(building)["main-lobby"]
    along = plan_route(graph, lobby, "105")
    assert isinstance(along, Route)
    far = cameras(guide_scene(building, directory, along, lobby))
    distance = {name: np.linalg.norm(c.eye - c.target) for name, c in far.items()}
    assert distance["portrait"] > 1.2 * distance["landscape"]
    walk = np.array(view["walk"])
    assert len(walk) >= 4 and walk[0][2] != walk[-1][2]
    names = [trace.name for trace in figure.data]
    assert {"route", "here", "door", "changes", "outlines"} <= set(names)
    texts = [a.text for a in figure.layout.scene.annotations]
    assert texts[-1] == "You are here"  # drawn last: on top
    assert any(t.endswith("to 5F") for t in texts)


def test_frame_fits_points_to_the_window_for_any_aspect() -> None:
    points = np.array([[0, 0, 0], [40, 0, 0], [40, 10, 12], [0, 10, 12]], dtype=float)
    direction = np.array([0.3, -1.0, 0.8])
    for aspect in (0.6, 1.0, 1.8):
        camera = frame(points, direction, aspect)
        assert isinstance(camera, Camera)
        screen = project(camera, points)
        low, high = screen.min(axis=0), screen.max(axis=0)
        assert low[0] >= WINDOW["left"] - 1e-3 and high[0] <= WINDOW["right"] + 1e-3
        assert low[1] >= WINDOW["bottom"] - 1e-3 and high[1] <= WINDOW["top"] + 1e-3
        tight_x = np.isclose(low[0], WINDOW["left"], atol=0.02) or np.isclose(
            high[0], WINDOW["right"], atol=0.02
        )
        tight_y = np.isclose(low[1], WINDOW["bottom"], atol=0.02) or np.isclose(
            high[1], WINDOW["top"], atol=0.02
        )
        assert tight_x or tight_y, aspect


def test_a_department_named_like_its_room_is_named_once(
    building: Building, directory: Directory
) -> None:
    """Imported maps often call the room what the occupant is called."""
    from building_model.scene import room_label
    from kiosk_core.text import Text

    room = building.room("304")
    department = next(d for d in directory.departments if d.room == "304")
    same = room.model_copy(update={"name": department.name})
    assert room_label(directory, same) == department.name
    other = room_label(directory, room)
    assert other.get("ko") == f"{department.name.get('ko')} ({room.name.get('ko')})"
    assert isinstance(other, Text)


def test_an_imported_map_with_real_outlines_is_guided_the_same_way(
    tmp_path: Path,
) -> None:
    """The IMDF sample (L-shaped and trapezoid rooms, walkways, no corridors):
    every department is framed from the kiosk, its marks in view, both ways."""
    imported = import_archive(write_folder(tmp_path / "sample"))
    building = parse_building(imported.building_yaml, "building.yaml")
    directory = parse_directory(imported.directory_yaml, "directory.yaml", building)
    assert not building.corridors and building.walkways
    assert any(room.outline for room in building.rooms)
    graph = build_graph(building, TODAY)
    for kiosk_id, kiosk in kiosk_positions(building).items():
        for step_free in (False, True):
            for department in directory.departments:
                route = plan_route(graph, kiosk, department.room, step_free=step_free)
                assert isinstance(route, Route), (kiosk_id, department.id)
                scene = guide_scene(building, directory, route, kiosk)
                _check(scene, f"{kiosk_id} -> {department.room}")
                assert route_figure(scene, "ko").to_json()
