"""Callbacks: thin glue between browser state and the pure layouts.

Navigation, language, the directory's taps, idle reset and the clock run in
the browser (assets/kiosk.js); the server re-renders when what is shown
changes. Nothing here calls a remote service or renders an image.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import flask
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import render_page
from kiosk_app.readings import tile_data
from kiosk_app.store import Store
from layouts import ids
from layouts.screen import VIEWS, chrome_parts
from layouts.tiles import TileGrid


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "ko"


def register_callbacks(
    app: Dash, holder: ConfigHolder, store: Store, route_cache: Path
) -> None:
    """Attach every callback of the kiosk screen to ``app``."""

    @app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.LANG_TOGGLE, "children"),
        Output(ids.TICKER, "children"),
        Output(ids.ACCESS_BAR, "children"),
        Output(ids.SCREEN_SETTINGS, "data"),
        Output(ids.TILE_REFRESH, "interval"),
        Input(ids.LANG, "data"),
        Input(ids.CONFIG_VERSION, "data"),
        State(ids.KIOSK, "data"),
        prevent_initial_call=True,
    )
    def render_chrome(lang: str, _version: str, kiosk_id: str):
        config = holder.current()
        parts = chrome_parts(
            config, config.kiosk(kiosk_id), _lang(lang), dt.datetime.now(dt.UTC)
        )
        return (
            parts["header"],
            parts["toggle"],
            parts["ticker"],
            parts["access"],
            parts["settings"],
            parts["tile_refresh_ms"],
        )

    @app.callback(
        Output(ids.PAGE, "children"),
        Input(ids.VIEW, "data"),
        Input(ids.LANG, "data"),
        Input(ids.CONFIG_VERSION, "data"),
        Input(ids.DIR_STATE, "data"),
        Input(ids.ROUTE, "data"),
        Input(ids.BRIEFING_DAY, "data"),
        State(ids.KIOSK, "data"),
        prevent_initial_call=True,
    )
    def render(
        view: str,
        lang: str,
        _version: str,
        directory_state: dict,
        route: dict,
        briefing_day: str | None,
        kiosk_id: str,
    ):
        return render_page(
            holder.site(),
            store,
            kiosk_id=kiosk_id,
            view=view if view in VIEWS else "home",
            lang=_lang(lang),
            directory_state=directory_state,
            route=route,
            route_cache=route_cache,
            base_url=flask.request.host_url,
            now=dt.datetime.now(dt.UTC),
            briefing_day=briefing_day,
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
        grid = TileGrid(config, _lang(lang), data)
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
        Output(ids.DIR_STATE, "data", allow_duplicate=True),
        Input(ids.LANG_TOGGLE, "n_clicks"),
        State(ids.LANG, "data"),
        State(ids.DIR_STATE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "directoryInput"),
        Output(ids.DIR_STATE, "data"),
        Input({"type": ids.DIR_MODE, "value": ALL}, "n_clicks"),
        Input({"type": ids.DIR_FLOOR, "value": ALL}, "n_clicks"),
        Input({"type": ids.DIR_BUREAU, "value": ALL}, "n_clicks"),
        Input({"type": ids.DIR_KEY, "value": ALL}, "n_clicks"),
        State(ids.DIR_STATE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "openRoute"),
        Output(ids.ROUTE, "data"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Input({"type": ids.DIR_GO, "target": ALL, "n": ALL}, "n_clicks"),
        State(ids.ROUTE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "toggleStepFree"),
        Output(ids.ROUTE, "data", allow_duplicate=True),
        Input({"type": ids.STEP_FREE, "value": ALL}, "n_clicks"),
        State(ids.ROUTE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "pickBriefing"),
        Output(ids.BRIEFING_DAY, "data"),
        Input({"type": ids.BRIEFING_PICK, "value": ALL}, "n_clicks"),
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
        ClientsideFunction("kiosk", "idleReset"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.LANG, "data", allow_duplicate=True),
        Output(ids.DIR_STATE, "data", allow_duplicate=True),
        Output(ids.ROUTE, "data", allow_duplicate=True),
        Output(ids.BRIEFING_DAY, "data", allow_duplicate=True),
        Output(ids.ACCESS, "data", allow_duplicate=True),
        Input(ids.IDLE_TICK, "n_intervals"),
        State(ids.VIEW, "data"),
        State(ids.LANG, "data"),
        State(ids.SCREEN_SETTINGS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosk", "setDocumentLanguage"), Input(ids.LANG, "data")
    )
