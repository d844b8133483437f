"""Off-screen step PNGs: drawn headless with EGL, cached, and without leaks.

Nothing here is skipped: if EGL cannot render on this machine the tests fail,
and the error names what is missing.
"""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from building_model import (
    Route,
    kiosk_positions,
    plan_route,
)
from building_model.picture import Picture, plan_picture
from building_model.render import (
    PICTURE_VERSION,
    RouteRenderer,
    Step,
    cache_version,
    count_colour,
    destination_rooms,
    file_hash,
    find_cjk_font,
    prerender_all,
    render_floor,
    render_leg,
)
from building_model.scene import (
    HERE_COLOUR,
    LIFT_COLOUR,
    ROUTE_COLOUR,
    SLAB_COLOUR,
    STAIRS_COLOUR,
    build_scene,
)

ROOT = Path(__file__).resolve().parents[1]
SMALL = (320, 220)
DAY = date(2026, 11, 26)  # the site's day (the caller's to give, never a clock)


@pytest.fixture(scope="module")
def building_hash() -> str:
    return file_hash(ROOT / "building.yaml")


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def test_import_does_not_touch_the_environment():
    env = {k: v for k, v in os.environ.items() if k != "VTK_DEFAULT_OPENGL_WINDOW"}
    code = (
        "import os, building_model.render; "
        "print(os.environ.get('VTK_DEFAULT_OPENGL_WINDOW'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "None"


def test_hangul_font_is_found():
    font = find_cjk_font()
    assert font is not None and font.is_file(), "install fonts-noto-cjk"


def test_one_png_per_floor_walked_with_the_route(
    tmp_path, building, directory, lobby, building_hash
):
    renderer = RouteRenderer(tmp_path)
    paths = renderer.render_steps(
        building, building_hash, directory, "main-lobby", lobby, "304", False, day=DAY
    )
    assert len(paths) == 2 == renderer.renders  # 1F to the lift, 3F to the door
    for index, path in enumerate(paths):
        pixels = _pixels(path)
        assert pixels.shape == (640, 960, 3)
        colours = np.unique(pixels.reshape(-1, 3), axis=0)
        assert len(colours) > 50, "blank or flat image"
        # cropped to the floor's used part: no half-empty margins
        white = (pixels == 255).all(axis=-1).mean()
        assert white < 0.3, f"step {index + 1}: {white:.0%} white"
        assert count_colour(pixels, ROUTE_COLOUR) > 300, f"no route on {path.name}"
    # "you are here" only on the first card
    assert count_colour(_pixels(paths[0]), HERE_COLOUR, tolerance=40) > 20
    assert count_colour(_pixels(paths[1]), HERE_COLOUR, tolerance=40) == 0


def test_cache_returns_the_same_files_without_drawing(
    tmp_path, building, directory, lobby, building_hash
):
    renderer = RouteRenderer(tmp_path, size=SMALL)
    args = (building, building_hash, directory, "main-lobby", lobby, "a304", True)
    first = renderer.render_steps(*args, day=DAY, lang="en")
    stamps = [p.stat().st_mtime_ns for p in first]
    drawn = renderer.renders
    assert drawn == len(first) >= 3  # main 1F, (lift), bridge, annex 3F

    again = RouteRenderer(tmp_path, size=SMALL)  # e.g. the web process
    second = again.render_steps(*args, day=DAY, lang="en")
    assert second == first and again.renders == 0
    assert [p.stat().st_mtime_ns for p in second] == stamps
    # another language or the other route mode is another picture
    assert renderer.render_steps(*args, day=DAY, lang="ko") != first
    other = renderer.render_steps(*args[:-1], False, day=DAY, lang="en")
    assert set(other).isdisjoint(first)
    # a changed building file must not reuse the old pictures
    assert (
        renderer.render_steps(building, "0" * 64, *args[2:], day=DAY, lang="en")
        != first
    )
    assert not list(tmp_path.rglob("*.tmp.png"))


def test_cache_paths_refuse_unsafe_ids(tmp_path, building, directory, lobby):
    renderer = RouteRenderer(tmp_path, size=SMALL)
    with pytest.raises(ValueError):
        renderer.render_steps(
            building, "h", directory, "../etc", lobby, "304", False, day=DAY
        )


def test_prerender_is_lazy_and_bounded(tmp_path, building, directory, building_hash):
    renderer = RouteRenderer(tmp_path, size=SMALL)
    kiosks = {"main-lobby": kiosk_positions(building)["main-lobby"]}
    done = list(
        prerender_all(
            renderer,
            building,
            building_hash,
            directory,
            day=DAY,
            kiosks=kiosks,
            langs=("ko",),
            step_free=(False,),
            limit=2,
        )
    )
    assert [d.rendered > 0 for d in done] == [True, True]
    assert done[0].room == destination_rooms(directory)[0]
    # cached routes are free: a second pass walks further before its limit
    again = list(
        prerender_all(
            renderer,
            building,
            building_hash,
            directory,
            day=DAY,
            kiosks=kiosks,
            langs=("ko",),
            step_free=(False,),
            limit=1,
        )
    )
    assert [d.rendered > 0 for d in again] == [False, False, True]
    stopped = list(
        prerender_all(
            renderer,
            building,
            building_hash,
            directory,
            day=DAY,
            should_stop=lambda: True,
        )
    )
    assert stopped == []


# --- what the pictures show -------------------------------------------------------

PICTURES = [
    ("main-lobby", "102", False),  # same floor
    ("main-lobby", "304", False),  # other floor, by lift
    ("main-lobby", "a304", True),  # the annex over the bridge, step-free
    ("annex-lobby", "a101", False),  # the annex kiosk, facing west
    ("annex-lobby", "304", False),  # the annex kiosk to the main building
]


def _route(building, start, room, step_free) -> Route:
    route = plan_route(building, start, room, step_free)
    assert isinstance(route, Route), route
    return route


def _near_line(mask: np.ndarray, points, radius: int, step: float = 6.0) -> float:
    """Share of points every ``step`` px along a polyline with a masked pixel
    within ``radius`` px."""
    height, width = mask.shape
    samples = []
    for a, b in itertools.pairwise(points):
        n = max(1, math.ceil(math.dist(a, b) / step))
        samples += [
            (a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n)
            for i in range(n + 1)
        ]
    found = 0
    for x, y in samples:
        x0, x1 = max(0, round(x) - radius), min(width, round(x) + radius + 1)
        y0, y1 = max(0, round(y) - radius), min(height, round(y) + radius + 1)
        found += bool(mask[y0:y1, x0:x1].any())
    return found / len(samples)


def _distance_to_line(xs: np.ndarray, ys: np.ndarray, points) -> np.ndarray:
    """Each pixel's distance to a polyline."""
    best = np.full(xs.shape, np.inf)
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1e-9
        t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0, 1)
        best = np.minimum(best, np.hypot(xs - (ax + t * dx), ys - (ay + t * dy)))
    return best


