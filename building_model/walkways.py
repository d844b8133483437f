"""Walk lines across walkable areas, for floors drawn as polygons (imported maps).

A walkway is a polygon (a lobby, a corridor unit). Everything a visitor walks
between lies in or on one: openings to the next walkway, room doors, lifts,
stairs, entrances, link ends and kiosks; two walkways that share a stretch of
wall with no opening drawn are joined in the middle of it. Within a walkway
the walk lines join those points (and the polygon's inner corners, so a line
can turn around a corner) wherever a straight line stays inside: the shortest
path inside the polygon then runs along them. Each point keeps its few
nearest lines, plus the shortest ones that join what would otherwise be apart.

The lines are ordinary two-point corridors named after their walkway, so the
walk graph, closures ("close the walkway") and snapping treat them like drawn
corridors.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint
from shapely.strtree import STRtree

from .spec import REACH_M, Building, Corridor, Lift, Point, Stairs, Walkway, polygon

#: Lines each point keeps to its nearest visible neighbours.
NEIGHBOURS = 6
#: How far a line may stray outside the polygon (walls drawn a little off).
_TOLERANCE_M = 0.1
#: The shortest shared wall that counts as an open connection between walkways.
MIN_SHARED_M = 0.8
_SAME_M = 0.05


def _floor_points(
    building: Building, where: tuple[str, str], closed: frozenset[str] | set[str]
) -> Iterator[Point]:
    """Every point of a floor that a walkway must reach."""
    b, f = where
    for opening in building.openings:
        if (opening.building, opening.floor) == where and opening.id not in closed:
            yield opening.point
    for room in building.rooms:
        if (room.building, room.floor) == where:
            yield room.door
    connectors: list[Lift | Stairs] = [*building.lifts, *building.stairs]
    for item in connectors:
        if item.building == b and f in item.floors:
            yield item.position
    for entrance in building.entrances:
        if (entrance.building, entrance.floor) == where:
            yield entrance.point
    for link in building.links:
        for end in (link.from_, link.to):
            if (end.building, end.floor) == where:
                yield end.point
    for kiosk in building.kiosk_points:
        if (kiosk.building, kiosk.floor) == where:
            yield (kiosk.x, kiosk.y)


def _shared_walls(shapes: list[Polygon]) -> dict[int, list[Point]]:
    """The middle of each wall two walkways share, for both of them."""
    found: dict[int, list[Point]] = {}
    tree = STRtree(shapes)
    for i, shape in enumerate(shapes):
        for j in tree.query(shape.buffer(_TOLERANCE_M)):
            j = int(j)
            if j <= i:
                continue
            common = shape.buffer(_TOLERANCE_M).intersection(
                shapes[j].buffer(_TOLERANCE_M)
            )
            # a sliver along the shared wall: its length is about half its perimeter
            if common.is_empty or common.length / 2 < MIN_SHARED_M + 2 * _TOLERANCE_M:
                continue
            middle = common.representative_point()
            for k in (i, j):
                found.setdefault(k, []).append((middle.x, middle.y))
    return found


def _inner_corners(shape: Polygon) -> list[Point]:
    """Reflex corners of the outline, nudged inside: where a path turns."""
    ring = shapely.geometry.polygon.orient(shape, 1.0).exterior
    points = list(ring.coords)[:-1]
    corners: list[Point] = []
    for k, (x, y) in enumerate(points):
        ax, ay = points[k - 1]
        bx, by = points[(k + 1) % len(points)]
        cross = (x - ax) * (by - y) - (y - ay) * (bx - x)
        if cross < 0:  # a right turn on a counter-clockwise ring: reflex
            inward = ShapelyPoint(x, y).buffer(0.3).intersection(shape).centroid
            if not inward.is_empty:
                corners.append((inward.x, inward.y))
    return corners


def _anchor(shape: Polygon, p: Point) -> Point:
    """``p`` itself when inside, else the nearest point of the outline."""
    point = ShapelyPoint(p)
    if shape.covers(point):
        return p
    near = shape.exterior.interpolate(shape.exterior.project(point))
    return (near.x, near.y)


def _dedupe(points: list[Point]) -> list[Point]:
    kept: list[Point] = []
    for p in points:
        if all(math.dist(p, q) > _SAME_M for q in kept):
            kept.append(p)
    return kept


def _lines(shape: Polygon, points: list[Point]) -> Iterator[tuple[Point, Point]]:
    """Visible pairs kept: each point's nearest, then joins between parts."""
    n = len(points)
    if n < 2:
        return
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    segments = [LineString([points[i], points[j]]) for i, j in pairs]
    inside = shapely.covers(shape.buffer(_TOLERANCE_M), np.array(segments))
    visible = sorted(
        (math.dist(points[i], points[j]), i, j)
        for (i, j), ok in zip(pairs, inside, strict=True)
        if ok
    )
    kept: set[tuple[int, int]] = set()
    count = [0] * n
    for _, i, j in visible:
        if count[i] < NEIGHBOURS or count[j] < NEIGHBOURS:
            kept.add((i, j))
            count[i] += 1
            count[j] += 1
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in kept:
        parent[root(i)] = root(j)
    for _, i, j in visible:  # shortest first: Kruskal over what is still apart
        if root(i) != root(j):
            parent[root(i)] = root(j)
            kept.add((i, j))
    for i, j in sorted(kept):
        yield points[i], points[j]


def walk_lines(
    building: Building, closed: frozenset[str] | set[str] = frozenset()
) -> list[Corridor]:
    """Two-point corridors across every open walkway of the building."""
    by_floor: dict[tuple[str, str], list[Walkway]] = {}
    for walkway in building.walkways:
        if walkway.id not in closed:
            by_floor.setdefault((walkway.building, walkway.floor), []).append(walkway)
    lines: list[Corridor] = []
    for where, walkways in by_floor.items():
        shapes = [polygon(w.outline) for w in walkways]
        shared = _shared_walls(shapes)
        targets = list(_floor_points(building, where, closed))
        for index, (walkway, shape) in enumerate(zip(walkways, shapes, strict=True)):
            near = shape.buffer(REACH_M + 1e-6)
            points: list[Point] = []
            steps: list[tuple[Point, Point]] = []  # from a point just outside in
            for p in targets:
                if near.covers(ShapelyPoint(p)):
                    anchor = _anchor(shape, p)
                    points.append(anchor)
                    if math.dist(anchor, p) > _SAME_M:
                        steps.append((p, anchor))
            points += shared.get(index, [])
            points += _inner_corners(shape)
            for a, b in [*steps, *_lines(shape, _dedupe(points))]:
                lines.append(
                    Corridor(
                        id=walkway.id,
                        building=walkway.building,
                        floor=walkway.floor,
                        points=[a, b],
                    )
                )
    return lines
