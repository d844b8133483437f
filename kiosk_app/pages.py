"""Which page the visitor sees, with the data it needs (one place for all screens)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk_app.config.site import Site
from kiosk_app.readings import tile_data
from kiosk_app.store import Store
from kiosk_app.wayfinding import route_view
from layouts.briefing import BriefingPage
from layouts.directory import DEFAULT_STATE, DirectoryPage
from layouts.home import HomePage
from layouts.placeholder import PlaceholderPage
from layouts.route import RoutePage

BRIEFING_AUDIO_PATH = "/briefing/audio/"
PAST_DAYS = 7


def briefing_page(site: Site, store: Store, lang: str, day: str | None):
    """The briefing screen for ``day`` (the latest when None)."""
    record = None
    if day:
        try:
            record = store.briefing(dt.date.fromisoformat(day), lang)
        except ValueError:
            record = None
    if record is None:
        record = store.latest_briefing(lang)
    past = [r["day"] for r in store.recent_briefings(language=lang, limit=PAST_DAYS)]
    audio = record.get("audio_file") if record else None
    return BriefingPage(
        site.config, record, BRIEFING_AUDIO_PATH + audio if audio else None, past, lang
    )


HEADLINES = 3


def headlines(record: dict | None) -> list[str]:
    """A few sentences of the latest briefing (after its greeting), for the home
    screen to show in turn."""
    if record is None:
        return []
    return [s["text"] for s in record.get("sentences", [])[1 : 1 + HEADLINES]]


def render_page(
    site: Site,
    store: Store,
    *,
    kiosk_id: str,
    view: str,
    lang: str,
    directory_state: dict | None,
    route: dict | None,
    route_cache: Path,
    base_url: str,
    now: dt.datetime,
    briefing_day: str | None = None,
):
    """The page for one screen of one kiosk.

    Browser state arrives as the client sent it: anything of the wrong shape
    counts as absent, so an odd request gets a screen, never an error.
    """
    route = route if isinstance(route, dict) else None
    directory_state = directory_state if isinstance(directory_state, dict) else None
    briefing_day = briefing_day if isinstance(briefing_day, str) else None
    config = site.config
    labels = config.labels
    if view in ("directory", "route") and not site.wayfinding:
        return PlaceholderPage(config, labels.find_way, lang)
    if view == "route" and route and route.get("target"):
        found = route_view(
            site,
            kiosk_id,
            str(route["target"]),
            bool(route.get("step_free")),
            lang,
            route_cache,
            base_url,
            now=now,
        )
        if found is not None:
            return RoutePage(found, lang, labels)
        view = "directory"
    if view in ("directory", "route"):
        assert site.directory is not None
        return DirectoryPage(
            site.directory, directory_state or DEFAULT_STATE, lang, labels
        )
    if view == "briefing":
        return briefing_page(site, store, lang, briefing_day)
    return HomePage(
        config,
        lang,
        tile_data(config, store, now),
        headlines(store.latest_briefing(lang)),
    )