def _mask(pixels: np.ndarray, colour: str, tolerance: int) -> np.ndarray:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return np.abs(pixels.astype(int) - target).max(axis=-1) <= tolerance


@pytest.mark.parametrize(("kiosk", "room", "step_free"), PICTURES)
def test_pictures_frame_the_route_the_way_the_visitor_faces(
    tmp_path, building, directory, kiosk, room, step_free
):
    start = kiosk_positions(building)[kiosk]
    route = _route(building, start, room, step_free)
    scene = build_scene(building, directory, route, start)
    for index, leg in enumerate(route.legs):
        out = tmp_path / f"{index}.png"
        step = Step(index, len(route.legs), leg)
        picture = render_leg(building, scene, step, out, lang="en")
        pixels = _pixels(out)
        height, width, _ = pixels.shape
        on_route = _mask(pixels, ROUTE_COLOUR, 12)
        ys, xs = np.nonzero(on_route)
        assert len(xs) > 500, f"no route on leg {index + 1}"
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(leg.points))
        spread = max(np.ptp(xs) / width, np.ptp(ys) / height)
        if length >= 8:
            assert spread > 0.4, f"leg {index + 1}: the route spans {spread:.0%}"
        # drawn where the plan puts it, and nowhere else
        planned = picture.path_pixels()
        assert _near_line(on_route, planned, radius=4) > 0.85
        assert (_distance_to_line(xs, ys, planned) < 12).mean() > 0.97
        # so ahead is up: the first step beyond the start is higher in the picture
        ahead = next(
            (
                q
                for p, q in zip(leg.points, planned, strict=True)
                if math.dist(p, leg.points[0]) > 0.3
            ),
        )
        assert ahead[1] < planned[0][1] - 5
        here = _mask(pixels, HERE_COLOUR, 40)
        if index == 0:
            # "you are here" is drawn at the start, below the way ahead
            sx, sy = planned[0]
            near_start = here[
                round(sy) - 12 : round(sy) + 13, round(sx) - 12 : round(sx) + 13
            ]
            assert near_start.sum() > 100
            assert np.nonzero(here)[0].mean() > ys.mean()
        else:
            assert not here.any()


