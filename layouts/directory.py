"""The directory screen: find a department, team or task without a keyboard.

Four ways in, as tabs: popular tasks, by floor, by bureau, and a letter pad
(the language's own: 초성 in Korean, A–Z in Latin scripts; a language without
one, such as Chinese, lists every department instead). Every result is a
large button that opens the route screen.
"""

from __future__ import annotations

from dash import html

from building_model import Directory, Hit, search
from kiosk_core.locales import locale
from kiosk_core.text import Text

from . import ids
from .attrs import attrs
from .navigation import NavButton
from .settings import Labels

MODES = ("popular", "floor", "bureau", "search")
MAX_RESULTS = 40
DEFAULT_STATE = {"mode": "popular", "floor": None, "bureau": None, "query": ""}


def _kind(hit: Hit, labels: Labels) -> Text:
    return {"task": labels.kind_task, "team": labels.kind_team}.get(
        hit.kind, labels.kind_department
    )


def ResultButton(hit: Hit, index: int, lang: str, labels: Labels) -> html.Button:
    """One destination: what it is, who handles it, and where."""
    where = f"{hit.floor_name.get(lang)} · {hit.room}"
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
    hits: list[Hit], lang: str, labels: Labels, limit: int | None = MAX_RESULTS
) -> html.Div:
    if not hits:
        return html.Div(labels.no_results.get(lang), className="results-empty")
    return html.Div(
        [ResultButton(hit, i, lang, labels) for i, hit in enumerate(hits[:limit])],
        className="results",
    )


def _choice(kind: str, value: str, label: str, selected: bool) -> html.Button:
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
    return html.Div(
        [ResultButton(hit, i, lang, labels) for i, hit in enumerate(hits)],
        className="results popular",
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
    floors: dict[str, Text] = {}
    for place in sorted(
        directory.places.values(), key=lambda p: (p.building, _floor_order(p.floor))
    ):
        floors.setdefault(f"{place.building}/{place.floor}", place.floor_name)
    choices = html.Div(
        [
            _choice(ids.DIR_FLOOR, key, name.get(lang), key == floor)
            for key, name in floors.items()
        ],
        className="choices",
    )
    if floor is None:
        return [choices]
    rooms = {
        p.room for p in directory.places.values() if f"{p.building}/{p.floor}" == floor
    }
    return [choices, _results(_hits_in(directory, rooms), lang, labels)]


def _by_bureau(directory: Directory, bureau: str | None, lang: str, labels: Labels):
    choices = html.Div(
        [
            _choice(ids.DIR_BUREAU, b.id, b.name.get(lang), b.id == bureau)
            for b in directory.spec.bureaus
        ],
        className="choices",
    )
    if bureau is None:
        return [choices]
    hits = [
        _hit(directory, "department", d.name, d.id)
        for d in directory.departments
        if d.bureau == bureau
    ]
    return [choices, _results(hits, lang, labels)]


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
                        **attrs({"aria-label": "backspace"}),
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
        return [_results(hits, lang, labels, limit=None)]
    parts = [LetterPad(query, lang, labels)]
    if query:
        parts.append(_results(search(directory, query), lang, labels))
    return parts


def DirectoryPage(directory: Directory, state: dict, lang: str, labels: Labels):
    """The whole directory screen for ``state`` (mode, floor, bureau, query)."""
    mode = state.get("mode") if state.get("mode") in MODES else "popular"
    titles = {
        "popular": labels.popular,
        "floor": labels.by_floor,
        "bureau": labels.by_bureau,
        "search": labels.search,
    }
    tabs = html.Div(
        [_choice(ids.DIR_MODE, m, titles[m].get(lang), m == mode) for m in MODES],
        className="tabs",
        role="tablist",
    )
    if mode == "floor":
        body = _by_floor(directory, state.get("floor"), lang, labels)
    elif mode == "bureau":
        body = _by_bureau(directory, state.get("bureau"), lang, labels)
    elif mode == "search":
        body = _search(directory, str(state.get("query") or ""), lang, labels)
    else:
        body = [_popular(directory, lang, labels)]
    return html.Div(
        className="directory",
        children=[
            html.H2(labels.find_way.get(lang), className="section-title"),
            tabs,
            html.Div(body, className="directory-body"),
            html.Div(
                NavButton("home", labels.home, lang, "home-button"),
                className="page-actions",
            ),
        ],
    )
