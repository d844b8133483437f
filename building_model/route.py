"""What a route is: where someone stands, the legs per floor, and why there is none.

Finding one is ``building_model.planning``; its sentences are
``building_model.phrasing``; the bearings and turns ``building_model.geometry``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from kiosk_core.text import Text

from .spec import Closure, KioskPoint, Point

ConnectorKind = Literal["lift", "stairs", "bridge"]
CONNECTORS: tuple[ConnectorKind, ...] = ("lift", "stairs", "bridge")


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
