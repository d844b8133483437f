"""A page for a reload while the server is away, kept by a service worker.

A lobby PC that reloads (or boots) while the server restarts would otherwise
sit on the browser's own error page for good. The service worker
(``assets/offline/sw.js``, served from the root so that it covers every page)
keeps this small page and shows it when a page cannot be fetched; the page
waits for the server's beat and reloads by itself when it answers.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template_string, send_file

from kiosk_app.config.reload import ConfigHolder
from kiosk_core.locales import locale

OFFLINE_PAGE = "/offline.html"
_PAGE = """<!doctype html>
<html lang="{{ first.html_lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ config.site.title.get(first.code) }}</title>
<link rel="stylesheet" href="/assets/kiosk.css">
<script src="/assets/offline/offline.js" defer></script>
</head><body class="kiosk-is-offline offline-page">
<h1 class="offline-title">{{ config.site.title.get(first.code) }}</h1>
<div class="kiosk-offline" role="status">
{% for language in languages %}
<p lang="{{ language.html_lang }}">
{{ config.labels.reconnecting.get(language.code) }}</p>
{% endfor %}
</div>
</body></html>
"""


def register_offline_routes(
    server: Flask, holder: ConfigHolder, assets_dir: Path
) -> None:
    """Add /sw.js (the service worker, scope "/") and the offline page."""
    worker = assets_dir / "offline" / "sw.js"

    @server.get("/sw.js")
    def service_worker():
        response = send_file(worker, mimetype="text/javascript", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response

    @server.get(OFFLINE_PAGE)
    def offline_page():
        config = holder.state().config
        languages = [locale(code) for code in config.site.languages]
        response = server.make_response(
            render_template_string(
                _PAGE, config=config, languages=languages, first=languages[0]
            )
        )
        response.headers["Cache-Control"] = "no-cache"
        return response
