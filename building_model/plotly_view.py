"""The interactive 3D route: a Scene as a plotly figure of Mesh3d and Scatter3d only.

The lead ships a partial plotly.js bundle with just those two trace types, so
nothing else may appear here. Coordinates are rounded to 0.01 m and written as
plain lists, which gzip far better than base64-packed float64.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go

from kiosk_core.text import Text

from .framing import Camera
from .guide import CARD_ASPECT, PIN_RISE, cameras, framed_points
from .scene import HERE_COLOUR, ROUTE_COLOUR, Scene, SceneMesh

ROUTE_WIDTH = 16
MARKER_SIZE = 10
CHANGE_COLOUR = "#3d4652"
OUTLINE_COLOUR = "#9aa5b1"

#: High contrast (assets/view3d.js restyles the figure when the root has
#: mode-contrast): a thicker, darker route, larger outlined markers, black
#: floor names and labels with a black frame.
CONTRAST: dict[str, dict[str, object]] = {
    "route": {"line.width": 22, "line.color": "#a8002a"},
    "here": {"marker.size": 15, "marker.line.color": "#000000", "marker.line.width": 4},
    "door": {
        "marker.size": 15,
        "marker.line.color": "#000000",
        "marker.line.width": 4,
    },
    "changes": {
        "marker.size": 15,
        "marker.line.color": "#000000",
        "marker.line.width": 4,
    },
    "outlines": {"line.color": "#000000"},
    "floors": {"textfont.color": "#000000", "textfont.size": 17},
}
CONTRAST_LABEL = {"font.size": 26, "bordercolor": "#000000", "borderwidth": 4}
_LIGHTING = {"ambient": 0.65, "diffuse": 0.55, "specular": 0.05, "roughness": 0.9}


def _round(values: np.ndarray) -> list[float]:
    return np.round(values, 2).tolist()


def _merged(meshes: Iterable[SceneMesh]) -> tuple[np.ndarray, np.ndarray]:
    """Points (n, 3) and triangles (m, 3) of several triangulated meshes."""
    points: list[np.ndarray] = []
    triangles: list[np.ndarray] = []
    offset = 0
    for item in meshes:
        mesh = item.mesh if item.mesh.is_all_triangles else item.mesh.triangulate()
        faces: np.ndarray = mesh.faces.reshape(-1, 4)[:, 1:]
        points.append(np.asarray(mesh.points))
        triangles.append(faces + offset)
        offset += mesh.n_points
    return np.vstack(points), np.vstack(triangles)


def _mesh_trace(meshes: list[SceneMesh]) -> go.Mesh3d:
    points, triangles = _merged(meshes)
    first = meshes[0]
    return go.Mesh3d(
        x=_round(points[:, 0]),
        y=_round(points[:, 1]),
        z=_round(points[:, 2]),
        i=triangles[:, 0].tolist(),
        j=triangles[:, 1].tolist(),
        k=triangles[:, 2].tolist(),
        color=first.colour,
        opacity=first.opacity,
        flatshading=True,
        lighting=_LIGHTING,
        hoverinfo="skip",
        showscale=False,
        name=first.role,
    )


def _bounds(scene: Scene, framed: np.ndarray) -> np.ndarray:
    """(2, 3) min and max corners of every mesh, outline and framed point."""
    corners = np.array([m.mesh.bounds for m in scene.meshes], dtype=float)
    parts = [corners[:, 0::2], corners[:, 1::2], framed, *scene.outlines]
    every = np.vstack(parts)
    return np.array([every.min(axis=0), every.max(axis=0)])


def _plotly_camera(camera: Camera, bounds: np.ndarray, ratio: np.ndarray) -> dict:
    """A Camera in plotly's scene units.

    With manual aspect ratios plotly maps the axis ranges onto a box centred at
    the origin with sides ``ratio``; eye and centre are given in that box.
    """
    low, high = bounds
    span = high - low

    def xyz(p: np.ndarray) -> dict[str, float]:
        v = (p - (low + high) / 2) / span * ratio
        return {
            "x": round(float(v[0]), 4),
            "y": round(float(v[1]), 4),
            "z": round(float(v[2]), 4),
        }

    return {
        "eye": xyz(camera.eye),
        "center": xyz(camera.target),
        "up": {"x": 0, "y": 0, "z": 1},
        "projection": {"type": "perspective"},
    }


def _label(x: float, y: float, z: float, text: str, colour: str, name: str) -> dict:
    """A label over a 3D point that is never hidden by the model: scene
    annotations are drawn over the WebGL canvas, with an arrow to the point."""
    return {
        "x": x,
        "y": y,
        "z": z,
        "text": text,
        "name": name,
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 3,
        "arrowcolor": colour,
        "ax": 0,
        "ay": -46,
        "font": {"size": 20, "color": "#ffffff"},
        "bgcolor": colour,
        "bordercolor": "#ffffff",
        "borderwidth": 2,
        "borderpad": 6,
    }


def _value(item: object, path: str) -> object:
    """A nested value by a dotted path ("line.width") of a trace or dict."""
    for part in path.split("."):
        item = item[part]  # type: ignore[index]
    return item


def _palettes(figure: go.Figure, annotations: list[dict]) -> dict:
    """The figure's own colours and sizes ("normal") and their high-contrast
    variant, by trace name and annotation index, for assets/view3d.js."""
    names = {trace.name for trace in figure.data}
    normal: dict = {}
    for name, changes in CONTRAST.items():
        if name in names:
            trace = next(t for t in figure.data if t.name == name)
            normal[name] = {path: _value(trace, path) for path in changes}
    contrast = {name: CONTRAST[name] for name in normal}
    return {
        "normal": {
            "traces": normal,
            "labels": [
                {path: _value(label, path) for path in CONTRAST_LABEL}
                for label in annotations
            ],
        },
        "contrast": {
            "traces": contrast,
            "labels": [CONTRAST_LABEL for _ in annotations],
        },
    }


def _uirevision(scene: Scene) -> str:
    """Same route, same revision: a language switch keeps the visitor's rotation."""
    x, y, _ = scene.start
    if scene.route is None:
        return f"here:{x:.1f},{y:.1f}"
    route = scene.route
    return f"route:{x:.1f},{y:.1f}:{route.room}:{int(route.step_free)}"


