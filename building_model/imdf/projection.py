"""WGS84 longitude/latitude to metres in a local frame and back.

The frame is the local tangent plane (east, north) at an origin on the WGS84
ellipsoid: x grows to the east, y to the north, in metres, as in the building
file. Points are taken on the ellipsoid (an indoor map has no heights), so
the plane is exact to well under a millimetre across a campus: a point 1 km
from the origin lies 8 cm below the plane, which shortens its distance by
less than a micrometre. The inverse finds the point of the ellipsoid under a
plane point, so a round trip returns what went in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

#: WGS84 semi-major axis (m) and flattening.
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def _ecef(lat: float, lon: float, h: float = 0.0) -> tuple[float, float, float]:
    """Earth-centred coordinates (m) of a geodetic point (degrees)."""
    phi, lam = math.radians(lat), math.radians(lon)
    n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
    return (
        (n + h) * math.cos(phi) * math.cos(lam),
        (n + h) * math.cos(phi) * math.sin(lam),
        (n * (1 - E2) + h) * math.sin(phi),
    )


def _geodetic(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Latitude, longitude (degrees) and height (m) of an earth-centred point."""
    lam = math.atan2(y, x)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - E2))
    h = 0.0
    for _ in range(8):  # converges to well below a micrometre near the surface
        n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
        h = (
            p / math.cos(phi) - n
            if abs(phi) < math.pi / 4
            else z / math.sin(phi) - n * (1 - E2)
        )
        phi = math.atan2(z, p * (1 - E2 * n / (n + h)))
    return math.degrees(phi), math.degrees(lam), h


@dataclass(frozen=True)
class LocalFrame:
    """The east-north plane tangent to the ellipsoid at (latitude, longitude)."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90 < self.latitude < 90 and -180 <= self.longitude <= 180):
            raise ValueError(f"no origin at {self.latitude}, {self.longitude}")

    @cached_property
    def _origin(self) -> tuple[float, float, float]:
        return _ecef(self.latitude, self.longitude)

    @cached_property
    def _axes(self) -> tuple[tuple[float, ...], ...]:
        phi, lam = math.radians(self.latitude), math.radians(self.longitude)
        sp, cp, sl, cl = math.sin(phi), math.cos(phi), math.sin(lam), math.cos(lam)
        east = (-sl, cl, 0.0)
        north = (-sp * cl, -sp * sl, cp)
        up = (cp * cl, cp * sl, sp)
        return east, north, up

    def to_local(self, lon: float, lat: float) -> tuple[float, float]:
        """Metres east and north of the origin of a WGS84 point (GeoJSON order)."""
        east, north, _ = self._axes
        origin = self._origin
        d = [p - o for p, o in zip(_ecef(lat, lon), origin, strict=True)]
        return (
            sum(a * b for a, b in zip(east, d, strict=True)),
            sum(a * b for a, b in zip(north, d, strict=True)),
        )

    def to_wgs84(self, x: float, y: float) -> tuple[float, float]:
        """The WGS84 point (longitude, latitude) under a point of the plane."""
        east, north, up = self._axes
        origin = self._origin
        u = -(x * x + y * y) / (2 * A)  # the ellipsoid falls away below the plane
        lat = lon = 0.0
        for _ in range(6):
            p = [
                o + x * e + y * n + u * w
                for o, e, n, w in zip(origin, east, north, up, strict=True)
            ]
            lat, lon, h = _geodetic(*p)
            if abs(h) < 1e-7:
                break
            u -= h  # moving along the plane's normal leaves x and y as they are
        return lon, lat


def to_local(origin: LocalFrame, lon: float, lat: float) -> tuple[float, float]:
    """``origin.to_local``: metres east and north of the origin."""
    return origin.to_local(lon, lat)


def to_wgs84(origin: LocalFrame, x: float, y: float) -> tuple[float, float]:
    """``origin.to_wgs84``: the WGS84 point (longitude, latitude) of x, y."""
    return origin.to_wgs84(x, y)
