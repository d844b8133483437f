"""Callbacks: thin glue between browser state and the pure layouts.

Navigation, language, the screens' own taps, idle reset and the clock run in
the browser (assets/kiosk.js); the server re-renders when what is shown
changes. The page's inputs, the idle reset's outputs and each screen's
clientside hooks follow the screen registry (layouts/registry.py). Nothing
here calls a remote service or renders an image.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import flask
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import PageContext, render_page
from kiosk_app.readings import SharedTiles, tile_data
from kiosk_app.store import Store
from layouts import ids
from layouts.attract import AttractFigures
from layouts.registry import SCREENS
from layouts.screen import chrome_parts
from layouts.tiles import TileGrid


def register_callbacks(
    app: Dash,
    holder: ConfigHolder,
    store: Store,
    route_cache: Path,
    tiles: SharedTiles | None = None,
) -> None:
    """Attach every callback of the kiosk screen to ``app`` (``tiles``: the
    tile reads its screens share)."""

    @app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.LANG_PICKER, "children"),
        Output(ids.TICKER, "children"),
        Output(ids.ACCESS_BAR, "children"),
        Output(ids.SCREEN_SETTINGS, "data"),
        Output(ids.TILE_REFRESH, "interval"),
        Output(ids.SLEEP, "children"),
        Input(ids.LANG, "data"),
        Input(ids.CONFIG_VERSION, "data"),
        State(ids.KIOSK, "data"),
        prevent_initial_call=True,
    )
    def render_chrome(lang: str, _version: str, kiosk_id: str):
        config = holder.current()
        parts = chrome_parts(
            config,
            config.kiosk(kiosk_id),
            config.language(lang),
            dt.datetime.now(dt.UTC),
        )
        return (
            parts["header"],
            parts["languages"],
            parts["ticker"],
            parts["access"],
            parts["settings"],
            parts["tile_refresh_ms"],
            parts["sleep"],
        )

    # the screens' own state (layouts/registry.py), in the registry's order
    state_ids = [store for store, _ in SCREENS.state()]

    # data-screen ("view lang") tells assets/keypad.js which screen is drawn
    @app.callback(
        Output(ids.PAGE, "children"),
        Output(ids.PAGE, "data-screen"),
        Input(ids.VIEW, "data"),
        Input(ids.LANG, "data"),
        Input(ids.CONFIG_VERSION, "data"),
        *(Input(store, "data") for store in state_ids),
        State(ids.KIOSK, "data"),
        prevent_initial_call=True,
    )
    def render(view: str, lang: str, _version: str, *values):
        *state, kiosk_id = values
        site = holder.site()
        ctx = PageContext.for_kiosk(
            site,
            store,
            kiosk_id,
            site.config.language(lang),
            now=dt.datetime.now(dt.UTC),
            route_cache=route_cache,
            base_url=flask.request.host_url,
            tiles=tiles,
        )
        page = render_page(ctx, view, dict(zip(state_ids, state, strict=True)))
        return page, f"{view} {lang}"

    @app.callback(
        Output({"type": ids.TILE_GRID, "area": ALL}, "children"),
        Input(ids.TILE_REFRESH, "n_intervals"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def refresh_tiles(_tick: int, lang: str):
        if not ctx.outputs_list:
            return []
        config = holder.current()
        lang = config.language(lang)
        data = tile_data(config, store, dt.datetime.now(dt.UTC), tiles)
        # the home screen's tiles, and the attract loop's figures from the
        # same snapshot (layouts/attract.py)
        build = {"home": TileGrid, "attract": AttractFigures}
        return [
            build.get(output["id"].get("area"), TileGrid)(config, lang, data)
            for output in ctx.outputs_list
        ]

    app.clientside_callback(
        ClientsideFunction("kiosk", "navigate"),
        Output(ids.VIEW, "data"),
        Input({"type": ids.NAV, "target": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "chooseLanguage"),
        Output(ids.LANG, "data"),
        Output(ids.DIR_STATE, "data", allow_duplicate=True),
        Input({"type": ids.LANG_PICK, "value": ALL}, "n_clicks"),
        State(ids.LANG, "data"),
        State(ids.DIR_STATE, "data"),
        prevent_initial_call=True,
    )
    # each screen's own clientside hooks (layouts/registry.py)
    for hook in SCREENS.hooks():
        app.clientside_callback(
            ClientsideFunction("kiosk", hook.name),
            *hook.dependencies(),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction("kiosk", "toggleAccess"),
        Output(ids.ACCESS, "data"),
        Input({"type": ids.ACCESS_BUTTON, "value": ALL}, "n_clicks"),
        State(ids.ACCESS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "accessClasses"),
        Output(ids.ROOT, "className"),
        Input(ids.ACCESS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "accessPressed"),
        Output({"type": ids.ACCESS_BUTTON, "value": ALL}, "aria-pressed"),
        Input(ids.ACCESS, "data"),
        Input(ids.ACCESS_BAR, "children"),
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "accessStyle"),
        Output(ids.ROOT, "style"),
        Input(ids.SCREEN_SETTINGS, "data"),
    )
    # back to home: the view, the language, every screen's state, the switches
    app.clientside_callback(
        ClientsideFunction("kiosk", "idleReset"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.LANG, "data", allow_duplicate=True),
        *(Output(store, "data", allow_duplicate=True) for store in state_ids),
        Output(ids.ACCESS, "data", allow_duplicate=True),
        Input(ids.IDLE_TICK, "n_intervals"),
        State(ids.VIEW, "data"),
        State(ids.LANG, "data"),
        State(ids.SCREEN_SETTINGS, "data"),
        prevent_initial_call=True,
    )
    # the keypad and voice guidance follow the screen, language and modes
    app.clientside_callback(
        ClientsideFunction("kiosk", "keypadFollow"),
        Input(ids.VIEW, "data"),
        Input(ids.LANG, "data"),
        Input(ids.ACCESS, "data"),
        Input(ids.SCREEN_SETTINGS, "data"),
    )
    # sleeping outside opening hours, and the attract loop (assets/attract.js)
    app.clientside_callback(
        ClientsideFunction("kiosk", "attractFollow"),
        Input(ids.SCREEN_SETTINGS, "data"),
        Input(ids.LANG, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "setDocumentLanguage"),
        Input(ids.LANG, "data"),
        Input(ids.VIEW, "data"),
        Input(ids.SCREEN_SETTINGS, "data"),
    )
