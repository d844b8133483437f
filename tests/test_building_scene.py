"""The 3D scene and the plotly figure a visitor sees after tapping a destination."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import pytest

from building_model import (
    Building,
    Position,
    Route,
    build_graph,
    kiosk_positions,
    plan_route,
)
from building_model.plotly_view import route_figure
from building_model.scene import (
    BUREAU_PALETTE,
    FAINT_OPACITY,
    HERE_COLOUR,
    ROUTE_COLOUR,
    Scene,
    build_scene,
    bureau_colours,
    room_mesh,
)

ROOT = Path(__file__).resolve().parents[1]
BUDGET_GZIP = 150 * 1024


def _route(building: Building, start: Position, room: str, step_free=False) -> Route:
    route = plan_route(build_graph(building), start, room, step_free)
    assert isinstance(route, Route), route
    return route


def _scene(building, directory, start, room) -> Scene:
    return build_scene(building, directory, _route(building, start, room), start)


def _z(building: Building, building_id: str, floor: str) -> float:
    return building.floor(building_id, floor).elevation


def test_scene_for_3f_destination(building, directory, lobby):
    scene = _scene(building, directory, lobby, "304")
    assert scene.focus == ("main", "3F")

    (route,) = scene.with_role("route")
    assert route.colour == ROUTE_COLOUR and route.mesh.n_cells > 0
    z_low, z_high = route.mesh.bounds[4], route.mesh.bounds[5]
    assert z_low < _z(building, "main", "1F") + 1 < _z(building, "main", "3F") < z_high

    (highlight,) = scene.with_role("destination")
    assert highlight.floor_key == ("main", "3F")
    room = building.room("304")
    x0, x1, y0, y1, z0, _ = highlight.mesh.bounds
    assert (x0, y0) == pytest.approx((room.box.x, room.box.y))
    assert z0 == pytest.approx(_z(building, "main", "3F"))

    (here,) = scene.with_role("marker")
    assert here.floor_key == ("main", "1F")
    hx0, hx1, hy0, hy1, hz0, _ = here.mesh.bounds
    assert hx0 <= lobby.x <= hx1 and hy0 <= lobby.y <= hy1
    assert _z(building, "main", "1F") <= hz0 < _z(building, "main", "2F")

    on_3f = scene.on_floor("main", "3F")
    assert on_3f and all(m.opacity == 1.0 for m in on_3f)
    elsewhere = [
        m
        for m in scene.meshes
        if m.role in ("slab", "room") and m.floor_key != ("main", "3F")
    ]
    assert elsewhere and all(m.opacity < 0.5 for m in elsewhere)
    # floors the walk never touches are the faintest
    assert all(m.opacity == FAINT_OPACITY for m in scene.on_floor("main", "5F"))


def test_rooms_coloured_by_bureau_and_coarse(building, directory, lobby):
    colours = bureau_colours(directory)
    assert colours == bureau_colours(directory)  # deterministic
    assert len(set(colours.values())) == min(len(colours), len(BUREAU_PALETTE))
    assert ROUTE_COLOUR not in colours.values()
    scene = _scene(building, directory, lobby, "304")
    rooms = {m.name: m for m in scene.with_role("room")}
    department = next(d for d in directory.departments if d.room == "503")
    assert rooms["503"].colour == colours[department.bureau]
    # boxes, not tessellated solids: the browser draws every triangle
    assert room_mesh(building.room("503"), building.floor("main", "5F")).n_cells == 12
    assert sum(m.mesh.n_cells for m in scene.meshes) < 5000


def test_scene_without_route_shows_where_you_are(building, directory, lobby):
    scene = build_scene(building, directory, None, lobby)
    assert scene.focus == ("main", "1F")
    assert not scene.with_role("route") and not scene.with_role("destination")
    assert scene.with_role("marker")
    figure = route_figure(scene, "en")
    labels = [a.text for a in figure.layout.scene.annotations]
    assert labels == ["You are here"]
    assert figure.data[-1].name == "here"


def _route_trace(figure):
    lines = [t for t in figure.data if t.type == "scatter3d" and t.mode == "lines"]
    assert len(lines) == 1
    return np.column_stack([lines[0].x, lines[0].y, lines[0].z])


@pytest.mark.parametrize("lang, here", [("ko", "현재 위치"), ("en", "You are here")])
def test_figure_route_from_kiosk_to_door(building, directory, lobby, lang, here):
    scene = _scene(building, directory, lobby, "304")
    figure = route_figure(scene, lang)
    assert {t.type for t in figure.data} <= {"mesh3d", "scatter3d"}
    points = _route_trace(figure)
    z1, z3 = _z(building, "main", "1F"), _z(building, "main", "3F")
    assert math.dist(points[0][:2], (lobby.x, lobby.y)) < 0.05
    assert z1 <= points[0][2] < z1 + 2
    door = building.room("304").door
    assert math.dist(points[-1][:2], door) < 0.05
    assert z3 <= points[-1][2] < z3 + 2
    # "you are here" is drawn last, after the destination's pin
    assert figure.data[-2].marker.color == ROUTE_COLOUR
    assert figure.data[-1].name == "here"
    assert figure.data[-1].marker.color == HERE_COLOUR
    # labels are annotations: drawn over the model, never hidden behind it
    labels = {a.name: a.text for a in figure.layout.scene.annotations}
    assert labels["here"] == here
    assert labels["door"].startswith("환경생태과" if lang == "ko" else "Environment")


def test_figure_is_quiet_and_keeps_rotation(building, directory, lobby):
    figure = route_figure(_scene(building, directory, lobby, "304"), "ko")
    layout = figure.layout
    assert layout.scene.dragmode == "turntable"
    assert layout.scene.uirevision and layout.uirevision
    assert not layout.scene.xaxis.visible and not layout.scene.zaxis.visible
    assert all(t.hoverinfo == "skip" for t in figure.data)
    # another language keeps the rotation; another destination resets it
    other_lang = route_figure(_scene(building, directory, lobby, "304"), "en")
    other_room = route_figure(_scene(building, directory, lobby, "503"), "ko")
    assert other_lang.layout.uirevision == layout.uirevision
    assert other_room.layout.uirevision != layout.uirevision


def test_camera_looks_at_the_route(building, directory, lobby):
    """The camera's centre sits inside the route's box, not the whole site's."""
    for room in ("a304", "101-1"):
        figure = route_figure(_scene(building, directory, lobby, room), "ko")
        scene = figure.layout.scene
        points = _route_trace(figure)
        ranges = [scene.xaxis.range, scene.yaxis.range, scene.zaxis.range]
        ratio = [scene.aspectratio.x, scene.aspectratio.y, scene.aspectratio.z]
        centre = [scene.camera.center.x, scene.camera.center.y, scene.camera.center.z]
        for axis in range(2):
            low, high = ranges[axis]
            data = (low + high) / 2 + centre[axis] / ratio[axis] * (high - low)
            assert points[:, axis].min() - 3 <= data <= points[:, axis].max() + 3


@pytest.mark.parametrize(
    "kiosk, room, step_free",
    [
        ("main-lobby", "a304", False),
        ("main-lobby", "a304", True),
        ("main-lobby", "503", False),
        ("main-lobby", "b102", True),
        ("annex-lobby", "b104", False),
    ],
)
def test_figure_json_within_budget(building, directory, kiosk, room, step_free):
    start = kiosk_positions(building)[kiosk]
    route = _route(building, start, room, step_free)
    figure = route_figure(build_scene(building, directory, route, start), "ko")
    text = figure.to_json()
    assert len(gzip.compress(text.encode())) < BUDGET_GZIP
    assert '"type":"mesh3d"' in text.replace(" ", "")
