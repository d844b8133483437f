"""The directory screen: find a department, team or task without a keyboard.

Five ways in, as tabs: popular tasks, the building overview (every floor with
its departments by bureau colour, layouts/overview.py; a floor opens the
by-floor tab with that floor chosen), by floor, by bureau, and a letter pad
(the language's own: 초성 in Korean, A–Z in Latin scripts; a language without
one, such as Chinese, lists every department instead). Every result is a
large button that opens the route screen.

For screen readers: the tabs are ARIA tabs (``aria-selected``) over one tab
panel labelled by the chosen tab; the floor and bureau pickers are toggle
buttons (``aria-pressed``); a polite status line at the top of the panel
says what was typed or picked and how many results it gives ("ㅇ · 결과 3건");
places name their building when the site has more than one.
"""

from __future__ import annotations

import json

from dash import html

from building_model import Building, Directory, Hit, search
from building_model.directory import Place
from kiosk_core.locales import locale
from kiosk_core.text import Text

from . import ids
from .attrs import attrs
from .header import ScreenTitle
from .navigation import NavButton
from .overview import FloorKey, OverviewPanel, overview
from .settings import Labels

MODES = ("popular", "building", "floor", "bureau", "search")
MAX_RESULTS = 40
DEFAULT_STATE = {"mode": "popular", "floor": None, "bureau": None, "query": ""}


