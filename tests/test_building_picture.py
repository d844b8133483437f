"""Planning a step picture: which way is up, the crop, the rooms named, the labels.

Pure: no rendering here (tests/test_building_render.py draws real PNGs).
"""

from __future__ import annotations

import itertools
import math

import pytest
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint

from building_model import Building, Position, Route, kiosk_positions, plan_route
from building_model.geometry import bearing
from building_model.picture import (
    EDGE_PX,
    MAX_NAMED,
    NEAR_M,
    TOP_PX,
    Mark,
    Picture,
    View,
    first_bearing,
    frame,
    label_size,
    layout_labels,
    plan_picture,
    rooms_beside,
    wrap,
)
from building_model.render import Fonts, destination_rooms, find_cjk_font
from building_model.route import Connector, Leg
from kiosk_core.text import Text

SIZE = (960, 640)


def _route(
    building: Building, start: Position, room: str, step_free: bool = False
) -> Route:
    route = plan_route(building, start, room, step_free)
    assert isinstance(route, Route), route
    return route


def _pictures(building: Building, route: Route) -> list[Picture]:
    return [plan_picture(building, route, i, size=SIZE) for i in range(len(route.legs))]


def _length(points) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


@pytest.fixture(scope="module")
def annex_kiosk(building) -> Position:
    return kiosk_positions(building)["annex-lobby"]


@pytest.fixture(scope="module")
def measure():
    font = find_cjk_font()
    assert font is not None, "install fonts-noto-cjk"
    return Fonts(font).measure


# --- which way is up ----------------------------------------------------------------


def test_up_is_the_kiosk_facing_on_the_first_leg(building):
    for point in building.kiosk_points:
        start = kiosk_positions(building)[point.id]
        for room in ("304", "a101", "102"):
            picture = plan_picture(building, _route(building, start, room), 0)
            assert picture.view.up_bearing == point.facing, (point.id, room)
    # whatever the kiosk's facing, it is what points up on its floor
    lobby = kiosk_positions(building)["main-lobby"]
    for facing in (90.0, 200.0, 315.0):
        turned = Position(lobby.building, lobby.floor, lobby.x, lobby.y, facing)
        picture = plan_picture(building, _route(building, turned, "102"), 0)
        assert picture.view.up_bearing == facing
        # and the camera's up vector leans that way on the floor
        ux, uy, _ = picture.view.view_up
        assert bearing((0, 0), (ux, uy)) == pytest.approx(facing)


def test_up_after_a_lift_is_the_lift_facing_else_the_first_stretch(building, lobby):
    route = _route(building, lobby, "304")  # 1F -> lift B -> 3F
    assert [leg.leave_by.id for leg in route.legs[:-1]] == ["lift-b"]
    # no facing in the demo: the way out of the lift (north, into the corridor)
    arrived = plan_picture(building, route, 1)
    leg = route.legs[1]
    assert arrived.view.up_bearing == first_bearing(leg.points) == 0.0
    # a lift whose door faces east: east is up on the floor it opens onto
    lifts = [
        lift.model_copy(update={"facing": 90.0}) if lift.id == "lift-b" else lift
        for lift in building.lifts
    ]
    facing_east = building.model_copy(update={"lifts": lifts})
    route = _route(facing_east, lobby, "304")
    assert plan_picture(facing_east, route, 0).view.up_bearing == 0.0  # the kiosk's
    assert plan_picture(facing_east, route, 1).view.up_bearing == 90.0


def test_up_after_stairs_is_the_stairs_facing(building, lobby):
    route = _route(building, lobby, "b104")  # down stairs 2 to B1
    assert route.legs[0].leave_by.kind == "stairs"
    stairs = [
        s.model_copy(update={"facing": 270.0}) if s.id == "stairs-2" else s
        for s in building.stairs
    ]
    west = building.model_copy(update={"stairs": stairs})
    route = _route(west, lobby, "b104")
    assert plan_picture(west, route, 1).view.up_bearing == 270.0


def test_after_the_bridge_up_is_the_way_across(building, lobby):
    route = _route(building, lobby, "a304", step_free=True)
    kinds = [leg.leave_by.kind if leg.leave_by else None for leg in route.legs]
    assert kinds == ["lift", "bridge", "lift", None]
    # off the bridge onto the annex's 2F, walking east
    assert plan_picture(building, route, 2).view.up_bearing == pytest.approx(90.0)


