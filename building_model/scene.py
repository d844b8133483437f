"""PyVista meshes of the building and a route: slabs, rooms, shafts, the walked path.

Every mesh is coarse (boxes and prisms of a few triangles) because the browser
draws them too. Heights are metres above the floor's elevation; the site frame
is the building file's (x east, y north, z up).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pyvista as pv

from kiosk_core.text import Text, in_every_language, join

from .directory import Directory
from .route import Leg, Position, Route
from .spec import Building, Floor, Lift, Point, Room, Stairs, polygon

Role = Literal[
    "slab", "room", "lift", "stairs", "route", "marker", "destination", "arrow"
]
MarkKind = Literal["here", "change", "door"]
FloorKey = tuple[str, str]  # (building id, floor id)

#: The walked path, in every view; tests look for it in rendered PNGs.
ROUTE_COLOUR = "#e4003a"
#: "You are here".
HERE_COLOUR = "#0057b8"
#: Rooms of no bureau (cafeteria, archive, ...).
NEUTRAL_COLOUR = "#dddddd"
SLAB_COLOUR = "#c8c8c8"
LIFT_COLOUR = "#5f6b7a"
STAIRS_COLOUR = "#8a7f70"
#: Paul Tol's "light" scheme without its grey: colour-blind safe and pale enough
#: that the route and the destination stand out against it.
BUREAU_PALETTE = (
    "#77aadd",
    "#99ddff",
    "#44bb99",
    "#bbcc33",
    "#aaaa00",
    "#eedd88",
    "#ee8866",
    "#ffaabb",
)

FOCUS_OPACITY = 1.0
WALKED_OPACITY = 0.3
FAINT_OPACITY = 0.12

SLAB_THICKNESS = 0.2
ROOM_HEIGHT = {"office": 1.6, "facility": 1.6, "counter": 1.0, "hall": 0.4}
DESTINATION_HEIGHT = 2.6
ROUTE_HEIGHT = 0.6  # above the floor, over halls and under offices' tops
ROUTE_RADIUS = 0.3
_INSET = 0.15  # rooms shrink a little so neighbours show a gap

Point3 = tuple[float, float, float]


@dataclass(frozen=True, eq=False)
class SceneMesh:
    """One mesh with how to draw it; floor is None for things spanning floors."""

    role: Role
    mesh: pv.PolyData
    colour: str
    opacity: float
    building: str | None = None
    floor: str | None = None
    name: str = ""

    @property
    def floor_key(self) -> FloorKey | None:
        """(building, floor) or None."""
        if self.building is None or self.floor is None:
            return None
        return (self.building, self.floor)


@dataclass(frozen=True)
class Mark:
    """A labelled point of the route, on its floor at route height."""

    kind: MarkKind
    point: Point3
    label: Text


@dataclass(frozen=True, eq=False)
class Scene:
    """Everything a 3D view of one route needs, independent of the drawing library."""

    meshes: tuple[SceneMesh, ...]
    focus: FloorKey
    start: Point3
    start_label: Text
    route: Route | None
    route_path: np.ndarray | None  # (n, 3) polyline, kiosk to door
    destination: Point3 | None  # the door, at route height
    destination_label: Text | None
    floor_labels: tuple[tuple[Point3, Text], ...] = ()
    #: labelled points over the route: start, each floor change, destination
    marks: tuple[Mark, ...] = ()
    #: floors shown only as their outline (closed (n, 3) polylines)
    outlines: tuple[np.ndarray, ...] = ()
    #: unit vector from the view's centre towards the eye
    view_direction: Point3 = (0.45, -1.0, 0.55)

    def with_role(self, role: Role) -> list[SceneMesh]:
        """Meshes of one role."""
        return [m for m in self.meshes if m.role == role]

    def on_floor(self, building: str, floor: str) -> list[SceneMesh]:
        """Meshes that belong to one floor."""
        return [m for m in self.meshes if m.floor_key == (building, floor)]


# --- plain geometry ------------------------------------------------------------

_BOX_FACES = np.array(
    [
        [0, 2, 1],
        [0, 3, 2],  # bottom
        [4, 5, 6],
        [4, 6, 7],  # top
        [0, 1, 5],
        [0, 5, 4],  # south
        [1, 2, 6],
        [1, 6, 5],  # east
        [2, 3, 7],
        [2, 7, 6],  # north
        [3, 0, 4],
        [3, 4, 7],
    ],  # west
    dtype=np.int64,
)


def _triangles(points: np.ndarray, triangles: np.ndarray) -> pv.PolyData:
    faces = np.hstack([np.full((len(triangles), 1), 3), triangles]).ravel()
    return pv.PolyData(np.asarray(points, dtype=float), faces=faces)


def box(
    x0: float, x1: float, y0: float, y1: float, z0: float, z1: float
) -> pv.PolyData:
    """An axis-aligned box of 12 triangles."""
    points = np.array(
        [
            [x0, y0, z0],
            [x1, y0, z0],
            [x1, y1, z0],
            [x0, y1, z0],
            [x0, y0, z1],
            [x1, y0, z1],
            [x1, y1, z1],
            [x0, y1, z1],
        ],
        dtype=float,
    )
    return _triangles(points, _BOX_FACES)


def floor_slab(floor: Floor) -> pv.PolyData:
    """The floor's outline as a thin slab whose top is at the floor's elevation."""
    return prism(floor.outline, floor.elevation - SLAB_THICKNESS, floor.elevation)


def prism(outline: Sequence[Point], z0: float, z1: float) -> pv.PolyData:
    """A polygon (any shape, counter-clockwise or not) extruded from z0 to z1.

    The shape is made once per outline and height (a memo of a pure function:
    imported maps have hundreds of rooms and every route draws them) and
    moved to z0; the caller gets its own copy.
    """
    solid = _prism_at_zero(tuple(outline), z1 - z0).copy(deep=True)
    solid.points[:, 2] += z0
    return solid


@lru_cache(maxsize=8192)
def _prism_at_zero(outline: tuple[Point, ...], height: float) -> pv.PolyData:
    ring = np.array(outline, dtype=float)
    base = np.column_stack([ring, np.zeros(len(ring))])
    face = np.hstack([[len(ring)], np.arange(len(ring))])
    plate = pv.PolyData(base, faces=face).triangulate()
    solid = plate.extrude((0.0, 0.0, height), capping=True)
    return solid.triangulate().clean()


def _inset(room: Room, by: float) -> list[Point]:
    """The room's footprint a little smaller, so neighbours show a gap."""
    shape = polygon(room.footprint)
    smaller = shape.buffer(-by, join_style="mitre")
    if (
        smaller.is_empty
        or smaller.geom_type != "Polygon"
        or smaller.area < shape.area / 3
    ):
        smaller = shape
    return [(float(x), float(y)) for x, y in list(smaller.exterior.coords)[:-1]]


