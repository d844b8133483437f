"""The words of a route: turn-by-turn sentences, taking a lift or the stairs,
arriving, and why there is no way, in every language the kiosk has a locale for.

The phrases themselves (and Korean particles) are the locales'
(``kiosk_core.locales``); this module says which phrase fits where. Planning
(``building_model.planning``) decides the way and asks for its sentences;
geometry (``building_model.geometry``) names the turns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from kiosk_core.locales import Locale
from kiosk_core.text import Text, in_every_language

from .geometry import Turn, bearing, simplify, turn
from .route import Connector, ConnectorKind
from .spec import Building, Closure, Point, Room

NO_ACCESS = in_every_language(lambda locale: locale.phrase("no_access"))


def _say(words: Callable[[Locale], str]) -> Text:
    """A sentence in every language, each from its locale's phrases."""
    return in_every_language(lambda locale: locale.sentence(words(locale)))


def _metres(length: float) -> int:
    return max(1, round(length))


def _go(locale: Locale, way: Turn | None, d: int) -> str:
    return locale.phrase(f"go.{way}" if way else "go", d=d)


def _step(
    way: Turn | None, d: int, exit_by: ConnectorKind | None
) -> Callable[[Locale], str]:
    """One walking sentence: a turn and a distance, after leaving a connector."""

    def words(locale: Locale) -> str:
        go = _go(locale, way, d)
        return locale.phrase(f"exit.{exit_by}", then=go) if exit_by else go

    return words


def walk_sentences(
    core: list[Point], heading: float | None, entered_by: ConnectorKind | None
) -> tuple[list[Text], float | None]:
    """Turn-by-turn sentences along ``core``; also the final heading."""
    path = simplify(core)
    sentences: list[Text] = []
    for index, (a, b) in enumerate(zip(path, path[1:], strict=False)):
        towards = bearing(a, b)
        d = _metres(math.dist(a, b))
        way = turn(heading, towards)
        sentences.append(_say(_step(way, d, entered_by if index == 0 else None)))
        heading = towards
    return sentences, heading


def leave_sentence(connector: Connector, spec: Building, here: str) -> Text:
    """Taking the lift, the stairs (up or down from floor ``here``) or the bridge."""
    to_floor = spec.floor(connector.to_building, connector.to_floor)
    floor, name = to_floor.name, connector.name
    if connector.kind == "lift":
        return _say(
            lambda loc: loc.phrase(
                "lift", lift=name.get(loc.code), floor=floor.get(loc.code)
            )
        )
    if connector.kind == "stairs":
        up = to_floor.elevation > spec.floor(connector.to_building, here).elevation
        key = "stairs.up" if up else "stairs.down"
        return _say(
            lambda loc: loc.phrase(
                key, stairs=name.get(loc.code), floor=floor.get(loc.code)
            )
        )
    building = spec.structure(connector.to_building).name
    return _say(
        lambda loc: loc.phrase(
            "bridge",
            bridge=name.get(loc.code),
            building=building.get(loc.code),
            floor=floor.get(loc.code),
            place=f"{building.get(loc.code)} {floor.get(loc.code)}",
        )
    )


def arrive_sentence(room: Room, heading: float | None, foot: Point) -> Text:
    """Where the room is on arrival at ``foot``, facing ``heading``."""
    offset = room.door if math.dist(room.door, foot) > 0.3 else room.centre
    side = None
    if heading is not None:
        side = turn(heading, bearing(foot, offset))
    return _say(
        lambda loc: loc.phrase(
            "arrive",
            room=room.name.get(loc.code),
            side=loc.phrase(f"side.{side}" if side else "side"),
        )
    )


def closed_reason(room: Room, reason: Text) -> Text:
    """The room itself is closed, and why."""
    return _say(
        lambda loc: loc.phrase(
            "closed", room=room.name.get(loc.code), reason=reason.get(loc.code)
        )
    )


def no_route_reason(
    room: Room, step_free: bool, blamed: Iterable[tuple[Text, Closure]]
) -> Text:
    """No way to the room, with each closure that may be the cause (its
    target's name and reason), and where to ask."""
    causes = list(blamed)
    key = "no_route.step_free" if step_free else "no_route"

    def words(loc: Locale) -> str:
        parts = [loc.phrase(key, room=room.name.get(loc.code))]
        parts += [
            loc.phrase(
                "blamed",
                name=name.get(loc.code),
                reason=closure.reason.get(loc.code),
            )
            for name, closure in causes
        ]
        parts.append(loc.phrase("ask_desk"))
        return loc.sentence_gap.join(parts)

    return _say(words)
