"""Off-screen step PNGs: drawn headless with EGL, cached, and without leaks.

Nothing here is skipped: if EGL cannot render on this machine the tests fail,
and the error names what is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from building_model import (
    kiosk_positions,
)
from building_model.render import (
    RouteRenderer,
    count_colour,
    destination_rooms,
    file_hash,
    find_cjk_font,
    prerender_all,
)
from building_model.scene import HERE_COLOUR, ROUTE_COLOUR

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
        white = (pixels == 255).all(axis=-1).mean()
        assert 0.2 < white < 0.95, f"step {index + 1}: {white:.0%} white"
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
