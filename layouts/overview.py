"""The directory's building overview: the whole site at a glance.

One row per floor, highest first, building by building (side by side in
landscape, one after another in portrait: assets/kiosk.css). Each row is a
large button (the whole row takes the tap): the floor's name, and beside it
its departments as small chips in their bureau's colour, the 3D model's
palette (``building_model.scene``), with text dark or white, whichever reads
better on it. A key of the colours follows, and the kiosk's own floor says
"you are here".

A row opens the by-floor tab with that floor chosen: it carries the by-floor
picker's own id (``{"type": ids.DIR_FLOOR, "value": "building/floor"}``),
which assets/kiosk.js turns into that tab. A floor with no department is
shown greyed and disabled (its list would be empty).

For screen readers and voice guidance a row's name is the floor and how many
departments it holds ("본관 1층 · 현재 위치 · 부서 5곳"); the chips, named
by ``aria-describedby``, describe it. Each building's floors are a list.

``overview`` works out what to show (plain data, for tests and any other
view); ``OverviewPanel`` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from building_model import Building, Directory
from building_model.scene import bureau_colours
from kiosk_core.text import Text, join

from . import ids
from .attrs import attrs
from .settings import Labels

FloorKey = tuple[str, str]  # (building id, floor id)

#: Text on a chip: the page's ink or white, whichever contrasts more.
INK = "#161a1f"
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(colour: str) -> str:
    """The text colour that reads best on ``colour``."""
    return max((INK, WHITE), key=lambda ink: contrast(ink, colour))


@dataclass(frozen=True)
class Swatch:
    """A bureau's colour, with the text colour that reads on it."""

    bureau: str
    name: Text
    colour: str
    ink: str


@dataclass(frozen=True)
class Chip:
    """A department on a floor, in its bureau's colour."""

    department: str
    name: Text
    swatch: Swatch


@dataclass(frozen=True)
class FloorRow:
    """One floor: its departments, and whether this kiosk stands on it."""

    building: str
    floor: str
    name: Text  # the floor's own name ("3층")
    full_name: Text  # with its building's when the site has several ("본관 3층")
    chips: tuple[Chip, ...]
    here: bool

    @property
    def key(self) -> str:
        """The by-floor picker's value for this floor."""
        return f"{self.building}/{self.floor}"


@dataclass(frozen=True)
class BuildingFloors:
    """One building's floors, highest first."""

    building: str
    name: Text
    floors: tuple[FloorRow, ...]


@dataclass(frozen=True)
class Overview:
    """The whole site: each building's floors, and the key to the colours."""

    buildings: tuple[BuildingFloors, ...]
    legend: tuple[Swatch, ...]  # the bureaus shown, in the directory's order

    @property
    def floors(self) -> list[FloorRow]:
        """Every floor, building by building."""
        return [row for b in self.buildings for row in b.floors]


def _departments_by_floor(
    building: Building, directory: Directory
) -> dict[FloorKey, list[str]]:
    """Department ids found on each floor: where the department's room is, and
    where any of its teams has a counter or room of its own (as the by-floor
    tab lists them), in the directory's order."""
    found: dict[FloorKey, list[str]] = {}

    def add(room: str, department: str) -> None:
        place = directory.places[room]
        on_floor = found.setdefault((place.building, place.floor), [])
        if department not in on_floor:
            on_floor.append(department)

    for department in directory.departments:
        add(department.room, department.id)
    for team in directory.teams:
        if team.room is not None:
            add(team.room, team.department)
    return found


def overview(
    building: Building, directory: Directory, here: FloorKey | None
) -> Overview:
    """What the overview shows for a kiosk standing on the floor ``here``."""
    colours = bureau_colours(directory)
    swatches = {
        b.id: Swatch(b.id, b.name, colours[b.id], ink_on(colours[b.id]))
        for b in directory.spec.bureaus
    }
    order = {bureau: i for i, bureau in enumerate(swatches)}
    on_floor = _departments_by_floor(building, directory)
    several = len(building.buildings) > 1
    columns = []
    shown: set[str] = set()
    for structure in building.buildings:
        rows = []
        for floor in reversed(building.floors_of(structure.id)):
            departments = [
                directory.department(d)
                for d in on_floor.get((structure.id, floor.id), [])
            ]
            departments.sort(key=lambda d: order[d.bureau])  # stable: file order kept
            chips = tuple(Chip(d.id, d.name, swatches[d.bureau]) for d in departments)
            shown.update(d.bureau for d in departments)
            rows.append(
                FloorRow(
                    building=structure.id,
                    floor=floor.id,
                    name=floor.name,
                    full_name=join(structure.name, floor.name)
                    if several
                    else floor.name,
                    chips=chips,
                    here=(structure.id, floor.id) == here,
                )
            )
        columns.append(BuildingFloors(structure.id, structure.name, tuple(rows)))
    legend = tuple(s for s in swatches.values() if s.bureau in shown)
    return Overview(tuple(columns), legend)


