"""Floors drawn as polygons: walk lines across walkways, rooms with real outlines."""

from __future__ import annotations

import math
from datetime import date

import pytest
import yaml
from shapely.geometry import LineString, Point, Polygon

from building_model import NoRoute, Position, Route, build_graph, plan_route
from building_model.spec import Building, parse_building
from building_model.walkways import walk_lines
from kiosk_core.validation import ProblemsFound

TODAY = date(2026, 11, 26)

# An L-shaped hall on 1F (south arm, then north along the east side), a
# corridor joined to it by an opening, and a corridor on 2F reached by a lift at
# the far end of the L. Rooms are a trapezoid and an L of their own.
HALL = [(0, 0), (30, 0), (30, 20), (24, 20), (24, 6), (0, 6)]
EAST_WING = [(30, 8), (40, 8), (40, 12), (30, 12)]
UPPER = [(20, 0), (30, 0), (30, 20), (20, 20)]
SPEC = {
    "buildings": [{"id": "hall", "name": {"ko": "본관", "en": "Main"}}],
    "floors": [
        {
            "id": f"{n}F",
            "building": "hall",
            "name": {"ko": f"{n}층", "en": f"{n}F"},
            "elevation": 4.0 * (n - 1),
            "outline": [(-5, -10), (45, -10), (45, 30), (-5, 30)],
        }
        for n in (1, 2)
    ],
    "walkways": [
        {"id": "hall-1f", "building": "hall", "floor": "1F", "outline": HALL},
        {"id": "wing-1f", "building": "hall", "floor": "1F", "outline": EAST_WING},
        {"id": "hall-2f", "building": "hall", "floor": "2F", "outline": UPPER},
    ],
    "openings": [
        {"id": "wing-door", "building": "hall", "floor": "1F", "point": (30, 10)}
    ],
    "rooms": [
        {
            "id": "trapezoid",
            "name": {"ko": "민원실", "en": "Civil Affairs"},
            "building": "hall",
            "floor": "1F",
            "outline": [(0, -8), (12, -8), (10, 0), (2, 0)],
            "door": (6, 0),
        },
        {
            "id": "el-room",
            "name": {"ko": "세무과", "en": "Tax"},
            "building": "hall",
            "floor": "1F",
            "outline": [(32, 12), (40, 12), (40, 20), (36, 20), (36, 16), (32, 16)],
            "door": (35, 12),
        },
        {
            "id": "upper",
            "name": {"ko": "회의실", "en": "Meeting room"},
            "building": "hall",
            "floor": "2F",
            "box": {"x": 12, "y": 14, "w": 8, "d": 6},
            "door": (20, 17),
        },
    ],
    "lifts": [
        {
            "id": "lift",
            "name": {"ko": "승강기", "en": "Lift"},
            "building": "hall",
            "floors": ["1F", "2F"],
            "position": (27, 19),
            "facing": 180,
        }
    ],
    "kiosk_points": [
        {
            "id": "lobby",
            "name": {"ko": "로비", "en": "Lobby"},
            "building": "hall",
            "floor": "1F",
            "x": 2,
            "y": 3,
            "facing": 90,
        }
    ],
}


def _building(**changes: object) -> Building:
    return parse_building(yaml.safe_dump({**SPEC, **changes}), "walkways.yaml")


@pytest.fixture(scope="module")
def building() -> Building:
    return _building()


def _start(building: Building) -> Position:
    kiosk = building.kiosk_point("lobby")
    return Position("hall", "1F", kiosk.x, kiosk.y, kiosk.facing)


def _route(building: Building, room: str, *, step_free: bool = False) -> Route:
    result = plan_route(
        build_graph(building, TODAY), _start(building), room, step_free=step_free
    )
    assert isinstance(result, Route), result
    return result


def test_a_room_behind_an_opening_is_reached_through_it(building: Building) -> None:
    route = _route(building, "el-room")
    points = [p for leg in route.legs for p in leg.points]
    assert any(math.dist(p, (30, 10)) < 0.05 for p in points)
    assert math.dist(points[-1], (35, 12)) < 0.05