def _marks(scene: Scene) -> list[tuple[str, tuple[float, float, float], Text]]:
    """(kind, point, label) of each mark; a plain scene has its two ends."""
    if scene.marks:
        return [(m.kind, m.point, m.label) for m in scene.marks]
    ends: list[tuple[str, tuple[float, float, float], Text]] = [
        ("here", scene.start, scene.start_label)
    ]
    if scene.destination is not None and scene.destination_label is not None:
        ends.append(("door", scene.destination, scene.destination_label))
    return ends


_MARK_STYLE = {  # trace name, colour
    "here": ("here", HERE_COLOUR),
    "change": ("changes", CHANGE_COLOUR),
    "door": ("door", ROUTE_COLOUR),  # the destination room's mesh is "destination"
}


def _lines(name: str, paths: Iterable[np.ndarray], colour: str, width: int):
    """Polylines as one Scatter3d trace (gaps between them)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    zs: list[float | None] = []
    for path in paths:
        xs += [*_round(path[:, 0]), None]
        ys += [*_round(path[:, 1]), None]
        zs += [*_round(path[:, 2]), None]
    return go.Scatter3d(
        x=xs[:-1],
        y=ys[:-1],
        z=zs[:-1],
        mode="lines",
        line={"color": colour, "width": width},
        hoverinfo="skip",
        name=name,
    )


def route_figure(scene: Scene, lang: str) -> go.Figure:
    """The 3D route as a plotly figure (Mesh3d + Scatter3d), labels in ``lang``.

    Its meta (``view3d``) holds, for assets/view3d.js, a camera per
    orientation, the walk for the animated walker and the high-contrast
    palette.
    """
    groups: dict[tuple[str, float], list[SceneMesh]] = {}
    for item in scene.meshes:
        if item.role == "route":
            continue  # drawn as a thick line below, far lighter than a tube
        groups.setdefault((item.colour, item.opacity), []).append(item)
    # Opaque first: plotly blends transparent traces over what is already drawn.
    ordered = sorted(groups.values(), key=lambda g: -g[0].opacity)
    traces: list[go.Mesh3d | go.Scatter3d] = [_mesh_trace(g) for g in ordered]
    if scene.outlines:
        traces.append(_lines("outlines", scene.outlines, OUTLINE_COLOUR, 3))
    if scene.floor_labels:
        points = np.array([p for p, _ in scene.floor_labels])
        traces.append(
            go.Scatter3d(
                x=_round(points[:, 0]),
                y=_round(points[:, 1]),
                z=_round(points[:, 2]),
                mode="text",
                text=[t.get(lang) for _, t in scene.floor_labels],
                textposition="middle left",
                textfont={"size": 15, "color": "#444444"},
                hoverinfo="skip",
                name="floors",
            )
        )
    walk: list[list[float]] = []
    if scene.route_path is not None:
        path = scene.route_path
        traces.append(_lines("route", [path], ROUTE_COLOUR, ROUTE_WIDTH))
        walk = np.round(path, 2).tolist()
    # the marks last, "you are here" on top: drawn after everything else
    marks = sorted(_marks(scene), key=lambda m: m[0] == "here")
    by_trace: dict[str, list[tuple[float, float, float]]] = {}
    annotations = []
    for kind, point, label in marks:
        name, colour = _MARK_STYLE[kind]
        x, y, z = (
            round(point[0], 2),
            round(point[1], 2),
            round(point[2] + PIN_RISE, 2),
        )
        by_trace.setdefault(name, []).append((x, y, z))
        annotations.append(_label(x, y, z, label.get(lang), colour, name))
    for name, pins in by_trace.items():
        colour = next(c for n, c in _MARK_STYLE.values() if n == name)
        traces.append(
            go.Scatter3d(
                x=[p[0] for p in pins],
                y=[p[1] for p in pins],
                z=[p[2] for p in pins],
                mode="markers",
                marker={
                    "size": MARKER_SIZE,
                    "color": colour,
                    "line": {"color": "#ffffff", "width": 2},
                },
                hoverinfo="skip",
                name=name,
            )
        )

    bounds = _bounds(scene, framed_points(scene))
    low, high = bounds
    span = np.maximum(high - low, 1e-6)
    ratio = span / span.max()
    views = {
        name: _plotly_camera(camera, bounds, ratio)
        for name, camera in cameras(scene).items()
    }
    axis = {"visible": False, "showbackground": False, "showspikes": False}
    revision = _uirevision(scene)
    figure = go.Figure(data=traces)
    meta = _palettes(figure, annotations)
    meta["cameras"] = views
    meta["aspects"] = CARD_ASPECT
    meta["walk"] = walk
    figure.update_layout(
        scene={
            "xaxis": {**axis, "range": [round(low[0], 2), round(high[0], 2)]},
            "yaxis": {**axis, "range": [round(low[1], 2), round(high[1], 2)]},
            "zaxis": {**axis, "range": [round(low[2], 2), round(high[2], 2)]},
            "aspectmode": "manual",
            "aspectratio": {
                "x": round(float(ratio[0]), 4),
                "y": round(float(ratio[1]), 4),
                "z": round(float(ratio[2]), 4),
            },
            "camera": views["portrait"],  # the usual kiosk; view3d.js refits
            "annotations": annotations,
            "dragmode": "turntable",
            "hovermode": False,
            "uirevision": revision,
            "bgcolor": "rgba(0,0,0,0)",
        },
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        hovermode=False,
        uirevision=revision,
        dragmode="turntable",
        template="none",
        meta={"view3d": meta},
    )
    return figure
