"""Which page the visitor sees, with the data it needs (one place for all screens).

Each screen of ``layouts.registry.SCREENS`` has a data function here, bound by
its id in ``DATA``: from the request's ``PageContext`` and the browser state
the screens keep, it returns the keyword arguments of the screen's builder, or
``None`` when the screen cannot be shown on this site (a calm placeholder
with the screen's title instead), or ``Instead(view)`` to show another screen
(a route to a destination that no longer exists shows the directory).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk_app.config.schema import Config
from kiosk_app.config.site import Site
from kiosk_app.readings import SharedTiles, tile_data
from kiosk_app.store import Store
from kiosk_app.wayfinding import route_view
from layouts import ids
from layouts.directory import DEFAULT_STATE
from layouts.placeholder import PlaceholderPage
from layouts.registry import SCREENS
from layouts.settings import Kiosk

BRIEFING_AUDIO_PATH = "/briefing/audio/"
PAST_DAYS = 7
HEADLINES = 3


@dataclasses.dataclass(frozen=True)
class PageContext:
    """Everything a screen's data function may use, for one request."""

    site: Site
    store: Store
    kiosk: Kiosk
    lang: str
    now: dt.datetime
    route_cache: Path  # where the scheduler keeps route pictures and speech
    base_url: str  # the page's own address (QR codes fall back to it)
    # the web process's tile reads, shared by its screens (None: read here)
    tiles: SharedTiles | None = None

    @property
    def config(self) -> Config:
        """The config in use (the site's)."""
        return self.site.config

    @classmethod
    def for_kiosk(
        cls,
        site: Site,
        store: Store,
        kiosk_id: str | None,
        lang: str,
        *,
        now: dt.datetime,
        route_cache: Path,
        base_url: str,
        tiles: SharedTiles | None = None,
    ) -> PageContext:
        """The context for the kiosk ``kiosk_id`` (the first one when unknown)."""
        return cls(
            site=site,
            store=store,
            kiosk=site.config.kiosk(kiosk_id),
            lang=lang,
            now=now,
            route_cache=route_cache,
            base_url=base_url,
            tiles=tiles,
        )


@dataclasses.dataclass(frozen=True)
class Instead:
    """Show the screen ``view`` instead of the one asked for."""

    view: str


BrowserState = Mapping[str, Any]  # a screen's state store id -> its value
DataFunction = Callable[
    [PageContext, BrowserState], "Mapping[str, Any] | Instead | None"
]


def headlines(record: dict | None) -> list[str]:
    """A few sentences of the latest briefing (after its greeting), for the home
    screen to show in turn."""
    if record is None:
        return []
    return [s["text"] for s in record.get("sentences", [])[1 : 1 + HEADLINES]]


def home_data(ctx: PageContext, _state: BrowserState) -> dict:
    """Tiles from the Store, and the latest headlines with their day (the
    attract loop shows them on that day only)."""
    latest = ctx.store.latest_briefing(ctx.lang)
    return {
        "tiles": tile_data(ctx.config, ctx.store, ctx.now, ctx.tiles),
        "headlines": headlines(latest),
        "headlines_day": latest.get("day") if latest else None,
        "today": ctx.site.today(ctx.now),
    }


def kiosk_floor(site: Site, kiosk_id: str) -> tuple[str, str] | None:
    """The (building, floor) a kiosk stands on, as its routes start there
    (None when the building file has no point for it)."""
    try:
        position = site.kiosk_position(kiosk_id)
    except KeyError:
        return None
    return position.building, position.floor


def directory_data(ctx: PageContext, state: BrowserState) -> dict | None:
    """The directory and what the visitor chose in it; the building and this
    kiosk's floor for the building overview."""
    if not ctx.site.wayfinding:
        return None
    chosen = state.get(ids.DIR_STATE)
    return {
        "directory": ctx.site.directory,
        "state": chosen if isinstance(chosen, dict) else DEFAULT_STATE,
        "building": ctx.site.building,
        "here": kiosk_floor(ctx.site, ctx.kiosk.id),
    }


def route_data(ctx: PageContext, state: BrowserState) -> dict | Instead | None:
    """The way to the chosen destination (the directory when there is none)."""
    if not ctx.site.wayfinding:
        return None
    route = state.get(ids.ROUTE)
    if not isinstance(route, dict) or not route.get("target"):
        return Instead("directory")
    found = route_view(
        ctx.site,
        ctx.kiosk.id,
        str(route["target"]),
        bool(route.get("step_free")),
        ctx.lang,
        ctx.route_cache,
        ctx.base_url,
        now=ctx.now,
    )
    return Instead("directory") if found is None else {"view": found}


def briefing_data(ctx: PageContext, state: BrowserState) -> dict:
    """The briefing of the chosen day (the latest when none), past days, and
    for today's briefing the tiles' recent values (its cards' sparklines)."""
    store, lang = ctx.store, ctx.lang
    day = state.get(ids.BRIEFING_DAY)
    record = None
    if isinstance(day, str) and day:
        try:
            record = store.briefing(dt.date.fromisoformat(day), lang)
        except ValueError:
            record = None
    if record is None:
        record = store.latest_briefing(lang)
    past = [r["day"] for r in store.recent_briefings(language=lang, limit=PAST_DAYS)]
    audio = record.get("audio_file") if record else None
    history: dict[str, tuple[float, ...]] = {}
    if record and record.get("day") == ctx.site.today(ctx.now).isoformat():
        tiles = tile_data(ctx.config, ctx.store, ctx.now, ctx.tiles)
        history = {tile_id: data.spark for tile_id, data in tiles.items()}
    return {
        "record": record,
        "audio_url": BRIEFING_AUDIO_PATH + audio if audio else None,
        "past": past,
        "history": history,
    }


DATA: Mapping[str, DataFunction] = MappingProxyType(
    {
        "home": home_data,
        "directory": directory_data,
        "route": route_data,
        "briefing": briefing_data,
    }
)


def unbound_screens() -> list[str]:
    """Screens without a data function, and data functions without a screen."""
    return sorted(set(SCREENS.views) ^ set(DATA))


def render_page(ctx: PageContext, view: str, state: BrowserState | None = None):
    """The page for the screen ``view`` (home when unknown) of one kiosk.

    ``state`` is the browser's state stores as the client sent them: anything
    of the wrong shape counts as absent, so an odd request gets a screen,
    never an error.
    """
    state = state if isinstance(state, Mapping) else {}
    screen = SCREENS.get(view)
    seen = set()
    while screen.id not in seen:
        seen.add(screen.id)
        data = DATA[screen.id](ctx, state)
        if isinstance(data, Instead):
            screen = SCREENS.get(data.view)
            continue
        if data is None:
            return PlaceholderPage(ctx.config, screen.title(ctx.config), ctx.lang)
        return screen.build(ctx.config, ctx.lang, **data)
    raise RuntimeError(f"screens send each other in a circle: {sorted(seen)}")
