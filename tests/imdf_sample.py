"""A small IMDF archive for the importer's tests, drawn in metres and written
as WGS84 GeoJSON around an origin near Seosan City Hall.

Two levels of one building (40 m x 20 m):

1F: a T-shaped walkway (corridor y 8..12 and a lobby reaching the street at
    y 0, main entrance x 19..21), an L-shaped civil-service hall, a
    trapezoid passport office, a restroom unit with a restroom amenity, a tax
    office, an elevator and stairs (units with doors onto the corridor, a
    stairs amenity), and a kiosk in the lobby.
2F: a corridor and a hall (two walkways joined by an opening), an L-shaped
    welfare office, a trapezoid culture office, a meeting room with no
    opening, a unit of an unknown category, an ATM amenity, the same
    elevator and stairs.

Occupants: five, one in the meeting room (which cannot be mapped); names in
Korean, English, Chinese and Vietnamese with region tags (ko-KR, zh-Hans),
one in English only.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from building_model.imdf import LocalFrame

ORIGIN = LocalFrame(36.7848, 126.4503)
LEVEL_1F = "11111111-0000-0000-0000-000000000000"
LEVEL_2F = "11111111-0000-0000-0000-000000000001"
BUILDING = "22222222-0000-0000-0000-000000000000"


def _ring(points: list[tuple[float, float]]) -> list[list[float]]:
    ring = [list(ORIGIN.to_wgs84(x, y)) for x, y in points]
    return [*ring, ring[0]]


def polygon(points: list[tuple[float, float]]) -> dict[str, Any]:
    """A GeoJSON polygon from points in metres."""
    return {"type": "Polygon", "coordinates": [_ring(points)]}


def line(a: tuple[float, float], b: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON line (an opening) from two points in metres."""
    return {
        "type": "LineString",
        "coordinates": [list(ORIGIN.to_wgs84(*p)) for p in (a, b)],
    }


def point(x: float, y: float) -> dict[str, Any]:
    """A GeoJSON point from metres."""
    return {"type": "Point", "coordinates": list(ORIGIN.to_wgs84(x, y))}


def _feature(kind: str, fid: str, geometry: Any, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": fid,
        "feature_type": kind,
        "geometry": geometry,
        "properties": properties,
    }


def _unit(fid: str, level: str, category: str, points, name=None) -> dict[str, Any]:
    return _feature(
        "unit", fid, polygon(points), category=category, level_id=level, name=name
    )


def _opening(
    fid: str, level: str, a, b, category: str = "pedestrian"
) -> dict[str, Any]:
    return _feature("opening", fid, line(a, b), category=category, level_id=level)