def room_mesh(room: Room, floor: Floor) -> pv.PolyData:
    """A room as a low block standing on its floor (height by kind)."""
    z = floor.elevation
    if room.box is not None:
        b = room.box
        inset = min(_INSET, b.w / 4, b.d / 4)
        return box(
            b.x + inset,
            b.x + b.w - inset,
            b.y + inset,
            b.y + b.d - inset,
            z,
            z + ROOM_HEIGHT[room.kind],
        )
    return prism(_inset(room, _INSET), z, z + ROOM_HEIGHT[room.kind])


def destination_highlight(room: Room, floor: Floor) -> pv.PolyData:
    """The destination room, taller than its neighbours."""
    z = floor.elevation
    if room.box is not None:
        b = room.box
        return box(b.x, b.x + b.w, b.y, b.y + b.d, z, z + DESTINATION_HEIGHT)
    return prism(room.footprint, z, z + DESTINATION_HEIGHT)


def _span(
    building: Building, building_id: str, floors: Sequence[str]
) -> tuple[float, float]:
    levels = [building.floor(building_id, f).elevation for f in floors]
    return min(levels), max(levels)


def lift_shaft(lift: Lift, building: Building) -> pv.PolyData:
    """A 2 m square shaft from its lowest to above its highest floor."""
    low, high = _span(building, lift.building, lift.floors)
    x, y = lift.position
    return box(x - 1.0, x + 1.0, y - 1.0, y + 1.0, low - SLAB_THICKNESS, high + 2.0)


_WEDGE_FACES = np.array(
    [
        [0, 2, 1],
        [0, 3, 2],  # base
        [3, 5, 2],
        [3, 4, 5],  # back wall (north)
        [0, 1, 5],
        [0, 5, 4],  # slope
        [0, 4, 3],
        [1, 2, 5],
    ],  # sides
    dtype=np.int64,
)


