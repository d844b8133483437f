"""Callback requests and component files: what a page sends passes, the rest is
refused with a 4xx and no traceback, and /healthz keeps answering meanwhile."""

from __future__ import annotations

import copy
import http.client
import json
import logging
import re
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
from dash import Dash, Input, Output, html

from kiosk_app.request_guard import guard_requests
from tests.support.dash_requests import (
    CHROME,
    KIOSK,
    TILE_AREA,
    TILES,
    page_body,
)
from tests.support.server import KioskServer

SEARCH = {"mode": "search", "floor": None, "bureau": None, "query": "ㅇㄱ"}
FLOOR = {"mode": "floor", "floor": "main/3F", "bureau": None, "query": ""}
PASSPORT = {"target": "passport-team", "step_free": False}

REAL = {
    "home": (page_body("home"), "kiosk-tile-grid"),
    "home in English": (page_body("home", "en"), "kiosk-tile-grid"),
    "language switch": (CHROME, "Seosan City Hall"),
    "directory": (page_body("directory"), "kiosk-dir-mode"),
    "keypad search": (page_body("directory", directory=SEARCH), "여권"),
    "by floor": (page_body("directory", directory=FLOOR), "kiosk-dir-go"),
    "route": (page_body("route", route=PASSPORT), "여권팀"),
    "step-free route": (
        page_body("route", route={**PASSPORT, "step_free": True}),
        "여권팀",
    ),
    "briefing": (page_body("briefing"), "오늘의 브리핑"),
    "past briefing": (page_body("briefing", day="2026-01-05"), "브리핑"),
    "tile refresh": (TILES, "tile"),
}


def post(kiosk: KioskServer, body: Any, content_type: str = "application/json"):
    """POST to Dash's callback route; (status, body bytes)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        kiosk.url + "_dash-update-component",
        data=data,
        headers={"Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def changed(body: dict, **fields: Any) -> dict:
    out = copy.deepcopy(body)
    out.update(fields)
    return out


def dropped(body: dict, key: str) -> dict:
    out = copy.deepcopy(body)
    del out[key]
    return out


def tile_areas(count: int) -> dict:
    """A tile refresh asking for ``count`` tile areas (the page has one)."""
    areas = [
        {"id": {"area": f"a{i}", "type": "kiosk-tile-grid"}, "property": "children"}
        for i in range(count)
    ]
    return changed(TILES, outputs=areas)


def with_input(body: dict, index: int, value: Any) -> dict:
    out = copy.deepcopy(body)
    out["inputs"][index] = {**out["inputs"][index], "value": value}
    return out


HOME = page_body("home")
TILE_JSON = json.dumps(TILES, separators=(",", ":"))
MALFORMED: dict[str, Any] = {
    "not JSON": b"hello",
    "empty body": b"",
    "cut short": json.dumps(HOME).encode()[:200],
    "a JSON array": [1, 2],
    "a JSON string": "x",
    "null": None,
    "a number": 5,
    "no output": dropped(HOME, "output"),
    "no outputs": dropped(HOME, "outputs"),
    "no inputs": dropped(HOME, "inputs"),
    "no state": dropped(HOME, "state"),
    "output a number": changed(HOME, output=5),
    "output a list": changed(HOME, output=["kiosk-page.children"]),
    "unknown callback output": changed(HOME, output="nope.children"),
    "a clientside callback's output": changed(HOME, output="kiosk-view.data"),
    "outputs a string": changed(HOME, outputs="x"),
    "outputs a number": changed(HOME, outputs=5),
    "outputs in a list": changed(HOME, outputs=[HOME["outputs"]]),
    "outputs of another callback": changed(
        HOME, outputs={"id": "kiosk-header", "property": "children"}
    ),
    "output without property": changed(HOME, outputs={"id": "kiosk-page"}),
    "tile outputs not a list": changed(
        TILES, outputs={"id": TILE_AREA, "property": "children"}
    ),
    "id with a dict value": changed(
        TILES,
        outputs=[{"id": {**TILE_AREA, "area": {"x": [1]}}, "property": "children"}],
    ),
    "id with a list value": changed(
        TILES, outputs=[{"id": {**TILE_AREA, "area": [1, 2]}, "property": "children"}]
    ),
    "id with a null value": changed(
        TILES, outputs=[{"id": {**TILE_AREA, "area": None}, "property": "children"}]
    ),
    "id with an extra key": changed(
        TILES, outputs=[{"id": {**TILE_AREA, "z": 1}, "property": "children"}]
    ),
    "id of another type": changed(
        TILES, outputs=[{"id": {**TILE_AREA, "type": "x"}, "property": "children"}]
    ),
    "outputs of numbers": changed(TILES, outputs=[1, 2]),
    "inputs a dict": changed(HOME, inputs={"a": 1}),
    "too few inputs": changed(HOME, inputs=HOME["inputs"][:2]),
    "too many inputs": changed(HOME, inputs=HOME["inputs"] * 3),
    "inputs of numbers": changed(HOME, inputs=[1] * 6),
    "inputs without ids": changed(HOME, inputs=[{"property": "data"}] * 6),
    "state a string": changed(HOME, state="x"),
    "state repeated": changed(HOME, state=KIOSK * 50),
    "changedPropIds a string": changed(HOME, changedPropIds="abc"),
    "changedPropIds of numbers": changed(HOME, changedPropIds=[1, 2]),
    "changedPropIds a dict": changed(HOME, changedPropIds={"a": 1}),
    "long output string": changed(HOME, output="x" * 20_000),
    "long value string": with_input(HOME, 3, {**SEARCH, "query": "ㅇ" * 5_000}),
    "deeply nested value": with_input(HOME, 3, json.loads("[" * 900 + "]" * 900)),
    "NaN": TILE_JSON.replace('"value":1', '"value":NaN').encode(),
    "Infinity": TILE_JSON.replace('"value":1', '"value":Infinity').encode(),
    "1e999": TILE_JSON.replace('"value":1', '"value":1e999').encode(),
    "5,000-digit number": TILE_JSON.replace(
        '"value":1', '"value":' + "9" * 5000
    ).encode(),
    "bad UTF-8": b'{"output":"\xff\xfe"}',
    "100 tile areas": tile_areas(100),
}


@pytest.mark.parametrize("name", REAL)
def test_every_request_of_a_real_page_still_answers(kiosk: KioskServer, name: str):
    body, expected = REAL[name]
    status, answer = post(kiosk, body)
    assert status == 200, answer[:300]
    assert expected in json.dumps(json.loads(answer), ensure_ascii=False)


def test_a_request_for_1500_tile_areas_is_refused_and_tiles_still_refresh(
    kiosk: KioskServer,
):
    attack = tile_areas(1500)
    assert len(json.dumps(attack)) > 100_000  # the 116 KB request of the report
    status, answer = post(kiosk, attack)
    assert status == 413 and len(answer) < 1000
    status, answer = post(kiosk, tile_areas(100))
    assert status == 400 and len(answer) < 1000
    status, answer = post(kiosk, TILES)
    reply = json.loads(answer)["response"]
    assert status == 200
    assert list(reply) == ['{"area":"home","type":"kiosk-tile-grid"}']
    assert "tile" in json.dumps(reply)


def test_malformed_callback_bodies_answer_400_without_a_traceback(
    kiosk: KioskServer,
):
    answered = {name: post(kiosk, body)[0] for name, body in MALFORMED.items()}
    answered["sent as text"] = post(kiosk, TILES, "text/plain")[0]
    assert {name: s for name, s in answered.items() if s != 400} == {}
    too_large = post(kiosk, b'{"output":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert too_large[0] == 413
    assert "Traceback" not in kiosk.log()
    # one line says what was refused; the rest are counted, not repeated
    assert kiosk.log().count("refused a callback request") < len(answered)


def raw_get(kiosk: KioskServer, path: str) -> int:
    """GET ``path`` exactly as written (no client-side clean-up of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", kiosk.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "nope/x.js",
        "os/x.js",
        "dash/../../etc/passwd",
        "dash/%2e%2e/%2e%2e/setup.py",
        "dash/deps/..%2f..%2fdash.py",
        "dash/dash.py",
        "dash/deps/",
        "dash/x.v1m2.js",
        "dash/deps/react@18.v1m2.3.1.min.js.map",
        "dash/" + "a" * 3000 + ".js",
    ],
)
def test_bad_component_paths_answer_400_without_a_traceback(
    kiosk: KioskServer, path: str
):
    assert raw_get(kiosk, "/_dash-component-suites/" + path) == 400
    assert "Traceback" not in kiosk.log()


