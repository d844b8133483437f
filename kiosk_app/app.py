"""The app factory: one Dash app per web process, built from Settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import flask
from dash import Dash

from kiosk_app.callbacks import register_callbacks
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.health import register_health_routes
from kiosk_app.readings import tile_data
from kiosk_app.security import add_security_headers
from kiosk_app.settings import Settings
from kiosk_app.store import Store
from layouts.screen import Shell

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"

_INDEX = """<!DOCTYPE html>
<html lang="ko">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""

_VIEWPORT = "width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no"


def create_app(settings: Settings) -> Dash:
    """Build the kiosk web app: layout, callbacks, health routes, headers."""
    holder = ConfigHolder(settings.config_path, settings.data_dir)
    store = Store.in_data_dir(settings.data_dir)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        title=holder.current().site.title.ko,
        update_title=None,
        serve_locally=True,
        compress=True,
        meta_tags=[{"name": "viewport", "content": _VIEWPORT}],
        index_string=_INDEX,
    )

    def layout():
        config = holder.current()
        wanted = (
            flask.request.args.get("kiosk") if flask.has_request_context() else None
        )
        kiosk = config.kiosk(wanted)
        now = dt.datetime.now(dt.UTC)
        return Shell(
            config, kiosk, holder.state().version, now, tile_data(config, store, now)
        )

    app.layout = layout
    register_callbacks(app, holder, store)
    register_health_routes(
        app.server, holder, store, settings.boot_id, app.get_asset_url("kiosk.css")
    )
    add_security_headers(app)
    return app
