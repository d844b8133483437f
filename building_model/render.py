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
import math
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
from PIL import Image, ImageDraw, ImageFont

from kiosk_core.text import Text

from .directory import Directory
from .graph import build_graph
from .picture import (
    MARK_RADIUS_PX,
    ROUTE_HALF_PX,
    Box,
    Picture,
    label_size,
    layout_labels,
    plan_picture,
)
from .planning import kiosk_positions, plan_route
from .route import Leg, Position, Route
from .scene import (
    FOCUS_OPACITY,
    HERE_COLOUR,
    LIFT_COLOUR,
    ROUTE_COLOUR,
    STAIRS_COLOUR,
    Scene,
    box,
    build_scene,
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


# What the overlay draws with (the route keeps scene.ROUTE_COLOUR, unlit).
DESTINATION_LABEL_COLOUR = "#9e0031"  # darker than the route: the label reads on it
CONNECTOR_COLOUR = "#2f3b48"
ROOM_TEXT_COLOUR = "#1a1a1a"
ROOM_EDGE_COLOUR = "#8a8a8a"
CONNECTOR_HEIGHT = 1.2  # lift and stairs blocks: low, so they hide no route
_SUPERSAMPLE = 2  # the overlay is drawn this much larger, then shrunk (smooth edges)
_CHEVRON_EVERY_PX = 60


class Fonts:
    """The Hangul font at each size (bold when a bold face sits beside it)."""

    def __init__(self, font_file: Path | None) -> None:
        self.regular = font_file
        bold = None
        if font_file is not None and "Regular" in font_file.name:
            sibling = font_file.with_name(font_file.name.replace("Regular", "Bold"))
            bold = sibling if sibling.is_file() else None
        self.bold = bold or font_file
        self._cache: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}

    def get(self, px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """The font at ``px`` pixels."""
        key = (px, bold)
        if key not in self._cache:
            path = self.bold if bold else self.regular
            if path is None:
                self._cache[key] = ImageFont.load_default(px)  # type: ignore[assignment]
            else:
                # Noto CJK collections hold JP, KR, SC, TC faces: take the Korean one
                index = 1 if path.suffix == ".ttc" and "CJK" in path.name else 0
                self._cache[key] = ImageFont.truetype(str(path), px, index=index)
        return self._cache[key]

    def measure(self, text: str, px: int) -> tuple[float, float]:
        """Width and height of a line of text at ``px`` pixels."""
        left, _, right, _ = self.get(px, bold=True).getbbox(text)
        return (float(right - left), 1.2 * px)


_BOLD = {"destination": True, "here": True, "leave": True, "arrive": True}
_FILL = {
    "destination": DESTINATION_LABEL_COLOUR,
    "here": HERE_COLOUR,
    "leave": CONNECTOR_COLOUR,
    "arrive": CONNECTOR_COLOUR,
}


def _badge(building: Building, step: Step, lang: str) -> str:
    leg = step.leg
    floor = building.floor(leg.building, leg.floor).name.get(lang)
    where = building.structure(leg.building).name.get(lang)
    return f"{step.index + 1}/{step.count} · {where} {floor}"


def _badge_box(text: str, picture: Picture, fonts: Fonts) -> tuple[Box, int]:
    px = max(10, round(20 * picture.unit))
    w, h = label_size(text, px, fonts.measure)
    edge = 12 * picture.unit
    return (edge, edge, edge + w, edge + h), px


def _scaled(box: Box) -> Box:
    return (
        box[0] * _SUPERSAMPLE,
        box[1] * _SUPERSAMPLE,
        box[2] * _SUPERSAMPLE,
        box[3] * _SUPERSAMPLE,
    )


def _draw_box(
    draw: ImageDraw.ImageDraw,
    box: Box,
    text: str,
    px: int,
    fonts: Fonts,
    *,
    fill: str,
    ink: str,
    bold: bool,
    outline: str | None = None,
) -> None:
    s = _SUPERSAMPLE
    big = _scaled(box)
    draw.rounded_rectangle(
        big, radius=6 * s, fill=fill, outline=outline, width=s if outline else 0
    )
    centre = ((big[0] + big[2]) / 2, (big[1] + big[3]) / 2)
    draw.multiline_text(
        centre,
        text,
        font=fonts.get(px * s, bold),
        fill=ink,
        anchor="mm",
        align="center",
        spacing=0.2 * px * s,
    )


def _nearest_on(box: Box, point: tuple[float, float]) -> tuple[float, float]:
    return (
        min(max(point[0], box[0]), box[2]),
        min(max(point[1], box[1]), box[3]),
    )


def _chevrons(
    draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], size: float
) -> None:
    """White arrowheads along the drawn route, pointing the way to walk."""
    s = _SUPERSAMPLE
    every = _CHEVRON_EVERY_PX * size / 8
    travelled, next_at = 0.0, every * 0.6
    total = sum(math.dist(a, b) for a, b in zip(points, points[1:], strict=False))
    for a, b in zip(points, points[1:], strict=False):
        length = math.dist(a, b)
        if length < 1e-6:
            continue
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        while next_at <= travelled + length and next_at < total - every * 0.4:
            t = next_at - travelled
            cx, cy = a[0] + ux * t, a[1] + uy * t
            tip = (cx + ux * size, cy + uy * size)
            back = (cx - ux * size * 0.6, cy - uy * size * 0.6)
            left = (back[0] + uy * size * 0.8, back[1] - ux * size * 0.8)
            right = (back[0] - uy * size * 0.8, back[1] + ux * size * 0.8)
            draw.polygon(
                [(x * s, y * s) for x, y in (tip, left, back, right)], fill="white"
            )
            next_at += every
        travelled += length


