"""Reading an IMDF archive (a .zip, or a folder, of GeoJSON files) and
checking it before anything is mapped.

What breaks the format is refused with the file and feature id named: a
missing ``level.geojson``, text that is no JSON, a geometry of the wrong type,
a ring that is not closed or has too few points, a coordinate that is not a
number, a reference to a level, unit, building or anchor that is not there.
What is well formed but odd (a crossing outline, an unknown category) passes
here and is listed by the mapping instead.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The feature files the importer reads; others in the archive are left alone.
FILES = (
    "venue",
    "building",
    "level",
    "unit",
    "opening",
    "amenity",
    "occupant",
    "anchor",
    "kiosk",
)
REQUIRED = ("level", "unit")
#: Largest feature file read (a hostile zip can unpack to gigabytes).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Problems listed before the rest are counted only.
MAX_PROBLEMS = 50

_GEOMETRY: dict[str, tuple[str | None, ...]] = {
    "venue": ("Polygon", "MultiPolygon"),
    "building": (None, "Polygon", "MultiPolygon", "Point"),
    "level": ("Polygon", "MultiPolygon"),
    "unit": ("Polygon", "MultiPolygon"),
    "opening": ("LineString", "MultiLineString"),
    "amenity": ("Point",),
    "occupant": (None,),
    "anchor": ("Point",),
    "kiosk": ("Polygon", "MultiPolygon", "Point"),
}


@dataclass(frozen=True)
class Problem:
    """Why part of an archive cannot be read: the file, the feature, the reason."""

    file: str
    feature: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: feature {self.feature}" if self.feature else self.file
        return f"{where}: {self.message}"


class ImdfError(Exception):
    """An archive that cannot be imported, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more")
        super().__init__("\n".join(shown))


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature of the archive, as read."""

    id: str
    type: str
    geometry: dict[str, Any] | None
    properties: dict[str, Any]

    @property
    def file(self) -> str:
        """The file it came from."""
        return f"{self.type}.geojson"


@dataclass
class Archive:
    """The features of an archive by file, and where it was read from."""

    source: str
    features: dict[str, list[Feature]] = field(default_factory=dict)
    language: str | None = None

    def of(self, kind: str) -> list[Feature]:
        """The features of one file (none when the file is absent)."""
        return self.features.get(kind, [])

    def by_id(self, kind: str) -> dict[str, Feature]:
        """The features of one file by id."""
        return {f.id: f for f in self.of(kind)}


def _members(path: Path) -> Iterator[tuple[str, bytes | None]]:
    """(file name, content) of every feature file, from a zip or a folder."""
    wanted = {f"{name}.geojson" for name in FILES} | {"manifest.json"}
    if path.is_dir():
        found = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        if not wanted & set(found):  # one folder down (an unpacked zip)
            inner = [p for p in path.iterdir() if p.is_dir()]
            if len(inner) == 1:
                found = {p.name.lower(): p for p in inner[0].iterdir() if p.is_file()}
        for name in sorted(wanted & set(found)):
            size = found[name].stat().st_size
            yield name, None if size > MAX_FILE_BYTES else found[name].read_bytes()
        return
    with zipfile.ZipFile(path) as archive:
        entries: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1].lower()
            if (
                info.is_dir()
                or info.filename.startswith("__MACOSX")
                or base not in wanted
            ):
                continue
            entries.setdefault(base, info)
        for name in sorted(entries):
            info = entries[name]
            if info.file_size > MAX_FILE_BYTES:
                yield name, None
                continue
            with archive.open(info) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            yield name, None if len(data) > MAX_FILE_BYTES else data


def _position_problem(position: Any) -> str | None:
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        return "a position is not [longitude, latitude]"
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in position
    ):
        return "a coordinate is not a number"
    if not all(math.isfinite(v) for v in position):
        return "a coordinate is not a finite number (NaN or infinity)"
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return f"the position {lon}, {lat} is no longitude, latitude"
    return None


def _line_problem(line: Any, minimum: int, ring: bool) -> str | None:
    if not isinstance(line, list):
        return "the coordinates are not a list"
    for position in line:
        if problem := _position_problem(position):
            return problem
    if len(line) < minimum:
        what = "a ring" if ring else "a line"
        return f"{what} has {len(line)} positions; it needs at least {minimum}"
    if ring and line[0][:2] != line[-1][:2]:
        return "a ring is not closed (its last position differs from its first)"
    return None


def geometry_problem(geometry: Any, allowed: tuple[str | None, ...]) -> str | None:
    """Why a GeoJSON geometry is malformed or of a type not allowed (None: fine)."""
    if geometry is None:
        if None in allowed:
            return None
        return f"no geometry; a {' or '.join(str(a) for a in allowed)} is needed"
    if not isinstance(geometry, dict) or "type" not in geometry:
        return "the geometry is not a GeoJSON geometry"
    kind = geometry["type"]
    if kind not in allowed:
        wanted = " or ".join("null" if a is None else a for a in allowed)
        return f"the geometry is a {kind}; a {wanted} is needed"
    coords = geometry.get("coordinates")
    if kind == "Point":
        return _position_problem(coords)
    if kind == "LineString":
        return _line_problem(coords, 2, ring=False)
    if kind == "MultiLineString":
        if not isinstance(coords, list) or not coords:
            return "a MultiLineString without lines"
        return next(
            (p for line in coords if (p := _line_problem(line, 2, ring=False))), None
        )
    polygons = [coords] if kind == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return "a polygon without rings"
    for rings in polygons:
        if not isinstance(rings, list) or not rings:
            return "a polygon without rings"
        for ring in rings:
            if problem := _line_problem(ring, 4, ring=True):
                return problem
    return None


def _labels_problem(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return "a name is not a mapping of language tags to text"
    return None


def _features(name: str, data: bytes, problems: list[Problem]) -> list[Feature]:
    kind = name.removesuffix(".geojson")
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        problems.append(Problem(name, None, f"not readable as JSON ({err})"))
        return []
    if not isinstance(collection, dict) or not isinstance(
        collection.get("features"), list
    ):
        problems.append(Problem(name, None, "not a GeoJSON FeatureCollection"))
        return []
    features: list[Feature] = []
    for index, raw in enumerate(collection["features"]):
        if not isinstance(raw, dict):
            problems.append(Problem(name, f"#{index + 1}", "not a GeoJSON feature"))
            continue
        fid = raw.get("id")
        if isinstance(fid, int) and not isinstance(fid, bool):
            fid = str(fid)
        if not isinstance(fid, str) or not fid:
            problems.append(Problem(name, f"#{index + 1}", "has no id"))
            continue
        properties = raw.get("properties") or {}
        if not isinstance(properties, dict):
            problems.append(Problem(name, fid, "its properties are not a mapping"))
            continue
        if problem := geometry_problem(raw.get("geometry"), _GEOMETRY[kind]):
            problems.append(Problem(name, fid, problem))
            continue
        for key in ("name", "alt_name", "short_name"):
            if problem := _labels_problem(properties.get(key)):
                problems.append(Problem(name, fid, f"{key}: {problem}"))
                properties = {**properties, key: None}
        features.append(Feature(fid, kind, raw.get("geometry"), properties))
    return features


def _references(archive: Archive, problems: list[Problem]) -> None:
    """Every level, unit, building and anchor a feature names must exist."""
    ids = {kind: set(archive.by_id(kind)) for kind in FILES}

    def refer(feature: Feature, key: str, kind: str, many: bool = False) -> None:
        value = feature.properties.get(key)
        if value is None:
            if key in ("level_id", "anchor_id") and feature.type not in ("kiosk",):
                problems.append(Problem(feature.file, feature.id, f"has no {key}"))
            return
        for ref in value if many and isinstance(value, list) else [value]:
            if not isinstance(ref, str) or ref not in ids[kind]:
                problems.append(
                    Problem(
                        feature.file,
                        feature.id,
                        f"{key} names {kind} '{ref}', which {kind}.geojson lacks",
                    )
                )

    for kind in ("unit", "opening"):
        for feature in archive.of(kind):
            refer(feature, "level_id", "level")
    for feature in archive.of("kiosk"):
        refer(feature, "level_id", "level")
        refer(feature, "anchor_id", "anchor")
    if archive.of("building"):
        for feature in archive.of("level"):
            refer(feature, "building_ids", "building", many=True)
    for feature in archive.of("amenity"):
        refer(feature, "unit_ids", "unit", many=True)
    for feature in archive.of("anchor"):
        refer(feature, "unit_id", "unit")
    for feature in archive.of("occupant"):
        refer(feature, "anchor_id", "anchor")
    for feature in archive.of("level"):
        ordinal = feature.properties.get("ordinal")
        if not isinstance(ordinal, int) or isinstance(ordinal, bool):
            problems.append(
                Problem(
                    feature.file, feature.id, f"its ordinal {ordinal!r} is no integer"
                )
            )


def read_archive(path: Path) -> Archive:
    """Read and check an IMDF archive; raise ImdfError naming file and feature."""
    if not path.exists():
        raise ImdfError([Problem(str(path), None, "no such file or folder")])
    archive = Archive(path.name)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    try:
        members = list(_members(path))
    except (zipfile.BadZipFile, OSError) as err:
        raise ImdfError(
            [Problem(path.name, None, f"not a zip file or folder ({err})")]
        ) from err
    for name, data in members:
        if data is None:
            problems.append(Problem(name, None, f"larger than {MAX_FILE_BYTES} bytes"))
            continue
        if name == "manifest.json":
            try:
                manifest = json.loads(data.decode("utf-8-sig"))
                language = (
                    manifest.get("language") if isinstance(manifest, dict) else None
                )
                archive.language = language if isinstance(language, str) else None
            except (UnicodeDecodeError, ValueError):
                problems.append(Problem(name, None, "not readable as JSON"))
            continue
        features = _features(name, data, problems)
        for feature in features:
            if feature.id in seen:
                problems.append(
                    Problem(
                        name,
                        feature.id,
                        f"the id is used again (first in {seen[feature.id]})",
                    )
                )
            seen.setdefault(feature.id, name)
        archive.features[name.removesuffix(".geojson")] = features
    for kind in REQUIRED:
        if kind not in archive.features:
            problems.append(
                Problem(f"{kind}.geojson", None, "missing from the archive")
            )
    if all(kind in archive.features for kind in REQUIRED):
        _references(archive, problems)
    if problems:
        raise ImdfError(problems)
    return archive
