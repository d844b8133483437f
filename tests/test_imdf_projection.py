"""WGS84 to the local plane and back: round trips to a millimetre, distances as
on the ellipsoid.

The reference for distances is Vincenty's inverse formula on the WGS84
ellipsoid (written out below). A haversine on a sphere is itself off by up to
0.56 % (north-south at the equator: the earth is flatter than a sphere), so
against it the plane is held to that sphere's own error, not to 0.1 %.
"""

from __future__ import annotations

import math

import pytest

from building_model.imdf import LocalFrame, to_local, to_wgs84
from building_model.imdf.projection import A, F

ORIGINS = [
    (36.7848, 126.4503),  # Seosan
    (0.0, 0.0),
    (52.1753, 0.1401),  # Cambridge
    (-33.86, 151.21),
    (64.1, -21.9),
    (37.33, -121.889),
]
DIRECTIONS = range(0, 360, 30)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (m) on the mean sphere."""
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def vincenty(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance (m) on the WGS84 ellipsoid (Vincenty 1975, inverse)."""
    b = A * (1 - F)
    u1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    lon = lam = math.radians(lon2 - lon1)
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if ss == 0:
            return 0.0
        cs = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(ss, cs)
        sa = cu1 * cu2 * sl / ss
        c2a = 1 - sa * sa
        c2sm = cs - 2 * su1 * su2 / c2a if c2a else 0.0
        c = F / 16 * c2a * (4 + F * (4 - 3 * c2a))
        previous = lam
        lam = lon + (1 - c) * F * sa * (
            sigma + c * ss * (c2sm + c * cs * (-1 + 2 * c2sm * c2sm))
        )
        if abs(lam - previous) < 1e-13:
            break
    u_sq = c2a * (A * A - b * b) / (b * b)
    k1 = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    k0 = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    ds = (
        k1
        * ss
        * (
            c2sm
            + k1
            / 4
            * (
                cs * (-1 + 2 * c2sm * c2sm)
                - k1 / 6 * c2sm * (-3 + 4 * ss * ss) * (-3 + 4 * c2sm * c2sm)
            )
        )
    )
    return b * k0 * (sigma - ds)


@pytest.mark.parametrize("origin", ORIGINS)
def test_plane_points_500_m_away_come_back_within_a_millimetre(origin) -> None:
    frame = LocalFrame(*origin)
    for degrees in DIRECTIONS:
        x = 500 * math.sin(math.radians(degrees))
        y = 500 * math.cos(math.radians(degrees))
        lon, lat = to_wgs84(frame, x, y)
        back = to_local(frame, lon, lat)
        assert math.dist(back, (x, y)) < 0.001
        # and the WGS84 point lies 500 m away on the ellipsoid
        assert vincenty(*origin, lat, lon) == pytest.approx(500, abs=0.001)


@pytest.mark.parametrize("origin", ORIGINS)
def test_wgs84_points_come_back_within_a_millimetre(origin) -> None:
    frame = LocalFrame(*origin)
    lat0, lon0 = origin
    for dlat, dlon in [(0.0045, 0.0), (0.0, 0.006), (-0.003, 0.004), (0.002, -0.005)]:
        lon, lat = lon0 + dlon, lat0 + dlat
        x, y = frame.to_local(lon, lat)
        lon2, lat2 = frame.to_wgs84(x, y)
        assert vincenty(lat, lon, lat2, lon2) < 0.001


@pytest.mark.parametrize("origin", ORIGINS)
def test_distances_agree_with_the_ellipsoid_and_the_sphere(origin) -> None:
    frame = LocalFrame(*origin)
    lat0, lon0 = origin
    points = [
        (lon0 + 0.004 * math.cos(k), lat0 + 0.0035 * math.sin(2 * k)) for k in range(8)
    ]
    for i, (lon1, lat1) in enumerate(points):
        for lon2, lat2 in points[i + 1 :]:
            plane = math.dist(frame.to_local(lon1, lat1), frame.to_local(lon2, lat2))
            geodesic = vincenty(lat1, lon1, lat2, lon2)
            # centimetres across a campus: within 1 mm + 0.001 % of the geodesic
            assert abs(plane - geodesic) < 0.001 + 1e-5 * geodesic
            # a haversine on the mean sphere is off by its own flattening error
            # (up to 0.56 % north-south at the equator)
            assert plane == pytest.approx(haversine(lat1, lon1, lat2, lon2), rel=0.006)


def test_the_origin_is_zero_and_axes_point_east_and_north() -> None:
    frame = LocalFrame(36.7848, 126.4503)
    assert frame.to_local(126.4503, 36.7848) == pytest.approx((0.0, 0.0), abs=1e-9)
    east = frame.to_local(126.4513, 36.7848)
    north = frame.to_local(126.4503, 36.7858)
    assert east[0] > 80 and abs(east[1]) < 0.01
    assert north[1] > 100 and abs(north[0]) < 1e-6


def test_no_origin_at_a_pole() -> None:
    with pytest.raises(ValueError):
        LocalFrame(90.0, 0.0)
