"""The walk graph: corridors (drawn, or lines across walkways) split at every
junction, doors, lifts, stairs, links.

Nodes are tuples: ``("p", building, floor, x, y)`` for corridor points,
``("door", room)``, ``("lift", id, floor)``, ``("stairs", id, floor)``,
``("link", id, "from"|"to")`` and ``("entrance", id)``. Every node carries
``building``, ``floor``, ``x`` and ``y``. Every edge carries ``kind`` (walk,
spur, lift, stairs or bridge), ``length`` in metres, ``seconds`` (a fixed time
for lifts and stairs, None for walking) and ``weight``: seconds at the
building's walking speed.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from .spec import REACH_M, Building, Corridor, Point, project
from .walkways import walk_lines

Node = tuple[Hashable, ...]
Weight = Callable[[dict[str, Any]], float | None]

_SNAP_EPS = 0.01  # metres: closer than this counts as the same point


@dataclass(frozen=True)
class Snap:
    """Where an arbitrary point joins the walk graph: on the walk edge u-v."""

    point: Point
    u: Node
    v: Node
    to_u: float
    to_v: float
    offset: float


def _rounded(p: Point) -> Point:
    """``p`` to the centimetre, as node keys hold it."""
    return (round(p[0], 2), round(p[1], 2))


def _key(building: str, floor: str, p: Point) -> Node:
    return ("p", building, floor, *_rounded(p))


def _crossing(a: Point, b: Point, c: Point, d: Point) -> tuple[float, float] | None:
    """Parameters (t on a-b, s on c-d) where two segments properly cross."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    denominator = rx * sy - ry * sx
    if abs(denominator) < 1e-12:
        return None
    qx, qy = c[0] - a[0], c[1] - a[1]
    t = (qx * sy - qy * sx) / denominator
    s = (qx * ry - qy * rx) / denominator
    if 0 <= t <= 1 and 0 <= s <= 1:
        return t, s
    return None


class _Floor:
    """Corridor pieces of one floor and the points that split them."""

    def __init__(self, building: str, floor: str, closed: set[str]):
        self.building, self.floor = building, floor
        self.pieces: list[tuple[Corridor, Point, Point, bool]] = []
        self.splits: list[list[tuple[float, Point]]] = []
        self.closed = closed
        self.drawn = 0  # pieces before this index are drawn corridors

    def add(self, corridor: Corridor, a: Point, b: Point) -> None:
        self.pieces.append((corridor, a, b, corridor.id in self.closed))
        self.splits.append([(0.0, a), (1.0, b)])

    def junctions(self) -> None:
        """Split pieces where they cross or where one ends on another.

        Lines across a walkway (added after the drawn corridors) already meet
        at their ends, so they are only checked against drawn corridors.
        """
        count = len(self.pieces)
        for i, j in combinations(range(count), 2):
            if i >= self.drawn:
                break
            _, a, b, _ = self.pieces[i]
            _, c, d, _ = self.pieces[j]
            # Use the endpoint itself so both pieces share one node key.
            for p in (c, d):
                _, t, gap = project(p, a, b)
                if gap < _SNAP_EPS:
                    self.splits[i].append((t, p))
            for p in (a, b):
                _, s, gap = project(p, c, d)
                if gap < _SNAP_EPS:
                    self.splits[j].append((s, p))
            cross = _crossing(a, b, c, d)
            if cross:
                t, s = cross
                point = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
                self.splits[i].append((t, point))
                self.splits[j].append((s, point))

    def attach(self, p: Point) -> tuple[Node, float] | None:
        """Split the nearest piece at the foot of ``p``; None if it is closed."""
        best: tuple[float, int, float, Point] | None = None
        for index, (_, a, b, _) in enumerate(self.pieces):
            q, t, gap = project(p, a, b)
            if best is None or gap < best[0]:
                best = (gap, index, t, q)
        # further than the building check allows: it lies on a walkway of its own
        if best is None or self.pieces[best[1]][3] or best[0] > REACH_M + _SNAP_EPS:
            return None
        gap, index, t, q = best
        self.splits[index].append((t, q))
        return _key(self.building, self.floor, q), gap

    def emit(
        self, graph: nx.Graph, speed: float
    ) -> list[tuple[Node, Node, Point, Point]]:
        """Add the open corridor edges; return them for snapping."""
        walk = []
        for piece, splits in zip(self.pieces, self.splits, strict=True):
            corridor, _, _, closed = piece
            if closed:
                continue
            chain: list[tuple[Node, Point]] = []
            for _, p in sorted(splits, key=lambda s: s[0]):
                node = _key(self.building, self.floor, p)
                if not chain or chain[-1][0] != node:
                    chain.append((node, _rounded(p)))
            for (u, pu), (v, pv) in zip(chain, chain[1:], strict=False):
                for node, p in ((u, pu), (v, pv)):
                    graph.add_node(
                        node, building=self.building, floor=self.floor, x=p[0], y=p[1]
                    )
                length = math.dist(pu, pv)
                graph.add_edge(
                    u,
                    v,
                    kind="walk",
                    corridor=corridor.id,
                    length=length,
                    seconds=None,
                    weight=length / speed,
                )
                walk.append((u, v, pu, pv))
        return walk


