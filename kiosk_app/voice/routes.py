"""Voice guidance's clips on the web: the index, the clips, and asking.

``GET /_kiosk/voice/<lang>/index.json``  text -> key of every clip made
``GET /_kiosk/voice/<lang>/<key>.mp3``   one clip (kept a day by the browser)
``GET /_kiosk/voice/<lang>/ask?text=…``  200 {"key"} when made; else the text
                                         is queued for the scheduler: 202
                                         (429 when the queue is full)
Only the languages the site offers are served.
"""

from __future__ import annotations

from flask import Flask, abort, jsonify, request, send_file

from kiosk_app.config.reload import ConfigHolder
from layouts.voice import CLIPS_PATH

from .clips import ClipStore


def register_voice_routes(
    server: Flask, clips: ClipStore, holder: ConfigHolder
) -> None:
    """Add the routes above."""

    def offered(lang: str) -> str:
        if lang not in holder.current().site.languages:
            abort(404)
        return lang

    @server.get(CLIPS_PATH + "<lang>/index.json")
    def voice_index(lang: str):
        response = jsonify(clips.index(offered(lang)))
        response.headers["Cache-Control"] = "no-cache"
        return response

    @server.get(CLIPS_PATH + "<lang>/<key>.mp3")
    def voice_clip(lang: str, key: str):
        path = clips.path(offered(lang), key)
        if path is None or not path.is_file():
            abort(404)
        return send_file(path, mimetype="audio/mpeg", max_age=86400, conditional=True)

    @server.get(CLIPS_PATH + "<lang>/ask")
    def voice_ask(lang: str):
        lang = offered(lang)
        text = request.args.get("text", "")
        key = clips.clip(lang, text)
        if key is not None:
            return jsonify({"key": key})
        if not clips.ask(lang, text):
            response = jsonify({"error": "not queued"})
            response.status_code = 429
            return response
        response = jsonify({"queued": True})
        response.status_code = 202
        return response
