"""Callbacks: thin glue between browser state and the pure layouts.

Navigation, language, idle reset and the clock run in the browser
(assets/kiosk.js); the server only re-renders when the screen, language or
config version changes. Nothing here calls a remote service.
"""

from __future__ import annotations

import datetime as dt

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.readings import tile_data
from kiosk_app.store import Store
from layouts import ids
from layouts.screen import VIEWS, screen_parts
from layouts.tiles import TileGrid


def register_callbacks(app: Dash, holder: ConfigHolder, store: Store) -> None:
    """Attach every callback of the kiosk screen to ``app``."""

    @app.callback(
        Output(ids.CONFIG_VERSION, "data"),
        Input(ids.CONFIG_POLL, "n_intervals"),
        State(ids.CONFIG_VERSION, "data"),
        prevent_initial_call=True,
    )
    def follow_config(_tick: int, shown: str):
        version = holder.state().version
        return no_update if version == shown else version

    @app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.LANG_TOGGLE, "children"),
        Output(ids.PAGE, "children"),
        Output(ids.TICKER, "children"),
        Output(ids.SCREEN_SETTINGS, "data"),
        Output(ids.TILE_REFRESH, "interval"),
        Input(ids.VIEW, "data"),
        Input(ids.LANG, "data"),
        Input(ids.CONFIG_VERSION, "data"),
        State(ids.KIOSK, "data"),
        prevent_initial_call=True,
    )
    def render(view: str, lang: str, _version: str, kiosk_id: str):
        config = holder.current()
        now = dt.datetime.now(dt.UTC)
        parts = screen_parts(
            config,
            config.kiosk(kiosk_id),
            "en" if lang == "en" else "ko",
            view if view in VIEWS else "home",
            now,
            tile_data(config, store, now),
        )
        return (
            parts["header"],
            parts["toggle"],
            parts["page"],
            parts["ticker"],
            parts["settings"],
            config.screen.tile_refresh_seconds * 1000,
        )

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
        data = tile_data(config, store, dt.datetime.now(dt.UTC))
        grid = TileGrid(config, "en" if lang == "en" else "ko", data)
        return [grid for _ in ctx.outputs_list]

    app.clientside_callback(
        ClientsideFunction("kiosk", "navigate"),
        Output(ids.VIEW, "data"),
        Input({"type": ids.NAV, "target": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "toggleLanguage"),
        Output(ids.LANG, "data"),
        Input(ids.LANG_TOGGLE, "n_clicks"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "idleReset"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.LANG, "data", allow_duplicate=True),
        Input(ids.IDLE_TICK, "n_intervals"),
        State(ids.VIEW, "data"),
        State(ids.LANG, "data"),
        State(ids.SCREEN_SETTINGS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "setDocumentLanguage"), Input(ids.LANG, "data")
    )
