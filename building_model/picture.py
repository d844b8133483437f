"""What a step card's picture shows, and from where: pure planning, no drawing.

A picture is one floor of a route seen from above and a little behind the
visitor, turned so that the way they face on arriving there is up: the kiosk's
facing on its floor, the lift's or stairs' ``facing`` after a floor change
(else the bearing of the first stretch walked there). It is cropped to what the
leg needs: its path, the places named on it and a margin.

The camera is a parallel one, so a site point maps to a pixel by a fixed affine
map (``View.pixel``): the drawing (``building_model.render``) puts its 3D camera
and its 2D labels by it, and the tests check pictures against it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint
from shapely.ops import nearest_points

from kiosk_core.text import Text, in_every_language, join

from .geometry import bearing
from .route import Leg, Route
from .spec import Building, Point, Room

#: Degrees the camera leans from straight down (towards the visitor's back).
TILT_DEGREES = 25.0
#: A room is "on the way" when its door or its footprint is this close to the path.
NEAR_M = 3.0
#: At most this many rooms are named besides the start and the end.
MAX_NAMED = 5
#: Named places (rooms, start, end) at least this far apart.
APART_M = 3.0
#: How far into a room its label sits from the door.
ANCHOR_INSET_M = 1.5
#: Space around what the picture must hold (its path, its labels' anchors).
MARGIN_M = 1.5
#: Half the side of the square around a label's anchor the crop holds.
ANCHOR_ROOM_M = 0.75
#: The picture never shows less than this across its shorter side.
MIN_VIEW_M = 12.0
#: A first stretch shorter than this (a lift's doorway) says no bearing.
MIN_STRETCH_M = 0.3
#: Heights (m above the floor) of the walked line and of label anchors.
PATH_HEIGHT = 0.6
MARK_HEIGHT = 1.0
#: Reference picture height: sizes below are in its pixels and scale with it.
_REFERENCE_PX = 640
#: Band kept clear at the top for the step badge, and at the other edges.
TOP_PX = 56
EDGE_PX = 20
#: Half the drawn route's width.
ROUTE_HALF_PX = 8
#: Radius of the round marks drawn on the start and on lifts, stairs, bridges.
MARK_RADIUS_PX = 20
#: Gap between a label and its anchor (or its round mark), and between two labels.
GAP_PX = 10
SPACING_PX = 4
#: Font sizes (reference pixels) by what a label names.
FONT_PX = {"destination": 28, "here": 22, "leave": 22, "arrive": 20, "room": 19}

Point3 = tuple[float, float, float]
Pixel = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)
MarkKind = Literal["destination", "here", "leave", "arrive", "room"]
#: Labels that are always drawn, most prominent first.
REQUIRED: tuple[MarkKind, ...] = ("destination", "here", "leave", "arrive")

HERE_TEXT = in_every_language(lambda locale: locale.phrase("here"))


# --- which way is up ----------------------------------------------------------------


def first_bearing(points: Sequence[Point]) -> float | None:
    """Bearing of the first stretch longer than a doorway (None when all are short)."""
    for a, b in zip(points, points[1:], strict=False):
        if math.dist(a, b) > MIN_STRETCH_M:
            return bearing(a, b)
    return None


def arrival_bearing(building: Building, route: Route, index: int) -> float:
    """The way a visitor faces on arriving at leg ``index``'s floor: up in its picture.

    The kiosk's facing on the first leg; after a lift or stairs their
    ``facing``, when the building file gives it; else the first stretch walked.
    """
    leg = route.legs[index]
    if index == 0:
        return route.start.facing_degrees % 360
    came_by = route.legs[index - 1].leave_by
    facing: float | None = None
    if came_by is not None and came_by.kind == "lift":
        facing = next(i.facing for i in building.lifts if i.id == came_by.id)
    elif came_by is not None and came_by.kind == "stairs":
        facing = next(i.facing for i in building.stairs if i.id == came_by.id)
    if facing is None:
        facing = first_bearing(leg.points)
    return (facing or 0.0) % 360


# --- the camera -----------------------------------------------------------------------


def _unit(b: float) -> Point:
    rad = math.radians(b)
    return (math.sin(rad), math.cos(rad))


@dataclass(frozen=True)
class View:
    """A parallel camera over one floor: site metres to picture pixels and back.

    ``up_bearing`` points up in the picture; the camera leans ``tilt`` degrees
    from straight down, from behind; ``scale`` is pixels per metre; ``focal``
    is the site point at the middle of the picture.
    """

    up_bearing: float
    tilt: float
    focal: Point3
    scale: float
    size: tuple[int, int]

    @property
    def right(self) -> Point3:
        """The site direction that points right in the picture."""
        s, c = (
            math.sin(math.radians(self.up_bearing)),
            math.cos(math.radians(self.up_bearing)),
        )
        return (c, -s, 0.0)

    @property
    def view_up(self) -> Point3:
        """The camera's up vector: ahead on the floor, leaning up with the tilt."""
        ux, uy = _unit(self.up_bearing)
        t = math.radians(self.tilt)
        return (ux * math.cos(t), uy * math.cos(t), math.sin(t))

    @property
    def direction(self) -> Point3:
        """Where the camera looks: down, and ahead by the tilt."""
        ux, uy = _unit(self.up_bearing)
        t = math.radians(self.tilt)
        return (ux * math.sin(t), uy * math.sin(t), -math.cos(t))

    @property
    def parallel_scale(self) -> float:
        """Half the picture's height in metres (VTK's parallel scale)."""
        return self.size[1] / 2 / self.scale

    def position(self, distance: float = 500.0) -> Point3:
        """Where the camera stands (far behind and above: the view is parallel)."""
        d = self.direction
        return (
            self.focal[0] - d[0] * distance,
            self.focal[1] - d[1] * distance,
            self.focal[2] - d[2] * distance,
        )

    def pixel(self, point: Point3) -> Pixel:
        """Where a site point lands: pixels from the picture's top-left corner."""
        rel = (
            point[0] - self.focal[0],
            point[1] - self.focal[1],
            point[2] - self.focal[2],
        )
        sx = _dot(rel, self.right)
        sy = _dot(rel, self.view_up)
        width, height = self.size
        return (width / 2 + sx * self.scale, height / 2 - sy * self.scale)

    def ground(self, pixel: Pixel, z: float) -> Point:
        """The site point at height ``z`` seen at ``pixel``."""
        width, height = self.size
        sx = (pixel[0] - width / 2) / self.scale
        sy = (height / 2 - pixel[1]) / self.scale
        r, v, d = self.right, self.view_up, self.direction
        base = [self.focal[i] + r[i] * sx + v[i] * sy for i in range(3)]
        along = (z - base[2]) / d[2]
        return (base[0] + d[0] * along, base[1] + d[1] * along)

    def visible(self, z: float) -> list[Point]:
        """The floor area the picture shows at height ``z``: four corners."""
        width, height = self.size
        corners = [(0.0, height), (width, height), (width, 0.0), (0.0, 0.0)]
        return [self.ground(c, z) for c in corners]


