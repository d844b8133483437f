"""The building file: floors, rooms, corridors, lifts, stairs, links and closures.

Coordinates are metres in one site frame shared by every building: x grows to
the east, y to the north, so a kiosk facing 0 degrees looks north and 90
degrees east. A floor is named by its building and its id ("main", "3F").
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator
from shapely import make_valid
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon
from shapely.validation import explain_validity

from kiosk_core.files import display_name, read_text
from kiosk_core.sections import Section
from kiosk_core.text import Text
from kiosk_core.validation import duplicate_ids, parse_checked
from kiosk_core.yaml_source import Path_

#: Doors, lifts, stairs, entrances, link ends and kiosk points must be this close
#: to a corridor on their floor, or nobody can be routed to or from them.
REACH_M = 1.5


def _number_to_text(value: object) -> object:
    """Admins type ``room: 305``; YAML reads a number, we want the id."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Ref = Annotated[
    str,
    BeforeValidator(_number_to_text),
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$"),
    Field(description="lower-case letters, digits, '-' and '_'"),
]
FloorId = Annotated[
    str,
    StringConstraints(pattern=r"^(B[1-9]|[1-9][0-9]?F)$"),
    Field(description="B1..B9 below ground, 1F, 2F, ... above"),
]
Point = tuple[float, float]
Outline = Annotated[list[Point], Field(min_length=3)]
Bearing = Annotated[float, Field(ge=0, lt=360)]


class Structure(Section):
    """One building of the site (the main building, the annex)."""

    id: Ref
    name: Text


class Floor(Section):
    """One storey of one building."""

    id: FloorId
    building: Ref
    name: Text
    elevation: float
    outline: Outline


class Box(Section):
    """A room's footprint: south-west corner (x, y), width east (w), depth north (d)."""

    x: float
    y: float
    w: Annotated[float, Field(gt=0)]
    d: Annotated[float, Field(gt=0)]

    @property
    def centre(self) -> Point:
        """Middle of the footprint."""
        return (self.x + self.w / 2, self.y + self.d / 2)


class Room(Section):
    """An office, counter, hall or facility with one door.

    Its footprint is a ``box`` (written by hand) or an ``outline`` polygon
    (imported from an indoor map): exactly one of them.
    """

    id: Ref
    name: Text
    building: Ref
    floor: FloorId
    box: Box | None = None
    outline: Outline | None = None
    door: Point
    kind: Literal["office", "hall", "counter", "facility"] = "office"

    @model_validator(mode="after")
    def _one_footprint(self) -> Room:
        if (self.box is None) == (self.outline is None):
            raise ValueError("give the room either a 'box' or an 'outline', not both")
        return self

    @property
    def footprint(self) -> list[Point]:
        """The room's polygon (a box: counter-clockwise from its south-west)."""
        if self.outline is not None:
            return list(self.outline)
        b = self.box
        assert b is not None  # one of the two, by the validator
        return [(b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.d), (b.x, b.y + b.d)]

    @property
    def centre(self) -> Point:
        """A point inside the room: the box's middle, or the outline's inner point."""
        if self.box is not None:
            return self.box.centre
        inner = Polygon(self.footprint).representative_point()
        return (float(inner.x), float(inner.y))


class Corridor(Section):
    """A walkable polyline on one floor."""

    id: Ref
    building: Ref
    floor: FloorId
    points: Annotated[list[Point], Field(min_length=2)]


class Walkway(Section):
    """A walkable area on one floor (a lobby or corridor as a polygon).

    Walk lines are drawn across it between everything that lies in or on it:
    openings, room doors, lifts, stairs, entrances, link ends and kiosks.
    """

    id: Ref
    building: Ref
    floor: FloorId
    outline: Outline
    name: Text | None = None


class Opening(Section):
    """A doorway between two walkable areas (a room's own door is ``Room.door``)."""

    id: Ref
    building: Ref
    floor: FloorId
    point: Point


class Lift(Section):
    """A lift (step-free) serving some floors of one building.

    ``facing``: the bearing a visitor faces stepping out (0 north, 90 east).
    """

    id: Ref
    name: Text
    building: Ref
    floors: Annotated[list[FloorId], Field(min_length=2)]
    position: Point
    facing: Bearing | None = None


