"""Every screen of the kiosk, registered once.

A screen is declared here with its id, its builder (a pure layout function),
its title per language (from the config's labels), the browser state it owns
(``dcc.Store`` ids, with the value a fresh page and the idle reset give them),
the component ids and clientside hooks (functions of ``assets/kiosk.js``) it
owns, and whether it draws a plot (plotly.js is loaded only for those).

What a screen's builder needs from the Store and the site is gathered by its
data function in ``kiosk_app.pages``, bound there by the same id (layouts may
not import kiosk_app). The list of views, the page callback's inputs, the idle
reset and what the browser is told about the screens (``manifest``) all follow
``SCREENS``.

Every builder takes ``(config, lang, **data)``, where ``data`` is what its
data function returns; the adapters below fit the page builders to that shape.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from dash import ALL, Input, Output, State
from dash.development.base_component import Component

from building_model import Building, Directory
from kiosk_core.text import Text

from . import ids
from .attract import AttractLoop
from .briefing import BriefingPage
from .directory import DEFAULT_STATE, DirectoryPage
from .home import HomePage
from .overview import FloorKey
from .route import RoutePage, RouteView
from .settings import ScreenConfig
from .tiles import TileData

Builder = Callable[..., Component]


@dataclass(frozen=True)
class Hook:
    """A clientside callback: ``window.dash_clientside.kiosk[name]`` in
    assets/kiosk.js, with the outputs, inputs and state it is wired to."""

    name: str
    outputs: tuple[Output, ...]
    inputs: tuple[Input, ...]
    state: tuple[State, ...] = ()

    def dependencies(self) -> list:
        """Outputs, inputs and state, in the order ``clientside_callback`` takes."""
        return [*self.outputs, *self.inputs, *self.state]


@dataclass(frozen=True)
class ScreenSpec:
    """One screen of the kiosk (see the module's docstring)."""

    id: str
    build: Builder  # (config, lang, **data) -> component; pure
    title: Callable[[ScreenConfig], Text]  # from the config, a Text by language
    # what can be done there, said after the title in voice guidance
    description: Callable[[ScreenConfig], Text] | None = None
    state: tuple[tuple[str, Any], ...] = ()  # (store id, initial value)
    ids: tuple[str, ...] = ()  # component ids (or pattern types) it draws
    hooks: tuple[Hook, ...] = ()
    needs_plot: bool = False  # draws a dcc.Graph: plotly.js must be loaded first

    def title_in(self, config: ScreenConfig, lang: str) -> str:
        """The screen's title in ``lang``."""
        return self.title(config).get(lang)

    def description_in(self, config: ScreenConfig, lang: str) -> str:
        """What can be done on the screen, in ``lang`` ("" when not given)."""
        return self.description(config).get(lang) if self.description else ""

    @property
    def owned_ids(self) -> tuple[str, ...]:
        """Every id this screen owns: its state stores and its components."""
        return tuple(store for store, _ in self.state) + self.ids


class Registry:
    """The screens in order (the first is home); read-only once built."""

    def __init__(self, *screens: ScreenSpec):
        by_id = {screen.id: screen for screen in screens}
        if len(by_id) != len(screens):
            raise ValueError("two screens with one id")
        owners: dict[str, str] = {}
        for screen in screens:
            for owned in screen.owned_ids:
                if owned in owners:
                    raise ValueError(
                        f"{owned!r} is owned by {owners[owned]!r} and {screen.id!r}"
                    )
                owners[owned] = screen.id
        self._screens = tuple(screens)
        self._by_id = MappingProxyType(by_id)

    def __iter__(self) -> Iterator[ScreenSpec]:
        return iter(self._screens)

    def __len__(self) -> int:
        return len(self._screens)

    def __getitem__(self, view: str) -> ScreenSpec:
        return self._by_id[view]

    def __contains__(self, view: object) -> bool:
        return view in self._by_id

    @property
    def home(self) -> ScreenSpec:
        """The screen a kiosk starts on and returns to when idle."""
        return self._screens[0]

    @property
    def views(self) -> tuple[str, ...]:
        """Every screen id, in order."""
        return tuple(screen.id for screen in self._screens)

    def get(self, view: object) -> ScreenSpec:
        """The screen ``view`` names, or home for anything else."""
        return self._by_id.get(view, self.home) if isinstance(view, str) else self.home

    def state(self) -> list[tuple[str, Any]]:
        """Every screen's state stores with their initial values (fresh copies),
        in screen order: the page callback's inputs and the idle reset's
        outputs follow this order."""
        return [
            (store, copy.deepcopy(initial))
            for screen in self._screens
            for store, initial in screen.state
        ]

    def hooks(self) -> list[Hook]:
        """Every screen's clientside hooks, in screen order."""
        return [hook for screen in self._screens for hook in screen.hooks]

    def manifest(self, plot_script: str | None = None) -> dict:
        """What assets/kiosk.js is told about the screens (``data-screens`` on
        the page's root): the views, which of them plot, the initial value of
        each state store in order, and where plotly.js is."""
        return {
            "views": list(self.views),
            "plot": [screen.id for screen in self._screens if screen.needs_plot],
            "state": [[store, initial] for store, initial in self.state()],
            "plotly": plot_script,
        }


# ---- the builders, in the shape every screen shares ----


def _home(
    config: ScreenConfig,
    lang: str,
    *,
    tiles: Mapping[str, TileData],
    headlines: Sequence[str] = (),
    headlines_day: str | None = None,
    today: dt.date | None = None,
) -> Component:
    attract = None
    if config.attract.enabled and today is not None:
        shown = headlines if headlines_day == today.isoformat() else ()
        attract = AttractLoop(config, lang, tiles, shown, today)
    return HomePage(config, lang, tiles, headlines, attract)


def _directory(
    config: ScreenConfig,
    lang: str,
    *,
    directory: Directory,
    state: dict,
    building: Building | None = None,
    here: FloorKey | None = None,
) -> Component:
    return DirectoryPage(directory, state, lang, config.labels, building, here)


def _route(config: ScreenConfig, lang: str, *, view: RouteView) -> Component:
    return RoutePage(view, lang, config.labels)


def _briefing(
    config: ScreenConfig,
    lang: str,
    *,
    record: dict | None,
    audio_url: str | None,
    past: list[str],
    history: Mapping[str, Sequence[float]] | None = None,
) -> Component:
    return BriefingPage(config, record, audio_url, past, lang, history)


def _taps(*types: str) -> tuple[Input, ...]:
    """Taps on pattern-matched buttons ``{"type": TYPE, "value": ...}``."""
    return tuple(Input({"type": kind, "value": ALL}, "n_clicks") for kind in types)


SCREENS = Registry(
    ScreenSpec(
        id="home",
        build=_home,
        title=lambda config: config.site.title,
        description=lambda config: config.labels.voice_home,
        ids=(ids.TILE_GRID, ids.TILE_REFRESH, ids.ATTRACT),
    ),
    ScreenSpec(
        id="directory",
        build=_directory,
        title=lambda config: config.labels.find_way,
        description=lambda config: config.labels.voice_directory,
        state=((ids.DIR_STATE, DEFAULT_STATE),),
        ids=(
            ids.DIR_MODE,
            ids.DIR_FLOOR,
            ids.DIR_BUREAU,
            ids.DIR_KEY,
            ids.DIR_GO,
            ids.DIR_OVERVIEW_CHIPS,
        ),
        hooks=(
            Hook(
                "directoryInput",
                outputs=(Output(ids.DIR_STATE, "data"),),
                inputs=_taps(ids.DIR_MODE, ids.DIR_FLOOR, ids.DIR_BUREAU, ids.DIR_KEY),
                state=(State(ids.DIR_STATE, "data"),),
            ),
            # a result opens the route screen with that destination
            Hook(
                "openRoute",
                outputs=(
                    Output(ids.ROUTE, "data"),
                    Output(ids.VIEW, "data", allow_duplicate=True),
                ),
                inputs=(
                    Input({"type": ids.DIR_GO, "target": ALL, "n": ALL}, "n_clicks"),
                ),
                state=(State(ids.ROUTE, "data"),),
            ),
        ),
    ),
    ScreenSpec(
        id="route",
        build=_route,
        title=lambda config: config.labels.find_way,
        description=lambda config: config.labels.voice_route,
        state=((ids.ROUTE, None),),
        ids=(ids.STEP_FREE, ids.ROUTE_GRAPH, ids.ROUTE_AUDIO),
        hooks=(
            Hook(
                "toggleStepFree",
                outputs=(Output(ids.ROUTE, "data", allow_duplicate=True),),
                inputs=_taps(ids.STEP_FREE),
                state=(State(ids.ROUTE, "data"),),
            ),
        ),
        needs_plot=True,
    ),
    ScreenSpec(
        id="briefing",
        build=_briefing,
        title=lambda config: config.labels.briefing,
        description=lambda config: config.labels.voice_briefing,
        state=((ids.BRIEFING_DAY, None),),
        ids=(ids.BRIEFING_PICK, ids.BRIEFING_AUDIO, ids.BRIEFING_PLAY),
        hooks=(
            Hook(
                "pickBriefing",
                outputs=(Output(ids.BRIEFING_DAY, "data"),),
                inputs=_taps(ids.BRIEFING_PICK),
            ),
        ),
    ),
)
