"""Routes from the kiosks: every team reachable, step-free, closures, directions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from building_model import (
    Building,
    Directory,
    NoRoute,
    Position,
    Route,
    build_graph,
    kiosk_positions,
    load_building,
    plan_route,
    unreachable_from,
)
from building_model.spec import Closure
from kiosk_core.text import Text

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "building"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def graph(building: Building) -> nx.Graph:
    return build_graph(building, TODAY)


@pytest.fixture(scope="module")
def kiosks(building: Building) -> dict[str, Position]:
    return kiosk_positions(building)


def _closed(building: Building, *targets: str) -> nx.Graph:
    closures = [
        Closure(target=t, reason=Text(ko="정기 점검 중", en="under maintenance"))
        for t in targets
    ]
    return build_graph(building.model_copy(update={"closures": closures}), TODAY)


def _route(result: Route | NoRoute) -> Route:
    assert isinstance(result, Route), result
    return result


def _connectors(route: Route) -> list[str]:
    return [leg.leave_by.kind for leg in route.legs if leg.leave_by]


def test_every_team_is_reachable_from_every_kiosk_both_ways(
    graph: nx.Graph, directory: Directory, kiosks: dict[str, Position]
) -> None:
    assert len(kiosks) == 2
    checked = 0
    for team in directory.teams:
        room = directory.room_of(team.id)
        for start in kiosks.values():
            for step_free in (False, True):
                route = _route(plan_route(graph, start, room, step_free))
                last = route.legs[-1]
                place = directory.places[room]
                assert (last.building, last.floor) == (place.building, place.floor)
                if step_free:
                    assert "stairs" not in _connectors(route)
                checked += 1
    assert checked == 192 * 2 * 2
    assert unreachable_from(graph, directory) == []


def test_step_free_avoids_the_stairs_a_walker_would_take(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    walker = _route(plan_route(graph, kiosks["main-lobby"], "b102"))
    assert _connectors(walker) == ["stairs"]
    wheels = _route(plan_route(graph, kiosks["main-lobby"], "b102", step_free=True))
    assert _connectors(wheels) == ["lift"]
    assert wheels.seconds > walker.seconds


def test_closing_a_lift_reroutes_via_the_other(
    building: Building, graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    usual = _route(plan_route(graph, kiosks["main-lobby"], "305", step_free=True))
    assert usual.legs[0].leave_by is not None
    assert usual.legs[0].leave_by.id == "lift-a"
    detour = _route(
        plan_route(_closed(building, "lift-a"), kiosks["main-lobby"], "305", True)
    )
    assert [leg.leave_by.id for leg in detour.legs if leg.leave_by] == ["lift-b"]
    assert "엘리베이터 B" in " ".join(detour.directions("ko"))


def test_no_step_free_route_names_the_closure(
    building: Building, kiosks: dict[str, Position]
) -> None:
    graph = _closed(building, "lift-a", "lift-b")
    result = plan_route(graph, kiosks["main-lobby"], "305", step_free=True)
    assert isinstance(result, NoRoute)
    assert "계단 없이" in result.reason.get(
        "ko"
    ) and "정기 점검 중" in result.reason.get("ko")
    assert "No step-free route" in result.reason.get("en")
    assert "under maintenance" in result.reason.get("en")
    assert {c.target for c in result.closures} == {"lift-a", "lift-b"}
    walker = _route(plan_route(graph, kiosks["main-lobby"], "305"))
    assert _connectors(walker) == ["stairs"]


def test_closed_annex_lift_cuts_the_annex_upper_floors_off_for_wheelchairs(
    building: Building, directory: Directory
) -> None:
    graph = _closed(building, "lift-c")
    missing = unreachable_from(graph, directory)
    assert missing, "closing the only annex lift must strand someone"
    assert all(m.step_free for m in missing)
    rooms = {(m.kiosk, m.room) for m in missing}
    assert ("main-lobby", "a302") in rooms  # annex 3F: 평생교육과
    assert ("annex-lobby", "305") in rooms  # main 3F, over the 2F bridge
    assert ("annex-lobby", "a101") not in rooms  # same floor: no lift needed
    assert ("main-lobby", "205") not in rooms  # main building: lifts A and B
    only_main = unreachable_from(graph, directory, ["main-lobby"])
    assert only_main and {m.kiosk for m in only_main} == {"main-lobby"}


def test_closures_expire_after_their_until_date() -> None:
    small = load_building(DATA / "small.yaml")
    lobby = kiosk_positions(small)["lobby"]
    during = _route(plan_route(small, lobby, "201", on=date(2020, 1, 15)))
    after = _route(plan_route(small, lobby, "201", on=date(2020, 2, 1)))
    assert _connectors(during) == ["lift"]
    assert _connectors(after) == ["stairs"]


def test_closed_room_has_no_route_with_the_reason(
    building: Building, kiosks: dict[str, Position]
) -> None:
    result = plan_route(_closed(building, "305"), kiosks["main-lobby"], "305")
    assert isinstance(result, NoRoute)
    assert "305호" in result.reason.get("ko") and "정기 점검 중" in result.reason.get(
        "ko"
    )


def test_directions_name_the_destination_floor(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    route = _route(plan_route(graph, kiosks["main-lobby"], "305"))
    assert [(leg.building, leg.floor) for leg in route.legs] == [
        ("main", "1F"),
        ("main", "3F"),
    ]
    ko, en = route.directions("ko"), route.directions("en")
    assert "엘리베이터 A를 타고 3층으로 이동하세요." in ko
    assert "Take Lift A to 3F." in en
    assert ko[-1] == "305호는 왼쪽에 있습니다."
    assert en[-1] == "Room 305 is on your left."


def test_room_on_the_other_side_is_on_the_right(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    route = _route(plan_route(graph, kiosks["main-lobby"], "301"))
    assert route.directions("en")[-1] == "Room 301 is on your right."


def test_first_turn_follows_the_kiosk_facing(graph: nx.Graph) -> None:
    # The lobby kiosk stands south of the spine; the way out is north.
    north = Position("main", "1F", 30, 4, 0)
    south = Position("main", "1F", 30, 4, 180)
    east = Position("main", "1F", 30, 4, 90)
    first = {
        p.facing_degrees: _route(plan_route(graph, p, "305")).directions("ko")[0]
        for p in (north, south, east)
    }
    assert first[0].startswith("앞으로")
    assert first[180].startswith("뒤로 돌아")
    assert first[90].startswith("왼쪽으로")


def test_route_crosses_the_bridge_to_the_annex(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    route = _route(plan_route(graph, kiosks["main-lobby"], "a302", step_free=True))
    assert _connectors(route) == ["lift", "bridge", "lift"]
    en = " ".join(route.directions("en"))
    assert "Cross the 2F bridge to the Annex, 2F." in en
    assert "Take Lift C to 3F." in en


def test_walking_time_follows_the_speed(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    normal = _route(plan_route(graph, kiosks["main-lobby"], "101-2"))
    slow = _route(plan_route(graph, kiosks["main-lobby"], "101-2", walking_speed=0.5))
    assert len(normal.legs) == 1  # the counter is on the kiosk's floor
    assert normal.distance_m == pytest.approx(30.0)
    assert normal.seconds == pytest.approx(30.0)
    assert slow.seconds == pytest.approx(60.0)
    lift = _route(plan_route(graph, kiosks["main-lobby"], "305"))
    assert lift.seconds > lift.distance_m  # waiting for and riding the lift


def test_a_position_off_the_corridor_snaps_to_it(graph: nx.Graph) -> None:
    start = Position("main", "2F", 25, 12.5, 0)  # inside room 202
    route = _route(plan_route(graph, start, "205"))
    assert route.legs[0].points[0] == (25, 12.5)
    assert route.legs[0].points[1] == pytest.approx((25, 10))
    assert len(route.legs) == 1


def test_unknown_room_is_a_programming_error(
    graph: nx.Graph, kiosks: dict[str, Position]
) -> None:
    with pytest.raises(KeyError):
        plan_route(graph, kiosks["main-lobby"], "999")
