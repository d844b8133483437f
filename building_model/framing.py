"""A perspective camera that frames given points, and where points land on it.

Plain numpy, in the scene's own coordinates (metres, z up). The camera is the
one plotly's 3D scenes use: a vertical field of view of 45 degrees, ``up``
along z, the picture's width over height given by the card it is drawn in.
Screen coordinates are normalised: -1 at the left and bottom edges, +1 at the
right and top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyvista as pv

FOVY = math.pi / 4  # plotly.js gl3d's fovy
#: Where framed points may land, in normalised screen coordinates: room at the
#: top for the labels standing over "you are here" and the destination, and
#: at the sides for labels centred over points near an edge.
WINDOW = {"left": -0.72, "right": 0.72, "bottom": -0.85, "top": 0.68}
#: The eye comes no closer than shows this much (metres) above and below the
#: centre: a short walk still shows the corridors around it.
LEAST_RADIUS_M = 8.0


@dataclass(frozen=True)
class Camera:
    """Eye, target and the picture's aspect (width / height)."""

    eye: np.ndarray
    target: np.ndarray
    aspect: float
    fovy: float = FOVY

    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit vectors: forward (eye to target), right, and the picture's up."""
        forward = self.target - self.eye
        forward = forward / np.linalg.norm(forward)
        right = np.cross(forward, (0.0, 0.0, 1.0))
        right = right / np.linalg.norm(right)
        return forward, right, np.cross(right, forward)


def project(camera: Camera, points: np.ndarray) -> np.ndarray:
    """(n, 2) normalised screen coordinates of (n, 3) points (NaN behind the eye)."""
    forward, right, up = camera.axes()
    relative = np.atleast_2d(points) - camera.eye
    depth = relative @ forward
    half_height = math.tan(camera.fovy / 2)
    half_width = half_height * camera.aspect
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (relative @ right) / (depth * half_width)
        y = (relative @ up) / (depth * half_height)
    behind = depth <= 1e-9
    x[behind] = np.nan
    y[behind] = np.nan
    return np.column_stack([x, y])


def frame(
    points: np.ndarray,
    direction: np.ndarray,
    aspect: float,
    *,
    least_radius: float = LEAST_RADIUS_M,
    fovy: float = FOVY,
) -> Camera:
    """The camera looking along ``-direction`` that fits ``points`` into WINDOW.

    ``direction`` points from the target towards the eye. The eye comes as close
    as the points allow, so they fill the window; ``least_radius`` (metres)
    keeps a very short route from filling the card with one corridor.
    """
    points = np.atleast_2d(np.asarray(points, dtype=float))
    back = np.asarray(direction, dtype=float)
    back = back / np.linalg.norm(back)
    target = (points.min(axis=0) + points.max(axis=0)) / 2
    camera = Camera(target + back, target, aspect, fovy)
    tan_y = math.tan(fovy / 2)
    tan_x = tan_y * aspect
    for _ in range(6):
        forward, right, up = camera.axes()
        relative = points - camera.target
        across = relative @ right
        rise = relative @ up
        depth = relative @ forward  # beyond the target is positive
        # the distance at which every point fits the window, edge by edge
        need = 0.0
        for values, low, high, tan in (
            (across, WINDOW["left"], WINDOW["right"], tan_x),
            (rise, WINDOW["bottom"], WINDOW["top"], tan_y),
        ):
            need = max(
                need,
                float(np.max(values / (high * tan) - depth)),
                float(np.max(values / (low * tan) - depth)),
            )
        need = max(need, least_radius / tan_y)
        camera = Camera(camera.target + back * need, camera.target, aspect, fovy)
        # shift the target so the points sit in the middle of the window
        screen = project(camera, points)
        low = np.nanmin(screen, axis=0)
        high = np.nanmax(screen, axis=0)
        middle_x = (low[0] + high[0]) / 2 - (WINDOW["left"] + WINDOW["right"]) / 2
        middle_y = (low[1] + high[1]) / 2 - (WINDOW["bottom"] + WINDOW["top"]) / 2
        if abs(middle_x) < 0.01 and abs(middle_y) < 0.01:
            break
        shift = right * middle_x * need * tan_x + up * middle_y * need * tan_y
        camera = Camera(camera.eye + shift, camera.target + shift, aspect, fovy)
    return camera


def hidden(camera: Camera, point: np.ndarray, solids: pv.PolyData) -> bool:
    """Whether opaque geometry stands between ``point`` and the eye."""
    start = np.asarray(point, dtype=float)
    towards = camera.eye - start
    length = float(np.linalg.norm(towards))
    begin = start + towards / length * 0.05  # not the surface it stands on
    hits, _ = solids.ray_trace(begin, camera.eye)
    return len(hits) > 0
