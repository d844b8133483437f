"""The 3D guidance view of a route: what shows, at which height, seen from where.

The route is the picture. Its floors are solid; the other floors of the
buildings it goes through are outlines; other buildings are left out. The
lifts and stairs it takes are drawn, with a label at each floor change
("▲ 엘리베이터 · 3층으로"), and arrows along the walk show its direction.
Storeys are drawn taller than they are, and further apart still where a
lower floor's marks would otherwise sit under the floor above as the camera
sees it. The camera looks the way the visitor at the kiosk faces, from
behind and above, so "ahead" on the screen is ahead in the building.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pyvista as pv
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint

from kiosk_core.locales import Locale
from kiosk_core.text import Text, in_every_language

from .directory import Directory
from .framing import Camera, frame
from .route import Leg, Position, Route
from .scene import (
    FOCUS_OPACITY,
    LIFT_COLOUR,
    ROUTE_HEIGHT,
    SLAB_THICKNESS,
    STAIRS_COLOUR,
    FloorKey,
    Mark,
    Point3,
    Scene,
    SceneMesh,
    build_scene,
    lift_shaft,
    room_label,
    stairs_block,
)
from .spec import Building, Point, polygon

#: Storeys drawn this much taller than they are, at least.
STOREY_SCALE = 2.5
VIEW_ELEVATION_DEG = 34.0
#: The eye stands behind the visitor and this much to their right, so walls
#: and floors show some depth.
VIEW_TURN_DEG = 25.0
#: Labels stand this high over their point; the camera frames their pins.
PIN_RISE = 3.0
_CLEARANCE = 1.2  # metres between a line of sight and a slab's edge
ARROW_EVERY_M = 7.0
ARROW_COLOUR = "#7a0020"
CONNECTOR_OPACITY = 0.45
_MARGIN_M = 0.3
#: The 3D card's width over its height in each orientation (assets/kiosk.css
#: sizes it); the figure carries a camera for each and assets/view3d.js takes
#: the one nearer the card it is drawn in.
CARD_ASPECT = {"portrait": 1.05, "landscape": 1.75}


def view_direction(kiosk: Position) -> np.ndarray:
    """Unit vector from the view's centre towards the eye: behind the visitor."""
    bearing = math.radians(kiosk.facing_degrees + VIEW_TURN_DEG)
    rise = math.radians(VIEW_ELEVATION_DEG)
    return np.array(
        [
            -math.sin(bearing) * math.cos(rise),
            -math.cos(bearing) * math.cos(rise),
            math.sin(rise),
        ]
    )


def route_floors(route: Route | None, kiosk: Position) -> list[FloorKey]:
    """The floors of a route in the order walked, the kiosk's first."""
    keys: list[FloorKey] = [(kiosk.building, kiosk.floor)]
    for leg in route.legs if route else ():
        if (leg.building, leg.floor) not in keys:
            keys.append((leg.building, leg.floor))
    return keys


def _to_floor(leg: Leg, building: Building) -> Text:
    """The label of a floor change: its way, the connector and where to."""
    assert leg.leave_by is not None
    way = leg.leave_by
    here = building.floor(leg.building, leg.floor)
    there = building.floor(way.to_building, way.to_floor)
    sign = "▲" if there.elevation > here.elevation else "▼"
    if way.kind == "bridge" or there.elevation == here.elevation:
        sign = "▶"

    def text(locale: Locale) -> str:
        lang = locale.code
        place = there.name.get(lang)
        if way.to_building != leg.building:
            place = f"{building.structure(way.to_building).name.get(lang)} {place}"
        return f"{sign} {way.name.get(lang)} · {locale.phrase('to_floor', floor=place)}"

    return in_every_language(text)


def _marks(
    building: Building,
    route: Route | None,
    kiosk: Position,
    here: Text,
    door: Text | None,
) -> list[tuple[FloorKey, Point, str, Text]]:
    """Marks on their floors, in the building file's coordinates."""
    marks: list[tuple[FloorKey, Point, str, Text]] = [
        ((kiosk.building, kiosk.floor), (kiosk.x, kiosk.y), "here", here)
    ]
    for leg in route.legs if route else ():
        if leg.leave_by is not None:
            label = _to_floor(leg, building)
            marks.append(((leg.building, leg.floor), leg.points[-1], "change", label))
    if route is not None and door is not None:
        last = route.legs[-1]
        marks.append(((last.building, last.floor), last.points[-1], "door", door))
    return marks


def _exit_distance(shape: Polygon, x: float, y: float, heading: np.ndarray) -> float:
    """How far from (x, y) along ``heading`` the outline (and a hand's breadth
    round it) is left for good; 0 when the way never crosses it."""
    minx, miny, maxx, maxy = shape.bounds
    reach = math.hypot(maxx - minx, maxy - miny) + math.hypot(x - minx, y - miny)
    line = LineString([(x, y), (x + heading[0] * reach, y + heading[1] * reach)])
    crossed = line.intersection(shape.buffer(_MARGIN_M))
    if crossed.is_empty:
        return 0.0
    ends = shapely.get_coordinates(crossed)
    return float(max(line.project(ShapelyPoint(p)) for p in ends))