def _icon(
    draw: ImageDraw.ImageDraw, at: tuple[float, float], kind: str, unit: float
) -> None:
    """A round badge on a lift, stairs or bridge used: its shape drawn in white."""
    s = _SUPERSAMPLE
    r = MARK_RADIUS_PX * unit
    x, y = at
    draw.ellipse(
        [(x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s],
        fill=CONNECTOR_COLOUR,
        outline="white",
        width=round(2 * unit * s),
    )
    k = r * 0.5
    if kind == "lift":  # up and down triangles
        for sign in (-1, 1):
            tip_y = y + sign * k * 1.1
            base_y = y + sign * k * 0.15
            draw.polygon(
                [
                    (x * s, tip_y * s),
                    ((x - k) * s, base_y * s),
                    ((x + k) * s, base_y * s),
                ],
                fill="white",
            )
    elif kind == "stairs":  # steps rising to the right
        zigzag = [
            (-1, 0.7),
            (-0.33, 0.7),
            (-0.33, 0),
            (0.33, 0),
            (0.33, -0.7),
            (1, -0.7),
        ]
        draw.line(
            [((x + a * k) * s, (y + b * k) * s) for a, b in zigzag],
            fill="white",
            width=round(3 * unit * s),
            joint="curve",
        )
    else:  # a bridge: a double arrow
        draw.line(
            [((x - k) * s, y * s), ((x + k) * s, y * s)],
            fill="white",
            width=round(2.5 * unit * s),
        )
        for sign in (-1, 1):
            end = x + sign * k * 1.2
            draw.polygon(
                [
                    (end * s, y * s),
                    ((end - sign * k * 0.6) * s, (y - k * 0.5) * s),
                    ((end - sign * k * 0.6) * s, (y + k * 0.5) * s),
                ],
                fill="white",
            )


def _route(
    draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], unit: float
) -> None:
    """The walked line: thick, in the route colour, with a white edge."""
    s = _SUPERSAMPLE
    scaled = [(x * s, y * s) for x, y in points]
    half = ROUTE_HALF_PX * unit * s
    for colour, radius in (("white", half + 2.5 * unit * s), (ROUTE_COLOUR, half)):
        if len(scaled) > 1:
            draw.line(scaled, fill=colour, width=round(2 * radius), joint="curve")
        for x, y in (scaled[0], scaled[-1]):  # round ends
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)


def _here(draw: ImageDraw.ImageDraw, at: tuple[float, float], unit: float) -> None:
    """ "You are here": a blue disc with an arrow the way the visitor faces (up)."""
    s = _SUPERSAMPLE
    x, y = at[0] * s, at[1] * s
    r = MARK_RADIUS_PX * unit * s
    draw.ellipse(
        [x - r, y - r, x + r, y + r],
        fill=HERE_COLOUR,
        outline="white",
        width=round(3 * unit * s),
    )
    k = r * 0.55
    draw.polygon(
        [
            (x, y - k),
            (x - k * 0.8, y + k * 0.6),
            (x, y + k * 0.2),
            (x + k * 0.8, y + k * 0.6),
        ],
        fill="white",
    )


def _connector_kind(building: Building, ref: str) -> str:
    if any(i.id == ref for i in building.lifts):
        return "lift"
    if any(i.id == ref for i in building.stairs):
        return "stairs"
    return "bridge"


