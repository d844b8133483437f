"""The directory's building overview (layouts/overview.py): every floor of
every building, highest first, its departments as chips in their bureau's
colour (the 3D model's), and each kiosk's own floor marked "you are here"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from dash.development.base_component import Component

from building_model.directory import Directory
from building_model.scene import BUREAU_PALETTE, bureau_colours
from building_model.spec import Floor
from kiosk_app.config.site import Site, load_site
from kiosk_app.pages import PageContext, kiosk_floor, render_page
from kiosk_app.store import Store
from layouts import ids
from layouts.directory import DirectoryPage
from layouts.overview import (
    INK,
    WHITE,
    OverviewPanel,
    contrast,
    ink_on,
    overview,
)
from layouts.settings import Labels
from tests.conftest import copy_config
from tests.support.server import REPO

NEW_LABELS = (
    "overview",
    "overview_hint",
    "overview_floor",
    "overview_status",
    "overview_legend",
    "overview_empty",
    "you_are_here",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(copy_config(tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="module")
def labels(site: Site) -> Labels:
    return site.config.labels


def walk(node: Any):
    """Every component in a tree, depth first."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from walk(child)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def classes(node: Component) -> set[str]:
    return set(str(getattr(node, "className", "") or "").split())


def floor_rows(page: Component) -> list[Component]:
    """The floors' list items (a row: its button, chips and arrow)."""
    return [n for n in walk(page) if "floor-row" in classes(n)]


def floor_buttons(page: Component) -> list[Component]:
    """The floors' buttons: each one the by-floor picker's id for its floor."""
    return [
        n
        for n in walk(page)
        if isinstance(getattr(n, "id", None), dict) and n.id["type"] == ids.DIR_FLOOR
    ]


def button_of(row: Component) -> Component:
    [button] = floor_buttons(row)
    return button