#: A mark seen along a line of sight: its floor, where it stands, the
#: horizontal heading towards the eye and how steeply the line rises.
Sight = tuple[FloorKey, float, float, np.ndarray, float]


def display_levels(
    building: Building,
    buildings: set[str],
    walked: list[FloorKey],
    sights: list[Sight],
) -> dict[FloorKey, float]:
    """The height each floor is drawn at (metres, the lowest at its elevation).

    Storeys are STOREY_SCALE times as tall; between two floors of the route,
    tall enough that each line of sight from a mark on the lower one leaves
    the upper one's outline before it reaches its height.
    """
    floors = [f for f in building.floors if f.building in buildings]
    levels = sorted({f.elevation for f in floors})
    gaps = {(a, b): (b - a) * STOREY_SCALE for a, b in pairwise(levels)}

    def height(elevation: float) -> float:
        return levels[0] + sum(g for (_, b), g in gaps.items() if b <= elevation)

    rise = ROUTE_HEIGHT + PIN_RISE + _CLEARANCE
    for lower, x, y, heading, slope in sights:
        low = building.floor(*lower)
        for upper in walked:
            high = building.floor(*upper)
            if high.elevation <= low.elevation:
                continue
            apart = height(high.elevation) - height(low.elevation)
            needed = _exit_distance(polygon(high.outline), x, y, heading) * slope
            needed += rise + SLAB_THICKNESS
            if needed <= apart:
                continue
            scale = needed / apart
            for (a, b), gap in gaps.items():
                if a >= low.elevation and b <= high.elevation:
                    gaps[(a, b)] = gap * scale
    return {(f.building, f.id): height(f.elevation) for f in floors}


def _sight(key: FloorKey, x: float, y: float, towards: np.ndarray) -> Sight:
    flat = math.hypot(towards[0], towards[1])
    heading = np.array([towards[0], towards[1]]) / flat
    return (key, x, y, heading, float(towards[2]) / flat)


def _arrows(path: np.ndarray) -> pv.PolyData | None:
    """Flat arrowheads along a floor's walk, pointing the way, every few metres."""
    points: list[list[float]] = []
    for a, b in pairwise(path):
        if abs(a[2] - b[2]) > 1e-6:
            continue  # lifts and stairs: no arrows on the vertical pieces
        length = float(np.linalg.norm(b[:2] - a[:2]))
        if length < 1e-6:
            continue
        along = (b[:2] - a[:2]) / length
        side = np.array([-along[1], along[0]])
        for offset in np.arange(ARROW_EVERY_M / 2, length - 1.0, ARROW_EVERY_M):
            tip = a[:2] + along * (offset + 0.9)
            back = a[:2] + along * (offset - 0.9)
            z = a[2] + 0.08
            for corner in (tip, back + side * 0.9, back - side * 0.9):
                points.append([float(corner[0]), float(corner[1]), z])
    if not points:
        return None
    count = len(points) // 3
    faces = np.hstack([np.full((count, 1), 3), np.arange(count * 3).reshape(-1, 3)])
    return pv.PolyData(np.array(points), faces=faces.ravel())


def _between(building: Building, key: FloorKey, walked: list[FloorKey]) -> bool:
    """Whether a floor lies between two floors of the route in its building."""
    here = building.floor(*key).elevation
    levels = [building.floor(*k).elevation for k in walked if k[0] == key[0]]
    return bool(levels) and min(levels) < here < max(levels)


def _connectors(drawn: Building, route: Route | None) -> list[SceneMesh]:
    """The lift shafts and stairs flights the route takes, between its floors."""
    found: list[SceneMesh] = []
    for leg in route.legs if route else ():
        way = leg.leave_by
        if way is None or way.kind == "bridge":
            continue
        low, high = sorted(
            (
                drawn.floor(leg.building, leg.floor),
                drawn.floor(leg.building, way.to_floor),
            ),
            key=lambda f: f.elevation,
        )
        span = [
            f.id
            for f in drawn.floors_of(leg.building)
            if low.elevation <= f.elevation <= high.elevation
        ]
        if way.kind == "lift":
            lift = next(x for x in drawn.lifts if x.id == way.id)
            mesh = lift_shaft(lift.model_copy(update={"floors": span}), drawn)
            colour = LIFT_COLOUR
        else:
            stairs = next(x for x in drawn.stairs if x.id == way.id)
            mesh = stairs_block(stairs.model_copy(update={"floors": span}), drawn)
            colour = STAIRS_COLOUR
        found.append(
            SceneMesh(
                way.kind,
                mesh,
                colour,
                CONNECTOR_OPACITY,
                leg.building,
                None,
                name=way.id,
            )
        )
    return found


def _outline(building: Building, key: FloorKey, level: float) -> np.ndarray:
    ring = building.floor(*key).outline
    return np.array([(x, y, level) for x, y in [*ring, ring[0]]], dtype=float)