def stairs_block(stairs: Stairs, building: Building) -> pv.PolyData:
    """One ramp-shaped wedge per flight, rising northwards, 2 m wide."""
    order = [f for f in building.floors_of(stairs.building) if f.id in stairs.floors]
    x, y = stairs.position
    points: list[np.ndarray] = []
    faces: list[np.ndarray] = []
    for lower, upper in zip(order, order[1:], strict=False):
        z0, z1 = lower.elevation, upper.elevation
        points.append(
            np.array(
                [
                    [x - 1, y - 1.5, z0],
                    [x + 1, y - 1.5, z0],
                    [x + 1, y + 1.5, z0],
                    [x - 1, y + 1.5, z0],
                    [x - 1, y + 1.5, z1],
                    [x + 1, y + 1.5, z1],
                ],
                dtype=float,
            )
        )
        faces.append(_WEDGE_FACES + 6 * len(faces))
    if not points:
        return box(x - 1, x + 1, y - 1.5, y + 1.5, 0, 0.1)
    return _triangles(np.vstack(points), np.vstack(faces))


def _leg_z(leg: Leg, building: Building) -> float:
    return building.floor(leg.building, leg.floor).elevation + ROUTE_HEIGHT


def leg_path(leg: Leg, building: Building) -> np.ndarray:
    """One leg as an (n, 3) polyline at route height."""
    z = _leg_z(leg, building)
    return np.array([(x, y, z) for x, y in leg.points], dtype=float)


def route_path(route: Route, building: Building) -> np.ndarray:
    """The whole walk as an (n, 3) polyline; lifts and stairs are vertical pieces."""
    pieces = [leg_path(leg, building) for leg in route.legs]
    path = np.vstack(pieces)
    keep = np.ones(len(path), dtype=bool)
    keep[1:] = np.linalg.norm(np.diff(path, axis=0), axis=1) > 1e-6
    return path[keep]


def tube(path: np.ndarray, radius: float = ROUTE_RADIUS) -> pv.PolyData:
    """A coarse (6-sided) tube along a polyline, triangulated."""
    if len(path) < 2:
        x, y, z = path[0]
        return box(
            x - radius, x + radius, y - radius, y + radius, z - radius, z + radius
        )
    line = pv.lines_from_points(path)
    return line.tube(radius=radius, n_sides=6, capping=True).triangulate()


def route_tube(route: Route, building: Building) -> pv.PolyData:
    """The walked path as a tube, vertical where it takes a lift or stairs."""
    return tube(route_path(route, building))


def marker(position: Position, building: Building) -> pv.PolyData:
    """A downward cone ("you are here") with its tip just above the floor."""
    z = building.floor(position.building, position.floor).elevation
    height = 2.5
    cone = pv.Cone(
        center=(position.x, position.y, z + 0.3 + height / 2),
        direction=(0.0, 0.0, -1.0),
        height=height,
        radius=0.9,
        resolution=8,
    )
    return cone.triangulate()


# --- colours ---------------------------------------------------------------------


