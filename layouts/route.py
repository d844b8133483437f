"""The route screen: where the destination is and the way there, floor by floor.

``RouteView`` is what the screen shows; ``kiosk_app.wayfinding`` works it out
from the building and the directory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dash import dcc, html

from building_model.directory import Place
from kiosk_core.text import Text

from . import ids
from .attrs import attrs
from .header import ScreenTitle
from .navigation import NavButton
from .settings import Labels

GRAPH_CONFIG: dcc.Graph.Config = {
    "displayModeBar": False,
    "scrollZoom": True,
    "doubleClick": "reset",
    "responsive": True,
}


@dataclass(frozen=True)
class Step:
    """The part of the way on one floor."""

    title: Text
    directions: tuple[Text, ...]
    image_url: str | None


@dataclass(frozen=True)
class RouteView:
    """Everything the route screen shows for one destination."""

    target: str
    name: Text
    place: Place
    department: Text | None
    phone: str | None
    step_free: bool
    phone_url: str
    qr: str  # data URI of the QR code of phone_url
    minutes: int | None = None
    meters: int | None = None
    steps: tuple[Step, ...] = ()
    problem: Text | None = None  # why there is no route
    figure: object | None = None  # the 3D view (a plotly figure)
    audio_url: str | None = None  # spoken directions, once the scheduler made them
    origin: Text | None = None  # where the kiosk stands ("본관 1층 로비")


#: The 3D view's buttons (assets/view3d.js): what each does, and its label.
VIEW3D_BUTTONS = (
    ("left", "⟲", "view3d_left"),
    ("right", "⟳", "view3d_right"),
    ("up", "⤒", "view3d_up"),
    ("down", "⤓", "view3d_down"),
    ("in", "+", "view3d_in"),
    ("out", "−", "view3d_out"),
    ("reset", "⌂", "view3d_reset"),
)


def _heading(view: RouteView, lang: str, labels: Labels) -> html.Div:
    where = (
        f"{view.place.building_name.get(lang)} {view.place.floor_name.get(lang)}"
        f" · {view.place.room_name.get(lang)}"
    )
    details = [html.P(where, className="route-where")]
    if view.department is not None:
        details.append(html.P(view.department.get(lang), className="route-department"))
    if view.phone:
        details.append(
            html.P(f"{labels.phone.get(lang)} {view.phone}", className="route-phone")
        )
    return html.Div(
        # the screen's one <h1>: the destination
        [ScreenTitle(view.name.get(lang), "section-title route-title"), *details],
        className="route-heading",
    )


def _read_aloud(view: RouteView, lang: str, labels: Labels) -> list:
    """A large button playing the spoken directions (when they are ready)."""
    if view.audio_url is None:
        return []
    return [
        html.Audio(id=ids.ROUTE_AUDIO, src=view.audio_url, preload="none"),
        html.Button(
            labels.read_aloud.get(lang),
            className="kiosk-button read-aloud",
            n_clicks=0,
            **attrs({"data-plays": ids.ROUTE_AUDIO}),
        ),
    ]


def _toggle(view: RouteView, lang: str, labels: Labels) -> html.Button:
    return html.Button(
        labels.step_free.get(lang),
        id={"type": ids.STEP_FREE, "value": "toggle"},
        className="kiosk-button step-free" + (" on" if view.step_free else ""),
        n_clicks=0,
        **attrs({"aria-pressed": "true" if view.step_free else "false"}),
    )


def StepCard(index: int, step, lang: str) -> html.Div:
    """One floor of the way: what to do there, then its picture."""
    parts = [
        html.H2(f"{index}. {step.title.get(lang)}", className="step-title"),
        html.Ol(
            [html.Li(text.get(lang)) for text in step.directions],
            className="step-directions",
        ),
    ]
    if step.image_url:
        parts.append(
            html.Img(
                src=step.image_url, className="step-image", alt=step.title.get(lang)
            )
        )
    return html.Div(parts, className="step-card")


def _qr(view: RouteView, lang: str, labels: Labels) -> html.Div:
    return html.Div(
        [
            html.Img(
                src=view.qr,
                alt=labels.qr_alt.get(lang),
                className="qr-image",
                **attrs({"data-url": view.phone_url}),
            ),
            html.P(labels.qr_caption.get(lang), className="qr-caption"),
        ],
        className="qr",
    )


def walk_summary(view: RouteView, lang: str, labels: Labels) -> str:
    """About how long and how far, in the visitor's language."""
    return (
        labels.walk_summary.get(lang)
        .replace("{minutes}", str(view.minutes))
        .replace("{meters}", str(view.meters))
    )