def framed_points(scene: Scene) -> np.ndarray:
    """What the camera must show: the walk, the pins of the marks and the
    destination room (or "you are here" alone)."""
    pins = [(x, y, z + PIN_RISE) for x, y, z in (m.point for m in scene.marks)]
    parts: list[np.ndarray] = [np.array([*pins, scene.start], dtype=float)]
    if scene.route_path is not None:
        parts.append(scene.route_path)
    for item in scene.with_role("destination"):
        x0, x1, y0, y1, z0, z1 = item.mesh.bounds
        parts.append(np.array([[x0, y0, z0], [x1, y1, z1]], dtype=float))
    return np.vstack(parts)


def cameras(scene: Scene) -> dict[str, Camera]:
    """The camera framing the route for each orientation's card."""
    points = framed_points(scene)
    direction = np.array(scene.view_direction, dtype=float)
    return {
        name: frame(points, direction, aspect) for name, aspect in CARD_ASPECT.items()
    }


def _hidden_marks(
    building: Building,
    scene: Scene,
    levels: dict[FloorKey, float],
    walked: list[FloorKey],
    floors: list[FloorKey],
) -> list[Sight]:
    """Lines of sight, from a mark (on its floor) to an eye, that pass under
    or into a floor of the route above it."""
    found: list[Sight] = []
    for camera in cameras(scene).values():
        for key, mark in zip(floors, scene.marks, strict=True):
            pin = np.array([mark.point[0], mark.point[1], mark.point[2] + PIN_RISE])
            towards = camera.eye - pin
            for upper in walked:
                if levels[upper] <= levels[key]:
                    continue
                shape = polygon(building.floor(*upper).outline)
                # through the slab's underside, or its edge into its top
                for z in (levels[upper] - SLAB_THICKNESS, levels[upper]):
                    t = (z - pin[2]) / towards[2]
                    x, y = pin[0] + towards[0] * t, pin[1] + towards[1] * t
                    if shapely.contains_xy(shape, x, y):
                        found.append(_sight(key, mark.point[0], mark.point[1], towards))
                        break
    return found


def guide_scene(
    building: Building,
    directory: Directory,
    route: Route | None,
    kiosk: Position,
    *,
    destination_label: Text | None = None,
) -> Scene:
    """The scene of the route screen's 3D map (see the module's description)."""
    walked = route_floors(route, kiosk)
    buildings = {b for b, _ in walked}
    direction = view_direction(kiosk)
    door_label = None
    if route is not None:
        door_label = destination_label or room_label(
            directory, building.room(route.room)
        )
    here = in_every_language(lambda locale: locale.phrase("here"))
    marks = _marks(building, route, kiosk, here, door_label)
    sights = [_sight(key, x, y, direction) for key, (x, y), _, _ in marks]
    for _ in range(4):  # a floor moved up moves the camera: look again
        levels = display_levels(building, buildings, walked, sights)
        scene = _compose(
            building, directory, route, kiosk, walked, levels, marks, door_label
        )
        scene = replace(scene, view_direction=tuple(float(v) for v in direction))  # type: ignore[arg-type]
        floors = [key for key, _, _, _ in marks]
        blocked = _hidden_marks(building, scene, levels, walked, floors)
        if not blocked:
            break
        sights += blocked
    return scene


def _compose(
    building: Building,
    directory: Directory,
    route: Route | None,
    kiosk: Position,
    walked: list[FloorKey],
    levels: dict[FloorKey, float],
    marks: list[tuple[FloorKey, Point, str, Text]],
    door_label: Text | None,
) -> Scene:
    """The scene with floors drawn at ``levels``."""
    drawn = building.model_copy(
        update={
            "floors": [
                f.model_copy(update={"elevation": levels[(f.building, f.id)]})
                if (f.building, f.id) in levels
                else f
                for f in building.floors
            ]
        }
    )
    scene = build_scene(
        drawn,
        directory,
        route,
        kiosk,
        focus_floor=walked[-1],
        destination_label=door_label,
        floors_shown=set(walked),
    )
    meshes: list[SceneMesh] = list(_connectors(drawn, route))
    for item in scene.meshes:
        if item.role in ("lift", "stairs"):
            continue  # only the flights and shafts taken: _connectors
        if item.role in ("slab", "room"):
            meshes.append(replace(item, opacity=FOCUS_OPACITY))
        else:
            meshes.append(item)
    if route is not None:
        for leg in route.legs:
            z = levels[(leg.building, leg.floor)] + ROUTE_HEIGHT
            path = np.array([(x, y, z) for x, y in leg.points], dtype=float)
            arrows = _arrows(path)
            if arrows is not None:
                meshes.append(
                    SceneMesh(
                        "arrow",
                        arrows,
                        ARROW_COLOUR,
                        1.0,
                        leg.building,
                        leg.floor,
                        name="arrows",
                    )
                )
    placed: list[Mark] = []
    for key, (x, y), kind, label in marks:
        point: Point3 = (x, y, levels[key] + ROUTE_HEIGHT)
        placed.append(Mark(kind, point, label))  # type: ignore[arg-type]
    outlines = tuple(
        _outline(building, key, level)
        for key, level in sorted(levels.items())
        if key not in walked and _between(building, key, walked)
    )
    return replace(scene, meshes=tuple(meshes), marks=tuple(placed), outlines=outlines)
