"""The screens' one light poll: is the server there, and which config is in use.

Every screen asks every few seconds, so the answer is two values from memory:
no Store read, no config parse, nothing that can be slow.
"""

from __future__ import annotations

from flask import Flask, jsonify

from kiosk_app.config.reload import ConfigHolder

BEAT_PATH = "/_kiosk/beat"


def register_beat_route(server: Flask, holder: ConfigHolder, release: str) -> None:
    """Add the beat the page polls (assets/kiosk.js): ``release``
    (kiosk_app/release.py) as "boot", the config version in use."""

    @server.get(BEAT_PATH)
    def beat():
        response = jsonify({"boot": release, "config": holder.state().version})
        response.headers["Cache-Control"] = "no-store"
        return response