def _map_name(view: RouteView, lang: str, labels: Labels) -> str:
    """ "3D map of the way from (the kiosk) to (the destination)"."""
    here = view.origin.get(lang) if view.origin is not None else ""
    return (
        labels.route_map.get(lang)
        .replace("{from}", here)
        .replace("{to}", view.name.get(lang))
    )


def route_description(view: RouteView, lang: str, labels: Labels) -> str:
    """The 3D map in words: from where to where, over which floors, step-free
    or not, how long, and the route's own directions."""
    parts = [
        _map_name(view, lang, labels),
        " → ".join(step.title.get(lang) for step in view.steps),
        (labels.step_free if view.step_free else labels.route_shortest).get(lang),
        walk_summary(view, lang, labels),
    ]
    sentences = [part for part in parts if part]
    text = ". ".join(sentences) + "."
    directions = " ".join(d.get(lang) for step in view.steps for d in step.directions)
    return f"{text} {directions}".strip()


def _camera(view: RouteView) -> str:
    """The figure's own camera, where the reset button goes back to."""
    layout = getattr(view.figure, "layout", None)
    scene = getattr(layout, "scene", None)
    camera = getattr(scene, "camera", None)
    if camera is None:
        return "{}"
    return json.dumps(camera.to_plotly_json(), separators=(",", ":"))


def View3D(view: RouteView, lang: str, labels: Labels) -> html.Div:
    """The 3D map (an image with its description in words) and large buttons
    that turn, tilt and zoom it: no dragging needed."""
    description = route_description(view, lang, labels)
    # the frame sets the size: a responsive dcc.Graph fills its parent
    graph = dcc.Graph(
        id=ids.ROUTE_GRAPH,
        figure=view.figure,
        config=GRAPH_CONFIG,
        style={"height": "100%"},
    )
    buttons = [
        html.Button(
            [
                html.Span(
                    glyph, className="view3d-glyph", **attrs({"aria-hidden": "true"})
                ),
                html.Span(getattr(labels, name).get(lang), className="view3d-name"),
            ],
            className=f"kiosk-button view3d-button view3d-{action}",
            n_clicks=0,
            **attrs({"data-view3d": action}),
        )
        for action, glyph, name in VIEW3D_BUTTONS
    ]
    return html.Div(
        [
            html.Div(
                graph,
                className="route-graph",
                role="img",
                **attrs(
                    {
                        "aria-label": _map_name(view, lang, labels),
                        "aria-describedby": "route-map-text",
                    }
                ),
            ),
            # said in voice guidance after the screen's heading: from the
            # route's own spoken directions when they are made
            html.P(
                description,
                id="route-map-text",
                className="visually-hidden",
                **attrs(
                    {
                        "data-screen-summary": "route",
                        "data-summary-audio": ids.ROUTE_AUDIO if view.audio_url else "",
                    }
                ),
            ),
            html.Div(
                buttons,
                className="view3d-buttons",
                role="group",
                **attrs(
                    {
                        "aria-label": labels.view3d_controls.get(lang),
                        "data-camera": _camera(view),
                    }
                ),
            ),
        ],
        className="route-map",
    )


def RoutePage(view: RouteView, lang: str, labels: Labels) -> html.Div:
    """The route screen: heading, step-free toggle, 3D view, steps and QR code."""
    status: list = [_toggle(view, lang, labels)]
    main: list = [html.Div(status, className="route-status")]
    if view.problem is not None:
        main.append(
            html.Div(
                [
                    html.P(view.problem.get(lang), className="route-problem-text"),
                    html.P(labels.ask_staff.get(lang)),
                ],
                className="route-problem",
                role="alert",
            )
        )
    else:
        status.append(
            html.P(walk_summary(view, lang, labels), className="route-summary")
        )
        status.extend(_read_aloud(view, lang, labels))
        main.append(View3D(view, lang, labels))
    side = [
        html.Div(
            [StepCard(i, step, lang) for i, step in enumerate(view.steps, 1)],
            className="step-cards",
        ),
        _qr(view, lang, labels),
    ]
    body = [
        _heading(view, lang, labels),
        html.Div(main, className="route-main"),
        # scrolls by itself in landscape: focusable, and named
        html.Div(
            side,
            className="route-side",
            role="region",
            tabIndex="0",
            **attrs({"aria-label": labels.route_steps.get(lang)}),
        ),
    ]
    return html.Div(
        className="route",
        children=[
            html.Div(body, className="route-body"),
            html.Div(
                [
                    NavButton("directory", labels.back, lang, "back-button"),
                    NavButton("home", labels.home, lang, "home-button"),
                ],
                className="page-actions",
            ),
        ],
    )
