"""Routes from a kiosk to a room: legs per floor, distance, time and directions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

import networkx as nx

from kiosk_core.text import Text

from .directory import Directory
from .graph import Node, Snap, build_graph, shortest, snap, weight_for
from .spec import Building, Closure, KioskPoint, Point, Room

ConnectorKind = Literal["lift", "stairs", "bridge"]
_CONNECTORS = ("lift", "stairs", "bridge")


@dataclass(frozen=True)
class Position:
    """Where someone stands and which way they face (degrees from north).

    For a kiosk, ``facing_degrees`` is the way a visitor looks while using the
    screen, so the first turn ("go left") is told from their point of view.
    """

    building: str
    floor: str
    x: float
    y: float
    facing_degrees: float = 0.0


@dataclass(frozen=True)
class Connector:
    """How a leg leaves its floor: a lift, stairs or the bridge, and to where."""

    kind: ConnectorKind
    id: str
    name: Text
    to_building: str
    to_floor: str


@dataclass(frozen=True)
class Leg:
    """The part of a route on one floor."""

    building: str
    floor: str
    points: tuple[Point, ...]
    leave_by: Connector | None
    distance_m: float
    directions: tuple[Text, ...]


@dataclass(frozen=True)
class Route:
    """A way from a position to a room."""

    start: Position
    room: str
    step_free: bool
    legs: tuple[Leg, ...]
    distance_m: float
    seconds: float

    def directions(self, language: str) -> list[str]:
        """Every sentence of the route, in order, in ``language``."""
        return [t.get(language) for leg in self.legs for t in leg.directions]

    @property
    def minutes(self) -> int:
        """Estimated time, rounded up to whole minutes."""
        return max(1, math.ceil(self.seconds / 60))


@dataclass(frozen=True)
class NoRoute:
    """Why there is no way to the room (closures named when they are the cause)."""

    room: str
    step_free: bool
    reason: Text
    closures: tuple[Closure, ...] = ()


@dataclass(frozen=True)
class Unreachable:
    """A room that some kiosk cannot reach, and the directory entries in it."""

    kiosk: str
    room: str
    step_free: bool
    targets: tuple[str, ...]


def position_of(point: KioskPoint) -> Position:
    """The Position of a kiosk point from the building file."""
    return Position(point.building, point.floor, point.x, point.y, point.facing)


def kiosk_positions(building: Building) -> dict[str, Position]:
    """Every kiosk point of the building file, by id."""
    return {k.id: position_of(k) for k in building.kiosk_points}


# --- Korean particles ----------------------------------------------------------

# Whether the Korean reading of a trailing Latin letter or digit ends in a
# consonant (받침), and whether that consonant is ㄹ: "A" 에이 (none), "L" 엘 (ㄹ).
_LATIN_FINAL = {
    **dict.fromkeys("AaBbCcDdEeFfGgHhIiJjKkOoPpQqSsTtUuVvWwXxYyZz2459", None),
    **dict.fromkeys("LlRr178", "ㄹ"),
    **dict.fromkeys("MmNn036", "ㅇ"),
}


def _final(word: str) -> str | None:
    """The final consonant of the last syllable as read aloud (None if open)."""
    word = word.rstrip(" )]").rstrip()
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        tail = (ord(last) - 0xAC00) % 28
        return None if tail == 0 else ("ㄹ" if tail == 8 else "ㅇ")
    return _LATIN_FINAL.get(last)


def _object(word: str) -> str:
    return word + ("을" if _final(word) else "를")


def _topic(word: str) -> str:
    return word + ("은" if _final(word) else "는")


def _towards(word: str) -> str:
    return word + ("으로" if _final(word) not in (None, "ㄹ") else "로")


# --- geometry of directions --------------------------------------------------------


def _bearing(a: Point, b: Point) -> float:
    """Compass bearing from a to b: 0 north, 90 east."""
    return math.degrees(math.atan2(b[0] - a[0], b[1] - a[1])) % 360


def _relative(heading: float, bearing: float) -> float:
    """Signed turn from ``heading`` to ``bearing`` in (-180, 180]; right is positive."""
    turn = (bearing - heading) % 360
    return turn - 360 if turn > 180 else turn


def _turn(heading: float | None, bearing: float) -> str | None:
    if heading is None:
        return None
    rel = _relative(heading, bearing)
    if abs(rel) <= 30:
        return "straight"
    if abs(rel) >= 150:
        return "back"
    return "right" if rel > 0 else "left"


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and bends under 20 degrees."""
    kept: list[Point] = []
    for p in points:
        if not kept or math.dist(kept[-1], p) > 0.05:
            kept.append(p)
    changed = True
    while changed and len(kept) > 2:
        changed = False
        for i in range(1, len(kept) - 1):
            before = _bearing(kept[i - 1], kept[i])
            after = _bearing(kept[i], kept[i + 1])
            if abs(_relative(before, after)) < 20:
                del kept[i]
                changed = True
                break
    return kept


_GO_KO = {
    None: "{d}미터 가세요.",
    "straight": "앞으로 {d}미터 가세요.",
    "left": "왼쪽으로 돌아 {d}미터 가세요.",
    "right": "오른쪽으로 돌아 {d}미터 가세요.",
    "back": "뒤로 돌아 {d}미터 가세요.",
}
_GO_EN = {
    None: "go {d} m.",
    "straight": "go straight ahead for {d} m.",
    "left": "turn left and go {d} m.",
    "right": "turn right and go {d} m.",
    "back": "turn around and go {d} m.",
}
_EXIT = {
    "lift": ("엘리베이터에서 내려 ", "leave the lift, then "),
    "stairs": ("계단에서 나와 ", "leave the stairs, then "),
    "bridge": ("연결통로를 건넌 뒤 ", "after the bridge, "),
}
_SIDE = {
    "left": ("왼쪽에 있습니다", "is on your left"),
    "right": ("오른쪽에 있습니다", "is on your right"),
    "straight": ("정면에 있습니다", "is straight ahead"),
    "back": ("뒤쪽에 있습니다", "is behind you"),
    None: ("바로 여기에 있습니다", "is right here"),
}


