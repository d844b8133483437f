"""Route pictures and spoken directions, made ahead of time by the scheduler.

The route screen only looks files up; everything slow (off-screen 3D renders,
speech synthesis) happens here, a little at a time, in the scheduler process.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from briefing.speech import synthesize
from building_model import NoRoute, plan_route
from building_model.render import (
    RouteRenderer,
    cache_version,
    destination_rooms,
    prerender_all,
    prune_cache,
)
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.site import Site
from kiosk_app.wayfinding import audio_path

log = logging.getLogger(__name__)


def _speak_routes(
    site: Site, renderer: RouteRenderer, day: dt.date, deadline: float
) -> int:
    assert site.building is not None and site.directory is not None
    graph = site.graph(day)
    speech = site.config.briefing.speech
    made = 0
    for kiosk in site.config.kiosks:
        start = site.kiosk_position(kiosk.id)
        for room in destination_rooms(site.directory):
            for step_free in (False, True):
                for lang in site.config.site.languages:
                    if time.monotonic() > deadline:
                        return made
                    out = audio_path(
                        renderer, site, kiosk.id, room, step_free, lang, day
                    )
                    if out.exists():
                        continue
                    route = plan_route(graph, start, room, step_free)
                    if isinstance(route, NoRoute):
                        continue
                    result = synthesize(route.directions(lang), lang, out, speech)
                    if result.subtitles_only:
                        return made  # no engine works now; try again next time
                    made += 1
    return made


def prune_route_media(site: Site, renderer: RouteRenderer, day: dt.date) -> int:
    """Delete route media the building, closures and kiosks of ``day`` cannot show."""
    assert site.building is not None and site.directory is not None
    # every building edit or change of closures starts a new version folder
    current = cache_version(site.building, site.building_hash, day)
    try:
        freed = prune_cache(
            renderer.cache_dir,
            {current},
            kiosks={site.kiosk_point(kiosk.id) for kiosk in site.config.kiosks},
            rooms=set(destination_rooms(site.directory)),
        )
    except OSError as err:  # e.g. a read-only data directory: serving goes on
        log.warning("route media: cannot prune the cache: %s", err)
        return 0
    if freed:
        log.info("route media: %.1f MB no longer used deleted", freed / 1e6)
    return freed


def prepare_route_media(
    holder: ConfigHolder, renderer: RouteRenderer, budget_seconds: float = 20.0
) -> None:
    """Prune the cache, then draw pictures and speak directions for a while."""
    site = holder.site()
    if not site.wayfinding or site.config.building is None:
        return
    day = site.today()
    prune_route_media(site, renderer, day)
    if not site.config.building.prerender:
        return
    assert site.building is not None and site.directory is not None
    started = time.monotonic()
    deadline = started + budget_seconds
    # spoken directions first (quick, and what a visitor asks for), then pictures
    spoken = _speak_routes(site, renderer, day, started + budget_seconds / 3)
    # pictures are kept by kiosk point: a kiosk moved to another point gets new ones
    kiosks = {
        site.kiosk_point(k.id): site.kiosk_position(k.id) for k in site.config.kiosks
    }
    drawn = sum(
        step.rendered > 0
        for step in prerender_all(
            renderer,
            site.building,
            site.building_hash,
            site.directory,
            day=day,
            kiosks=kiosks,
            langs=site.config.site.languages,
            should_stop=lambda: time.monotonic() > deadline,
        )
    )
    if drawn or spoken:
        log.info("route media: %d routes rendered, %d spoken", drawn, spoken)