def _swatch_style(swatch: Swatch) -> dict[str, str]:
    # custom properties, so that high contrast can draw the chip its own way
    return {"--bureau-colour": swatch.colour, "--bureau-ink": swatch.ink}


def chips_id(row: FloorRow) -> str:
    """The DOM id of a row's chips (what describes the row's button)."""
    return f"{ids.DIR_OVERVIEW_CHIPS}-{row.building}-{row.floor}"


def floor_name(row: FloorRow, lang: str, labels: Labels) -> str:
    """A row's name for screen readers and voice guidance: the floor ("you
    are here" on the kiosk's own) and how many departments it holds: the
    button's visible words in their order (WCAG 2.5.3, label in name)."""
    floor = row.full_name.get(lang)
    if row.here:
        floor = f"{floor} · {labels.you_are_here.get(lang)}"
    return labels.overview_floor.get(lang).format(floor=floor, count=len(row.chips))


def FloorItem(row: FloorRow, lang: str, labels: Labels) -> html.Li:
    """One floor: a button with its name (and "you are here"), then its
    departments' chips. The chips sit beside the button, not inside it, so
    that the button's name holds all it shows (WCAG 2.5.3, label in name);
    the button still covers the whole row for a finger (assets/kiosk.css)."""
    head: list = [html.Span(row.name.get(lang), className="floor-name")]
    if row.here:
        # a space between them, as the name has one (no gap shows in the flex)
        head += [" ", html.Span(labels.you_are_here.get(lang), className="floor-here")]
    if row.chips:
        chips = [
            html.Span(
                chip.name.get(lang),
                className="bureau-chip",
                style=_swatch_style(chip.swatch),
            )
            for chip in row.chips
        ]
    else:
        chips = [html.Span(labels.overview_empty.get(lang), className="floor-empty")]
    classes = ["floor-row"]
    if row.here:
        classes.append("here")
    if not row.chips:
        classes.append("empty")
    button = html.Button(
        head,
        id={"type": ids.DIR_FLOOR, "value": row.key},
        className="floor-open",
        n_clicks=0,
        disabled=not row.chips,
        **attrs(
            {
                "aria-label": floor_name(row, lang, labels),
                "aria-describedby": chips_id(row),
            }
        ),
    )
    return html.Li(
        [
            button,
            html.Span(chips, id=chips_id(row), className="floor-chips"),
            html.Span("›", className="floor-go", **attrs({"aria-hidden": "true"})),
        ],
        className=" ".join(classes),
    )


def Legend(legend: tuple[Swatch, ...], lang: str, labels: Labels) -> html.Div:
    """The key to the chips' colours: each bureau's colour and name."""
    return html.Div(
        className="overview-legend",
        children=[
            html.H2(
                labels.overview_legend.get(lang), className="overview-legend-title"
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(
                                className="legend-swatch",
                                style=_swatch_style(swatch),
                                **attrs({"aria-hidden": "true"}),
                            ),
                            html.Span(swatch.name.get(lang)),
                        ],
                        className="legend-item",
                    )
                    for swatch in legend
                ],
                className="legend-items",
            ),
        ],
    )


def OverviewPanel(view: Overview, lang: str, labels: Labels) -> html.Div:
    """The overview: a hint, each building's floors, the key to the colours."""
    several = len(view.buildings) > 1
    parts: list = [html.P(labels.overview_hint.get(lang), className="overview-hint")]
    for column in view.buildings:
        floors = [FloorItem(row, lang, labels) for row in column.floors]
        heading = (
            [html.H2(column.name.get(lang), className="overview-building-name")]
            if several
            else []
        )
        parts.append(
            html.Section(
                [*heading, html.Ul(floors, className="overview-floors")],
                className="overview-building",
            )
        )
    parts.append(Legend(view.legend, lang, labels))
    count = min(len(view.buildings), 3)
    return html.Div(parts, className=f"overview overview-{count}")