class Stairs(Section):
    """A staircase joining consecutive floors of one building.

    ``facing``: the bearing a visitor faces stepping off it (0 north, 90 east).
    """

    id: Ref
    name: Text
    building: Ref
    floors: Annotated[list[FloorId], Field(min_length=2)]
    position: Point
    facing: Bearing | None = None


class Entrance(Section):
    """A door to the street."""

    id: Ref
    name: Text
    building: Ref
    floor: FloorId
    point: Point
    step_free: bool = True


class LinkEnd(Section):
    """One end of a link between buildings."""

    building: Ref
    floor: FloorId
    point: Point


class Link(Section):
    """A walkway between two buildings (the 2F bridge to the annex)."""

    id: Ref
    name: Text
    from_: LinkEnd = Field(alias="from")
    to: LinkEnd
    step_free: bool = True


class Closure(Section):
    """Something out of use: a lift, stairs, corridor, room door, link or entrance."""

    target: Ref
    reason: Text
    until: date | None = None

    def active_on(self, day: date) -> bool:
        """Whether the closure still applies on ``day``."""
        return self.until is None or day <= self.until


class KioskPoint(Section):
    """Where a kiosk stands and which way its screen faces (degrees from north)."""

    id: Ref
    name: Text
    building: Ref
    floor: FloorId
    x: float
    y: float
    facing: Bearing = 0.0


class Timing(Section):
    """How long moving around takes; used for walking-time estimates."""

    walking_speed: Annotated[float, Field(gt=0, le=3)] = 1.0
    lift_wait_s: Annotated[float, Field(ge=0)] = 30.0
    lift_per_floor_s: Annotated[float, Field(ge=0)] = 4.0
    stairs_per_floor_s: Annotated[float, Field(ge=0)] = 20.0
    stairs_length_m: Annotated[float, Field(ge=0)] = 10.0


class Georef(Section):
    """The WGS84 point that is (0, 0) of the site frame (imported indoor maps)."""

    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


class Building(Section):
    """The whole building file."""

    buildings: Annotated[list[Structure], Field(min_length=1)]
    floors: Annotated[list[Floor], Field(min_length=1)]
    rooms: list[Room] = []
    corridors: list[Corridor] = []
    walkways: list[Walkway] = []
    openings: list[Opening] = []
    lifts: list[Lift] = []
    stairs: list[Stairs] = []
    entrances: list[Entrance] = []
    links: list[Link] = []
    closures: list[Closure] = []
    kiosk_points: list[KioskPoint] = []
    timing: Timing = Timing()
    georef: Georef | None = None

    def structure(self, building_id: str) -> Structure:
        """The building with this id."""
        return next(b for b in self.buildings if b.id == building_id)

    def floor(self, building_id: str, floor_id: str) -> Floor:
        """The floor ``floor_id`` of building ``building_id``."""
        return next(
            f for f in self.floors if f.building == building_id and f.id == floor_id
        )

    def floors_of(self, building_id: str) -> list[Floor]:
        """Floors of one building, lowest first."""
        return sorted(
            (f for f in self.floors if f.building == building_id),
            key=lambda f: f.elevation,
        )

    def room(self, room_id: str) -> Room:
        """The room with this id (KeyError when unknown)."""
        for room in self.rooms:
            if room.id == room_id:
                return room
        raise KeyError(room_id)

    def kiosk_point(self, kiosk_id: str) -> KioskPoint:
        """The kiosk point with this id (KeyError when unknown)."""
        for point in self.kiosk_points:
            if point.id == kiosk_id:
                return point
        raise KeyError(kiosk_id)

    def active_closures(self, day: date | None = None) -> dict[str, Closure]:
        """Closures in force on ``day`` (all when ``day`` is None), by target."""
        return {c.target: c for c in self.closures if day is None or c.active_on(day)}


# --- geometry shared with graph.py -------------------------------------------


