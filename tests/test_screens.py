"""The screen registry: each screen declared once, every part following it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from dash import dcc

from kiosk_app.app import PLOTLY_BUNDLE, create_app
from kiosk_app.config.site import Site, load_site
from kiosk_app.pages import DATA, PageContext, render_page, unbound_screens
from kiosk_app.settings import Settings
from kiosk_app.store import Store
from layouts import ids
from layouts.registry import SCREENS, Registry, ScreenSpec
from layouts.screen import VIEWS
from tests.conftest import copy_config
from tests.support.server import REPO


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(copy_config(tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.in_data_dir(tmp_path_factory.mktemp("store"))
    store.create()
    return store


def context(site: Site, store: Store, tmp_path: Path, lang: str = "ko"):
    return PageContext.for_kiosk(
        site,
        store,
        "main-lobby",
        lang,
        now=dt.datetime.now(dt.UTC),
        route_cache=tmp_path / "routes",
        base_url="http://kiosk/",
    )


def test_every_screen_has_one_data_function_and_the_views_follow_the_registry():
    assert unbound_screens() == []
    assert set(DATA) == set(SCREENS.views)
    assert VIEWS == SCREENS.views
    assert SCREENS.home.id == "home" and SCREENS.get("nonsense") is SCREENS.home
    assert SCREENS.get(None) is SCREENS.home and SCREENS.get(["route"]) is SCREENS.home
    assert [s.id for s in SCREENS if s.needs_plot] == ["route"]


def test_an_id_belongs_to_one_screen_and_every_hook_is_in_kiosk_js():
    owned = [i for screen in SCREENS for i in screen.owned_ids]
    assert len(owned) == len(set(owned))
    known = {v for k, v in vars(ids).items() if k.isupper()}
    assert set(owned) <= known
    script = (REPO / "assets" / "kiosk.js").read_text(encoding="utf-8")
    for hook in SCREENS.hooks():
        assert re.search(rf"\n\s+{hook.name}: function", script), hook.name

    home = SCREENS.home
    with pytest.raises(ValueError, match="two screens"):
        Registry(home, home)
    twin = ScreenSpec(id="twin", build=home.build, title=home.title, ids=home.ids)
    with pytest.raises(ValueError, match="owned by 'home' and 'twin'"):
        Registry(home, twin)


def test_the_state_each_screen_keeps_starts_fresh_every_time():
    state = SCREENS.state()
    assert [store for store, _ in state] == [
        ids.DIR_STATE,
        ids.ROUTE,
        ids.BRIEFING_DAY,
    ]
    state[0][1]["query"] = "changed"
    assert SCREENS.state()[0][1]["query"] == ""
    manifest = SCREENS.manifest("_kiosk/plotly.js")
    assert manifest["views"] == list(SCREENS.views)
    assert manifest["plot"] == ["route"] and manifest["plotly"] == "_kiosk/plotly.js"
    assert json.loads(json.dumps(manifest)) == manifest


def test_titles_come_from_the_config_in_the_asked_language(site: Site):
    config = site.config
    assert SCREENS["briefing"].title_in(config, "en") == "Today's briefing"
    assert SCREENS["directory"].title_in(config, "ko") == config.labels.find_way.get(
        "ko"
    )
    assert SCREENS["home"].title_in(config, "en") == config.site.title.get("en")


def test_page_context_is_one_frozen_value(site: Site, store: Store, tmp_path: Path):
    ctx = context(site, store, tmp_path)
    assert ctx.config is site.config and ctx.kiosk.id == "main-lobby"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.lang = "en"  # type: ignore[misc]
    other = PageContext.for_kiosk(
        site,
        store,
        "no-such-kiosk",
        "ko",
        now=ctx.now,
        route_cache=ctx.route_cache,
        base_url="/",
    )
    assert other.kiosk.id == site.config.kiosks[0].id


def _classes(component) -> str:
    return getattr(component, "className", "") or ""


def _graphs(component) -> list:
    found = []

    def walk(node):
        if isinstance(node, dcc.Graph):
            found.append(node)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if child is not None and hasattr(child, "to_plotly_json"):
                walk(child)

    walk(component)
    return found


def test_every_screen_renders_and_odd_state_still_gets_a_screen(
    site: Site, store: Store, tmp_path: Path
):
    ctx = context(site, store, tmp_path)
    odd = {ids.DIR_STATE: 5, ids.ROUTE: "x", ids.BRIEFING_DAY: ["no"]}
    expected = {
        "home": "home",
        "directory": "directory",
        "route": "directory",  # no destination chosen
        "briefing": "briefing",
    }
    for view, shown in expected.items():
        assert _classes(render_page(ctx, view)) == shown
        assert _classes(render_page(ctx, view, odd)) == shown
    assert _classes(render_page(ctx, "no-such-screen")) == "home"
    assert _classes(render_page(ctx, "home", "not a mapping")) == "home"  # type: ignore[arg-type]

    gone = {ids.ROUTE: {"target": "no-such-team"}}
    assert _classes(render_page(ctx, "route", gone)) == "directory"
    route = render_page(ctx, "route", {ids.ROUTE: {"target": "passport-team"}})
    assert _classes(route) == "route" and len(_graphs(route)) == 1
    # only the screens that plot draw a graph
    for view in ("home", "directory", "briefing"):
        assert _graphs(render_page(ctx, view)) == []


def test_a_site_without_a_building_shows_a_placeholder_titled_by_the_screen(
    site: Site, store: Store, tmp_path: Path
):
    ctx = dataclasses.replace(
        context(site, store, tmp_path, "en"), site=Site(config=site.config)
    )
    for view in ("directory", "route"):
        page = render_page(ctx, view, {ids.ROUTE: {"target": "passport-team"}})
        assert _classes(page) == "placeholder"
        assert page.children[0].children == SCREENS[view].title_in(site.config, "en")
    assert _classes(render_page(ctx, "home")) == "home"


def test_plotly_is_kept_out_of_the_page_and_served_for_good(tmp_path: Path):
    client = create_app(
        Settings(copy_config(tmp_path), tmp_path / "var")
    ).server.test_client()
    index = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', index)
    assert scripts and not [src for src in scripts if "plotly" in src]

    layout = client.get("/_dash-layout").json
    manifest = json.loads(layout["props"]["data-screens"])
    assert manifest["plot"] == ["route"]
    address = manifest["plotly"]
    assert re.fullmatch(
        rf"_kiosk/{re.escape(PLOTLY_BUNDLE)}\?v=[0-9a-f]{{16}}", address
    )

    # compressed (streamed: flask-compress picks zstd, br or deflate for it)
    chromium = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    answer = client.get("/" + address, headers=chromium)
    assert answer.status_code == 200
    assert answer.mimetype == "text/javascript"
    assert "immutable" in answer.headers["Cache-Control"]
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    assert answer.headers.get("Content-Encoding") in ("zstd", "br", "deflate")
    plain = client.get("/" + address)
    assert plain.get_data() == (REPO / "assets" / PLOTLY_BUNDLE).read_bytes()