def test_the_visitor_walks_up_the_picture(building, directory):
    """On every leg of every demo route, the first step ahead goes up the picture."""
    checked = 0
    for start in kiosk_positions(building).values():
        for room in destination_rooms(directory):
            for step_free in (False, True):
                route = _route(building, start, room, step_free)
                for picture in _pictures(building, route):
                    pixels = picture.path_pixels()
                    ahead = next(
                        (
                            q
                            for p, q in zip(picture.path, pixels, strict=True)
                            if math.dist(p, picture.path[0]) > 0.3
                        ),
                        None,
                    )
                    if ahead is None:
                        continue
                    assert ahead[1] < pixels[0][1] - 5, (room, picture.floor)
                    checked += 1
    assert checked > 400


# --- the crop -----------------------------------------------------------------------


def _inside_with_margin(picture: Picture, points, margin_m: float) -> None:
    """Each point at least ``margin_m`` metres inside the picture's edges (and
    below the band kept for the step badge)."""
    width, height = picture.view.size
    margin = margin_m * picture.view.scale
    edge, top = EDGE_PX * picture.unit, TOP_PX * picture.unit
    for x, y in points:
        px, py = picture.view.pixel((x, y, picture.path_z))
        assert edge + margin <= px <= width - edge - margin, (x, y, px)
        assert top + margin <= py <= height - edge - margin, (x, y, py)


CASES = [
    ("main-lobby", "102", False),  # same floor
    ("main-lobby", "304", False),  # other floor, by lift
    ("main-lobby", "a304", True),  # the annex over the bridge, step-free
    ("main-lobby", "101-3", False),  # a counter in the hall
    ("annex-lobby", "a101", False),  # the other kiosk, same floor
    ("annex-lobby", "304", True),  # the other kiosk, bridge and lifts
]


@pytest.mark.parametrize(("kiosk", "room", "step_free"), CASES)
def test_crop_holds_the_leg_and_its_names_with_margin(building, kiosk, room, step_free):
    start = kiosk_positions(building)[kiosk]
    route = _route(building, start, room, step_free)
    for picture in _pictures(building, route):
        _inside_with_margin(picture, picture.path, 1.0)
        _inside_with_margin(picture, [m.at for m in picture.marks], 1.0)


@pytest.mark.parametrize(("kiosk", "room", "step_free"), CASES)
def test_crop_is_the_used_part_of_the_floor(building, kiosk, room, step_free):
    start = kiosk_positions(building)[kiosk]
    route = _route(building, start, room, step_free)
    for leg, picture in zip(route.legs, _pictures(building, route), strict=True):
        floor = building.floor(leg.building, leg.floor)
        shown = Polygon(picture.view.visible(picture.elevation))
        area = shown.intersection(Polygon(floor.outline)).area
        whole = Polygon(floor.outline).area
        length = _length(leg.points)
        xs = [p[0] for p in floor.outline]
        ys = [p[1] for p in floor.outline]
        span = max(xs) - min(xs) + max(ys) - min(ys)
        if length < 0.25 * span:  # a short leg: the main building's 1F to a lift
            assert area < 0.4 * whole, (leg.floor, length, area / whole)
        # the leg fills the picture along at least one side
        pixels = picture.path_pixels()
        xs, ys = [p[0] for p in pixels], [p[1] for p in pixels]
        share = max((max(xs) - min(xs)) / SIZE[0], (max(ys) - min(ys)) / SIZE[1])
        if length >= 8:
            assert share > 0.4, (leg.floor, length, share)


def test_frame_fits_what_it_must_hold():
    points = [(0.0, 0.0, 0.0), (30.0, 0.0, 0.0), (30.0, 4.0, 0.0)]
    view = frame(points, 0.0, SIZE, margin=1.0, min_view=5.0)
    pixels = [view.pixel(p) for p in points]
    xs = [p[0] for p in pixels]
    # 32 m across fill the width less the edges: the scale is set by the width
    assert min(xs) == pytest.approx(SIZE[0] - max(xs))
    assert max(xs) - min(xs) == pytest.approx(30 * view.scale)
    assert (max(xs) - min(xs)) / SIZE[0] > 0.85
    # a short walk is not blown up beyond min_view metres across
    near = frame([(0.0, 0.0, 0.0), (1.0, 0.0, 0.0)], 0.0, SIZE, min_view=12.0)
    assert near.scale == pytest.approx(SIZE[1] / 12.0)


def test_view_pixels_and_ground_points_agree():
    view = View(123.0, 25.0, (40.0, 10.0, 3.0), 31.5, SIZE)
    for point in [(40.0, 10.0), (52.5, -3.0), (31.0, 18.0)]:
        pixel = view.pixel((*point, 0.6))
        assert view.ground(pixel, 0.6) == pytest.approx(point)
    # the camera looks along its direction at the focal point
    position = view.position()
    d = view.direction
    back = [position[i] + d[i] * 500 for i in range(3)]
    assert back == pytest.approx(list(view.focal))


