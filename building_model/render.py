"""Off-screen PNGs of a route, one per floor walked, cached on disk.

Headless rendering uses VTK's EGL window (Mesa llvmpipe when there is no GPU):
no X server, no Xvfb, no OSMesa needed. What was found on the Debian image with
the vtk 9.7 wheel: EGL works (``libegl1``, ``libegl-mesa0``, ``libgl1-mesa-dri``);
OSMesa is not installed (``libOSMesa`` missing) and there is no Xvfb; without
``VTK_DEFAULT_OPENGL_WINDOW`` VTK tries X first, warns "bad X server
connection" and then falls back to EGL, so we ask for EGL up front.

Files are written atomically (temporary name, then rename), so the web process
can serve the cache while the scheduler fills it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pyvista as pv

from kiosk_core.text import Text

from .directory import Directory
from .graph import build_graph
from .planning import kiosk_positions, plan_route
from .route import Leg, Position, Route
from .scene import (
    FOCUS_OPACITY,
    HERE_COLOUR,
    ROUTE_COLOUR,
    ROUTE_HEIGHT,
    Scene,
    box,
    build_scene,
    leg_path,
    tube,
)
from .spec import Building

DEFAULT_SIZE = (960, 640)
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansKR-Regular.ttf",
)


class RenderUnavailable(RuntimeError):
    """Off-screen rendering cannot work here; the message says what is missing."""


def find_cjk_font() -> Path | None:
    """A font file with Hangul: fontconfig's Noto Sans CJK KR, else known paths."""
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", "Noto Sans CJK KR:lang=ko"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        # fc-match always answers; only trust it when it is a CJK font.
        if found and re.search(r"CJK|KR|Nanum|Hangul", found) and Path(found).is_file():
            return Path(found)
    for candidate in _FONT_FILES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def file_hash(path: Path) -> str:
    """SHA-256 of a file (the building file), hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))


def count_colour(image: np.ndarray, colour: str, tolerance: int = 12) -> int:
    """Pixels of an RGB(A) image within ``tolerance`` (per channel) of ``colour``."""
    rgb = np.asarray(image)[..., :3].astype(int)
    target = np.array(_hex_rgb(colour))
    return int((np.abs(rgb - target).max(axis=-1) <= tolerance).sum())


def _use_egl() -> None:
    # Must happen before the first render window exists; never at import.
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def _check_window(plotter: pv.Plotter) -> None:
    window = plotter.ren_win  # None only once the plotter is closed
    if window is None:
        raise RenderUnavailable("the plotter has no render window")
    name = window.GetClassName()
    if name == "vtkXOpenGLRenderWindow" and not os.environ.get("DISPLAY"):
        raise RenderUnavailable(
            "VTK picked an X window without DISPLAY; EGL is unavailable. Install "
            "libegl1, libegl-mesa0 and libgl1-mesa-dri (or a GPU's EGL driver)."
        )


@dataclass(frozen=True)
class Step:
    """One step card: the leg on its floor and what it says."""

    index: int
    count: int
    leg: Leg


def _title(building: Building, step: Step, lang: str) -> str:
    leg = step.leg
    floor = building.floor(leg.building, leg.floor).name.get(lang)
    where = building.structure(leg.building).name.get(lang)
    last = leg.directions[-1].get(lang) if leg.directions else ""
    return f"{step.index + 1}/{step.count}  {where} {floor}\n{last}"


def render_leg(
    building: Building,
    scene: Scene,
    step: Step,
    path: Path,
    *,
    lang: str = "ko",
    size: tuple[int, int] = DEFAULT_SIZE,
    font_file: Path | None = None,
) -> None:
    """Draw one floor with its leg of the route and write a PNG to ``path``."""
    _use_egl()
    leg = step.leg
    floor = building.floor(leg.building, leg.floor)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    try:
        _check_window(plotter)
        # pyvista defines Plotter.set_background and .reset_camera with
        # functools.wraps, which typeshed types as unbound (typeshed#10653)
        plotter.set_background("white")  # type: ignore[arg-type]
        for item in scene.on_floor(leg.building, leg.floor):
            if item.role == "marker" and step.index != 0:
                continue
            plotter.add_mesh(
                item.mesh,
                color=item.colour,
                opacity=FOCUS_OPACITY,
                show_edges=False,
                smooth_shading=False,
            )
        for item in scene.meshes:
            if item.role in ("lift", "stairs") and item.building == leg.building:
                x0, x1, y0, y1, _, _ = item.mesh.bounds
                plotter.add_mesh(
                    box(x0, x1, y0, y1, floor.elevation, floor.elevation + 2.2),
                    color=item.colour,
                )
        # Unlit, so the route keeps its exact colour on every pixel it covers.
        plotter.add_mesh(
            tube(leg_path(leg, building), radius=0.45),
            color=ROUTE_COLOUR,
            lighting=False,
        )
        font = str(font_file) if font_file else None
        labels: list[tuple[tuple[float, float, float], str, str]] = []
        z = floor.elevation + ROUTE_HEIGHT + 2.5
        if step.index == 0:
            x, y, _ = scene.start
            labels.append(((x, y, z + 1.0), scene.start_label.get(lang), HERE_COLOUR))
        end = leg.points[-1]
        if leg.leave_by is not None:
            to_floor = building.floor(leg.leave_by.to_building, leg.leave_by.to_floor)
            text = f"{leg.leave_by.name.get(lang)} → {to_floor.name.get(lang)}"
            labels.append(((end[0], end[1], z), text, "#333333"))
        elif scene.destination_label is not None:
            labels.append(
                (
                    (end[0], end[1], z + 1.0),
                    scene.destination_label.get(lang),
                    ROUTE_COLOUR,
                )
            )
        for point, text, colour in labels:
            plotter.add_point_labels(
                [point],
                [text],
                font_size=20,
                text_color=colour,
                font_file=font,
                show_points=False,
                shape_color="white",
                shape_opacity=0.85,
                always_visible=True,
                margin=4,
            )
        plotter.add_text(
            _title(building, step, lang),
            position="upper_left",
            font_size=14,
            color="black",
            font_file=font,
        )
        xs = [p[0] for p in floor.outline]
        ys = [p[1] for p in floor.outline]
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, floor.elevation)
        depth = max(max(xs) - min(xs), max(ys) - min(ys))
        plotter.camera_position = [
            (centre[0], centre[1] - 0.55 * depth, centre[2] + depth),
            centre,
            (0.0, 0.0, 1.0),
        ]
        plotter.reset_camera(  # type: ignore[call-arg]  # functools.wraps, as above
            bounds=(
                min(xs),
                max(xs),
                min(ys),
                max(ys),
                floor.elevation - 0.2,
                floor.elevation + 3.0,
            )
        )
        plotter.camera.zoom(1.1)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}.{os.getpid()}.tmp.png")
        plotter.screenshot(str(partial), return_img=False)
        os.replace(partial, path)
    finally:
        plotter.close()


def cache_version(building: Building, building_hash: str, day: date) -> str:
    """The cache folder for a building file with the closures in force on ``day``."""
    closed = ",".join(sorted(building.active_closures(day)))
    return hashlib.sha256(f"{building_hash}|{closed}".encode()).hexdigest()[:16]


class RouteRenderer:
    """Renders the step PNGs of routes into ``cache_dir`` and serves them from there.

    One instance per thread (it keeps the walk graph); any number of processes
    may share ``cache_dir``.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        font_file: Path | None = None,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.size = size
        self._font_file = font_file
        self._font_looked_up = font_file is not None
        self._graph: tuple[str, nx.Graph] | None = None
        #: PNGs actually drawn by this instance (cache hits do not count).
        self.renders = 0

    @property
    def font_file(self) -> Path | None:
        """The Hangul font in use (looked up once, on first use)."""
        if not self._font_looked_up:
            self._font_file = find_cjk_font()
            self._font_looked_up = True
        return self._font_file

    def graph(self, building: Building, building_hash: str, day: date) -> nx.Graph:
        """The walk graph for this building file and the closures of ``day`` (kept)."""
        key = f"{building_hash}:{day.isoformat()}"
        if self._graph is None or self._graph[0] != key:
            self._graph = (key, build_graph(building, day))
        return self._graph[1]

    def paths(
        self,
        building: Building,
        building_hash: str,
        kiosk_id: str,
        room_id: str,
        step_free: bool,
        count: int,
        lang: str,
        *,
        day: date,
    ) -> list[Path]:
        """Where the ``count`` step PNGs of one route live in the cache, with the
        closures of ``day`` (the site's day)."""
        for value in (kiosk_id, room_id, lang):
            if not _SAFE_ID.match(value):
                raise ValueError(f"unsafe id for a cache path: {value!r}")
        version = cache_version(building, building_hash, day)
        mode = "stepfree" if step_free else "any"
        folder = self.cache_dir / version / kiosk_id
        return [
            folder / f"{room_id}.{mode}.{lang}.{i + 1}of{count}.png"
            for i in range(count)
        ]

    def render_steps(
        self,
        building: Building,
        building_hash: str,
        directory: Directory,
        kiosk_id: str,
        kiosk_position: Position,
        room_id: str,
        step_free: bool,
        *,
        day: date,
        lang: str = "ko",
        destination_label: Text | None = None,
    ) -> list[Path]:
        """One PNG per floor walked, from the cache when present; [] when no route."""
        route = plan_route(
            self.graph(building, building_hash, day), kiosk_position, room_id, step_free
        )
        if not isinstance(route, Route):
            return []
        paths = self.paths(
            building,
            building_hash,
            kiosk_id,
            room_id,
            step_free,
            len(route.legs),
            lang,
            day=day,
        )
        missing = [i for i, p in enumerate(paths) if not p.is_file()]
        if not missing:
            return paths
        scene = build_scene(
            building,
            directory,
            route,
            kiosk_position,
            destination_label=destination_label,
        )
        for index in missing:
            step = Step(index, len(route.legs), route.legs[index])
            render_leg(
                building,
                scene,
                step,
                paths[index],
                lang=lang,
                size=self.size,
                font_file=self.font_file,
            )
            self.renders += 1
        return paths


