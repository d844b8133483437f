"""From a checked IMDF archive to the sections of the building and directory
files: floors, walkways, rooms with real outlines and doors, openings, lifts,
stairs, entrances, kiosk points, bureaus and departments.

Every item keeps the ids of the features it came from (the YAML writer puts
them in comments), and everything that could not be mapped is a ``Note``
with its feature id and the reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, shape
from shapely.geometry import Point as ShapelyPoint
from shapely.ops import unary_union

from kiosk_core.locales import LOCALES

from ..geometry import bearing
from ..spec import REACH_M, Point
from .archive import Archive, Feature, geometry_problem
from .categories import (
    ENTRANCE_OPENINGS,
    NOT_STEP_FREE,
    SKIPPED,
    category_words,
    floor_id,
    floor_names,
    generic,
    unit_role,
)
from .projection import LocalFrame

#: An opening this close to a unit's wall opens into that unit.
WALL_TOLERANCE_M = 0.5
#: An opening on a walkway's edge opens into a unit this far across the wall.
GAP_M = 3.0
#: The same lift or stairs on the next floor lies this close, or overlaps.
STACK_M = 2.0
#: Outlines are simplified to this (walls drawn with many tiny segments).
SIMPLIFY_M = 0.02
#: Points must stay this far inside the building check's reach.
_REACH = REACH_M - 0.05
#: A restroom amenity in a walkway is drawn as a square this wide.
AMENITY_ROOM_M = 1.6

Labels = dict[str, str]


@dataclass(frozen=True)
class Note:
    """Something of the archive that is not in the files, or only with a caveat."""

    feature_type: str
    feature_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.feature_type} {self.feature_id}: {self.reason}"


@dataclass
class Item:
    """One entry of a section: its YAML mapping and the features it came from."""

    data: dict[str, Any]
    sources: list[str]


@dataclass
class Mapped:
    """Everything mapped, section by section, and the notes."""

    source: str
    georef: tuple[float, float]
    storey_height: float
    sections: dict[str, list[Item]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def section(self, name: str) -> list[Item]:
        """The items of a section (created empty)."""
        return self.sections.setdefault(name, [])


# --- small helpers --------------------------------------------------------------


def labels(value: Any) -> Labels:
    """The languages of an IMDF label mapping the kiosk knows, Korean first."""
    if not isinstance(value, dict):
        return {}
    found: Labels = {}
    for tag, words in value.items():
        if not isinstance(tag, str) or not isinstance(words, str) or not words.strip():
            continue
        code = tag.lower().replace("_", "-").split("-")[0]
        if code in LOCALES and code not in found:
            found[code] = words.strip()[:200]
    return {code: found[code] for code in LOCALES if code in found}


def _unknown_labels(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    return ", ".join(f"{k}: {v}" for k, v in value.items() if isinstance(v, str))


def slug(words: str) -> str:
    """Lower-case ascii words joined by '-' ("Clinic 14" -> "clinic-14")."""
    text = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return text[:30].rstrip("-")


class Ids:
    """Ids unique across the file, as closures need."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str, fallback: str) -> str:
        """``base`` (or ``fallback`` when it is empty), numbered when taken."""
        base = (base or fallback)[:34].strip("-_") or fallback
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate


def _round(p: Iterable[float]) -> Point:
    x, y = p
    return (round(float(x), 2) + 0.0, round(float(y), 2) + 0.0)


def _largest(geometry: Any) -> Polygon | None:
    if isinstance(geometry, Polygon):
        return geometry
    if isinstance(geometry, MultiPolygon) or hasattr(geometry, "geoms"):
        parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]
        return max(parts, key=lambda g: g.area) if parts else None
    return None


def outline(polygon: Polygon) -> list[Point]:
    """A polygon's outer ring as written: counter-clockwise, rounded, unclosed."""
    ring = shapely.geometry.polygon.orient(polygon, 1.0).exterior
    points = [_round(p) for p in ring.coords][:-1]
    kept: list[Point] = []
    for p in points:
        if not kept or p != kept[-1]:
            kept.append(p)
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()
    return kept