# --- the rooms named ----------------------------------------------------------------


def test_rooms_beside_the_path_are_named_not_far_ones(building, lobby):
    route = _route(building, lobby, "304")
    first, second = _pictures(building, route)
    # 1F: up the entrance corridor, east to lift B at x=40
    assert {"101", "102"} <= set(first.named)  # the hall and 102 line the way
    assert not {"103", "104", "105"} & set(first.named)  # far ahead or behind
    # 3F: lift B east to 304's door at x=51
    assert "303" in second.named and "307" in second.named
    assert not {"301", "304", "305"} & set(second.named)  # far, or the destination


def test_named_rooms_are_near_distinct_and_few(building, directory):
    for start in kiosk_positions(building).values():
        for room in destination_rooms(directory):
            route = _route(building, start, room)
            for leg, picture in zip(
                route.legs, _pictures(building, route), strict=True
            ):
                path = LineString(leg.points)
                named = [m for m in picture.marks if m.kind == "room"]
                assert len(named) <= MAX_NAMED
                assert route.room not in picture.named
                for mark in named:
                    near = building.room(mark.ref)
                    gap = min(
                        ShapelyPoint(near.door).distance(path),
                        Polygon(near.footprint).distance(path),
                    )
                    assert gap <= NEAR_M
                    assert Polygon(near.footprint).contains(ShapelyPoint(mark.at))
                for a, b in itertools.combinations(picture.marks, 2):
                    if "room" in (a.kind, b.kind):  # distinct places
                        assert math.dist(a.at, b.at) >= 2.5, (a.ref, b.ref)
                # every room whose door opens right onto the path is named,
                # unless another name already sits there or the list is full
                for other in building.rooms:
                    if (other.building, other.floor) != (leg.building, leg.floor):
                        continue
                    if other.id == route.room or other.id in picture.named:
                        continue
                    if ShapelyPoint(other.door).distance(path) < 1.2:
                        assert len(named) == MAX_NAMED or any(
                            math.dist(m.at, other.door) < 6 for m in picture.marks
                        ), (other.id, leg.floor)


# 102 drawn as a U open to the north (as imported from an indoor map): its
# middle (the centroid) lies in the notch, outside the room
U_OUTLINE = [
    (30.0, 11.0),
    (44.0, 11.0),
    (44.0, 19.0),
    (40.0, 19.0),
    (40.0, 14.0),
    (34.0, 14.0),
    (34.0, 19.0),
    (30.0, 19.0),
]


def test_a_name_is_not_put_where_another_already_is(building, lobby):
    leg = _route(building, lobby, "304").legs[0]
    beside = {n.room.id: n for n in rooms_beside(building, leg)}
    assert "102" in beside
    anchor = beside["102"].anchor
    nudged = (anchor[0] + 1.0, anchor[1])  # e.g. "you are here" a metre away
    assert "102" not in {n.room.id for n in rooms_beside(building, leg, taken=[nudged])}
    far = (anchor[0] + 6.0, anchor[1])
    assert "102" in {n.room.id for n in rooms_beside(building, leg, taken=[far])}
    assert len(rooms_beside(building, leg, limit=1)) == 1


def test_rooms_with_outlines_are_named_inside_their_outline(building, lobby):
    shape = Polygon(U_OUTLINE)
    assert not shape.contains(shape.centroid)
    rooms = [
        r.model_copy(update={"box": None, "outline": U_OUTLINE}) if r.id == "102" else r
        for r in building.rooms
    ]
    shaped = building.model_copy(update={"rooms": rooms})
    route = _route(shaped, lobby, "304")
    picture = plan_picture(shaped, route, 0)
    assert "102" in picture.named
    (mark,) = [m for m in picture.marks if m.ref == "102"]
    assert shape.contains(ShapelyPoint(mark.at))
    assert mark.outline == tuple(U_OUTLINE)
    # as the destination, its label points inside the outline too
    route = _route(shaped, lobby, "102")
    marks = plan_picture(shaped, route, 0).marks
    (dest,) = [m for m in marks if m.kind == "destination"]
    assert shape.contains(ShapelyPoint(dest.at))