def _nearest(colour: np.ndarray, references: dict[str, str]) -> str:
    def rgb(hex_colour: str) -> np.ndarray:
        return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])

    return min(
        references,
        key=lambda name: float(
            np.abs(colour.astype(int) - rgb(references[name])).sum()
        ),
    )


def test_the_floor_in_3d_lines_up_with_the_plan(building, directory, lobby):
    """The 3D camera is the plan's: the lift, stairs, destination and corridor
    rendered by VTK are at the pixels the plan (and so the labels) say."""
    route = _route(building, lobby, "304", False)
    scene = build_scene(building, directory, route, lobby)
    picture: Picture = plan_picture(building, route, 1)
    image = render_floor(building, scene, picture)
    z = picture.elevation
    references = {
        "lift": LIFT_COLOUR,
        "stairs": STAIRS_COLOUR,
        "destination": ROUTE_COLOUR,
        "slab": SLAB_COLOUR,
    }
    probes = {
        "lift": (40, 9, z + 1.2),  # lift B's top
        "stairs": (44, 9, z + 1.2),
        "destination": (51, 15, z + 2.6),  # 304, raised
        "slab": (47, 10, z),  # the corridor
    }
    for expected, point in probes.items():
        x, y = picture.view.pixel(point)
        colour = image[round(y), round(x)]
        assert _nearest(colour, references) == expected, (expected, colour)


def test_picture_version_is_in_the_cache_folder(building, building_hash, monkeypatch):
    import building_model.render as render

    before = cache_version(building, building_hash, DAY)
    monkeypatch.setattr(render, "PICTURE_VERSION", PICTURE_VERSION + 1)
    assert cache_version(building, building_hash, DAY) != before


def test_a_room_drawn_by_its_outline_is_pictured_by_its_outline(
    tmp_path, building, directory, lobby
):
    """102 as a U open to the north: the picture raises the U, not its box, and
    names it inside the outline."""
    outline = [
        (30, 11),
        (44, 11),
        (44, 19),
        (40, 19),
        (40, 14),
        (34, 14),
        (34, 19),
        (30, 19),
    ]
    rooms = [
        r.model_copy(update={"box": None, "outline": outline}) if r.id == "102" else r
        for r in building.rooms
    ]
    shaped = building.model_copy(update={"rooms": rooms})
    route = _route(shaped, lobby, "102", False)
    scene = build_scene(shaped, directory, route, lobby)
    picture = plan_picture(shaped, route, 0)
    image = render_floor(shaped, scene, picture)
    z = picture.elevation + 2.6  # the destination's raised top
    references = {"destination": ROUTE_COLOUR, "slab": SLAB_COLOUR, "white": "#ffffff"}
    probes = [
        ((32.0, 15.0, z), "destination"),  # the west arm
        ((42.0, 15.0, z), "destination"),  # the east arm
        ((37.0, 12.5, z), "destination"),  # the bottom bar
        ((37.0, 16.0, picture.elevation), "slab"),  # the notch: floor, no room
    ]
    for point, expected in probes:
        x, y = picture.view.pixel(point)
        assert 0 <= x < image.shape[1] and 0 <= y < image.shape[0], point
        assert _nearest(image[round(y), round(x)], references) == expected, point
    out = tmp_path / "u.png"
    render_leg(shaped, scene, Step(0, 1, route.legs[0]), out, lang="ko")
    assert count_colour(_pixels(out), ROUTE_COLOUR) > 500
