"""Everything voice guidance may say, found by rendering the screens.

The page speaks what it shows: a focused control's name, a screen's heading,
a live region's words. To have those clips ready before a visitor asks, the
screens are rendered here the way a visitor can reach them (home, the
directory in every tab, floor, bureau and first letter, the route to every
destination with and without steps, the briefing) and the same names are
read from the components as assets/voice.js reads them from the page:

- a control's name is its ``data-say``, else its ``aria-label``, else its
  text: every piece of text inside it joined by spaces, leaving out parts
  that are ``hidden``, ``aria-hidden`` or in another language (``lang``);
- a control with its own ``lang`` is said in that language.

Routes are many and each takes a few tenths of a second to draw, so one route
per floor is rendered (the route screen's own controls); every destination's
name, the route screen's heading, is read from the directory's results, and
the directions themselves are spoken by kiosk_app/route_media.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from dash.development.base_component import Component

from kiosk_app.pages import PageContext, render_page
from kiosk_core.locales import LOCALES, locale
from layouts import ids
from layouts.directory import DEFAULT_STATE
from layouts.screen import chrome_parts
from layouts.voice import fixed_words

from .clips import normalized

# controls a visitor can move to (assets/keypad.js: FOCUSABLE)
_CONTROLS = {"Button", "A"}
_SAID_ATTRIBUTES = ("data-say", "data-play", "data-pause")
# a directory result's name: the heading of the route screen it opens
ROUTE_HEADING = "result-name"
LIVE_ROLES = ("status", "alert")  # live regions without aria-live


def _props(node: Component) -> Mapping[str, Any]:
    return node.to_plotly_json()["props"]


def _skipped(props: Mapping[str, Any], page_tag: str) -> bool:
    if props.get("hidden") is True or str(props.get("aria-hidden")) == "true":
        return True
    tag = props.get("lang")
    return bool(tag) and tag != page_tag


def text_of(node: Any, page_tag: str) -> str:
    """The text a visitor hears for ``node`` (see the module's docstring)."""
    pieces: list[str] = []

    def walk(part: Any, top: bool) -> None:
        if isinstance(part, str | int | float) and not isinstance(part, bool):
            pieces.append(str(part))
        elif isinstance(part, list | tuple):
            for child in part:
                walk(child, False)
        elif isinstance(part, Component):
            props = _props(part)
            if not top and _skipped(props, page_tag):
                return
            if type(part).__name__ == "Img":
                pieces.append(str(props.get("alt") or ""))
                return
            walk(props.get("children"), False)

    walk(node, True)
    return normalized(" ".join(pieces))


def spoken_name(node: Component, page_tag: str) -> str:
    """A control's name: ``data-say``, ``aria-label`` or its text."""
    props = _props(node)
    for name in ("data-say", "aria-label"):
        if props.get(name):
            return normalized(str(props[name]))
    return text_of(node, props.get("lang") or page_tag)


def _focusable(kind: str, props: Mapping[str, Any]) -> bool:
    if props.get("disabled") is True:
        return False
    if kind in _CONTROLS:
        return kind != "A" or bool(props.get("href"))
    tab = props.get("tabIndex")
    return tab is not None and str(tab) != "-1"


def said_on(page: Any, lang: str) -> Iterator[tuple[str, str]]:
    """(language, text) for everything voice guidance says on ``page``."""
    tags = {found.html_lang: code for code, found in LOCALES.items()}
    page_tag = locale(lang).html_lang

    def walk(part: Any) -> Iterator[tuple[str, str]]:
        if isinstance(part, list | tuple):
            for child in part:
                yield from walk(child)
            return
        if not isinstance(part, Component):
            return
        props = _props(part)
        if _skipped(props, page_tag) and not props.get("lang"):
            return
        kind = type(part).__name__
        own = tags.get(props.get("lang") or page_tag, lang)
        if _focusable(kind, props) or kind == "H1":
            yield own, spoken_name(part, page_tag)
        elif ROUTE_HEADING in str(props.get("className") or "").split():
            yield own, text_of(part, page_tag)  # its route screen's heading
        if props.get("aria-live") or props.get("role") in LIVE_ROLES:
            yield own, text_of(part, page_tag)
        for name in _SAID_ATTRIBUTES:
            if props.get(name) and name != "data-say":
                yield own, normalized(str(props[name]))
        yield from walk(props.get("children"))

    for said_lang, text in walk(page):
        if text:
            yield said_lang, text


def _pattern_values(page: Any, kind: str) -> list[Any]:
    """The ``value`` (or ``target``) of every button ``{"type": kind, ...}``."""
    found: list[Any] = []

    def walk(part: Any) -> None:
        if isinstance(part, list | tuple):
            for child in part:
                walk(child)
        elif isinstance(part, Component):
            props = _props(part)
            key = props.get("id")
            if isinstance(key, dict) and key.get("type") == kind:
                found.append(key.get("value", key.get("target")))
            walk(props.get("children"))

    walk(page)
    return found


def _directory_states(ctx: PageContext) -> Iterator[tuple[dict, Component]]:
    """Every directory state one or two taps away, with its page: each tab,
    each floor, each bureau, each first letter."""
    seen: set[str] = set()
    queue: list[dict] = [dict(DEFAULT_STATE)]
    while queue:
        state = queue.pop(0)
        key = json.dumps(state, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        page = render_page(ctx, "directory", {ids.DIR_STATE: state})
        yield state, page
        if state != DEFAULT_STATE and state.get("mode") != DEFAULT_STATE["mode"]:
            branches = {
                ids.DIR_FLOOR: "floor",
                ids.DIR_BUREAU: "bureau",
                ids.DIR_KEY: "query",
            }
        else:
            branches = {}
        for value in _pattern_values(page, ids.DIR_MODE):
            queue.append({**DEFAULT_STATE, "mode": value})
        for kind, field in branches.items():
            if state.get(field):
                continue  # one choice deep: a floor, a bureau, a first letter
            for value in _pattern_values(page, kind):
                if kind == ids.DIR_KEY and value in ("back", "clear"):
                    continue
                queue.append({**state, field: value})


def pages(ctx: PageContext) -> Iterator[Component]:
    """Every screen a visitor can reach in ``ctx``'s kiosk and language."""
    yield render_page(ctx, "home", {})
    yield render_page(ctx, "briefing", {})
    if not ctx.site.wayfinding:
        return
    targets: list[str] = []
    for _state, page in _directory_states(ctx):
        yield page
        targets.extend(str(t) for t in _pattern_values(page, ids.DIR_GO))
    # one route per floor reached: the route screen's own controls and words
    # (drawing a route's 3D view takes a few tenths of a second); its heading
    # is the destination's name, read from the results (``said_on``)
    directory = ctx.site.directory
    assert directory is not None
    floors: dict[tuple[str, str], str] = {}
    for target in targets:
        try:
            place = directory.place_of(target)
        except KeyError:
            continue
        floors.setdefault((place.building, place.floor), target)
    for target in floors.values():
        route = {"target": target, "step_free": False}
        yield render_page(ctx, "route", {ids.ROUTE: route})


def corpus(ctx: PageContext) -> dict[str, set[str]]:
    """Language -> every text voice guidance may say in ``ctx``'s language
    (names in another language, such as the language buttons, under theirs)."""
    found: dict[str, set[str]] = {ctx.lang: set(fixed_words(ctx.config, ctx.lang))}
    # around every screen: the language picker, the switches, the idle warning
    parts = chrome_parts(ctx.config, ctx.kiosk, ctx.lang, ctx.now)
    warning = parts["settings"]["idle_warning"]
    seconds = str(ctx.config.screen.idle_warning_seconds)
    found[ctx.lang] |= {
        normalized(warning["title"]),
        normalized(warning["button"]),
        normalized(warning["countdown"].replace("{seconds}", seconds)),
    }
    frame = [parts["header"], parts["languages"], parts["access"]]
    for page in [frame, *pages(ctx)]:
        for said_lang, text in said_on(page, ctx.lang):
            found.setdefault(said_lang, set()).add(text)
    return found