def test_the_page_still_loads_its_component_files(kiosk: KioskServer):
    with urllib.request.urlopen(kiosk.url, timeout=30) as response:
        page = response.read().decode("utf-8")
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) >= 4
    assert {raw_get(kiosk, src) for src in scripts} == {200}


def test_healthz_answers_while_bad_requests_arrive(kiosk: KioskServer):
    attack = json.dumps(tile_areas(1500)).encode()
    smaller = json.dumps(tile_areas(100)).encode()
    refused: list[int] = []

    def send() -> None:
        for i in range(20):
            refused.append(post(kiosk, attack if i % 2 else smaller)[0])

    senders = [threading.Thread(target=send) for _ in range(10)]
    for sender in senders:
        sender.start()
    polls = []
    while any(sender.is_alive() for sender in senders):
        polls.append("boot_id" in kiosk.health())
    for sender in senders:
        sender.join()
    assert polls and all(polls)
    assert sorted(set(refused)) == [400, 413] and len(refused) == 200
    assert "Traceback" not in kiosk.log()


# A tiny app of its own: one callback with a bug, to see it is still logged.
def tiny_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"))
    def broken(clicks: int | None) -> str:
        return {"a": 1}["b"]  # a bug in our own code

    guard_requests(app)
    return app


TINY = {
    "output": "out.children",
    "outputs": {"id": "out", "property": "children"},
    "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
    "changedPropIds": ["go.n_clicks"],
}


def test_a_bug_in_a_callback_is_still_logged_as_an_error(caplog):
    app = tiny_app()
    client = app.server.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.post("/_dash-update-component", json=TINY)
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info and record.exc_info[0] is KeyError


def test_what_dash_cannot_read_past_the_checks_is_still_a_400(caplog):
    app = tiny_app()
    client = app.server.test_client()
    client.get("/")  # Dash finishes setting up on its first request
    dispatch = app.server.view_functions["/_dash-update-component"]
    # straight to the view, as if a body the checks missed reached Dash
    with (
        app.server.test_request_context(
            "/_dash-update-component", method="POST", json={**TINY, "output": "nope"}
        ),
        caplog.at_level(logging.WARNING),
    ):
        response = dispatch()
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.exc_info]
