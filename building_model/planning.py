"""Finding a route: the quickest way from a position to a room's door on the
walk graph, normally or step-free, cut into legs per floor with their sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import networkx as nx

from kiosk_core.text import Text

from .directory import Directory
from .geometry import bearing
from .graph import Node, Snap, build_graph, shortest, snap, weight_for
from .phrasing import (
    NO_ACCESS,
    arrive_sentence,
    closed_reason,
    leave_sentence,
    no_route_reason,
    walk_sentences,
)
from .route import (
    CONNECTORS,
    Connector,
    ConnectorKind,
    Leg,
    NoRoute,
    Position,
    Route,
    Unreachable,
    position_of,
)
from .spec import Building, Closure, Lift, Link, Point, Room, Stairs


def kiosk_positions(building: Building) -> dict[str, Position]:
    """Every kiosk point of the building file, by id."""
    return {k.id: position_of(k) for k in building.kiosk_points}


@dataclass
class _Draft:
    nodes: list[Node]
    leave_by: Connector | None = None


def _connector(graph: nx.Graph, spec: Building, data: dict, v: Node) -> Connector:
    kind = data["kind"]
    sections: dict[str, Sequence[Lift | Stairs | Link]] = {
        "lift": spec.lifts,
        "stairs": spec.stairs,
        "bridge": spec.links,
    }
    items = sections[kind]
    name = next(i.name for i in items if i.id == data["ref"])
    to = graph.nodes[v]
    return Connector(kind, data["ref"], name, to["building"], to["floor"])


def _drafts(graph: nx.Graph, spec: Building, path: list[Node]) -> list[_Draft]:
    drafts: list[_Draft] = []
    current = [path[0]]
    for u, v in zip(path, path[1:], strict=False):
        data = graph.edges[u, v]
        if data["kind"] not in CONNECTORS:
            current.append(v)
            continue
        connector = _connector(graph, spec, data, v)
        previous = drafts[-1].leave_by if drafts else None
        if (
            len(current) == 1
            and previous
            and previous.kind == "stairs"
            and connector.kind == "stairs"
            and previous.id == connector.id
        ):
            drafts[-1].leave_by = replace(previous, to_floor=connector.to_floor)
        else:
            drafts.append(_Draft(current, connector))
        current = [v]
    drafts.append(_Draft(current))
    return drafts


def _xy(graph: nx.Graph, node: Node) -> Point:
    data = graph.nodes[node]
    return (data["x"], data["y"])


def _assemble(
    graph: nx.Graph,
    start: Position,
    where: Snap,
    path: list[Node],
    room: Room,
    step_free: bool,
    seconds: float,
) -> Route:
    spec: Building = graph.graph["spec"]
    legs: list[Leg] = []
    entered_by: ConnectorKind | None = None
    for index, draft in enumerate(_drafts(graph, spec, path)):
        nodes = draft.nodes
        points = [_xy(graph, n) for n in nodes]
        length = sum(
            graph.edges[u, v]["length"] for u, v in zip(nodes, nodes[1:], strict=False)
        )
        core = list(points)
        heading: float | None = None
        if index == 0:
            core = [where.point, *points]
            points = [(start.x, start.y), where.point, *points]
            length += where.offset + math.dist(where.point, points[2])
            heading = start.facing_degrees
        elif len(core) > 1:
            entry = core.pop(0)  # the spur out of the lift, stairs or bridge
            if math.dist(entry, core[0]) > 0.3:
                heading = bearing(entry, core[0])
        last = nodes[-1]
        if last[0] != "p" and len(core) > 1:
            core.pop()  # the spur into the door, lift, stairs or bridge
        sentences, heading = walk_sentences(core, heading, entered_by)
        if draft.leave_by:
            here = graph.nodes[nodes[-1]]["floor"]
            sentences.append(leave_sentence(draft.leave_by, spec, here))
            entered_by = draft.leave_by.kind
        else:
            sentences.append(arrive_sentence(room, heading, core[-1]))
        first = graph.nodes[nodes[0]]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        legs.append(
            Leg(
                first["building"],
                first["floor"],
                tuple(points),
                draft.leave_by,
                length,
                tuple(sentences),
            )
        )
    total = sum(leg.distance_m for leg in legs) + sum(
        graph.edges[u, v]["length"]
        for u, v in zip(path, path[1:], strict=False)
        if graph.edges[u, v]["kind"] in CONNECTORS
    )
    return Route(start, room.id, step_free, tuple(legs), total, seconds)


def _blame(
    spec: Building, graph: nx.Graph, start: Position, room: Room, step_free: bool
) -> tuple[Closure, ...]:
    """Closures that may explain a missing route: connectors near either end."""
    buildings = {start.building, room.building}
    owners = {}
    for section in ("lifts", "links", "corridors") + (() if step_free else ("stairs",)):
        for item in getattr(spec, section):
            if section == "links":
                ends = {item.from_.building, item.to.building}
            else:
                ends = {item.building}
            if ends & buildings:
                owners[item.id] = item
    closures: dict[str, Closure] = graph.graph["closures"]
    return tuple(c for target, c in closures.items() if target in owners)


def _name_of(spec: Building, target: str) -> Text:
    for section in ("lifts", "stairs", "links", "entrances", "rooms"):
        for item in getattr(spec, section):
            if item.id == target:
                return item.name
    return Text(ko=target, en=target)


def _no_route(
    spec: Building, graph: nx.Graph, start: Position, room: Room, step_free: bool
) -> NoRoute:
    blamed = _blame(spec, graph, start, room, step_free)
    named = [(_name_of(spec, closure.target), closure) for closure in blamed]
    return NoRoute(room.id, step_free, no_route_reason(room, step_free, named), blamed)


def _graph(graph_or_building: nx.Graph | Building, on: date | None) -> nx.Graph:
    if isinstance(graph_or_building, nx.Graph):
        return graph_or_building
    return build_graph(graph_or_building, on)


def plan_route(
    graph_or_building: nx.Graph | Building,
    start: Position,
    room_id: str,
    step_free: bool = False,
    *,
    walking_speed: float | None = None,
    on: date | None = None,
) -> Route | NoRoute:
    """The quickest way from ``start`` to the door of ``room_id`` (KeyError if unknown).

    ``step_free`` avoids stairs; ``walking_speed`` (m/s) defaults to the building
    file's; ``on`` picks the closures in force when a Building is given.
    """
    graph = _graph(graph_or_building, on)
    spec: Building = graph.graph["spec"]
    room = spec.room(room_id)
    door: Node = ("door", room_id)
    if door not in graph:
        closure = graph.graph["closures"].get(room_id)
        reason = closure.reason if closure else NO_ACCESS
        return NoRoute(
            room_id,
            step_free,
            closed_reason(room, reason),
            (closure,) if closure else (),
        )
    where = snap(graph, start.building, start.floor, start.x, start.y)
    if where is None:
        return _no_route(spec, graph, start, room, step_free)
    speed = walking_speed or spec.timing.walking_speed
    lead = where.offset / speed
    starts = {where.u: lead + where.to_u / speed}
    starts[where.v] = min(starts.get(where.v, math.inf), lead + where.to_v / speed)
    best, parent = shortest(graph, starts, weight_for(step_free, speed), door)
    if door not in best:
        return _no_route(spec, graph, start, room, step_free)
    path = [door]
    while path[-1] in parent:
        path.append(parent[path[-1]])
    path.reverse()
    return _assemble(graph, start, where, path, room, step_free, best[door])


def unreachable_from(
    graph_or_building: nx.Graph | Building,
    directory: Directory,
    kiosks: Mapping[str, Position] | Iterable[str] | None = None,
    *,
    on: date | None = None,
) -> list[Unreachable]:
    """Directory rooms some kiosk cannot reach, normally or step-free.

    ``kiosks`` maps ids to positions, or lists kiosk-point ids of the building
    file (KeyError when unknown); by default every kiosk point is checked.
    """
    graph = _graph(graph_or_building, on)
    spec: Building = graph.graph["spec"]
    if kiosks is None:
        kiosks = kiosk_positions(spec)
    elif not isinstance(kiosks, Mapping):
        kiosks = {k: position_of(spec.kiosk_point(k)) for k in kiosks}
    targets: dict[str, list[str]] = {}
    for department in directory.departments:
        targets.setdefault(department.room, []).append(department.id)
    for team in directory.teams:
        targets.setdefault(directory.room_of(team.id), []).append(team.id)
    found: list[Unreachable] = []
    for kiosk_id, start in kiosks.items():
        where = snap(graph, start.building, start.floor, start.x, start.y)
        for step_free in (False, True):
            best: dict[Node, float] = {}
            if where is not None:
                starts = {where.u: where.to_u, where.v: where.to_v}
                best, _ = shortest(graph, starts, weight_for(step_free, 1.0))
            found += [
                Unreachable(kiosk_id, room, step_free, tuple(ids))
                for room, ids in targets.items()
                if ("door", room) not in best
            ]
    return found