# --- levels and the frame ----------------------------------------------------------


@dataclass
class Level:
    """A level of the archive as mapped: its floor, and its shapes in metres."""

    feature: Feature
    building: str
    floor: str
    ordinal: int
    shape: Polygon
    walkways: list[tuple[Polygon, str]] = field(default_factory=list)

    def walk_gap(self, p: Point) -> float:
        """Distance from ``p`` to the nearest walkway of the level."""
        point = ShapelyPoint(p)
        return min((w.distance(point) for w, _ in self.walkways), default=math.inf)


@dataclass
class Unit:
    """A unit as mapped: role, shape in metres, and what opens into it."""

    feature: Feature
    level: Level
    role: str
    kind: str | None
    shape: Polygon
    doors: list[tuple[Point, Feature, Unit]] = field(default_factory=list)
    room_id: str | None = None


class Mapper:
    """Maps one archive; ``run()`` returns what was mapped and the notes."""

    def __init__(self, archive: Archive, storey_height: float = 4.0) -> None:
        self.archive = archive
        self.storey_height = storey_height
        self.frame = self._frame()
        self.out = Mapped(
            archive.source,
            (round(self.frame.latitude, 7), round(self.frame.longitude, 7)),
            storey_height,
        )
        self.ids = Ids()
        self.levels: dict[str, Level] = {}
        self.units: dict[str, Unit] = {}
        self.buildings: dict[str, str] = {}  # IMDF building id -> our id

    # -- geometry

    def _frame(self) -> LocalFrame:
        venue = next(iter(self.archive.of("venue")), None)
        point = (venue.properties.get("display_point") if venue else None) or {}
        coords = point.get("coordinates") if isinstance(point, dict) else None
        if (
            isinstance(coords, list)
            and len(coords) >= 2
            and all(isinstance(v, int | float) and math.isfinite(v) for v in coords[:2])
        ):
            return LocalFrame(coords[1], coords[0])
        shapes = [
            shape(f.geometry)
            for f in (venue and [venue]) or self.archive.of("level")
            if f.geometry
        ]
        centre = unary_union(shapes).centroid
        return LocalFrame(centre.y, centre.x)

    def local(self, geometry: Any) -> Any:
        """A shapely geometry in metres from a GeoJSON geometry in WGS84."""
        return shapely.transform(
            shape(geometry),
            lambda xy: [self.frame.to_local(x, y) for x, y in xy],
        )

    def point(self, geometry: Any) -> Point:
        """A GeoJSON point in metres."""
        lon, lat = geometry["coordinates"][:2]
        return self.frame.to_local(lon, lat)

    def polygon(self, feature: Feature) -> Polygon | None:
        """The feature's polygon in metres (the largest part, mended), or None with
        a note."""
        local = self.local(feature.geometry)
        parts = len(getattr(local, "geoms", [local]))
        polygon = _largest(local)
        if polygon is not None and not polygon.is_valid:
            polygon = _largest(shapely.make_valid(polygon))
            if polygon is not None:
                self.note(
                    feature, "its outline crosses itself; the mended shape is used"
                )
        if polygon is None or polygon.area < 0.5:
            self.note(feature, "its outline encloses no area")
            return None
        if parts > 1:
            self.note(feature, f"a shape of {parts} parts: the largest is used")
        polygon = Polygon(polygon.exterior).simplify(SIMPLIFY_M)
        rounded = Polygon(outline(polygon))
        return rounded if rounded.is_valid else polygon

    def note(self, feature: Feature, reason: str) -> None:
        """List a feature that could not be mapped (or only with a caveat)."""
        self.out.notes.append(Note(feature.type, feature.id, reason))

    # -- sections

    def run(self) -> Mapped:
        """Map the whole archive."""
        self._buildings()
        self._levels()
        self._units()
        self._openings()
        self._amenities()
        self._connectors()
        self._rooms()
        self._kiosks()
        self._directory()
        return self.out

    def _buildings(self) -> None:
        venue = next(iter(self.archive.of("venue")), None)
        features = self.archive.of("building")
        if not features:
            name = labels(venue.properties.get("name")) if venue else {}
            self.buildings[""] = self.ids.take("main", "main")
            self.out.section("buildings").append(
                Item(
                    {"id": "main", "name": name or generic("building", 1)},
                    [venue.id] if venue else [],
                )
            )
            return
        for n, feature in enumerate(features, 1):
            name = labels(feature.properties.get("name"))
            base = slug(name.get("en", "")) if len(features) > 1 else "main"
            our = self.ids.take(base, f"building-{n}")
            self.buildings[feature.id] = our
            if not name:
                if unknown := _unknown_labels(feature.properties.get("name")):
                    self.note(
                        feature,
                        f"its name is in no language the kiosk speaks ({unknown})",
                    )
                name = generic("building", n)
            self.out.section("buildings").append(
                Item({"id": our, "name": name}, [feature.id])
            )

    def _levels(self) -> None:
        taken: dict[tuple[str, str], str] = {}
        ordered = sorted(
            self.archive.of("level"), key=lambda f: f.properties["ordinal"]
        )
        for feature in ordered:
            props = feature.properties
            if props.get("outdoor") is True:
                self.note(feature, "an outdoor level")
                continue
            raw = props.get("building_ids")
            refs = [
                r
                for r in (raw if isinstance(raw, list) else [])
                if isinstance(r, str) and r in self.buildings
            ]
            if not refs:
                if len(self.buildings) != 1:
                    self.note(feature, "names no building of building.geojson")
                    continue
                refs = list(self.buildings)
            if len(refs) > 1:
                self.note(feature, f"shared by {len(refs)} buildings: put in the first")
            building = self.buildings[refs[0]]
            floor = floor_id(props["ordinal"])
            if floor is None:
                self.note(
                    feature, f"ordinal {props['ordinal']} has no floor id (B9..99F)"
                )
                continue
            if (building, floor) in taken:
                self.note(
                    feature,
                    f"a second level with ordinal {props['ordinal']} in building "
                    f"'{building}' (level {taken[(building, floor)]} is {floor})",
                )
                continue
            polygon = self.polygon(feature)
            if polygon is None:
                continue
            taken[(building, floor)] = feature.id
            self.levels[feature.id] = Level(
                feature, building, floor, props["ordinal"], polygon
            )
            name = floor_names(floor)
            name.update(labels(props.get("short_name")) or labels(props.get("name")))
            self.out.section("floors").append(
                Item(
                    {
                        "id": floor,
                        "building": building,
                        "name": name,
                        "elevation": round(props["ordinal"] * self.storey_height, 2),
                        "outline": outline(polygon),
                    },
                    [feature.id],
                )
            )

    def _units(self) -> None:
        for feature in self.archive.of("unit"):
            level = self.levels.get(feature.properties["level_id"])
            category = str(feature.properties.get("category") or "unspecified")
            if level is None:
                self.note(feature, "its level is not mapped")
                continue
            role, kind = unit_role(category)
            if role == "skip":
                reason = SKIPPED.get(category, f"unknown unit category '{category}'")
                self.note(feature, reason)
                continue
            polygon = self.polygon(feature)
            if polygon is None:
                continue
            unit = Unit(feature, level, role, kind, polygon)
            self.units[feature.id] = unit
            if role == "walkway":
                self._walkway(unit, category)

    def _walkway(self, unit: Unit, category: str) -> None:
        level, feature = unit.level, unit.feature
        name = labels(feature.properties.get("name"))
        base = slug(name.get("en", ""))
        our = self.ids.take(
            f"{base}-{level.floor.lower()}" if base else "",
            f"walk-{level.floor.lower()}",
        )
        level.walkways.append((unit.shape, our))
        data: dict[str, Any] = {
            "id": our,
            "building": level.building,
            "floor": level.floor,
            "outline": outline(unit.shape),
        }
        if name:
            data["name"] = name
        if category in NOT_STEP_FREE:
            self.note(
                feature,
                f"steps mapped as walkway '{our}': step-free routes may cross them; "
                "close it or redraw it if a wheelchair cannot",
            )
        self.out.section("walkways").append(Item(data, [feature.id]))

    def _openings(self) -> None:
        by_level: dict[str, list[Unit]] = {}
        for unit in self.units.values():
            by_level.setdefault(unit.level.feature.id, []).append(unit)
        n_entrance = 0
        for feature in self.archive.of("opening"):
            level = self.levels.get(feature.properties["level_id"])
            if level is None:
                self.note(feature, "its level is not mapped")
                continue
            line = self.local(feature.geometry)
            if line.length < 0.05:
                self.note(feature, "a doorway of no width")
                continue
            middle = line.interpolate(0.5, normalized=True)
            mid = (middle.x, middle.y)
            near = [
                u
                for u in by_level.get(level.feature.id, [])
                if u.shape.exterior.distance(middle) <= WALL_TOLERANCE_M
                and u.shape.buffer(WALL_TOLERANCE_M).intersects(line)
            ]
            walks = [u for u in near if u.role == "walkway"]
            others = [u for u in near if u.role != "walkway"]
            category = str(feature.properties.get("category") or "pedestrian")
            if not walks:
                if len(others) >= 2 and all(u.role == "room" for u in others):
                    for a in others:
                        for b in others:
                            if a is not b:
                                a.doors.append((mid, feature, b))
                    continue
                self._stray_opening(feature, near)
                continue
            for unit in others:
                unit.doors.append((mid, feature, walks[0]))
            if others:
                continue
            if len(walks) >= 2:
                our = self.ids.take("", f"op-{level.floor.lower()}")
                self.out.section("openings").append(
                    Item(
                        {
                            "id": our,
                            "building": level.building,
                            "floor": level.floor,
                            "point": list(_round(mid)),
                        },
                        [feature.id],
                    )
                )
                continue
            if level.shape.exterior.distance(middle) > WALL_TOLERANCE_M:
                self._across_gap(
                    feature, line, mid, walks[0], by_level[level.feature.id]
                )
                continue
            if category not in ENTRANCE_OPENINGS:
                self.note(
                    feature, f"a '{category}' opening to outside: not for visitors"
                )
                continue
            n_entrance += 1
            principal = category == "pedestrian.principal"
            name = labels(feature.properties.get("name")) or (
                generic("main-entrance")
                if principal
                else generic("entrance", n_entrance)
            )
            base = (
                slug(name.get("en", ""))
                if labels(feature.properties.get("name"))
                else ""
            )
            our = self.ids.take(base, "main-entrance" if principal else "entrance")
            self.out.section("entrances").append(
                Item(
                    {
                        "id": our,
                        "name": name,
                        "building": level.building,
                        "floor": level.floor,
                        "point": list(_round(mid)),
                    },
                    [feature.id, walks[0].feature.id],
                )
            )

    def _across_gap(
        self, feature: Feature, line: Any, mid: Point, walk: Unit, units: list[Unit]
    ) -> None:
        """An opening drawn on a walkway's edge with the wall left as a gap: the
        unit just across the gap is the one it opens into."""
        across = [
            (u.shape.distance(line), u)
            for u in units
            if u.role != "walkway" and u.shape.distance(line) <= GAP_M
        ]
        if not across:
            self.note(feature, "opens from a walkway into no other mapped unit")
            return
        gap, unit = min(across, key=lambda a: a[0])
        unit.doors.append((mid, feature, walk))
        self.note(
            feature,
            f"drawn {gap:.1f} m from the wall of unit {unit.feature.id}: "
            "taken as its door",
        )

    def _stray_opening(self, feature: Feature, near: list[Unit]) -> None:
        if not near:
            self.note(feature, "lies on the wall of no mapped unit")
            return
        names = ", ".join(f"{u.role} {u.feature.id}" for u in near)
        self.note(feature, f"joins no walkway (only {names})")

    # -- amenities, lifts and stairs

    def _amenities(self) -> None:
        self.stacked: list[dict[str, Any]] = []
        for unit in self.units.values():
            if unit.role in ("lift", "stairs", "escalator"):
                self.stacked.append(
                    {
                        "kind": unit.role,
                        "level": unit.level,
                        "shape": unit.shape,
                        "point": None,
                        "doors": [d for d, _, w in unit.doors if w.role == "walkway"],
                        "name": labels(unit.feature.properties.get("name")),
                        "sources": [unit.feature.id],
                    }
                )
        by_unit = {id(s["shape"]): s for s in self.stacked}
        for feature in self.archive.of("amenity"):
            category = str(feature.properties.get("category") or "")
            units = [
                self.units[u]
                for u in feature.properties.get("unit_ids") or []
                if u in self.units
            ]
            kind = {
                "elevator": "lift",
                "stairs": "stairs",
                "escalator": "escalator",
            }.get(category)
            if kind is None and not category.startswith("restroom"):
                self.note(
                    feature, f"no place in the building file for a '{category}' amenity"
                )
                continue
            if not units:
                self.note(feature, "lies in no mapped unit, so its floor is unknown")
                continue
            point = self.point(feature.geometry)
            unit = next(
                (u for u in units if u.shape.buffer(0.5).covers(ShapelyPoint(point))),
                units[0],
            )
            if kind is not None:
                stack = by_unit.get(id(unit.shape)) if unit.role == kind else None
                if stack is not None:
                    stack["point"] = point
                    stack["sources"].append(feature.id)
                    continue
                self.stacked.append(
                    {
                        "kind": kind,
                        "level": unit.level,
                        "shape": None,
                        "point": point,
                        "doors": [],
                        "name": labels(feature.properties.get("name")),
                        "sources": [feature.id],
                    }
                )
                continue
            self._restroom(feature, unit, point)

    def _restroom(self, feature: Feature, unit: Unit, point: Point) -> None:
        if unit.role == "room":
            unit.kind = "facility"
            unit.feature.properties.setdefault("_amenity", feature.id)
            if not labels(unit.feature.properties.get("name")):
                unit.feature.properties["_generic"] = "restroom"
            return
        if unit.role != "walkway":
            self.note(feature, f"a restroom in a {unit.role}: not mapped")
            return
        half = AMENITY_ROOM_M / 2
        x, y = point
        square = Polygon(
            [
                (x - half, y - half),
                (x + half, y - half),
                (x + half, y + half),
                (x - half, y + half),
            ]
        )
        name = labels(feature.properties.get("name")) or generic("restroom")
        our = self.ids.take(f"restroom-{unit.level.floor.lower()}", "restroom")
        self.out.section("rooms").append(
            Item(
                {
                    "id": our,
                    "name": name,
                    "building": unit.level.building,
                    "floor": unit.level.floor,
                    "outline": outline(square),
                    "door": list(_round(point)),
                    "kind": "facility",
                },
                [feature.id],
            )
        )
        self.note(
            feature,
            f"a restroom amenity in a walkway: room '{our}' drawn as a "
            f"{AMENITY_ROOM_M:g} m square at its point; draw its real outline",
        )

    def _chains(self) -> list[list[dict[str, Any]]]:
        """Lifts, stairs and escalators stacked over consecutive floors."""
        chains: list[list[dict[str, Any]]] = []
        ordered = sorted(self.stacked, key=lambda s: s["level"].ordinal)
        for item in ordered:
            here = item["shape"] or ShapelyPoint(item["point"]).buffer(0.1)
            best: tuple[float, list[dict[str, Any]]] | None = None
            for chain in chains:
                last = chain[-1]
                if (
                    last["kind"] != item["kind"]
                    or last["level"].building != item["level"].building
                    or last["level"].ordinal != item["level"].ordinal - 1
                ):
                    continue
                there = last["shape"] or ShapelyPoint(last["point"]).buffer(0.1)
                gap = here.distance(there)
                overlap = here.intersection(there).area / max(
                    min(here.area, there.area), 1e-9
                )
                if gap <= STACK_M or overlap > 0.25:
                    score = gap - overlap
                    if best is None or score < best[0]:
                        best = (score, chain)
            if best is None:
                chains.append([item])
            else:
                best[1].append(item)
        return chains

    def _connectors(self) -> None:
        counts = {"lift": 0, "stairs": 0, "escalator": 0}
        what = {"lift": "elevator", "stairs": "stairs", "escalator": "escalator"}
        for chain in self._chains():
            kind = chain[0]["kind"]
            sources = [s for item in chain for s in item["sources"]]
            first = chain[0]
            if len(chain) < 2:
                self.out.notes.append(
                    Note(
                        "unit" if first["shape"] is not None else "amenity",
                        first["sources"][0],
                        f"{what[kind]} on one floor only ({first['level'].floor}): "
                        "no floor above or below to reach",
                    )
                )
                continue
            centres = [item["point"] or _inside(item["shape"]) for item in chain]
            mean = (
                sum(p[0] for p in centres) / len(centres),
                sum(p[1] for p in centres) / len(centres),
            )
            candidates = [mean, *centres, *(d for item in chain for d in item["doors"])]

            def served(p: Point, chain: list[dict[str, Any]] = chain) -> int:
                return sum(item["level"].walk_gap(p) <= _REACH for item in chain)

            position = max(candidates, key=served)
            kept = [
                item for item in chain if item["level"].walk_gap(position) <= _REACH
            ]
            for item in chain:
                if item not in kept:
                    self.out.notes.append(
                        Note(
                            "unit" if item["shape"] is not None else "amenity",
                            item["sources"][0],
                            f"{what[kind]} on {item['level'].floor} is "
                            f"{item['level'].walk_gap(position):.1f} m from any "
                            "walkway there: that floor is left out",
                        )
                    )
            if len(kept) < 2:
                continue
            counts[kind] += 1
            n = counts[kind]
            name = next((item["name"] for item in kept if item["name"]), None)
            name = generic(kind, n) if not name else name
            base = {"lift": "lift", "stairs": "stairs", "escalator": "escalator"}[kind]
            our = self.ids.take(f"{base}-{n}", base)
            data: dict[str, Any] = {
                "id": our,
                "name": name,
                "building": kept[0]["level"].building,
                "floors": [item["level"].floor for item in kept],
                "position": list(_round(position)),
            }
            facing = _facing(kept[0])
            if facing is not None:
                data["facing"] = facing
            section = "lifts" if kind == "lift" else "stairs"
            self.out.section(section).append(Item(data, sources))
            if kind == "escalator":
                self.out.notes.append(
                    Note(
                        "unit",
                        sources[0],
                        f"escalator '{our}' written as stairs (not step-free; either "
                        "direction)",
                    )
                )

    # -- rooms

    def _door(self, unit: Unit) -> tuple[Point, list[str]] | None:
        """The door into a walkway, through at most two other rooms."""
        seen = {id(unit)}
        frontier: list[tuple[Unit, list[str]]] = [(unit, [])]
        for _ in range(3):
            following: list[tuple[Unit, list[str]]] = []
            for here, path in frontier:
                walkway_doors = [
                    (p, f) for p, f, other in here.doors if other.role == "walkway"
                ]
                if walkway_doors:
                    principal = [
                        d
                        for d in walkway_doors
                        if d[1].properties.get("category") == "pedestrian.principal"
                    ]
                    p, f = (principal or walkway_doors)[0]
                    return p, [*path, f.id]
                for _, f, other in here.doors:
                    if other.role == "room" and id(other) not in seen:
                        seen.add(id(other))
                        following.append((other, [*path, f.id, other.feature.id]))
            frontier = following
        return None

    def _rooms(self) -> None:
        counts: dict[str, int] = {}
        for unit in self.units.values():
            if unit.role != "room":
                continue
            feature, level = unit.feature, unit.level
            found = self._door(unit)
            if found is None:
                self.note(feature, "a room with no opening to a walkway")
                continue
            door, via = found
            if level.walk_gap(door) > _REACH:
                self.note(feature, "its door is further than 1.5 m from any walkway")
                continue
            if len(via) > 1:
                self.note(
                    feature,
                    f"reached through unit {via[1]}: its door is that unit's door",
                )
            kind = unit.kind or "office"
            name = labels(feature.properties.get("name")) or labels(
                feature.properties.get("alt_name")
            )
            base = slug(name.get("en", ""))
            if not name:
                counts[kind] = counts.get(kind, 0) + 1
                if unknown := _unknown_labels(feature.properties.get("name")):
                    self.note(
                        feature,
                        f"its name is in no language the kiosk speaks ({unknown})",
                    )
                if feature.properties.get("_generic") == "restroom":
                    name = generic("restroom")
                else:
                    name = generic(kind, counts[kind])
            if not base and feature.properties.get("_generic") == "restroom":
                base = f"restroom-{level.floor.lower()}"
            our = self.ids.take(base, f"{level.floor.lower()}-{kind}")
            unit.room_id = our
            sources = [feature.id, *via]
            if "_amenity" in feature.properties:
                sources.append(feature.properties["_amenity"])
            self.out.section("rooms").append(
                Item(
                    {
                        "id": our,
                        "name": name,
                        "building": level.building,
                        "floor": level.floor,
                        "outline": outline(unit.shape),
                        "door": list(_round(door)),
                        "kind": kind,
                    },
                    sources,
                )
            )

    # -- kiosks

    def _kiosks(self) -> None:
        anchors = self.archive.by_id("anchor")
        for n, feature in enumerate(self.archive.of("kiosk"), 1):
            level = self.levels.get(feature.properties.get("level_id") or "")
            if level is None:
                self.note(feature, "its level is not mapped")
                continue
            props = feature.properties
            anchor = anchors.get(props.get("anchor_id") or "")
            display = props.get("display_point")
            if geometry_problem(display, ("Point",)) is None:
                where = self.point(display)
            elif anchor is not None:
                where = self.point(anchor.geometry)
            else:
                where = _inside(self.local(feature.geometry).buffer(0))
            if level.walk_gap(where) > _REACH:
                self.note(feature, f"{level.walk_gap(where):.1f} m from any walkway")
                continue
            facing = props.get("facing")
            facing = float(facing) % 360 if isinstance(facing, int | float) else 0.0
            name = labels(props.get("name")) or generic("kiosk", n)
            our = self.ids.take(slug(name.get("en", "")), "kiosk")
            x, y = _round(where)
            self.out.section("kiosk_points").append(
                Item(
                    {
                        "id": our,
                        "name": name,
                        "building": level.building,
                        "floor": level.floor,
                        "x": x,
                        "y": y,
                        "facing": round(facing, 1) % 360.0,
                    },
                    [feature.id],
                )
            )
        if not self.out.section("kiosk_points"):
            self._placed_kiosk()

    def _placed_kiosk(self) -> None:
        """No kiosk in the archive: one at the main entrance (or the ground floor's
        largest walkway), for the admin to move where the kiosk really stands."""
        entrances = self.out.section("entrances")
        chosen = next((e for e in entrances if e.data["id"].startswith("main")), None)
        chosen = chosen or next(iter(entrances), None)
        if chosen is not None:
            level = next(
                lv
                for lv in self.levels.values()
                if (lv.building, lv.floor)
                == (chosen.data["building"], chosen.data["floor"])
            )
            at = ShapelyPoint(chosen.data["point"])
            walk = min(level.walkways, key=lambda w: w[0].distance(at))[0]
            # a little way in from the door, facing into the building
            inner = walk.buffer(-0.5)
            ring = (_largest(inner) or walk).exterior
            stand = ring.interpolate(ring.project(at))
            where = (stand.x, stand.y)
            heading = bearing((at.x, at.y), where) if at.distance(stand) > 0.01 else 0.0
            sources = chosen.sources
        else:
            grounds = [lv for lv in self.levels.values() if lv.walkways]
            if not grounds:
                self.out.notes.append(
                    Note(
                        "kiosk",
                        "-",
                        "no kiosk and no walkway to put one on: add a kiosk point",
                    )
                )
                return
            level = min(grounds, key=lambda lv: abs(lv.ordinal))
            walk = max(level.walkways, key=lambda w: w[0].area)[0]
            where, heading = _inside(walk), 0.0
            sources = []
        x, y = _round(where)
        our = self.ids.take("lobby", "kiosk")
        self.out.section("kiosk_points").append(
            Item(
                {
                    "id": our,
                    "name": generic("kiosk", 1),
                    "building": level.building,
                    "floor": level.floor,
                    "x": x,
                    "y": y,
                    "facing": round(heading, 1) % 360.0,
                },
                sources,
            )
        )
        self.out.notes.append(
            Note(
                "kiosk",
                "-",
                f"the archive has no kiosk: kiosk point '{our}' placed on "
                f"{level.floor} "
                + (
                    "just inside the main entrance"
                    if chosen
                    else "in its largest walkway"
                )
                + "; move it where the kiosk stands",
            )
        )

    # -- directory

    def _directory(self) -> None:
        anchors = self.archive.by_id("anchor")
        bureaus: dict[str, str] = {}
        for n, feature in enumerate(self.archive.of("occupant"), 1):
            props = feature.properties
            anchor = anchors[props["anchor_id"]]
            unit = self.units.get(anchor.properties.get("unit_id") or "")
            if unit is None:
                self.note(feature, "its anchor lies in no mapped unit")
                continue
            if unit.room_id is None:
                self.note(
                    feature,
                    f"its anchor lies in {unit.role} unit {unit.feature.id}, "
                    "not in a room of the building file",
                )
                continue
            name = labels(props.get("name"))
            if not name:
                unknown = _unknown_labels(props.get("name"))
                self.note(
                    feature,
                    "no name in a language the kiosk speaks"
                    + (f" ({unknown})" if unknown else ""),
                )
                continue
            category = str(props.get("category") or "other")
            if category not in bureaus:
                bureaus[category] = self.ids.take(slug(category), "other")
                self.out.section("bureaus").append(
                    Item(
                        {
                            "id": bureaus[category],
                            "name": {"en": category_words(category)},
                        },
                        [],
                    )
                )
            data: dict[str, Any] = {
                "id": self.ids.take(slug(name.get("en", "")), f"dept-{n}"),
                "bureau": bureaus[category],
                "name": name,
                "room": unit.room_id,
            }
            phone = props.get("phone")
            if isinstance(phone, str) and re.fullmatch(r"[0-9+][0-9 -]{2,19}", phone):
                data["phone"] = phone
            self.out.section("departments").append(
                Item(data, [feature.id, anchor.id, unit.feature.id])
            )


def _inside(polygon: Polygon) -> Point:
    p = polygon.representative_point()
    return (p.x, p.y)


def _facing(item: dict[str, Any]) -> float | None:
    """The bearing out of a lift or stairs: from its middle through its door."""
    if item["shape"] is None or not item["doors"]:
        return None
    return round(bearing(_inside(item["shape"]), item["doors"][0]), 1) % 360.0


def map_archive(archive: Archive, storey_height: float = 4.0) -> Mapped:
    """Map a checked archive to building and directory sections."""
    return Mapper(archive, storey_height).run()


__all__ = ["Item", "LineString", "Mapped", "Note", "map_archive"]
