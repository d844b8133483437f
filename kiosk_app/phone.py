"""The phone page a route's QR code opens, and the route images it shows.

Plain server-rendered HTML (escaped by Jinja), light enough for any phone;
images are addressed by their place in the render cache, checked segment by
segment, never by a path taken from the client as is.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, abort, render_template_string, request, send_from_directory

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.wayfinding import ROUTE_MEDIA_PATH, route_view
from kiosk_core.locales import locale
from layouts.route import walk_summary

_MEDIA_TYPES = {".png": "image/png", ".mp3": "audio/mpeg"}
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")

_PAGE = """<!doctype html>
<html lang="{{ html_lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ view.name.get(lang) }}</title>
<style>
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo",
  "Malgun Gothic", sans-serif; margin: 0; padding: 16px; color: #161a1f;
  line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 4px; color: #0b3b6f; }
.where { font-size: 1.1rem; margin: 0 0 12px; }
.summary { font-weight: 700; }
h2 { font-size: 1.2rem; margin: 20px 0 6px; }
img { width: 100%; height: auto; border-radius: 8px; border: 1px solid #ccd; }
.problem { padding: 12px; background: #fff1d6; border-radius: 8px; }
</style></head><body>
<h1>{{ view.name.get(lang) }}</h1>
<p class="where">{{ view.place.building_name.get(lang) }}
{{ view.place.floor_name.get(lang) }} · {{ view.place.room_name.get(lang) }}
{% if view.department %}<br>{{ view.department.get(lang) }}{% endif %}
{% if view.phone %}<br>{{ labels.phone.get(lang) }}
<a href="tel:{{ view.phone }}">{{ view.phone }}</a>{% endif %}</p>
<p>{{ kiosk.name.get(lang) }} →</p>
{% if view.problem %}
<p class="problem">{{ view.problem.get(lang) }} {{ labels.ask_staff.get(lang) }}</p>
{% else %}
<p class="summary">{{ summary }}</p>
{% for step in view.steps %}
<h2>{{ loop.index }}. {{ step.title.get(lang) }}</h2>
{% if step.image_url %}<img src="{{ step.image_url }}" alt="{{ step.title.get(lang) }}">
{% endif %}
<ol>{% for line in step.directions %}<li>{{ line.get(lang) }}</li>{% endfor %}</ol>
{% endfor %}
{% endif %}
</body></html>
"""


def register_phone_routes(
    server: Flask, holder: ConfigHolder, route_cache: Path
) -> None:
    """Add /m/route (the phone page) and the route pictures and audio."""

    @server.get("/m/route")
    def phone_route():
        site = holder.site()
        lang = site.config.language(request.args.get("lang"))
        kiosk = site.config.kiosk(request.args.get("kiosk"))
        view = route_view(
            site,
            kiosk.id,
            request.args.get("to", ""),
            request.args.get("sf") == "1",
            lang,
            route_cache,
            "/",  # the phone page shows no QR code: no address is needed
            with_figure=False,
        )
        if view is None:
            abort(404)
        labels = site.config.labels
        summary = walk_summary(view, lang, labels) if view.minutes is not None else ""
        return render_template_string(
            _PAGE,
            view=view,
            lang=lang,
            html_lang=locale(lang).html_lang,
            labels=labels,
            kiosk=kiosk,
            summary=summary,
        )

    @server.get(ROUTE_MEDIA_PATH + "<version>/<kiosk>/<name>")
    def route_media(version: str, kiosk: str, name: str):
        if not all(_SEGMENT.match(part) for part in (version, kiosk, name)):
            abort(404)
        mimetype = _MEDIA_TYPES.get(Path(name).suffix)
        if mimetype is None:
            abort(404)
        response = send_from_directory(
            route_cache / version / kiosk, name, mimetype=mimetype, max_age=3600
        )
        return response