def _dot(a: Point3, b: Point3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def frame(
    points: Iterable[Point3],
    up_bearing: float,
    size: tuple[int, int],
    *,
    tilt: float = TILT_DEGREES,
    margin: float = MARGIN_M,
    min_view: float = MIN_VIEW_M,
) -> View:
    """The view with ``up_bearing`` up that holds every point with ``margin``
    metres to spare, as large as fits (never closer than ``min_view`` metres
    across the shorter side), below the top band kept for the step badge."""
    probe = View(up_bearing, tilt, (0.0, 0.0, 0.0), 1.0, size)
    r, v = probe.right, probe.view_up
    pts = list(points)
    xs = [_dot(p, r) for p in pts]
    ys = [_dot(p, v) for p in pts]
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    width, height = size
    unit = height / _REFERENCE_PX
    top, edge = TOP_PX * unit, EDGE_PX * unit
    room_w, room_h = width - 2 * edge, height - top - edge
    scale = min(room_w / (x1 - x0), room_h / (y1 - y0), min(width, height) / min_view)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # the content's middle at the middle of the area under the top band
    cy -= (height / 2 - (top + room_h / 2)) / scale
    focal = (r[0] * cx + v[0] * cy, r[1] * cx + v[1] * cy, v[2] * cy)
    return View(up_bearing, tilt, focal, scale, size)


# --- what is named --------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A place the picture names: what kind, where its label points, what it says."""

    kind: MarkKind
    at: Point
    text: Text
    ref: str = ""  # the room, lift, stairs or link id
    outline: tuple[Point, ...] = ()  # a room's footprint, where its label may sit


@dataclass(frozen=True)
class Nearby:
    """A room beside a leg's path: how far and where its label sits."""

    room: Room
    distance: float
    anchor: Point


def room_anchor(room: Room, path: Sequence[Point] = ()) -> Point:
    """Where a room's label sits: inside the room, a little in from its door (or,
    when its door is not by the path, from the part of it nearest the path)."""
    shape = Polygon(room.footprint)
    near = ShapelyPoint(room.door)
    if path and near.distance(_line(path)) > NEAR_M:
        near = nearest_points(shape, _line(path))[0]
    inner = shape.buffer(-ANCHOR_INSET_M)
    if inner.is_empty:
        return room.centre
    point = nearest_points(inner, near)[0]
    return (float(point.x), float(point.y))


def _line(points: Sequence[Point]) -> LineString | ShapelyPoint:
    return LineString(points) if len(points) > 1 else ShapelyPoint(points[0])


def rooms_beside(
    building: Building,
    leg: Leg,
    *,
    skip: Iterable[str] = (),
    taken: Iterable[Point] = (),
    near: float = NEAR_M,
    limit: int = MAX_NAMED,
    apart: float = APART_M,
) -> list[Nearby]:
    """Rooms on the leg's floor whose door or footprint is within ``near`` metres
    of its path, nearest first (then in walking order), at most ``limit``, each
    label at least ``apart`` metres from the others and from ``taken`` points."""
    path = _line(leg.points)
    skipped = set(skip)
    found: list[tuple[float, float, Nearby]] = []
    for room in building.rooms:
        if (room.building, room.floor) != (leg.building, leg.floor):
            continue
        if room.id in skipped:
            continue
        door = ShapelyPoint(room.door)
        distance = min(door.distance(path), Polygon(room.footprint).distance(path))
        if distance > near:
            continue
        along = path.project(door) if isinstance(path, LineString) else 0.0
        anchor = room_anchor(room, leg.points)
        found.append((distance, along, Nearby(room, distance, anchor)))
    found.sort(key=lambda f: (round(f[0], 1), f[1], f[2].room.id))
    chosen: list[Nearby] = []
    placed = list(taken)
    for _, _, item in found:
        if len(chosen) >= limit:
            break
        if any(math.dist(item.anchor, p) < apart for p in placed):
            continue
        chosen.append(item)
        placed.append(item.anchor)
    return chosen


def _floor_text(building: Building, to_building: str, to_floor: str, here: str) -> Text:
    floor = building.floor(to_building, to_floor).name
    if to_building != here:
        return join(building.structure(to_building).name, floor)
    return floor


def marks(
    building: Building,
    route: Route,
    index: int,
    *,
    destination_label: Text | None = None,
    here_label: Text = HERE_TEXT,
) -> list[Mark]:
    """What leg ``index``'s picture names, required ones first: the destination,
    "you are here", the lift/stairs/bridge taken or come by, then rooms on the way."""
    leg = route.legs[index]
    start, end = leg.points[0], leg.points[-1]
    found: list[Mark] = []
    skip: set[str] = set()
    if leg.leave_by is None:
        room = building.room(route.room)
        skip.add(room.id)
        label = destination_label or room.name
        outline = tuple(room.footprint)
        found.append(Mark("destination", room_anchor(room), label, room.id, outline))
    if index == 0:
        found.append(Mark("here", start, here_label))
    if leg.leave_by is not None:
        to = _floor_text(
            building, leg.leave_by.to_building, leg.leave_by.to_floor, leg.building
        )
        text = join(leg.leave_by.name, "→", to)
        found.append(Mark("leave", end, text, leg.leave_by.id))
    came_by = route.legs[index - 1].leave_by if index > 0 else None
    if came_by is not None:
        found.append(Mark("arrive", start, came_by.name, came_by.id))
    taken = [m.at for m in found]
    for item in rooms_beside(building, leg, skip=skip, taken=taken):
        outline = tuple(item.room.footprint)
        found.append(Mark("room", item.anchor, item.room.name, item.room.id, outline))
    return found


# --- the plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """Everything one step picture shows, and the camera that shows it."""

    building: str
    floor: str
    elevation: float
    path: tuple[Point, ...]
    marks: tuple[Mark, ...]
    view: View
    destination: str | None  # the room this leg ends at, if it does

    @property
    def named(self) -> tuple[str, ...]:
        """Ids of the rooms named besides the destination."""
        return tuple(m.ref for m in self.marks if m.kind == "room")

    @property
    def path_z(self) -> float:
        """Height of the walked line."""
        return self.elevation + PATH_HEIGHT

    @property
    def mark_z(self) -> float:
        """Height of label anchors."""
        return self.elevation + MARK_HEIGHT

    def path_pixels(self) -> list[Pixel]:
        """The walked line in picture pixels."""
        return [self.view.pixel((x, y, self.path_z)) for x, y in self.path]

    def area(self, mark: Mark) -> Box | None:
        """The pixel box around a room mark's footprint (None for other marks)."""
        if not mark.outline:
            return None
        z = self.mark_z
        pts = [self.view.pixel((x, y, z)) for x, y in mark.outline]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))

    def anchor(self, mark: Mark) -> Pixel:
        """Where a mark's label points, in picture pixels."""
        z = self.path_z if mark.kind in ("here", "leave", "arrive") else self.mark_z
        return self.view.pixel((mark.at[0], mark.at[1], z))

    @property
    def unit(self) -> float:
        """Picture pixels per reference pixel (sizes scale with the picture)."""
        return self.view.size[1] / _REFERENCE_PX