def sample() -> dict[str, list[dict[str, Any]]]:
    """The sample archive's features by file name (without .geojson)."""
    box = [(0, 0), (40, 0), (40, 20), (0, 20)]
    units = [
        # 1F
        _unit(
            "u-walk-1f",
            LEVEL_1F,
            "walkway",
            [(0, 8), (16, 8), (16, 0), (24, 0), (24, 8), (40, 8), (40, 12), (0, 12)],
            {"en": "Main Corridor", "ko": "중앙 복도"},
        ),
        _unit(
            "u-hall",
            LEVEL_1F,
            "room",
            [(0, 12), (14, 12), (14, 16), (8, 16), (8, 20), (0, 20)],
            {
                "ko-KR": "민원실",
                "en-US": "Civil Service Hall",
                "zh-Hans": "综合民愿室",
                "vi": "Sảnh dịch vụ hành chính",
            },
        ),
        _unit(
            "u-passport",
            LEVEL_1F,
            "office",
            [(15, 12), (24, 12), (23, 20), (16, 20)],
            {"en": "Passport Office"},
        ),
        _unit("u-wc-1f", LEVEL_1F, "restroom", [(0, 0), (8, 0), (8, 8), (0, 8)]),
        _unit("u-lift-1f", LEVEL_1F, "elevator", [(26, 4), (29, 4), (29, 8), (26, 8)]),
        _unit("u-stairs-1f", LEVEL_1F, "stairs", [(30, 2), (36, 2), (36, 8), (30, 8)]),
        _unit(
            "u-tax",
            LEVEL_1F,
            "office",
            [(26, 12), (40, 12), (40, 20), (26, 20)],
            {"en": "Tax Office", "ja": "税務課"},
        ),
        # 2F
        _unit("u-walk-2f", LEVEL_2F, "walkway", [(0, 8), (40, 8), (40, 12), (0, 12)]),
        _unit(
            "u-foyer-2f",
            LEVEL_2F,
            "foyer",
            [(0, 0), (14, 0), (14, 8), (0, 8)],
            {"en": "Foyer"},
        ),
        _unit(
            "u-welfare",
            LEVEL_2F,
            "office",
            [(0, 12), (10, 12), (10, 16), (6, 16), (6, 20), (0, 20)],
            {"ko": "사회복지과 사무실", "en": "Welfare Office"},
        ),
        _unit(
            "u-culture",
            LEVEL_2F,
            "office",
            [(12, 12), (26, 12), (24, 20), (14, 20)],
            {"en": "Culture Office"},
        ),
        _unit(
            "u-meeting",
            LEVEL_2F,
            "conferenceroom",
            [(28, 12), (40, 12), (40, 20), (28, 20)],
            {"en": "Meeting Room"},
        ),
        _unit("u-odd", LEVEL_2F, "spaceship", [(36, 0), (40, 0), (40, 6), (36, 6)]),
        _unit("u-lift-2f", LEVEL_2F, "elevator", [(26, 4), (29, 4), (29, 8), (26, 8)]),
        _unit("u-stairs-2f", LEVEL_2F, "stairs", [(30, 2), (36, 2), (36, 8), (30, 8)]),
    ]
    openings = [
        _opening("o-entrance", LEVEL_1F, (19, 0), (21, 0), "pedestrian.principal"),
        _opening("o-hall", LEVEL_1F, (5, 12), (7, 12)),
        _opening("o-passport", LEVEL_1F, (18, 12), (20, 12)),
        _opening("o-wc-1f", LEVEL_1F, (3, 8), (5, 8)),
        _opening("o-lift-1f", LEVEL_1F, (27, 8), (28, 8)),
        _opening("o-stairs-1f", LEVEL_1F, (32, 8), (34, 8)),
        _opening("o-tax", LEVEL_1F, (30, 12), (32, 12)),
        _opening("o-foyer", LEVEL_2F, (5, 8), (7, 8)),
        _opening("o-welfare", LEVEL_2F, (2, 12), (4, 12)),
        _opening("o-culture", LEVEL_2F, (18, 12), (20, 12)),
        _opening("o-lift-2f", LEVEL_2F, (27, 8), (28, 8)),
        _opening("o-stairs-2f", LEVEL_2F, (32, 8), (34, 8)),
    ]
    anchors = [
        _feature(
            "anchor", f"a-{unit}", point(x, y), unit_id=f"u-{unit}", address_id=None
        )
        for unit, x, y in (
            ("hall", 4, 14),
            ("passport", 19, 16),
            ("tax", 33, 16),
            ("welfare", 3, 16),
            ("culture", 19, 16),
            ("meeting", 34, 16),
        )
    ]
    anchors.append(
        _feature(
            "anchor", "a-kiosk", point(20, 5), unit_id="u-walk-1f", address_id=None
        )
    )

    def occupant(fid: str, name: dict[str, str], category: str, anchor: str):
        return _feature(
            "occupant",
            fid,
            None,
            name=name,
            category=category,
            anchor_id=anchor,
            phone=None,
        )

    return {
        "venue": [
            _feature(
                "venue",
                "v-1",
                polygon(box),
                category="governmentfacility",
                name={"ko": "서산시청", "en": "Seosan City Hall"},
                display_point=point(0, 0),
            )
        ],
        "building": [
            _feature(
                "building",
                BUILDING,
                None,
                category="unspecified",
                name={"ko": "본관", "en": "Main building"},
            )
        ],
        "level": [
            _feature(
                "level",
                LEVEL_1F,
                polygon(box),
                category="unspecified",
                ordinal=0,
                outdoor=False,
                building_ids=[BUILDING],
                name={"en": "Ground floor"},
                short_name={"en": "G"},
            ),
            _feature(
                "level",
                LEVEL_2F,
                polygon(box),
                category="unspecified",
                ordinal=1,
                outdoor=False,
                building_ids=[BUILDING],
                name={"en": "Level 2"},
                short_name={"en": "L2", "ko": "2층"},
            ),
        ],
        "unit": units,
        "opening": openings,
        "amenity": [
            _feature(
                "amenity",
                "m-wc",
                point(4, 4),
                category="restroom",
                unit_ids=["u-wc-1f"],
            ),
            _feature(
                "amenity",
                "m-stairs",
                point(33, 5),
                category="stairs",
                unit_ids=["u-stairs-1f"],
            ),
            _feature(
                "amenity",
                "m-atm",
                point(20, 10),
                category="atm",
                unit_ids=["u-walk-2f"],
            ),
        ],
        "anchor": anchors,
        "occupant": [
            occupant(
                "p-civil",
                {
                    "ko": "민원봉사과",
                    "en": "Civil Service Division",
                    "zh-Hans": "民愿服务科",
                    "vi": "Phòng Dịch vụ Dân sự",
                },
                "government",
                "a-hall",
            ),
            occupant(
                "p-passport",
                {"ko": "여권팀", "en": "Passport Team"},
                "government",
                "a-passport",
            ),
            occupant("p-tax", {"en": "Tax Division"}, "government", "a-tax"),
            occupant(
                "p-welfare",
                {"ko": "사회복지과", "en": "Social Welfare Division"},
                "socialservices",
                "a-welfare",
            ),
            occupant(
                "p-culture",
                {"en": "Culture Division", "zh": "文化科"},
                "government",
                "a-culture",
            ),
            occupant("p-meeting", {"en": "Council Meeting"}, "government", "a-meeting"),
        ],
        "kiosk": [
            _feature(
                "kiosk",
                "k-lobby",
                polygon([(19.5, 4.5), (20.5, 4.5), (20.5, 5.5), (19.5, 5.5)]),
                name={"ko": "1층 로비", "en": "Lobby"},
                level_id=LEVEL_1F,
                anchor_id="a-kiosk",
            ),
        ],
    }


def write_folder(
    folder: Path, features: dict[str, list[dict[str, Any]]] | None = None
) -> Path:
    """The archive as a folder of .geojson files (and a manifest)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, items in (features or sample()).items():
        collection = {"type": "FeatureCollection", "features": items}
        (folder / f"{name}.geojson").write_text(
            json.dumps(collection), encoding="utf-8"
        )
    manifest = {
        "version": "1.0.0",
        "language": "en-US",
        "created": "2026-11-27T00:00:00Z",
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def write_zip(
    path: Path, features: dict[str, list[dict[str, Any]]] | None = None
) -> Path:
    """The archive as a .zip, its files in a folder as IMDF tools write them."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, items in (features or sample()).items():
            collection = {"type": "FeatureCollection", "features": items}
            archive.writestr(f"venue/{name}.geojson", json.dumps(collection))
    return path