def dom_id(component_id: dict) -> str:
    """The DOM id Dash gives a pattern-matched component id (keys sorted,
    compact JSON), for ``aria-labelledby`` and ``aria-controls``."""
    return json.dumps(
        component_id, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def floor_label(directory: Directory, place: Place, lang: str) -> str:
    """A floor as a visitor says it: "본관 1층" when the site has more than one
    building, else just "1층"."""
    floor = place.floor_name.get(lang)
    if len({p.building for p in directory.places.values()}) < 2:
        return floor
    return f"{place.building_name.get(lang)} {floor}"


def _where(directory: Directory, hit: Hit, lang: str) -> str:
    place = directory.places[hit.room]
    return f"{floor_label(directory, place, lang)} · {place.room_name.get(lang)}"


def _status(text: str) -> html.P:
    """Read out by screen readers whenever its text changes (not shown)."""
    return html.P(text, className="directory-status visually-hidden", role="status")


def _count(query: str, hits: list[Hit], lang: str, labels: Labels) -> str:
    """ "ㅇ · 결과 3건": what was typed or picked, and how many results are
    listed (the ones a visitor can reach, MAX_RESULTS at most)."""
    count = min(len(hits), MAX_RESULTS)
    return labels.results_status.get(lang).format(query=query, count=count)


def _kind(hit: Hit, labels: Labels) -> Text:
    return {"task": labels.kind_task, "team": labels.kind_team}.get(
        hit.kind, labels.kind_department
    )


def ResultButton(
    hit: Hit, index: int, where: str, lang: str, labels: Labels
) -> html.Button:
    """One destination: what it is, who handles it, and where (``where``)."""
    detail = [html.Span(_kind(hit, labels).get(lang), className="result-kind")]
    if hit.via is not None:
        detail.append(html.Span(hit.via.get(lang), className="result-via"))
    return html.Button(
        id={"type": ids.DIR_GO, "target": hit.target, "n": index},
        className="result-button",
        n_clicks=0,
        children=[
            html.Span(hit.name.get(lang), className="result-name"),
            html.Span(detail, className="result-detail"),
            html.Span(where, className="result-where"),
        ],
    )


def _results(
    directory: Directory,
    hits: list[Hit],
    lang: str,
    labels: Labels,
    limit: int | None = MAX_RESULTS,
    class_name: str = "results",
) -> html.Div:
    if not hits:
        return html.Div(labels.no_results.get(lang), className="results-empty")
    return html.Div(
        [
            ResultButton(hit, i, _where(directory, hit, lang), lang, labels)
            for i, hit in enumerate(hits[:limit])
        ],
        className=class_name,
    )


def _choice(kind: str, value: str, label: str, selected: bool) -> html.Button:
    """A toggle button of a picker (floor, bureau)."""
    return html.Button(
        label,
        id={"type": kind, "value": value},
        className="choice-button" + (" selected" if selected else ""),
        n_clicks=0,
        **attrs({"aria-pressed": "true" if selected else "false"}),
    )


def _hit(
    directory: Directory, kind, name: Text, target: str, via: Text | None = None
) -> Hit:
    """A result for ``target`` (a team or department id), wherever it is."""
    place = directory.place_of(target)
    return Hit(
        kind,
        name,
        target,
        place.room,
        place.building,
        place.floor,
        place.floor_name,
        via,
    )


def _popular(directory: Directory, lang: str, labels: Labels) -> html.Div:
    hits = [
        _hit(directory, "task", item.task, item.target)
        for item in directory.spec.popular
    ]
    return _results(directory, hits, lang, labels, None, "results popular")


def _picker(name: str, choices: list[html.Button]) -> html.Div:
    return html.Div(
        choices, className="choices", role="group", **attrs({"aria-label": name})
    )


def _hits_in(directory: Directory, rooms: set[str]) -> list[Hit]:
    hits = []
    for department in directory.departments:
        if department.room in rooms:
            hits.append(_hit(directory, "department", department.name, department.id))
    for team in directory.teams:
        if team.room is not None and team.room in rooms:
            via = directory.department(team.department).name
            hits.append(_hit(directory, "team", team.name, team.id, via))
    return hits


def _floor_order(floor: str) -> tuple[int, str]:
    """B2 < B1 < 1F < 2F ...; unusual names after, alphabetically."""
    digits = "".join(c for c in floor if c.isdigit())
    if not digits:
        return (1000, floor)
    return (-int(digits) if floor.upper().startswith("B") else int(digits), floor)


def _by_floor(directory: Directory, floor: str | None, lang: str, labels: Labels):
    floors: dict[str, str] = {}
    for place in sorted(
        directory.places.values(), key=lambda p: (p.building, _floor_order(p.floor))
    ):
        floors.setdefault(
            f"{place.building}/{place.floor}", floor_label(directory, place, lang)
        )
    choices = _picker(
        labels.by_floor.get(lang),
        [
            _choice(ids.DIR_FLOOR, key, name, key == floor)
            for key, name in floors.items()
        ],
    )
    if floor not in floors:
        return "", [choices]
    rooms = {
        p.room for p in directory.places.values() if f"{p.building}/{p.floor}" == floor
    }
    hits = _hits_in(directory, rooms)
    return (
        _count(floors[floor], hits, lang, labels),
        [choices, _results(directory, hits, lang, labels)],
    )


def _by_bureau(directory: Directory, bureau: str | None, lang: str, labels: Labels):
    names = {b.id: b.name.get(lang) for b in directory.spec.bureaus}
    choices = _picker(
        labels.by_bureau.get(lang),
        [
            _choice(ids.DIR_BUREAU, key, name, key == bureau)
            for key, name in names.items()
        ],
    )
    if bureau not in names:
        return "", [choices]
    hits = [
        _hit(directory, "department", d.name, d.id)
        for d in directory.departments
        if d.bureau == bureau
    ]
    return (
        _count(names[bureau], hits, lang, labels),
        [choices, _results(directory, hits, lang, labels)],
    )


def LetterPad(query: str, lang: str, labels: Labels) -> html.Div:
    """The language's keys (초성, A–Z), what was typed, backspace and clear."""
    keys = locale(lang).letter_pad
    script = "hangul" if keys == locale("ko").letter_pad else "latin"
    return html.Div(
        className=f"letter-pad letter-pad-{script}",
        children=[
            html.Div(
                [
                    html.Span(
                        query or labels.search_hint.get(lang),
                        className="query" if query else "query hint",
                    ),
                    html.Button(
                        "⌫",
                        id={"type": ids.DIR_KEY, "value": "back"},
                        className="key key-wide",
                        n_clicks=0,
                        **attrs({"aria-label": labels.backspace.get(lang)}),
                    ),
                    html.Button(
                        labels.clear.get(lang),
                        id={"type": ids.DIR_KEY, "value": "clear"},
                        className="key key-wide",
                        n_clicks=0,
                    ),
                ],
                className="query-row",
            ),
            html.Div(
                [
                    html.Button(
                        key,
                        id={"type": ids.DIR_KEY, "value": key},
                        className="key",
                        n_clicks=0,
                    )
                    for key in keys
                ],
                className="keys",
            ),
        ],
    )


def _search(directory: Directory, query: str, lang: str, labels: Labels):
    if not locale(lang).letter_pad:
        hits = [
            _hit(directory, "department", d.name, d.id) for d in directory.departments
        ]
        return "", [_results(directory, hits, lang, labels, limit=None)]
    parts = [LetterPad(query, lang, labels)]
    if not query:
        return "", parts
    hits = search(directory, query)
    parts.append(_results(directory, hits, lang, labels))
    return _count(query, hits, lang, labels), parts


def _overview(
    building: Building,
    directory: Directory,
    here: FloorKey | None,
    lang: str,
    labels: Labels,
):
    view = overview(building, directory, here)
    status = labels.overview_status.get(lang).format(count=len(view.floors))
    return status, [OverviewPanel(view, lang, labels)]


def _tab(mode: str, label: str, selected: bool) -> html.Button:
    return html.Button(
        label,
        id={"type": ids.DIR_MODE, "value": mode},
        className="choice-button" + (" selected" if selected else ""),
        n_clicks=0,
        role="tab",
        **attrs(
            {
                "aria-selected": "true" if selected else "false",
                "aria-controls": ids.DIR_PANEL,
            }
        ),
    )


def DirectoryPage(
    directory: Directory,
    state: dict,
    lang: str,
    labels: Labels,
    building: Building | None = None,
    here: FloorKey | None = None,
):
    """The whole directory screen for ``state`` (mode, floor, bureau, query);
    the building overview needs ``building``, and marks the floor ``here``
    (the kiosk's own)."""
    modes = [m for m in MODES if m != "building" or building is not None]
    mode = state.get("mode") if state.get("mode") in modes else "popular"
    titles = {
        "popular": labels.popular,
        "building": labels.overview,
        "floor": labels.by_floor,
        "bureau": labels.by_bureau,
        "search": labels.search,
    }
    tabs = html.Div(
        [_tab(m, titles[m].get(lang), m == mode) for m in modes],
        className="tabs",
        role="tablist",
        **attrs({"aria-label": labels.search_ways.get(lang)}),
    )
    if mode == "building" and building is not None:
        status, body = _overview(building, directory, here, lang, labels)
    elif mode == "floor":
        status, body = _by_floor(directory, state.get("floor"), lang, labels)
    elif mode == "bureau":
        status, body = _by_bureau(directory, state.get("bureau"), lang, labels)
    elif mode == "search":
        query = str(state.get("query") or "")
        status, body = _search(directory, query, lang, labels)
    else:
        status, body = "", [_popular(directory, lang, labels)]
    return html.Div(
        className="directory",
        children=[
            ScreenTitle(labels.find_way.get(lang)),
            tabs,
            html.Div(
                # the status line first and always there, so a change is read out
                [_status(status), *body],
                id=ids.DIR_PANEL,
                className="directory-body",
                role="tabpanel",
                **attrs(
                    {"aria-labelledby": dom_id({"type": ids.DIR_MODE, "value": mode})}
                ),
            ),
            html.Div(
                NavButton("home", labels.home, lang, "home-button"),
                className="page-actions",
            ),
        ],
    )
