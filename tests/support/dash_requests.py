"""Callback requests as Dash's renderer sends them from the kiosk page.

Recorded from Chromium on the real page (fetch wrapped before Dash loaded):
shared by the request guard's tests and the load benchmark.
"""

from __future__ import annotations

from typing import Any

VERSION = {"id": "kiosk-config-version", "property": "data", "value": "6f3e5c6e"}
KIOSK = [{"id": "kiosk-id", "property": "data", "value": "main-lobby"}]
DIRECTORY = {"mode": "popular", "floor": None, "bureau": None, "query": ""}


def page_body(
    view: str,
    lang: str = "ko",
    directory: dict | None = None,
    route: dict | None = None,
    day: str | None = None,
    *,
    kiosk: str = "main-lobby",
    version: str = VERSION["value"],
) -> dict[str, Any]:
    """The page callback's request, as the renderer sends it."""
    route_input: dict[str, Any] = {"id": "kiosk-route", "property": "data"}
    if route is not None:
        route_input["value"] = route
    day_input: dict[str, Any] = {"id": "kiosk-briefing-day", "property": "data"}
    if day is not None:
        day_input["value"] = day
    return {
        "output": "..kiosk-page.children...kiosk-page.data-screen..",
        "outputs": [
            {"id": "kiosk-page", "property": "children"},
            {"id": "kiosk-page", "property": "data-screen"},
        ],
        "inputs": [
            {"id": "kiosk-view", "property": "data", "value": view},
            {"id": "kiosk-lang", "property": "data", "value": lang},
            {**VERSION, "value": version},
            {
                "id": "kiosk-directory-state",
                "property": "data",
                "value": directory or DIRECTORY,
            },
            route_input,
            day_input,
        ],
        "changedPropIds": ["kiosk-view.data"],
        "parsedChangedPropsIds": ["kiosk-view.data"],
        "state": [{**KIOSK[0], "value": kiosk}],
    }


CHROME_PARTS = ("kiosk-header", "kiosk-lang-picker", "kiosk-ticker", "kiosk-access-bar")
CHROME = {
    "output": "..kiosk-header.children...kiosk-lang-picker.children...kiosk-ticker"
    ".children...kiosk-access-bar.children...kiosk-screen-settings.data..."
    "kiosk-tile-refresh.interval...kiosk-sleep.children..",
    "outputs": [{"id": part, "property": "children"} for part in CHROME_PARTS]
    + [
        {"id": "kiosk-screen-settings", "property": "data"},
        {"id": "kiosk-tile-refresh", "property": "interval"},
        {"id": "kiosk-sleep", "property": "children"},
    ],
    "inputs": [{"id": "kiosk-lang", "property": "data", "value": "en"}, VERSION],
    "changedPropIds": ["kiosk-lang.data"],
    "parsedChangedPropsIds": ["kiosk-lang.data"],
    "state": KIOSK,
}
TILE_AREA = {"area": "home", "type": "kiosk-tile-grid"}
TILES = {
    "output": '{"area":["ALL"],"type":"kiosk-tile-grid"}.children',
    "outputs": [{"id": TILE_AREA, "property": "children"}],
    "inputs": [{"id": "kiosk-tile-refresh", "property": "n_intervals", "value": 1}],
    "changedPropIds": ["kiosk-tile-refresh.n_intervals"],
    "parsedChangedPropsIds": ["kiosk-tile-refresh.n_intervals"],
    "state": [{"id": "kiosk-lang", "property": "data", "value": "ko"}],
}