def test_the_walk_stays_inside_the_l_shaped_hall(building: Building) -> None:
    """From the west end to the lift at the top of the L: the line turns the
    inner corner instead of cutting across the room east of it."""
    route = _route(building, "upper", step_free=True)
    first = route.legs[0]
    assert first.leave_by is not None and first.leave_by.kind == "lift"
    hall = Polygon(HALL).buffer(0.2)
    for a, b in zip(first.points, first.points[1:], strict=False):
        assert hall.covers(LineString([a, b])), (a, b)
    # nearly the shortest path: west end -> inner corner (24, 6) -> lift
    shortest = math.dist((2, 3), (24, 6)) + math.dist((24, 6), (27, 19))
    assert first.distance_m == pytest.approx(shortest, rel=0.08)


def test_every_walk_line_lies_inside_its_walkway(building: Building) -> None:
    shapes = {w.id: Polygon(w.outline).buffer(0.15) for w in building.walkways}
    lines = walk_lines(building)
    assert lines
    for line in lines:
        assert shapes[line.id].covers(LineString(line.points)), line


def test_walkways_sharing_a_wall_are_joined_without_an_opening() -> None:
    building = _building(openings=[])
    route = plan_route(build_graph(building, TODAY), _start(building), "el-room")
    assert isinstance(route, Route)
    apart = _building(
        openings=[],
        walkways=[
            *SPEC["walkways"][:1],  # type: ignore[index]
            {**SPEC["walkways"][1], "outline": [(31, 8), (40, 8), (40, 12), (31, 12)]},  # type: ignore[index]
            *SPEC["walkways"][2:],  # type: ignore[index]
        ],
    )
    assert isinstance(
        plan_route(build_graph(apart, TODAY), _start(apart), "el-room"), NoRoute
    )


def test_closing_a_walkway_or_an_opening_closes_the_way() -> None:
    for target in ("wing-door", "wing-1f"):
        closure = {"target": target, "reason": {"ko": "공사 중", "en": "works"}}
        widened = [  # a gap in the wall: only the opening joins the two
            *SPEC["walkways"][:1],  # type: ignore[index]
            {
                **SPEC["walkways"][1],
                "outline": [(30.5, 8), (40, 8), (40, 12), (30.5, 12)],
            },  # type: ignore[index]
            *SPEC["walkways"][2:],  # type: ignore[index]
        ]
        open_ = _building(walkways=widened)
        assert isinstance(
            plan_route(build_graph(open_, TODAY), _start(open_), "el-room"), Route
        )
        closed = _building(walkways=widened, closures=[closure])
        result = plan_route(build_graph(closed, TODAY), _start(closed), "el-room")
        assert isinstance(result, NoRoute), target


def test_room_outline_gives_footprint_and_a_centre_inside(building: Building) -> None:
    room = building.room("el-room")
    assert room.footprint[0] == (32, 12)
    assert Polygon(room.footprint).contains(Point(room.centre))
    box_room = building.room("upper")
    assert box_room.footprint == [(12, 14), (20, 14), (20, 20), (12, 20)]


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            {"rooms": [{**SPEC["rooms"][0], "box": {"x": 0, "y": 0, "w": 1, "d": 1}}]},  # type: ignore[index]
            "rooms[0]",
            "either a 'box' or an 'outline'",
        ),
        (
            {
                "walkways": [
                    {
                        **SPEC["walkways"][0],
                        "outline": [(0, 0), (10, 10), (10, 0), (0, 10)],
                    }
                ]
            },  # type: ignore[index]
            "walkways[0].outline",
            "crosses itself",
        ),
        (
            {"rooms": [{**SPEC["rooms"][0], "outline": [(0, 0), (5, 0), (10, 0)]}]},  # type: ignore[index]
            "rooms[0].outline",
            "encloses no area",
        ),
        (
            {"openings": [{**SPEC["openings"][0], "point": (10, 25)}]},  # type: ignore[index]
            "openings[0].point",
            "corridor or walkway",
        ),
    ],
)
def test_bad_outlines_and_far_openings_are_named(
    change: dict, key: str, words: str
) -> None:
    with pytest.raises(ProblemsFound) as caught:
        _building(**change)
    text = str(caught.value)
    assert "walkways.yaml" in text and key in text and words in text, text
