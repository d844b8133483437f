"""The whole admin-edited site: config.yaml plus the building and directory
files it names, validated together and taken as one unit.

A hot reload swaps all three at once or none: a building edit that breaks a
route is rejected like a config typo, with the file, line and key named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import networkx as nx

from building_model import (
    Building,
    Directory,
    build_graph,
    parse_building,
    parse_directory,
    unreachable_from,
)
from building_model.route import Position, position_of
from data_feeds.portal import key_problem
from kiosk_app.config.loader import parse_config
from kiosk_app.config.schema import Config
from kiosk_core.files import display_name, read_text
from kiosk_core.translations import missing_translations
from kiosk_core.yaml_source import (
    LineMap,
    Problem,
    ProblemsFound,
    format_key,
    parse_yaml,
)


@dataclass(frozen=True)
class Texts:
    """The text of every file of a site, by display name, config first."""

    files: tuple[tuple[str, str], ...]
    # where they were read from (empty for saved copies); not part of the digest
    paths: tuple[Path, ...] = field(default=(), compare=False)

    def digest(self) -> str:
        """A short fingerprint of all the files together."""
        sha = hashlib.sha256()
        for name, text in self.files:
            sha.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        return sha.hexdigest()[:16]


@dataclass(eq=False)
class Site:
    """A validated config with its building and directory (None without one)."""

    config: Config
    building: Building | None = None
    directory: Directory | None = None
    building_hash: str = ""
    _graphs: dict[dt.date, nx.Graph] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def wayfinding(self) -> bool:
        """True when a building and directory are configured."""
        return self.building is not None and self.directory is not None

    def graph(self, day: dt.date) -> nx.Graph:
        """The walk graph with the closures in force on ``day`` (built once)."""
        assert self.building is not None
        with self._lock:
            if day not in self._graphs:
                self._graphs.clear()  # only today's is ever needed again
                self._graphs[day] = build_graph(self.building, on=day)
            return self._graphs[day]

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """The site's date (in its time zone, not the server's) at ``now``."""
        moment = now or dt.datetime.now(dt.UTC)
        return moment.astimezone(ZoneInfo(self.config.site.timezone)).date()

    def kiosk_point(self, kiosk_id: str) -> str:
        """The building's kiosk point a config kiosk stands at: what its "you
        are here", and so its route pictures and spoken directions, depend on."""
        kiosk = self.config.kiosk(kiosk_id)
        return kiosk.point or kiosk.id

    def kiosk_position(self, kiosk_id: str) -> Position:
        """Where a config kiosk stands in the building."""
        assert self.building is not None
        return position_of(self.building.kiosk_point(self.kiosk_point(kiosk_id)))


def _building_paths(config: Config, config_path: Path) -> tuple[Path, Path] | None:
    if config.building is None:
        return None
    base = config_path.parent
    return base / config.building.file, base / config.building.directory


def read_texts(config_path: Path) -> Texts:
    """Read config.yaml and the files it names (unreadable ones: ProblemsFound)."""
    config_text = read_text(config_path)
    files = [(display_name(config_path), config_text)]
    paths = [config_path]
    try:
        config = parse_config(config_text, files[0][0])
    except ProblemsFound:
        return Texts(tuple(files), tuple(paths))  # parse_site reports it
    for path in _building_paths(config, config_path) or ():
        paths.append(path)
        files.append((display_name(path), read_text(path)))
    return Texts(tuple(files), tuple(paths))


def _room_line(lines: LineMap, building: Building, room: str) -> tuple[int, str]:
    for index, candidate in enumerate(building.rooms):
        if candidate.id == room:
            return lines.line_of(("rooms", index)), f"rooms[{index}]"
    return 1, "rooms"


def _kiosk_problems(
    config: Config, building: Building, name: str, lines: LineMap
) -> list[Problem]:
    points = {p.id for p in building.kiosk_points}
    found = []
    for index, kiosk in enumerate(config.kiosks):
        point = kiosk.point or kiosk.id
        if point not in points:
            key = ("kiosks", index, "point" if kiosk.point else "id")
            found.append(
                Problem(
                    name,
                    lines.line_of(key),
                    f"kiosks[{index}].{key[-1]}",
                    f"no kiosk point '{point}' in the building file "
                    f"({', '.join(sorted(points))}); set point: to one of them",
                )
            )
    return found


def _reachability(site: Site, building_name: str, building_text: str) -> list[Problem]:
    """Destinations some kiosk cannot reach even with nothing closed.

    Closures are left out: a lift out of service is an everyday state the route
    screen explains, not a mistake in the file.
    """
    assert site.building is not None and site.directory is not None
    _, lines = parse_yaml(building_text, building_name)
    kiosks = {k.id: site.kiosk_position(k.id) for k in site.config.kiosks}
    open_building = site.building.model_copy(update={"closures": []})
    found = []
    for gap in unreachable_from(build_graph(open_building), site.directory, kiosks):
        line, key = _room_line(lines, site.building, gap.room)
        how = "step-free " if gap.step_free else ""
        found.append(
            Problem(
                building_name,
                line,
                key,
                f"room {gap.room} ({', '.join(gap.targets[:3])}) cannot be reached "
                f"{how}from kiosk '{gap.kiosk}'",
            )
        )
    return found


def parse_site(texts: Texts) -> Site:
    """Validate every file of a site together; raise ProblemsFound naming each."""
    (config_name, config_text), *others = texts.files
    config = parse_config(config_text, config_name)
    if config.building is None:
        return Site(config)
    _, config_lines = parse_yaml(config_text, config_name)
    (building_name, building_text), (directory_name, directory_text) = others
    building = parse_building(building_text, building_name)
    directory = parse_directory(directory_text, directory_name, building)
    problems = _kiosk_problems(config, building, config_name, config_lines)
    if problems:
        raise ProblemsFound(problems)
    digest = Texts(tuple(others)).digest()
    site = Site(config, building, directory, digest)
    problems = _reachability(site, building_name, building_text)
    if problems:
        raise ProblemsFound(problems)
    return site


def translation_gaps(site: Site, texts: Texts) -> list[Problem]:
    """Texts of every file that lack a language of ``site.languages`` (warnings:
    such a text is shown in its fallback language)."""
    languages = site.config.site.languages
    directory = site.directory.spec if site.directory is not None else None
    models = [site.config, site.building, directory]
    found: list[Problem] = []
    for (name, text), model in zip(texts.files, models, strict=False):
        if model is not None:
            found += missing_translations(model, text, name, languages)
    return found


def key_warnings(site: Site, texts: Texts, env: Mapping[str, str]) -> list[Problem]:
    """Feeds whose key is not in the environment ``check`` runs in, or is in a
    form that will not work (spaces, encoded twice): warnings, since the
    scheduler's environment may differ, but the first thing to check."""
    name, text = texts.files[0]
    _, lines = parse_yaml(text, name)
    found: list[Problem] = []
    for feed_id, feed in site.config.feeds.items():
        for key in ("key_env", "url_env"):
            variable = getattr(feed, key, None)
            if not variable:
                continue
            value = env.get(variable, "").strip()
            if not value:
                message = (
                    f"{variable} is not set here: the feed cannot be read until it "
                    "is set where the scheduler runs"
                )
            elif key == "key_env" and (problem := key_problem(value)) is not None:
                message = f"the key in {variable} {problem}"
            else:
                continue
            path = ("feeds", feed_id, key)
            found.append(Problem(name, lines.line_of(path), format_key(path), message))
    return found


def load_site(config_path: Path) -> Site:
    """Read and validate config.yaml and the building files it names."""
    return parse_site(read_texts(config_path))
