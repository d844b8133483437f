"""The briefing for the city's web portal (JSON) and its audio files."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, jsonify, request, send_file

from briefing.archive import audio_file, briefing_json
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import BRIEFING_AUDIO_PATH
from kiosk_app.store import Store


def audio_url(public_url: str | None, name: str) -> str:
    """The link to a briefing's audio: under site.public_url, else relative."""
    # never from the request's Host header: the JSON is served to any origin
    # (CORS *), so a forged Host would be handed on to the portal's visitors
    base = public_url.rstrip("/") if public_url else ""
    return base + BRIEFING_AUDIO_PATH + name


def register_briefing_routes(
    server: Flask, store: Store, data_dir: Path, holder: ConfigHolder
) -> None:
    """Add /briefing/latest.json and the audio files it points to."""

    @server.get("/briefing/latest.json")
    def latest_json():
        lang = holder.state().config.language(request.args.get("lang"))
        record = store.latest_briefing(lang)
        if record is None:
            response = jsonify({"error": "no briefing yet", "language": lang})
            response.status_code = 404
        else:
            audio = record.get("audio_file")
            public_url = holder.current().site.public_url
            url = audio_url(public_url, audio) if audio else None
            response = jsonify(briefing_json(record, url))
        # public information, read by the city's portal from its own pages
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Cache-Control"] = "no-cache"
        return response

    @server.get(BRIEFING_AUDIO_PATH + "<name>")
    def briefing_audio(name: str):
        path = audio_file(data_dir, name)
        if path is None:
            abort(404)
        return send_file(path, mimetype="audio/mpeg", max_age=3600, conditional=True)