def plan_picture(
    building: Building,
    route: Route,
    index: int,
    *,
    size: tuple[int, int] = (960, 640),
    destination_label: Text | None = None,
    here_label: Text = HERE_TEXT,
) -> Picture:
    """The picture of leg ``index``: what it names and the camera that fits it."""
    leg = route.legs[index]
    floor = building.floor(leg.building, leg.floor)
    found = marks(
        building,
        route,
        index,
        destination_label=destination_label,
        here_label=here_label,
    )
    z_path = floor.elevation + PATH_HEIGHT
    z_mark = floor.elevation + MARK_HEIGHT
    held: list[Point3] = [(x, y, z_path) for x, y in leg.points]
    a = ANCHOR_ROOM_M
    for mark in found:
        x, y = mark.at
        held += [(x + dx, y + dy, z_mark) for dx in (-a, a) for dy in (-a, a)]
    up = arrival_bearing(building, route, index)
    return Picture(
        building=leg.building,
        floor=leg.floor,
        elevation=floor.elevation,
        path=leg.points,
        marks=tuple(found),
        view=frame(held, up, size),
        destination=route.room if leg.leave_by is None else None,
    )


# --- where labels go ------------------------------------------------------------------


Measure = Callable[[str, int], tuple[float, float]]


@dataclass(frozen=True)
class Label:
    """A mark's label placed on the picture."""

    mark: Mark
    text: str
    font_px: int
    anchor: Pixel
    box: Box


