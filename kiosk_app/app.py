"""The app factory: one Dash app per web process, built from Settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path

import flask
from dash import Dash

from kiosk_app.beat import register_beat_route
from kiosk_app.briefing_page import register_briefing_page
from kiosk_app.briefing_routes import register_briefing_routes
from kiosk_app.callbacks import register_callbacks
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.fleet import register_heartbeat_route
from kiosk_app.health import register_health_routes
from kiosk_app.offline import register_offline_routes
from kiosk_app.pages import PageContext, render_page, unbound_screens
from kiosk_app.phone import register_phone_routes
from kiosk_app.readings import SharedTiles
from kiosk_app.release import release_id
from kiosk_app.request_guard import guard_requests
from kiosk_app.security import add_security_headers
from kiosk_app.settings import Settings
from kiosk_app.staff import StaffGate, StaffLogin
from kiosk_app.staff_actions import CommandBoard, register_staff_actions
from kiosk_app.store import open_store
from kiosk_app.voice import ClipStore
from kiosk_app.voice.routes import register_voice_routes
from kiosk_core.locales import locale
from layouts.registry import SCREENS
from layouts.screen import Shell

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
# the partial plotly.js bundle (3D traces only): kept out of the scripts Dash
# puts in every page, loaded by assets/kiosk.js when a screen that plots opens
PLOTLY_BUNDLE = "plotly-gl3d-4.1.1.min.js"
PLOTLY_ROUTE = "/_kiosk/" + PLOTLY_BUNDLE
YEAR = 365 * 24 * 3600
log = logging.getLogger(__name__)

# the page's language until assets/kiosk.js sets the kiosk's own; Dash's
# scripts sit in a plain <div>: a <footer> would be a second contentinfo
# landmark beside the kiosk's own footer (layouts/screen.py)
_INDEX = """<!DOCTYPE html>
<html lang="{lang}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div>
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""

_VIEWPORT = "width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no"


def register_plot_script(server: flask.Flask, assets_dir: Path) -> str:
    """Serve the plotly.js bundle on its own, cached for good (its address
    carries a digest of the file); return that address, relative to the app."""
    path = assets_dir / PLOTLY_BUNDLE
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]

    @server.get(PLOTLY_ROUTE)
    def plotly_bundle():
        response = flask.send_file(path, mimetype="text/javascript", max_age=YEAR)
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response

    return f"{PLOTLY_ROUTE.lstrip('/')}?v={digest}"


def create_app(settings: Settings, staff: StaffLogin | None = None) -> Dash:
    """Build the kiosk web app: layout, callbacks, health routes, headers.
    ``staff``: the staff login (default: from the environment, kiosk_app/staff.py)."""
    unbound = unbound_screens()
    if unbound:
        raise RuntimeError(
            f"screens without a data function (or the reverse): {unbound}"
        )
    holder = ConfigHolder(settings.config_path, settings.data_dir)
    holder.watch()
    store = open_store(settings, holder.current())
    route_cache = settings.route_cache
    # what the page's beat compares: the same on every server of one release
    release = release_id(settings.release)
    # one read of the tiles every two seconds for all of this process's screens
    tiles = SharedTiles(store)
    first = holder.current().site.languages[0]
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        title=holder.current().site.title.get(first),
        update_title="",  # the tab title stays while callbacks run
        serve_locally=True,
        compress=True,
        meta_tags=[{"name": "viewport", "content": _VIEWPORT}],
        index_string=_INDEX.replace("{lang}", locale(first).html_lang),
        # the service worker and its page are served on their own, never in the page
        assets_path_ignore=["offline"],
        # so is plotly.js: only the screens that plot load it
        assets_ignore="^" + re.escape(PLOTLY_BUNDLE) + "$",
    )
    plot_script = register_plot_script(app.server, ASSETS_DIR)

    def layout():
        state = holder.state()
        # /?kiosk=ID: assets/kiosk.js passes it on to this layout request
        wanted = (
            flask.request.args.get("kiosk") if flask.has_request_context() else None
        )
        kiosk = state.config.kiosk(wanted)
        if wanted and wanted != kiosk.id:
            log.warning("unknown kiosk %r: showing %s", wanted[:40], kiosk.id)
        now = dt.datetime.now(dt.UTC)
        ctx = PageContext(
            site=state.site,
            store=store,
            kiosk=kiosk,
            lang=state.config.language_for(kiosk),
            now=now,
            route_cache=route_cache,
            base_url="/",
            tiles=tiles,
        )
        home = render_page(ctx, SCREENS.home.id)
        return Shell(
            state.config,
            kiosk,
            state.version,
            release,
            now,
            home,
            plot_script=plot_script,
        )

    app.layout = layout
    register_callbacks(app, holder, store, route_cache, tiles)
    register_beat_route(app.server, holder, release)
    board = CommandBoard(store)
    register_heartbeat_route(app.server, holder, store, commands=board.for_beat)
    register_offline_routes(app.server, holder, ASSETS_DIR)
    register_phone_routes(app.server, holder, route_cache)
    register_briefing_routes(app.server, store, settings.data_dir, holder)
    register_voice_routes(app.server, ClipStore(settings.data_dir), holder)
    gate = StaffGate(staff if staff else StaffLogin.from_env(settings.host))
    gate.install(app.server)
    register_health_routes(
        app.server,
        holder,
        store,
        settings,
        app.get_asset_url("kiosk.css"),
        gate,
        board,
    )
    register_staff_actions(app.server, holder, board, gate)
    register_briefing_page(app.server, holder, store, app.get_asset_url("kiosk.css"))
    add_security_headers(app)
    guard_requests(app)
    return app