def _stable_index(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def bureau_colours(directory: Directory) -> dict[str, str]:
    """A palette colour per bureau id: stable across runs, distinct while they last."""
    bureaus = sorted(b.id for b in directory.spec.bureaus)
    size = len(BUREAU_PALETTE)
    taken: set[int] = set()
    colours: dict[str, str] = {}
    for bureau in sorted(bureaus, key=lambda b: (_stable_index(b), b)):
        slot = _stable_index(bureau) % size
        if len(taken) < size:
            while slot in taken:
                slot = (slot + 1) % size
        taken.add(slot)
        colours[bureau] = BUREAU_PALETTE[slot]
    return colours


def room_bureaus(directory: Directory) -> dict[str, str]:
    """The bureau of each room with a directory entry (first entry in file order)."""
    bureau_of: dict[str, str] = {}
    for department in directory.departments:
        bureau_of.setdefault(department.room, department.bureau)
    for team in directory.teams:
        if team.room:
            department = directory.department(team.department)
            bureau_of.setdefault(team.room, department.bureau)
    return bureau_of


def room_label(directory: Directory, room: Room) -> Text:
    """What the destination is called: its first department or team, and the room."""
    for department in directory.departments:
        if department.room == room.id:
            return _joined(department.name, room.name)
    for team in directory.teams:
        if team.room == room.id:
            return _joined(team.name, room.name)
    return room.name


def _joined(first: Text, second: Text) -> Text:
    """ "Name (room)", or the name once when the room is called the same."""
    if first == second:
        return first
    return join(first, join("(", second, ")", sep=""))


# --- the scene ---------------------------------------------------------------------

HERE_LABEL = in_every_language(lambda locale: locale.phrase("here"))


def _opacity(key: FloorKey, focus: FloorKey, walked: set[FloorKey]) -> float:
    if key == focus:
        return FOCUS_OPACITY
    return WALKED_OPACITY if key in walked else FAINT_OPACITY


def build_scene(
    building: Building,
    directory: Directory,
    route: Route | None,
    kiosk: Position,
    *,
    focus_floor: FloorKey | None = None,
    destination_label: Text | None = None,
    floors_shown: set[FloorKey] | None = None,
) -> Scene:
    """All meshes for one route (or just the building and "you are here").

    The focus floor (default: the destination's, else the kiosk's) is opaque,
    floors the route crosses are half-faint, the rest faint. With
    ``floors_shown``, only those floors (and the lifts and stairs of their
    buildings) are drawn.
    """
    destination = building.room(route.room) if route else None
    if focus_floor is None:
        focus_floor = (
            (destination.building, destination.floor)
            if destination
            else (kiosk.building, kiosk.floor)
        )
    walked = {(leg.building, leg.floor) for leg in route.legs} if route else set()
    walked.add((kiosk.building, kiosk.floor))
    colours = bureau_colours(directory)
    bureau_of = room_bureaus(directory)
    meshes: list[SceneMesh] = []
    floor_labels: list[tuple[Point3, Text]] = []
    floors = {(f.building, f.id): f for f in building.floors}
    drawn = set(floors) if floors_shown is None else floors_shown
    buildings = {b for b, _ in drawn}
    for key, floor in floors.items():
        if key not in drawn:
            continue
        opacity = _opacity(key, focus_floor, walked)
        meshes.append(
            SceneMesh(
                "slab", floor_slab(floor), SLAB_COLOUR, opacity, *key, name=floor.id
            )
        )
        west = min(floor.outline, key=lambda p: (p[0], p[1]))
        label = floor.name
        if len(building.buildings) > 1:
            where = building.structure(floor.building).name
            label = join(where, label)
        floor_labels.append(((west[0] - 1.0, west[1], floor.elevation), label))
    for room in building.rooms:
        key = (room.building, room.floor)
        if key not in drawn or (destination is not None and room.id == destination.id):
            continue
        bureau = bureau_of.get(room.id)
        colour = colours.get(bureau, NEUTRAL_COLOUR) if bureau else NEUTRAL_COLOUR
        meshes.append(
            SceneMesh(
                "room",
                room_mesh(room, floors[key]),
                colour,
                _opacity(key, focus_floor, walked),
                *key,
                name=room.id,
            )
        )
    for lift in building.lifts:
        if lift.building not in buildings:
            continue
        meshes.append(
            SceneMesh(
                "lift",
                lift_shaft(lift, building),
                LIFT_COLOUR,
                0.35,
                lift.building,
                None,
                name=lift.id,
            )
        )
    for stairs in building.stairs:
        if stairs.building not in buildings:
            continue
        meshes.append(
            SceneMesh(
                "stairs",
                stairs_block(stairs, building),
                STAIRS_COLOUR,
                0.35,
                stairs.building,
                None,
                name=stairs.id,
            )
        )
    meshes.append(
        SceneMesh(
            "marker",
            marker(kiosk, building),
            HERE_COLOUR,
            1.0,
            kiosk.building,
            kiosk.floor,
            name="here",
        )
    )
    here_z = floors[(kiosk.building, kiosk.floor)].elevation + ROUTE_HEIGHT
    path = None
    door: Point3 | None = None
    dest_label: Text | None = None
    if route is not None and destination is not None:
        path = route_path(route, building)
        meshes.append(SceneMesh("route", tube(path), ROUTE_COLOUR, 1.0, name="route"))
        dest_floor = floors[(destination.building, destination.floor)]
        meshes.append(
            SceneMesh(
                "destination",
                destination_highlight(destination, dest_floor),
                ROUTE_COLOUR,
                1.0,
                destination.building,
                destination.floor,
                name=destination.id,
            )
        )
        x, y, z = path[-1]
        door = (float(x), float(y), float(z))
        dest_label = destination_label or room_label(directory, destination)
    return Scene(
        meshes=tuple(meshes),
        focus=focus_floor,
        start=(kiosk.x, kiosk.y, here_z),
        start_label=HERE_LABEL,
        route=route,
        route_path=path,
        destination=door,
        destination_label=dest_label,
        floor_labels=tuple(floor_labels),
    )