def _say(ko: str, en: str) -> Text:
    return Text(ko=ko, en=en[:1].upper() + en[1:])


def _metres(length: float) -> int:
    return max(1, round(length))


def _walk_sentences(
    core: list[Point], heading: float | None, entered_by: ConnectorKind | None
) -> tuple[list[Text], float | None]:
    """Turn-by-turn sentences along ``core``; also the final heading."""
    path = _simplify(core)
    sentences: list[Text] = []
    for index, (a, b) in enumerate(zip(path, path[1:], strict=False)):
        bearing = _bearing(a, b)
        d = _metres(math.dist(a, b))
        turn = _turn(heading, bearing)
        ko, en = _GO_KO[turn].format(d=d), _GO_EN[turn].format(d=d)
        if index == 0 and entered_by:
            ko, en = _EXIT[entered_by][0] + ko, _EXIT[entered_by][1] + en
        sentences.append(_say(ko, en))
        heading = bearing
    return sentences, heading


def _leave_sentence(connector: Connector, spec: Building, here: str) -> Text:
    floor = spec.floor(connector.to_building, connector.to_floor).name
    if connector.kind == "lift":
        return _say(
            f"{_object(connector.name.ko)} 타고 {_towards(floor.ko)} 이동하세요.",
            f"take {connector.name.en} to {floor.en}.",
        )
    if connector.kind == "stairs":
        up = (
            spec.floor(connector.to_building, connector.to_floor).elevation
            > spec.floor(connector.to_building, here).elevation
        )
        verb_ko, verb_en = ("올라가세요", "up") if up else ("내려가세요", "down")
        return _say(
            f"{_object(connector.name.ko)} 이용해 {_towards(floor.ko)} {verb_ko}.",
            f"take {connector.name.en} {verb_en} to {floor.en}.",
        )
    building = spec.structure(connector.to_building).name
    return _say(
        f"{_object(connector.name.ko)} 건너 {_towards(building.ko + ' ' + floor.ko)} "
        "가세요.",
        f"cross the {connector.name.en} to the {building.en}, {floor.en}.",
    )


def _arrive_sentence(room: Room, heading: float | None, foot: Point) -> Text:
    offset = room.door if math.dist(room.door, foot) > 0.3 else room.box.centre
    side = None
    if heading is not None:
        side = _turn(heading, _bearing(foot, offset))
    ko, en = _SIDE[side]
    return _say(f"{_topic(room.name.ko)} {ko}.", f"{room.name.en} {en}.")


# --- planning ------------------------------------------------------------------


@dataclass
class _Draft:
    nodes: list[Node]
    leave_by: Connector | None = None


def _connector(graph: nx.Graph, spec: Building, data: dict, v: Node) -> Connector:
    kind = data["kind"]
    items = {"lift": spec.lifts, "stairs": spec.stairs, "bridge": spec.links}[kind]
    name = next(i.name for i in items if i.id == data["ref"])
    to = graph.nodes[v]
    return Connector(kind, data["ref"], name, to["building"], to["floor"])


def _drafts(graph: nx.Graph, spec: Building, path: list[Node]) -> list[_Draft]:
    drafts: list[_Draft] = []
    current = [path[0]]
    for u, v in zip(path, path[1:], strict=False):
        data = graph.edges[u, v]
        if data["kind"] not in _CONNECTORS:
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
                heading = _bearing(entry, core[0])
        last = nodes[-1]
        if last[0] != "p" and len(core) > 1:
            core.pop()  # the spur into the door, lift, stairs or bridge
        sentences, heading = _walk_sentences(core, heading, entered_by)
        if draft.leave_by:
            here = graph.nodes[nodes[-1]]["floor"]
            sentences.append(_leave_sentence(draft.leave_by, spec, here))
            entered_by = draft.leave_by.kind
        else:
            sentences.append(_arrive_sentence(room, heading, core[-1]))
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
        if graph.edges[u, v]["kind"] in _CONNECTORS
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
    head_ko = (
        "계단 없이 갈 수 있는 길이 없습니다"
        if step_free
        else "갈 수 있는 길이 없습니다"
    )
    head_en = "No step-free route" if step_free else "No route"
    ko = f"{_towards(room.name.ko)} {head_ko}."
    en = f"{head_en} to {room.name.en}."
    for closure in blamed:
        name = _name_of(spec, closure.target)
        ko += f" {name.ko}: {closure.reason.ko}."
        en += f" {name.en}: {closure.reason.en}."
    ko += " 안내 데스크에 문의해 주세요."
    en += " Please ask at the information desk."
    return NoRoute(room.id, step_free, Text(ko=ko, en=en), blamed)


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
        reason = closure.reason if closure else Text(ko="출입 불가", en="no access")
        return NoRoute(
            room_id,
            step_free,
            Text(
                ko=f"{_topic(room.name.ko)} 지금 이용할 수 없습니다: {reason.ko}.",
                en=f"{room.name.en} is closed: {reason.en}.",
            ),
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