def test_the_lift_taken_and_the_one_come_by_are_named(building, lobby):
    route = _route(building, lobby, "304")
    first, second = _pictures(building, route)
    (leave,) = [m for m in first.marks if m.kind == "leave"]
    assert leave.text.get("ko") == "엘리베이터 B → 3층"
    assert leave.text.get("en") == "Lift B → 3F"
    assert leave.at == route.legs[0].points[-1]
    assert [m.kind for m in first.marks].count("here") == 1
    (arrive,) = [m for m in second.marks if m.kind == "arrive"]
    assert arrive.text.get("en") == "Lift B" and arrive.at == route.legs[1].points[0]
    assert "here" not in [m.kind for m in second.marks]
    # across the bridge the other building is said
    route = _route(building, lobby, "a304", step_free=True)
    (bridge,) = [m for m in plan_picture(building, route, 1).marks if m.kind == "leave"]
    assert bridge.text.get("en") == "2F bridge → Annex 2F"


# --- the labels -----------------------------------------------------------------------


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@pytest.mark.parametrize("lang", ["ko", "en", "zh", "vi"])
def test_labels_never_overlap_and_the_required_ones_are_always_there(
    building, directory, measure, lang
):
    for start in kiosk_positions(building).values():
        for room in destination_rooms(directory)[::3]:
            route = _route(building, start, room, step_free=True)
            for index, picture in enumerate(_pictures(building, route)):
                labels = layout_labels(picture, lang, measure)
                kinds = [label.mark.kind for label in labels]
                last = index == len(route.legs) - 1
                assert ("destination" in kinds) == last
                assert ("here" in kinds) == (index == 0)
                assert ("leave" in kinds) == (not last)
                assert ("arrive" in kinds) == (index > 0)
                for a, b in itertools.combinations(labels, 2):
                    assert not _overlap(a.box, b.box), (room, a.text, b.text)
                for label in labels:
                    left, top, right, bottom = label.box
                    assert 0 <= left and right <= SIZE[0]
                    assert 0 <= top and bottom <= SIZE[1]


def test_labels_that_would_collide_are_dropped(building, lobby, measure):
    picture = plan_picture(building, _route(building, lobby, "304"), 0)
    x, y = next(m.at for m in picture.marks if m.ref == "102")
    crowd = tuple(
        Mark("room", (x + 0.1 * i, y), Text({"en": f"Room {i}"}), f"r{i}")
        for i in range(6)
    )
    required = tuple(m for m in picture.marks if m.kind != "room")
    crowded = Picture(
        picture.building,
        picture.floor,
        picture.elevation,
        picture.path,
        required + crowd,
        picture.view,
        picture.destination,
    )
    labels = layout_labels(crowded, "en", measure)
    names = [label.mark.ref for label in labels if label.mark.ref.startswith("r")]
    assert 0 < len(names) < 6  # some fit around the anchor, not all
    assert {"here", "leave"} <= {label.mark.kind for label in labels}
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a.box, b.box)
    # a box kept clear (the step badge) takes no label
    badge = (0.0, 0.0, SIZE[0], SIZE[1] / 2)
    kept = layout_labels(crowded, "en", measure, reserved=[badge])
    for label in kept:
        if label.mark.kind == "room":
            assert not _overlap(label.box, badge)


def test_the_destination_label_is_the_largest(building, lobby, measure):
    picture = plan_picture(building, _route(building, lobby, "304"), 1)
    labels = {label.mark.kind: label for label in layout_labels(picture, "ko", measure)}
    biggest = max(labels.values(), key=lambda label: label.font_px)
    assert biggest.mark.kind == "destination"


def test_long_labels_wrap_at_the_bracket(measure):
    text = "Resident Registration Team (Civil Service Hall, counter 3)"
    wrapped = wrap(text, 28, measure, 480)
    assert wrapped == "Resident Registration Team\n(Civil Service Hall, counter 3)"
    w, h = label_size(wrapped, 28, measure)
    one_w, one_h = label_size(text, 28, measure)
    assert w < one_w * 0.7 and h > one_h * 1.5
    assert wrap("304호", 28, measure, 480) == "304호"


def test_a_leg_of_one_point_still_has_a_picture(building, lobby, measure):
    """Standing at the lift: nothing to walk on this floor, still a picture."""
    lift = next(i for i in building.lifts if i.id == "lift-b")
    here = Position("main", "1F", *lift.position, 90.0)
    leave = Connector("lift", lift.id, lift.name, "main", "3F")
    legs = (
        Leg("main", "1F", (lift.position,), leave, 0.0, ()),
        Leg("main", "3F", (lift.position, (40.0, 10.0), (51.0, 10.0)), None, 12, ()),
    )
    route = Route(here, "304", False, legs, 12.0, 60.0)
    first = plan_picture(building, route, 0)
    assert first.view.up_bearing == 90.0
    kinds = {label.mark.kind for label in layout_labels(first, "ko", measure)}
    assert {"here", "leave"} <= kinds
    x, y = first.view.pixel((*lift.position, first.path_z))
    assert 0 < x < SIZE[0] and 0 < y < SIZE[1]