def text_of(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return " ".join(text_of(child) for child in node)
    if isinstance(node, Component):
        return text_of(getattr(node, "children", None) or "")
    return ""


def test_floors_are_listed_highest_first_building_by_building(building, directory):
    view = overview(building, directory, None)
    assert [b.building for b in view.buildings] == ["main", "annex"]
    assert [row.key for row in view.floors] == [
        "main/5F",
        "main/4F",
        "main/3F",
        "main/2F",
        "main/1F",
        "main/B1",
        "annex/3F",
        "annex/2F",
        "annex/1F",
    ]
    # the keys are the by-floor picker's own values (a tap opens that floor)
    picker = {f"{p.building}/{p.floor}" for p in directory.places.values()}
    assert {row.key for row in view.floors} <= picker
    third = next(row for row in view.floors if row.key == "main/3F")
    assert third.full_name.get("ko") == "본관 3층" and third.name.get("ko") == "3층"


def test_each_department_is_a_chip_on_its_floor_in_its_bureaus_colour(
    building, directory
):
    view = overview(building, directory, None)
    colours = bureau_colours(directory)
    placed = {}
    for row in view.floors:
        for chip in row.chips:
            department = directory.department(chip.department)
            place = directory.places[department.room]
            assert row.key == f"{place.building}/{place.floor}"
            assert chip.swatch.colour == colours[department.bureau]
            assert chip.swatch.bureau == department.bureau
            assert contrast(chip.swatch.colour, chip.swatch.ink) >= 4.5
            placed[chip.department] = row.key
        # chips of one bureau sit together, bureaus in the directory's order
        order = [b.id for b in directory.spec.bureaus]
        ranks = [order.index(chip.swatch.bureau) for chip in row.chips]
        assert ranks == sorted(ranks)
    assert set(placed) == {d.id for d in directory.departments}
    # the key lists each bureau shown once, in the directory's order
    assert [s.bureau for s in view.legend] == [b.id for b in directory.spec.bureaus]
    assert all(s.colour == colours[s.bureau] for s in view.legend)


def test_chip_text_reads_on_every_colour_of_the_palette():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast(INK, INK) == pytest.approx(1)
    for colour in BUREAU_PALETTE:
        assert contrast(ink_on(colour), colour) >= 4.5, colour
    # a dark bureau colour (an admin's own palette one day) gets white text
    assert ink_on("#0b3b6f") == WHITE and ink_on("#eedd88") == INK


@pytest.mark.parametrize(
    ("kiosk", "floor"), [("main-lobby", "main/1F"), ("annex-lobby", "annex/1F")]
)
def test_each_kiosk_sees_its_own_floor_marked(
    site: Site, tmp_path: Path, kiosk: str, floor: str
):
    store = Store.in_data_dir(tmp_path)
    store.create()
    ctx = PageContext.for_kiosk(
        site,
        store,
        kiosk,
        "ko",
        now=dt.datetime.now(dt.UTC),
        route_cache=tmp_path / "routes",
        base_url="http://kiosk/",
    )
    assert kiosk_floor(site, kiosk) == tuple(floor.split("/"))
    page = render_page(ctx, "directory", {ids.DIR_STATE: {"mode": "building"}})
    here = [row for row in floor_rows(page) if "here" in classes(row)]
    assert [button_of(row).id["value"] for row in here] == [floor]
    button = button_of(here[0])
    assert "현재 위치" in text_of(button.children)
    assert " · 현재 위치 · " in button.to_plotly_json()["props"]["aria-label"]


def test_a_kiosk_upstairs_is_marked_there(building, directory):
    view = overview(building, directory, ("main", "3F"))
    assert [row.key for row in view.floors if row.here] == ["main/3F"]
    assert not any(row.here for row in overview(building, directory, None).floors)


def test_each_floor_is_a_large_button_named_by_its_floor_and_count(
    building, directory, labels: Labels
):
    page = OverviewPanel(overview(building, directory, ("main", "1F")), "ko", labels)
    buttons = floor_buttons(page)
    assert len(buttons) == len(floor_rows(page)) == 9
    for row in floor_rows(page):
        button = button_of(row)
        props = button.to_plotly_json()["props"]
        assert props["disabled"] is False
        # the button shows the floor; its chips, beside it, describe it
        chips = next(n for n in walk(row) if "floor-chips" in classes(n))
        assert props["aria-describedby"] == chips.id
        assert chips.id.startswith(ids.DIR_OVERVIEW_CHIPS)
        assert not [n for n in walk(button) if "bureau-chip" in classes(n)]
    names = {b.id["value"]: b.to_plotly_json()["props"]["aria-label"] for b in buttons}
    assert names["main/3F"] == "본관 3층 · 부서 7곳"
    assert names["annex/2F"] == "별관 2층 · 부서 4곳"
    assert names["main/1F"] == "본관 1층 · 현재 위치 · 부서 5곳"
    # the chips show names, coloured by bureau (custom properties the CSS reads)
    colours = bureau_colours(directory)
    chips = [n for n in walk(page) if "bureau-chip" in classes(n)]
    assert len(chips) == len(directory.departments)
    by_name = {d.name.get("ko"): colours[d.bureau] for d in directory.departments}
    for chip in chips:
        assert chip.style["--bureau-colour"] == by_name[chip.children]
        assert (
            contrast(chip.style["--bureau-ink"], chip.style["--bureau-colour"]) >= 4.5
        )
    # each building is headed by its name; the key names every bureau
    headings = [
        n.children for n in walk(page) if "overview-building-name" in classes(n)
    ]
    assert headings == ["본관", "별관"]
    legend = [
        text_of(n.children).strip() for n in walk(page) if "legend-item" in classes(n)
    ]
    assert legend == [b.name.get("ko") for b in directory.spec.bureaus]
    assert "overview-2" in classes(page)


def test_english_names_and_count(building, directory, labels: Labels):
    page = OverviewPanel(overview(building, directory, ("annex", "1F")), "en", labels)
    names = {
        b.id["value"]: b.to_plotly_json()["props"]["aria-label"]
        for b in floor_buttons(page)
    }
    assert names["annex/1F"] == "Annex 1F · You are here · departments: 4"
    assert names["main/B1"] == "Main building B1 · departments: 2"
    assert "Safety Division" in text_of(page.children)


def test_a_floor_with_no_department_is_shown_greyed_and_disabled(
    building, directory, labels: Labels
):
    roof = Floor(
        id="6F",
        building="main",
        name={"ko": "6층", "en": "6F"},
        elevation=20,
        outline=[(0, 0), (60, 0), (60, 20), (0, 20)],
    )
    taller = building.model_copy(update={"floors": [*building.floors, roof]})
    view = overview(taller, directory, None)
    assert view.floors[0].key == "main/6F" and view.floors[0].chips == ()
    row = floor_rows(OverviewPanel(view, "ko", labels))[0]
    props = button_of(row).to_plotly_json()["props"]
    assert props["disabled"] is True and "empty" in classes(row)
    assert props["aria-label"] == "본관 6층 · 부서 0곳"
    assert "안내할 부서 없음" in text_of(row.children)


def test_a_site_of_one_building_has_no_building_headings(
    building, directory: Directory, labels: Labels
):
    main = building.model_copy(
        update={
            "buildings": building.buildings[:1],
            "floors": [f for f in building.floors if f.building == "main"],
        }
    )
    rooms = {p.room for p in directory.places.values() if p.building == "main"}
    departments = [d for d in directory.departments if d.room in rooms]
    kept = {d.id for d in departments}
    spec = directory.spec.model_copy(
        update={
            "departments": departments,
            "teams": [t for t in directory.teams if t.department in kept],
        }
    )
    alone = Directory(spec, directory.places)
    view = overview(main, alone, ("main", "1F"))
    assert [row.full_name.get("ko") for row in view.floors][:2] == ["5층", "4층"]
    page = OverviewPanel(view, "ko", labels)
    assert not [n for n in walk(page) if "overview-building-name" in classes(n)]
    assert "overview-1" in classes(page)
    # only the bureaus on its floors are in the key
    assert {s.bureau for s in view.legend} == {d.bureau for d in departments}


def test_the_building_tab_is_a_mode_of_the_directory(
    building, directory, labels: Labels
):
    state = {"mode": "building", "floor": None, "bureau": None, "query": ""}
    page = DirectoryPage(directory, state, "ko", labels, building, ("main", "1F"))
    tabs = [n for n in walk(page) if getattr(n, "role", None) == "tab"]
    selected = [
        t.id["value"]
        for t in tabs
        if t.to_plotly_json()["props"]["aria-selected"] == "true"
    ]
    assert [t.id["value"] for t in tabs] == [
        "popular",
        "building",
        "floor",
        "bureau",
        "search",
    ]
    assert selected == ["building"]
    status = next(n for n in walk(page) if "directory-status" in classes(n))
    assert status.children == "9개 층"
    assert len(floor_buttons(page)) == 9
    # without a building file there is no overview to offer
    bare = DirectoryPage(directory, state, "ko", labels)
    values = [n.id["value"] for n in walk(bare) if getattr(n, "role", None) == "tab"]
    assert "building" not in values and not floor_buttons(bare)


def test_every_new_label_is_in_config_yaml_in_four_languages():
    shipped = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    for name in NEW_LABELS:
        assert name in Labels.model_fields
        text = shipped["labels"][name]
        assert list(text)[:1] == ["ko"], name
        assert set(text) == {"ko", "en", "zh", "vi"}, name