def font_px(kind: MarkKind, picture: Picture) -> int:
    """Font size of a label in this picture's pixels."""
    return max(10, round(FONT_PX[kind] * picture.unit))


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _inside(box: Box, size: tuple[int, int]) -> Box:
    """The box moved into the picture (as little as possible)."""
    left, top, right, bottom = box
    dx = max(0.0, -left) - max(0.0, right - size[0])
    dy = max(0.0, -top) - max(0.0, bottom - size[1])
    return (left + dx, top + dy, right + dx, bottom + dy)


_ORDER: dict[MarkKind, tuple[str, ...]] = {
    "destination": (
        "centre",
        "above",
        "below",
        "right",
        "left",
        "above-right",
        "above-left",
        "below-right",
        "below-left",
    ),
    "here": ("below", "right", "left", "below-right", "below-left", "above"),
    "arrive": ("below", "right", "left", "below-right", "below-left", "above"),
    "leave": ("above", "right", "left", "above-right", "above-left", "below"),
    "room": ("centre", "above", "below", "right", "left"),
}


def _candidate(where: str, anchor: Pixel, w: float, h: float, gap: float) -> Box:
    ax, ay = anchor
    x = {"left": ax - gap - w, "right": ax + gap}
    y = {"above": ay - gap - h, "below": ay + gap}
    parts = where.split("-")
    left = ax - w / 2
    top = ay - h / 2
    for part in parts:
        if part in x:
            left = x[part]
        if part in y:
            top = y[part]
    return (left, top, left + w, top + h)


def _samples(points: Sequence[Pixel], step: float) -> list[Pixel]:
    """Points every ``step`` pixels along a polyline."""
    if len(points) == 1:
        return list(points)
    out: list[Pixel] = []
    for a, b in zip(points, points[1:], strict=False):
        n = max(1, math.ceil(math.dist(a, b) / step))
        out += [
            (a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n)
            for i in range(n)
        ]
    out.append(points[-1])
    return out


