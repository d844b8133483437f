"""Route and 3D-figure budgets: ``python -m benchmarks.bench_route [--sample N]``.

(a) plan_route for every destination room (every department's and team's room)
from every kiosk point, normal and step-free; (b) the route screen's 3D view
(guide_scene + route_figure + to_json) for every destination from every
kiosk, with the JSON size raw and gzipped. Prints a Markdown table for the
README. ``--building``/``--directory`` take another site, such as one
written by ``python -m kiosk_app import-imdf``.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path

from building_model import (
    Route,
    build_graph,
    kiosk_positions,
    load_building,
    load_directory,
    plan_route,
)
from building_model.guide import guide_scene
from building_model.plotly_view import route_figure
from building_model.render import destination_rooms

ROOT = Path(__file__).resolve().parents[1]
ROUTE_BUDGET_MS = 5.0
FIGURE_BUDGET_KB = 150.0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> None:
    """Run both benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--building", type=Path, default=ROOT / "building.yaml")
    parser.add_argument("--directory", type=Path, default=ROOT / "directory.yaml")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="route timings per destination (best is not taken)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="figure benchmark: every Nth destination (0: all)",
    )
    args = parser.parse_args(argv)

    building = load_building(args.building)
    directory = load_directory(args.directory, building)
    graph = build_graph(building)
    kiosks = kiosk_positions(building)
    rooms = destination_rooms(directory)
    targets = [d.id for d in directory.departments] + [t.id for t in directory.teams]

    route_ms: list[float] = []
    routes: dict[tuple[str, str, bool], Route] = {}
    for kiosk_id, start in kiosks.items():
        for target in targets:
            room = directory.room_of(target)
            for step_free in (False, True):
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    result = plan_route(graph, start, room, step_free)
                    route_ms.append((time.perf_counter() - began) * 1000)
                if isinstance(result, Route):
                    routes[(kiosk_id, room, step_free)] = result

    figure_ms: list[float] = []
    raw_kb: list[float] = []
    gzip_kb: list[float] = []
    chosen = sorted(k for k in routes if not k[2])
    if args.sample > 1:
        chosen = chosen[:: args.sample]
    warm = chosen[0]  # first call pays for imports and plotly's validators
    route_figure(
        guide_scene(building, directory, routes[warm], kiosks[warm[0]]), "ko"
    ).to_json()
    for kiosk_id, room, step_free in chosen:
        route = routes[(kiosk_id, room, step_free)]
        began = time.perf_counter()
        scene = guide_scene(building, directory, route, kiosks[kiosk_id])
        text = route_figure(scene, "ko").to_json()
        figure_ms.append((time.perf_counter() - began) * 1000)
        raw_kb.append(len(text.encode()) / 1024)
        gzip_kb.append(len(gzip.compress(text.encode())) / 1024)

    def ok(value: float, budget: float) -> str:
        return "ok" if value < budget else "OVER"

    p95_route = percentile(route_ms, 95)
    print(
        f"Routes: {len(kiosks)} kiosks x {len(targets)} departments and teams "
        f"x normal/step-free, {args.repeat} runs each. Figures: "
        f"{'every ' + str(args.sample) + 'th' if args.sample > 1 else 'every'} "
        f"distinct destination room ({len(rooms)}) from every kiosk, normal "
        "mode, Korean labels (teams sharing a room share its figure).\n"
    )
    print("| what | n | p50 | p95 | max | budget |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print(
        f"| plan_route (ms) | {len(route_ms)} | "
        f"{statistics.median(route_ms):.2f} | {p95_route:.2f} | "
        f"{max(route_ms):.2f} | p95 < {ROUTE_BUDGET_MS:g} ms: "
        f"{ok(p95_route, ROUTE_BUDGET_MS)} |"
    )
    print(
        f"| scene + figure + to_json (ms) | {len(figure_ms)} | "
        f"{statistics.median(figure_ms):.1f} | {percentile(figure_ms, 95):.1f} | "
        f"{max(figure_ms):.1f} | (callback p95 < 100 ms) |"
    )
    print(
        f"| figure JSON raw (KB) | {len(raw_kb)} | {statistics.median(raw_kb):.1f} | "
        f"{percentile(raw_kb, 95):.1f} | {max(raw_kb):.1f} | |"
    )
    print(
        f"| figure JSON gzipped (KB) | {len(gzip_kb)} | "
        f"{statistics.median(gzip_kb):.1f} | {percentile(gzip_kb, 95):.1f} | "
        f"{max(gzip_kb):.1f} | max < {FIGURE_BUDGET_KB:g} KB: "
        f"{ok(max(gzip_kb), FIGURE_BUDGET_KB)} |"
    )
    missing = 2 * len(kiosks) * len(rooms) - len(routes)  # routes is keyed by room
    if missing:
        print(f"\n{missing} kiosk/destination/mode combinations had no route.")


if __name__ == "__main__":
    main()
