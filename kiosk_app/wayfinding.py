"""What the route screen and the phone page show, worked out from the Site.

Planning a route and building its figure are fast (well under the tap budget);
step images are only looked up in the scheduler's render cache, never drawn
here.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import io
from pathlib import Path
from urllib.parse import urlencode

import qrcode
from qrcode.image.pil import PilImage

from building_model import NoRoute, plan_route
from building_model.guide import guide_scene
from building_model.plotly_view import route_figure
from building_model.render import RouteRenderer
from kiosk_app.config.site import Site
from kiosk_core.text import Text, join
from layouts.route import RouteView, Step

ROUTE_MEDIA_PATH = "/route-media/"


def _name_of(site: Site, target: str) -> tuple[Text, Text | None, str | None]:
    directory = site.directory
    assert directory is not None
    try:
        team = directory.team(target)
    except KeyError:
        department = directory.department(target)
        return department.name, None, department.phone
    department = directory.department(team.department)
    return team.name, department.name, department.phone


def phone_url(base: str, kiosk_id: str, target: str, step_free: bool, lang: str) -> str:
    """The phone page of a route (what the QR code opens)."""
    query = urlencode(
        {"kiosk": kiosk_id, "to": target, "sf": int(step_free), "lang": lang}
    )
    return f"{base.rstrip('/')}/m/route?{query}"


@functools.lru_cache(maxsize=512)
def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as a PNG data URI (same text, same image)."""
    code = qrcode.QRCode(
        border=2,
        box_size=8,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        image_factory=PilImage,
    )
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def audio_path(
    renderer: RouteRenderer,
    site: Site,
    kiosk_id: str,
    room: str,
    step_free: bool,
    lang: str,
    day: dt.date,
) -> Path:
    """Where the spoken directions of one route are kept (beside its pictures)."""
    assert site.building is not None
    point = site.kiosk_point(kiosk_id)
    [first] = renderer.paths(
        site.building, site.building_hash, point, room, step_free, 1, lang, day=day
    )
    mode = "stepfree" if step_free else "any"
    return first.with_name(f"{room}.{mode}.{lang}.mp3")


def _cache_url(renderer: RouteRenderer, path: Path) -> str | None:
    if not path.is_file():
        return None
    return ROUTE_MEDIA_PATH + path.relative_to(renderer.cache_dir).as_posix()


def _image_urls(
    renderer: RouteRenderer,
    site: Site,
    kiosk_id: str,
    room: str,
    step_free: bool,
    count: int,
    lang: str,
    day: dt.date,
) -> list[str | None]:
    assert site.building is not None
    paths = renderer.paths(
        site.building,
        site.building_hash,
        site.kiosk_point(kiosk_id),
        room,
        step_free,
        count,
        lang,
        day=day,
    )
    return [_cache_url(renderer, path) for path in paths]


def route_view(
    site: Site,
    kiosk_id: str,
    target: str,
    step_free: bool,
    lang: str,
    cache_dir: Path,
    base_url: str,
    *,
    with_figure: bool = True,
    now: dt.datetime | None = None,
) -> RouteView | None:
    """The route from a kiosk to a team or department (None if unknown), with
    the closures in force on the site's day at ``now``."""
    if not site.wayfinding:
        return None
    assert site.building is not None and site.directory is not None
    kiosk = site.config.kiosk(kiosk_id)
    try:
        name, department, phone = _name_of(site, target)
    except KeyError:
        return None
    place = site.directory.place_of(target)
    start = site.kiosk_position(kiosk.id)
    day = site.today(now)
    result = plan_route(site.graph(day), start, place.room, step_free)
    files = site.config.building
    url = phone_url(
        # configured addresses first: the request's own (base_url) is the client's say
        (files.phone_base_url if files is not None else None)
        or site.config.site.public_url
        or base_url,
        kiosk.id,
        target,
        step_free,
        lang,
    )
    view = RouteView(
        target=target,
        name=name,
        place=place,
        department=department,
        phone=phone,
        step_free=step_free,
        phone_url=url,
        qr=qr_data_uri(url),
        origin=kiosk.name,
    )
    if isinstance(result, NoRoute):
        return dataclasses.replace(view, problem=result.reason)
    renderer = RouteRenderer(cache_dir)
    images = _image_urls(
        renderer, site, kiosk.id, place.room, step_free, len(result.legs), lang, day
    )
    steps = []
    for leg, image in zip(result.legs, images, strict=True):
        floor = site.building.floor(leg.building, leg.floor)
        where = site.building.structure(leg.building).name
        title = join(where, floor.name)
        steps.append(Step(title, leg.directions, image))
    figure = None
    if with_figure:
        scene = guide_scene(
            site.building, site.directory, result, start, destination_label=name
        )
        figure = route_figure(scene, lang)
    audio = _cache_url(
        renderer,
        audio_path(renderer, site, kiosk.id, place.room, step_free, lang, day),
    )
    return dataclasses.replace(
        view,
        audio_url=audio,
        minutes=result.minutes,
        meters=round(result.distance_m),
        steps=tuple(steps),
        figure=figure,
    )