def _hits(box: Box, samples: Sequence[Pixel]) -> int:
    return sum(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in samples)


def label_size(text: str, px: int, measure: Measure) -> tuple[float, float]:
    """A label's box size: its lines of text with padding."""
    sizes = [measure(line, px) for line in text.split("\n")]
    w = max(size[0] for size in sizes)
    h = sum(size[1] for size in sizes)
    return (w + 0.9 * px, h + 0.5 * px)


def wrap(text: str, px: int, measure: Measure, width: float) -> str:
    """The text on two lines when wider than ``width``: split at the space
    nearest its middle, before an opening bracket when there is one."""
    if measure(text, px)[0] <= width or " " not in text:
        return text
    spaces = [i for i, c in enumerate(text) if c == " "]
    brackets = [i for i in spaces if text[i + 1 : i + 2] in "(（"]
    cut = min(brackets or spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1 :]


def _into(box: Box, area: Box | None) -> Box:
    """The box slid into ``area`` where it is small enough to fit."""
    if area is None:
        return box
    left, top, right, bottom = box
    dx = dy = 0.0
    if right - left <= area[2] - area[0]:
        dx = max(0.0, area[0] - left) - max(0.0, right - area[2])
    if bottom - top <= area[3] - area[1]:
        dy = max(0.0, area[1] - top) - max(0.0, bottom - area[3])
    return (left + dx, top + dy, right + dx, bottom + dy)


def _fits(box: Box, area: Box | None) -> bool:
    return area is not None and (
        box[0] >= area[0]
        and box[1] >= area[1]
        and box[2] <= area[2]
        and box[3] <= area[3]
    )


def layout_labels(
    picture: Picture,
    lang: str,
    measure: Measure,
    *,
    reserved: Sequence[Box] = (),
) -> list[Label]:
    """Labels placed without overlapping: the destination, start and lift/stairs
    ones always (where they cover least), room names only where they fit beside
    their anchor clear of other labels, the route and ``reserved`` boxes. A
    label sits on its room only when the room holds it."""
    size = picture.view.size
    spacing = SPACING_PX * picture.unit
    clear = ROUTE_HALF_PX * picture.unit + spacing
    route = _samples(picture.path_pixels(), 4.0)
    taken: list[Box] = [_grow(b, spacing) for b in reserved]
    radius = MARK_RADIUS_PX * picture.unit
    for mark in picture.marks:  # the round marks on the start, lifts and stairs
        if mark.kind in ("here", "leave", "arrive"):
            x, y = picture.anchor(mark)
            taken.append((x - radius, y - radius, x + radius, y + radius))
    placed: list[Label] = []
    for mark in sorted(picture.marks, key=lambda m: m.kind not in REQUIRED):
        px = font_px(mark.kind, picture)
        text = wrap(mark.text.get(lang), px, measure, size[0] * 0.5)
        w, h = label_size(text, px, measure)
        anchor = picture.anchor(mark)
        area = picture.area(mark)
        gap = GAP_PX * picture.unit
        if mark.kind in ("here", "leave", "arrive"):
            gap += MARK_RADIUS_PX * picture.unit
        best: tuple[float, Box] | None = None
        for rank, where in enumerate(_ORDER[mark.kind]):
            box = _candidate(where, anchor, w, h, gap)
            if where == "centre":  # on the room, slid in from its edge
                box = _into(box, area)
                if not _fits(box, area) or _hits(box, [anchor]) == 0:
                    continue
            box = _inside(box, size)
            covered = sum(_overlap(_grow(box, spacing), t) for t in taken)
            crossed = _hits(_grow(box, clear), route)
            if mark.kind == "room":
                nearest = (
                    min(max(anchor[0], box[0]), box[2]),
                    min(max(anchor[1], box[1]), box[3]),
                )
                if covered == 0 and crossed == 0 and math.dist(anchor, nearest) <= gap:
                    best = (0.0, box)
                    break
                continue
            # and keep a little further off the route where it can
            close = _hits(_grow(box, 2 * clear), route)
            score = covered * 1000 + crossed * 10 + close * 2 + rank
            if best is None or score < best[0]:
                best = (score, box)
        if best is None:
            continue  # a room name with no room beside its anchor
        placed.append(Label(mark, text, px, anchor, best[1]))
        taken.append(best[1])
    return placed