@dataclass(frozen=True)
class Prerendered:
    """What one prerender step produced."""

    kiosk: str
    room: str
    step_free: bool
    lang: str
    paths: tuple[Path, ...]
    rendered: int  # PNGs drawn now (0: all were cached)


def destination_rooms(directory: Directory) -> list[str]:
    """Every room a directory entry sends visitors to, in file order, once each."""
    rooms = [d.room for d in directory.departments]
    rooms += [directory.room_of(t.id) for t in directory.teams]
    return list(dict.fromkeys(rooms))


def prerender_all(
    renderer: RouteRenderer,
    building: Building,
    building_hash: str,
    directory: Directory,
    *,
    day: date,
    kiosks: Mapping[str, Position] | None = None,
    langs: Sequence[str] = ("ko", "en"),
    step_free: Sequence[bool] = (False, True),
    limit: int | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[Prerendered]:
    """Fill the cache for every destination from every kiosk, lazily.

    A generator: the scheduler job can stop iterating at any time. ``limit``
    bounds the number of routes that needed drawing (cache hits are free);
    ``should_stop`` is asked before each route (e.g. a shutdown event).
    """
    kiosks = kiosk_positions(building) if kiosks is None else kiosks
    drawn = 0
    for kiosk_id, position in kiosks.items():
        for room_id in destination_rooms(directory):
            for free in step_free:
                for lang in langs:
                    if (limit is not None and drawn >= limit) or (
                        should_stop is not None and should_stop()
                    ):
                        return
                    before = renderer.renders
                    paths = renderer.render_steps(
                        building,
                        building_hash,
                        directory,
                        kiosk_id,
                        position,
                        room_id,
                        free,
                        day=day,
                        lang=lang,
                    )
                    rendered = renderer.renders - before
                    drawn += 1 if rendered else 0
                    yield Prerendered(
                        kiosk_id, room_id, free, lang, tuple(paths), rendered
                    )


# Version folders kept besides the current ones: a building edit that is undone,
# or a closure that ends, brings an old version back without redrawing it.
SPARE_VERSIONS = 2
# ...unless they are large: the demo building's full set (2 kiosks, 51 rooms, both
# languages, with and without steps) is ~50 MB (16 MB of pictures, 34 MB of speech).
SPARE_BYTES = 256 * 1024 * 1024
# A picture or clip being written has a temporary name for a few seconds; one
# older than this was left by a process that died mid-write.
TEMP_MAX_AGE_SECONDS = 3600.0
_VERSION_NAME = re.compile(r"^[0-9a-f]{16}$")


def _files(folder: Path) -> Iterator[os.stat_result]:
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                yield os.stat(os.path.join(root, name))
            except FileNotFoundError:
                continue


def _delete(path: Path) -> int:
    """Remove a file or folder; the bytes it held (0 if already gone)."""
    if path.is_dir():
        size = sum(st.st_size for st in _files(path))
        shutil.rmtree(path, ignore_errors=True)
        return size
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return 0
    return size


def _prune_version(
    folder: Path, kiosks: set[str], rooms: set[str], temp_before: float
) -> int:
    freed = 0
    for kiosk in list(folder.iterdir()):
        if not kiosk.is_dir() or kiosk.name not in kiosks:
            freed += _delete(kiosk)
            continue
        for file in list(kiosk.iterdir()):
            if file.name.startswith("."):  # being written, or left by a crash
                try:
                    stale = file.stat().st_mtime < temp_before
                except FileNotFoundError:
                    continue
                if stale:
                    freed += _delete(file)
            elif file.name.split(".", 1)[0] not in rooms:
                freed += _delete(file)
    return freed


def prune_cache(
    cache_dir: Path,
    current: set[str],
    *,
    kiosks: set[str],
    rooms: set[str],
    spare_versions: int = SPARE_VERSIONS,
    spare_bytes: int = SPARE_BYTES,
    now: float | None = None,
) -> int:
    """Delete cached route media no current route can show; the bytes freed.

    In the ``current`` version folders only files of other kiosks or rooms and
    stale temporary files go; of the other versions the newest few stay (at most
    ``spare_versions`` and ``spare_bytes``), oldest first out.
    """
    if not cache_dir.is_dir():
        return 0
    temp_before = (now if now is not None else time.time()) - TEMP_MAX_AGE_SECONDS
    freed = 0
    others: list[tuple[float, int, Path]] = []
    for folder in cache_dir.iterdir():
        if not folder.is_dir() or not _VERSION_NAME.match(folder.name):
            continue  # not ours: never delete what this module did not write
        if folder.name in current:
            freed += _prune_version(folder, kiosks, rooms, temp_before)
            continue
        stats = list(_files(folder))
        newest = max([folder.stat().st_mtime, *(st.st_mtime for st in stats)])
        others.append((newest, sum(st.st_size for st in stats), folder))
    kept, kept_bytes, full = 0, 0, False
    for _, size, folder in sorted(others, key=lambda o: o[0], reverse=True):
        full = full or kept >= spare_versions or kept_bytes + size > spare_bytes
        if full:
            freed += _delete(folder)
        else:
            kept, kept_bytes = kept + 1, kept_bytes + size
    return freed