def build_graph(building: Building, on: date | None = None) -> nx.Graph:
    """The walk graph of ``building`` with the closures in force ``on`` (every
    closure in the file when None). The day is the site's, in its time zone:
    callers pass it, nothing here reads a clock."""
    closures = building.active_closures(on)
    closed = set(closures)
    timing = building.timing
    speed = timing.walking_speed
    graph: nx.Graph[Node] = nx.Graph(spec=building, closures=closures, walk={})
    floors: dict[tuple[str, str], _Floor] = {}
    for corridor in building.corridors:
        where = (corridor.building, corridor.floor)
        plan = floors.setdefault(where, _Floor(*where, closed))
        for a, b in zip(corridor.points, corridor.points[1:], strict=False):
            plan.add(corridor, a, b)
    for plan in floors.values():
        plan.drawn = len(plan.pieces)
    for line in walk_lines(building, closed):
        where = (line.building, line.floor)
        plan = floors.setdefault(where, _Floor(*where, closed))
        plan.add(line, line.points[0], line.points[1])
    for plan in floors.values():
        plan.junctions()

    spurs: list[tuple[Node, str, str, Point]] = []

    def place(node: Node, building_id: str, floor: str, p: Point, **extra: Any) -> None:
        graph.add_node(node, building=building_id, floor=floor, x=p[0], y=p[1], **extra)
        spurs.append((node, building_id, floor, p))

    for room in building.rooms:
        if room.id not in closed:
            place(("door", room.id), room.building, room.floor, room.door, room=room.id)
    for entrance in building.entrances:
        if entrance.id not in closed:
            place(
                ("entrance", entrance.id),
                entrance.building,
                entrance.floor,
                entrance.point,
            )
    for link in building.links:
        if link.id in closed:
            continue
        ends = (("from", link.from_), ("to", link.to))
        for side, end in ends:
            place(("link", link.id, side), end.building, end.floor, end.point)
        length = math.dist(link.from_.point, link.to.point)
        graph.add_edge(
            ("link", link.id, "from"),
            ("link", link.id, "to"),
            kind="bridge",
            ref=link.id,
            step_free=link.step_free,
            length=length,
            seconds=None,
            weight=length / speed,
        )

    for lift in building.lifts:
        if lift.id in closed:
            continue
        order = [f.id for f in building.floors_of(lift.building) if f.id in lift.floors]
        for floor in order:
            place(("lift", lift.id, floor), lift.building, floor, lift.position)
        for (i, floor_a), (j, floor_b) in combinations(enumerate(order), 2):
            seconds = timing.lift_wait_s + timing.lift_per_floor_s * (j - i)
            graph.add_edge(
                ("lift", lift.id, floor_a),
                ("lift", lift.id, floor_b),
                kind="lift",
                ref=lift.id,
                length=0.0,
                seconds=seconds,
                weight=seconds,
            )
    for stairs in building.stairs:
        if stairs.id in closed:
            continue
        order = [
            f.id for f in building.floors_of(stairs.building) if f.id in stairs.floors
        ]
        for floor in order:
            place(("stairs", stairs.id, floor), stairs.building, floor, stairs.position)
        for floor_a, floor_b in zip(order, order[1:], strict=False):
            graph.add_edge(
                ("stairs", stairs.id, floor_a),
                ("stairs", stairs.id, floor_b),
                kind="stairs",
                ref=stairs.id,
                length=timing.stairs_length_m,
                seconds=timing.stairs_per_floor_s,
                weight=timing.stairs_per_floor_s,
            )

    joins = []
    for node, building_id, floor, p in spurs:
        on_floor = floors.get((building_id, floor))
        joined = on_floor.attach(p) if on_floor else None
        if joined:
            joins.append((node, *joined))
    for where, plan in floors.items():
        graph.graph["walk"][where] = plan.emit(graph, speed)
    for node, foot, gap in joins:
        if foot in graph:  # its piece may be zero-length and so never emitted
            graph.add_edge(
                node, foot, kind="spur", length=gap, seconds=None, weight=gap / speed
            )
    return graph


def snap(graph: nx.Graph, building: str, floor: str, x: float, y: float) -> Snap | None:
    """Join an arbitrary point to the nearest open corridor of its floor."""
    best: Snap | None = None
    for u, v, pu, pv in graph.graph["walk"].get((building, floor), []):
        q, _, gap = project((x, y), pu, pv)
        if best is None or gap < best.offset:
            best = Snap(q, u, v, math.dist(q, pu), math.dist(q, pv), gap)
    return best


def weight_for(step_free: bool, speed: float) -> Weight:
    """Edge cost in seconds; None hides stairs (and stepped links) when step-free."""

    def cost(data: dict[str, Any]) -> float | None:
        if step_free and (data["kind"] == "stairs" or not data.get("step_free", True)):
            return None
        seconds = data["seconds"]
        return seconds if seconds is not None else data["length"] / speed

    return cost


def shortest(
    graph: nx.Graph,
    starts: dict[Node, float],
    weight: Weight,
    target: Node | None = None,
) -> tuple[dict[Node, float], dict[Node, Node]]:
    """Dijkstra from several starts with head starts; stops early at ``target``.

    Returns the cost to every settled node and each node's predecessor.
    """
    best: dict[Node, float] = {}
    parent: dict[Node, Node] = {}
    seen = dict(starts)
    queue = [(cost, index, node) for index, (node, cost) in enumerate(starts.items())]
    heapq.heapify(queue)
    counter = len(queue)
    adjacency = graph.adj
    while queue:
        cost, _, node = heapq.heappop(queue)
        if node in best:
            continue
        best[node] = cost
        if node == target:
            break
        for neighbour, data in adjacency[node].items():
            if neighbour in best:
                continue
            step = weight(data)
            if step is None:
                continue
            total = cost + step
            if total < seen.get(neighbour, math.inf):
                seen[neighbour] = total
                parent[neighbour] = node
                counter += 1
                heapq.heappush(queue, (total, counter, neighbour))
    return best, parent