def _overlay(
    image: Image.Image,
    building: Building,
    picture: Picture,
    step: Step,
    lang: str,
    fonts: Fonts,
) -> Image.Image:
    """The route's arrows, the lift/stairs badges and every label, on the render."""
    s = _SUPERSAMPLE
    width, height = picture.view.size
    layer = Image.new("RGBA", (width * s, height * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    unit = picture.unit
    route = picture.path_pixels()
    _route(draw, route, unit)
    _chevrons(draw, route, ROUTE_HALF_PX * unit)
    badge_text = _badge(building, step, lang)
    badge, badge_px = _badge_box(badge_text, picture, fonts)
    labels = layout_labels(picture, lang, fonts.measure, reserved=[badge])
    for label in labels:
        if label.mark.kind in ("leave", "arrive"):
            _icon(draw, label.anchor, _connector_kind(building, label.mark.ref), unit)
    if step.index == 0:  # over a lift's mark too, when the walk starts at one
        _here(draw, route[0], unit)
    for label in labels:
        kind = label.mark.kind
        if kind == "room":
            _draw_box(
                draw,
                label.box,
                label.text,
                label.font_px,
                fonts,
                fill="#ffffffe6",
                ink=ROOM_TEXT_COLOUR,
                bold=False,
                outline=ROOM_EDGE_COLOUR,
            )
            continue
        colour = _FILL[kind]
        end = _nearest_on(label.box, label.anchor)
        if math.dist(end, label.anchor) > 2:
            draw.line(
                [(label.anchor[0] * s, label.anchor[1] * s), (end[0] * s, end[1] * s)],
                fill=colour,
                width=round(3 * unit * s),
            )
        if kind == "destination":
            r = 5 * unit * s
            ax, ay = label.anchor[0] * s, label.anchor[1] * s
            draw.ellipse([ax - r, ay - r, ax + r, ay + r], fill=colour, outline="white")
        _draw_box(
            draw,
            label.box,
            label.text,
            label.font_px,
            fonts,
            fill=colour,
            ink="white",
            bold=_BOLD[kind],
            outline="white",
        )
    _draw_box(
        draw,
        badge,
        badge_text,
        badge_px,
        fonts,
        fill="#ffffffee",
        ink="#222222",
        bold=True,
        outline="#bbbbbb",
    )
    layer = layer.resize((width, height), Image.Resampling.LANCZOS)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _floor_connectors(
    building: Building, building_id: str, floor_id: str
) -> list[tuple[float, float, float, float, str]]:
    """Lifts and stairs that stop on a floor: (x0, x1, y0, y1, colour)."""
    found = []
    for lift in building.lifts:
        if lift.building == building_id and floor_id in lift.floors:
            x, y = lift.position
            found.append((x - 1.0, x + 1.0, y - 1.0, y + 1.0, LIFT_COLOUR))
    for stairs in building.stairs:
        if stairs.building == building_id and floor_id in stairs.floors:
            x, y = stairs.position
            found.append((x - 1.0, x + 1.0, y - 1.5, y + 1.5, STAIRS_COLOUR))
    return found


def render_floor(building: Building, scene: Scene, picture: Picture) -> np.ndarray:
    """The leg's floor in 3D through the picture's camera, as an (h, w, 3) image:
    slab, rooms, the destination raised, lifts and stairs low (the route and
    every mark are drawn over it by ``render_leg``, so nothing hides them)."""
    _use_egl()
    width, height = picture.view.size
    plotter = pv.Plotter(off_screen=True, window_size=[width, height])
    try:
        _check_window(plotter)
        # pyvista defines Plotter.set_background with functools.wraps, which
        # typeshed types as unbound (typeshed#10653)
        plotter.set_background("white")  # type: ignore[arg-type]
        for item in scene.on_floor(picture.building, picture.floor):
            if item.role == "marker":
                continue  # "you are here" is drawn flat, on top
            plotter.add_mesh(
                item.mesh,
                color=item.colour,
                opacity=FOCUS_OPACITY,
                show_edges=False,
                smooth_shading=False,
            )
        z = picture.elevation
        for x0, x1, y0, y1, colour in _floor_connectors(
            building, picture.building, picture.floor
        ):
            plotter.add_mesh(box(x0, x1, y0, y1, z, z + CONNECTOR_HEIGHT), color=colour)
        view = picture.view
        plotter.camera_position = [view.position(), view.focal, view.view_up]
        plotter.camera.parallel_projection = True
        plotter.camera.parallel_scale = view.parallel_scale
        plotter.renderer.reset_camera_clipping_range()
        shot = plotter.screenshot(return_img=True)
    finally:
        plotter.close()
    return np.asarray(shot)[..., :3]


def render_leg(
    building: Building,
    scene: Scene,
    step: Step,
    path: Path,
    *,
    lang: str = "ko",
    size: tuple[int, int] = DEFAULT_SIZE,
    font_file: Path | None = None,
) -> Picture:
    """Draw one floor with its leg of the route, write a PNG to ``path``, and
    return the picture's plan (what it names, and its camera). Labels are set in
    ``font_file`` (by default the Hangul font ``find_cjk_font`` finds)."""
    if scene.route is None:
        raise ValueError("a step picture needs the scene of a route")
    picture = plan_picture(
        building,
        scene.route,
        step.index,
        size=size,
        destination_label=scene.destination_label,
        here_label=scene.start_label,
    )
    floor = render_floor(building, scene, picture)
    image = _overlay(
        Image.fromarray(floor),
        building,
        picture,
        step,
        lang,
        Fonts(font_file or find_cjk_font()),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.tmp.png")
    image.save(partial, format="PNG", optimize=True)
    os.replace(partial, path)
    return picture


#: Raised whenever the pictures are drawn differently, so cached ones are redrawn.
#: 2: cropped to the leg, turned the way the visitor faces, rooms on the way named.
PICTURE_VERSION = 2


def cache_version(building: Building, building_hash: str, day: date) -> str:
    """The cache folder for a building file with the closures in force on ``day``
    (and the way pictures are drawn: ``PICTURE_VERSION``)."""
    closed = ",".join(sorted(building.active_closures(day)))
    key = f"{building_hash}|{closed}|pictures-{PICTURE_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


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