def project(p: Point, a: Point, b: Point) -> tuple[Point, float, float]:
    """Nearest point to ``p`` on segment a-b, its position t (0..1) and distance."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2
    t = min(1.0, max(0.0, t))
    q = (ax + t * dx, ay + t * dy)
    return q, t, math.hypot(p[0] - q[0], p[1] - q[1])


def polygon(outline: list[Point]) -> Polygon:
    """A shapely polygon of an outline; a ring that crosses itself is mended."""
    shape = Polygon(outline)
    if shape.is_valid:
        return shape
    mended = make_valid(shape).buffer(0)
    return mended if isinstance(mended, Polygon) else Polygon(outline).convex_hull


def outline_problem(outline: list[Point]) -> str | None:
    """Why an outline is no usable polygon, in words (None when it is one)."""
    if not all(math.isfinite(v) for p in outline for v in p):
        return "the outline has a coordinate that is not a number"
    shape = Polygon(outline)
    if not shape.is_valid and shape.length > 0 and make_valid(shape).area >= 0.01:
        return f"the outline crosses itself ({explain_validity(shape)})"
    if make_valid(shape).area < 0.01:
        return "the outline encloses no area"
    return None


def segments(corridors: Iterable[Corridor]) -> Iterator[tuple[Corridor, Point, Point]]:
    """Every straight piece of the given corridors."""
    for corridor in corridors:
        for a, b in zip(corridor.points, corridor.points[1:], strict=False):
            yield corridor, a, b


def distance_to_corridors(
    p: Point, pieces: list[tuple[Corridor, Point, Point]]
) -> float:
    """Distance from ``p`` to the nearest corridor piece (infinity when none)."""
    return min((project(p, a, b)[2] for _, a, b in pieces), default=math.inf)


# --- loading ------------------------------------------------------------------


def suggest(word: str, known: Iterable[str]) -> str:
    """A hint for a misspelt id: the closest known id, or a few known ids."""
    known = sorted(set(known))
    close = difflib.get_close_matches(word, known, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f" (known: {shown})" if known else ""


def _cross_check(spec: Building) -> list[tuple[Path_, str]]:
    """Problems between sections, as (key path, message) pairs."""
    found: list[tuple[Path_, str]] = []
    found += duplicate_ids("buildings", (b.id for b in spec.buildings))
    found += duplicate_ids("floors", (f"{f.building}/{f.id}" for f in spec.floors))
    found += duplicate_ids("kiosk_points", (k.id for k in spec.kiosk_points))
    owner: dict[str, str] = {}
    sections = ("lifts", "stairs", "corridors", "walkways", "openings", "rooms")
    for section in (*sections, "links", "entrances"):
        for index, item in enumerate(getattr(spec, section)):
            if item.id in owner:
                found.append(
                    (
                        (section, index, "id"),
                        f"the id '{item.id}' is already used in {owner[item.id]}; "
                        "closures need ids that are unique across the file",
                    )
                )
            owner.setdefault(item.id, section)

    building_ids = {b.id for b in spec.buildings}
    floors_by_building: dict[str, list[str]] = {}
    for index, floor in enumerate(spec.floors):
        if floor.building not in building_ids:
            found.append(
                (
                    ("floors", index, "building"),
                    f"no building '{floor.building}'"
                    f"{suggest(floor.building, building_ids)}",
                )
            )
        floors_by_building.setdefault(floor.building, []).append(floor.id)

    def floor_problem(building: str, floor: str) -> str | None:
        if building not in building_ids:
            return f"no building '{building}'{suggest(building, building_ids)}"
        known = floors_by_building.get(building, [])
        if floor not in known:
            return (
                f"no floor '{floor}' in building '{building}' "
                f"(its floors: {', '.join(known) or 'none'})"
            )
        return None

    pieces: dict[tuple[str, str], list[tuple[Corridor, Point, Point]]] = {}
    for index, corridor in enumerate(spec.corridors):
        problem = floor_problem(corridor.building, corridor.floor)
        if problem:
            found.append((("corridors", index, "floor"), problem))
        pieces.setdefault((corridor.building, corridor.floor), []).extend(
            segments([corridor])
        )

    areas: dict[tuple[str, str], list[Polygon]] = {}
    for index, walkway in enumerate(spec.walkways):
        problem = floor_problem(walkway.building, walkway.floor)
        if problem:
            found.append((("walkways", index, "floor"), problem))
        problem = outline_problem(walkway.outline)
        if problem:
            found.append((("walkways", index, "outline"), problem))
        where = (walkway.building, walkway.floor)
        areas.setdefault(where, []).append(polygon(walkway.outline))

    def reach(path: Path_, building: str, floor: str, point: Point, what: str) -> None:
        gap = distance_to_corridors(point, pieces.get((building, floor), []))
        inside = ShapelyPoint(point)
        for area in areas.get((building, floor), []):
            gap = min(gap, area.distance(inside))
        if gap > REACH_M + 1e-9:
            far = "not near any" if math.isinf(gap) else f"{gap:.1f} m from the nearest"
            found.append(
                (
                    path,
                    f"{what} is {far} corridor or walkway on {building} {floor}; "
                    f"it must be within {REACH_M:g} m of one",
                )
            )

    def placed(path: Path_, building: str, floor: str) -> bool:
        problem = floor_problem(building, floor)
        if problem:
            found.append(((*path, "floor"), problem))
        return problem is None

    for index, room in enumerate(spec.rooms):
        if room.outline is not None:
            problem = outline_problem(room.outline)
            if problem:
                found.append((("rooms", index, "outline"), problem))
        if placed(("rooms", index), room.building, room.floor):
            reach(
                ("rooms", index, "door"),
                room.building,
                room.floor,
                room.door,
                f"the door of room '{room.id}'",
            )
    for section in ("lifts", "stairs"):
        for index, item in enumerate(getattr(spec, section)):
            ok: list[str] = []
            for j, floor_id in enumerate(item.floors):
                problem = floor_problem(item.building, floor_id)
                if problem:
                    found.append(((section, index, "floors", j), problem))
                else:
                    ok.append(floor_id)
            if len(set(item.floors)) != len(item.floors):
                found.append(((section, index, "floors"), "a floor is listed twice"))
            for floor_id in ok:
                reach(
                    (section, index, "position"),
                    item.building,
                    floor_id,
                    item.position,
                    f"'{item.id}' on {floor_id}",
                )
    for index, opening in enumerate(spec.openings):
        if placed(("openings", index), opening.building, opening.floor):
            reach(
                ("openings", index, "point"),
                opening.building,
                opening.floor,
                opening.point,
                f"opening '{opening.id}'",
            )
    for index, entrance in enumerate(spec.entrances):
        if placed(("entrances", index), entrance.building, entrance.floor):
            reach(
                ("entrances", index, "point"),
                entrance.building,
                entrance.floor,
                entrance.point,
                f"entrance '{entrance.id}'",
            )
    for index, link in enumerate(spec.links):
        for side, end in (("from", link.from_), ("to", link.to)):
            if placed(("links", index, side), end.building, end.floor):
                reach(
                    ("links", index, side, "point"),
                    end.building,
                    end.floor,
                    end.point,
                    f"the '{side}' end of link '{link.id}'",
                )
    for index, kiosk in enumerate(spec.kiosk_points):
        if placed(("kiosk_points", index), kiosk.building, kiosk.floor):
            reach(
                ("kiosk_points", index, "x"),
                kiosk.building,
                kiosk.floor,
                (kiosk.x, kiosk.y),
                f"kiosk point '{kiosk.id}'",
            )
    for index, closure in enumerate(spec.closures):
        if closure.target not in owner:
            found.append(
                (
                    ("closures", index, "target"),
                    f"nothing with the id '{closure.target}' to close"
                    f"{suggest(closure.target, owner)}",
                )
            )
    return found


def parse_building(text: str, name: str) -> Building:
    """Validate building-file text; raise ProblemsFound naming file, line and key."""
    return parse_checked(Building, text, name, _cross_check)


def load_building(path: Path) -> Building:
    """Read and validate a building file."""
    return parse_building(read_text(path), display_name(path))
