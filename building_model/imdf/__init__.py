"""Importing an IMDF archive (the OGC community standard for indoor maps) into
the building and directory files.

- ``archive``: reading a .zip or folder and refusing a malformed one, naming
  the file and feature id;
- ``projection``: WGS84 to metres in the local east-north plane and back;
- ``categories``: what each IMDF category becomes;
- ``mapping``: features to sections, with a note for what cannot be mapped;
- ``writer``: the YAML an admin edits.

``import_archive`` runs them and then keeps out of the directory what the walk
graph cannot reach from every kiosk (normally and step-free), with the reason,
so the files it writes pass ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kiosk_core.yaml_source import ProblemsFound

from ..directory import parse_directory
from ..graph import build_graph, snap
from ..planning import kiosk_positions, unreachable_from
from ..spec import Building, parse_building
from .archive import Archive, ImdfError, Problem, read_archive
from .categories import generic
from .mapping import Item, Mapped, Note, map_archive
from .projection import LocalFrame, to_local, to_wgs84
from .writer import write_building, write_directory

#: Bureaus of the directory made from room names (an archive without occupants).
_ROOM_BUREAUS = {
    "office": {"ko": "사무실", "en": "Offices", "zh": "办公室", "vi": "Văn phòng"},
    "hall": {"ko": "홀", "en": "Halls", "zh": "大厅", "vi": "Sảnh"},
    "counter": {"ko": "창구", "en": "Counters", "zh": "窗口", "vi": "Quầy"},
    "facility": {"ko": "편의시설", "en": "Facilities", "zh": "设施", "vi": "Tiện ích"},
}


@dataclass
class Imported:
    """The two files' text, what was mapped, and the building as checked."""

    building_yaml: str
    directory_yaml: str
    mapped: Mapped
    building: Building | None
    problems: list[str]

    def counts(self) -> dict[str, int]:
        """How many of each section were written."""
        names = (
            "floors",
            "rooms",
            "walkways",
            "openings",
            "lifts",
            "stairs",
            "entrances",
            "kiosk_points",
            "bureaus",
            "departments",
        )
        return {name: len(self.mapped.section(name)) for name in names}


def _rooms_as_departments(mapped: Mapped) -> None:
    """No occupant made it: the directory lists the rooms by kind instead."""
    kinds: dict[str, str] = {}
    for room in mapped.section("rooms"):
        kind = room.data.get("kind", "office")
        if kind not in kinds:
            kinds[kind] = f"{kind}s"
            mapped.section("bureaus").append(
                Item({"id": kinds[kind], "name": _ROOM_BUREAUS[kind]}, [])
            )
        mapped.section("departments").append(
            Item(
                {
                    "id": room.data["id"],
                    "bureau": kinds[kind],
                    "name": room.data["name"],
                    "room": room.data["id"],
                },
                room.sources[:1],
            )
        )
    mapped.notes.append(
        Note(
            "occupant",
            "-",
            "no occupant of the archive is in a room every kiosk reaches: the "
            "directory lists the rooms by kind instead",
        )
    )


def _why(
    graph: nx.Graph, building: Building, room: str, kiosk: str, step_free: bool
) -> str:
    spec = next(r for r in building.rooms if r.id == room)
    start = building.kiosk_point(kiosk)
    where = snap(graph, start.building, start.floor, start.x, start.y)
    if where is None:
        return f"kiosk '{kiosk}' stands on no walk line"
    if step_free and nx.has_path(graph, where.u, ("door", room)):
        return f"only stairs or escalators lead to {spec.building} {spec.floor}"
    return (
        f"no walk line joins its door to kiosk '{kiosk}' (walkways of "
        f"{spec.building} {spec.floor} joined by no opening, shared wall, lift "
        "or stairs)"
    )


def _keep_reachable(mapped: Mapped, building: Building) -> None:
    """Departments in rooms some kiosk cannot reach are listed, not written."""
    try:
        directory = parse_directory(write_directory(mapped), "directory.yaml", building)
    except ProblemsFound:
        return
    graph = build_graph(building)
    gaps = unreachable_from(graph, directory, kiosk_positions(building))
    dropped: dict[str, str] = {}
    for gap in gaps:
        if gap.room not in dropped:
            how = "step-free " if gap.step_free else ""
            dropped[gap.room] = (
                f"room '{gap.room}' cannot be reached {how}from kiosk '{gap.kiosk}': "
                + _why(graph, building, gap.room, gap.kiosk, gap.step_free)
            )
    kept: list[Item] = []
    for item in mapped.section("departments"):
        reason = dropped.get(item.data["room"])
        if reason is None:
            kept.append(item)
        else:
            kind = "occupant" if len(item.sources) > 1 else "unit"
            mapped.notes.append(
                Note(kind, item.sources[0] if item.sources else "-", reason)
            )
    mapped.sections["departments"] = kept
    used = {item.data["bureau"] for item in kept}
    mapped.sections["bureaus"] = [
        b for b in mapped.section("bureaus") if b.data["id"] in used
    ]


def import_archive(path: Path, storey_height: float = 4.0) -> Imported:
    """Read, map and write an IMDF archive; ImdfError when it is malformed.

    ``problems`` lists what ``check`` would still refuse in the written files
    (empty when they pass).
    """
    archive = read_archive(path)
    mapped = map_archive(archive, storey_height)
    building: Building | None = None
    problems: list[str] = []
    try:
        building = parse_building(write_building(mapped), "building.yaml")
    except ProblemsFound as err:
        problems = [str(p) for p in err.problems]
    if building is not None:
        _keep_reachable(mapped, building)
        if not mapped.section("departments"):
            _rooms_as_departments(mapped)
            _keep_reachable(mapped, building)
        try:
            parse_directory(write_directory(mapped), "directory.yaml", building)
        except ProblemsFound as err:
            problems = [str(p) for p in err.problems]
    return Imported(
        write_building(mapped), write_directory(mapped), mapped, building, problems
    )


__all__ = [
    "Archive",
    "ImdfError",
    "Imported",
    "LocalFrame",
    "Problem",
    "generic",
    "import_archive",
    "read_archive",
    "to_local",
    "to_wgs84",
]
