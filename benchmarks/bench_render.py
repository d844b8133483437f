"""Off-screen renderer memory: ``python -m benchmarks.bench_render [--renders N]``.

A kiosk runs for months and the scheduler draws step pictures every day: the
renderer's working set must level off, not grow with every picture. Draws a
few pictures first (the one-off OpenGL context, fonts), then N more, and
prints the RSS growth over the second part as a Markdown table row.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
from pathlib import Path

import psutil

from building_model import (
    Route,
    build_graph,
    kiosk_positions,
    load_building,
    load_directory,
    plan_route,
)
from building_model.render import Step, find_cjk_font, render_leg
from building_model.scene import build_scene

ROOT = Path(__file__).resolve().parents[1]
SIZE = (320, 220)
WARM_UP = 5


def main(argv: list[str] | None = None) -> None:
    """Render the same two steps over and over; print the RSS growth."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args(argv)
    building = load_building(ROOT / "building.yaml")
    directory = load_directory(ROOT / "directory.yaml", building)
    lobby = kiosk_positions(building)["main-lobby"]
    route = plan_route(build_graph(building), lobby, "304")
    assert isinstance(route, Route)
    scene = build_scene(building, directory, route, lobby)
    process = psutil.Process()
    font = find_cjk_font()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "step.png"

        def render(i: int) -> None:
            step = Step(i % 2, 2, route.legs[i % 2])
            render_leg(building, scene, step, out, size=SIZE, font_file=font)

        for i in range(WARM_UP):
            render(i)
        gc.collect()
        before = process.memory_info().rss
        for i in range(args.renders):
            render(i)
        gc.collect()
        growth = (process.memory_info().rss - before) / 2**20
    print("| what | result | budget |")
    print("| --- | --- | --- |")
    print(
        f"| off-screen renderer alone, {args.renders} step pictures after "
        f"{WARM_UP} | RSS growth {growth:+.1f} MB "
        f"(RSS {process.memory_info().rss / 2**20:.0f} MB) | flat |"
    )


if __name__ == "__main__":
    main()
