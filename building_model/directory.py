"""The directory file: bureaus, departments, teams, their tasks and popular tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

from kiosk_core.files import display_name, read_text
from kiosk_core.sections import Section
from kiosk_core.text import Text
from kiosk_core.validation import duplicate_ids, parse_checked
from kiosk_core.yaml_source import Path_

from .spec import Building, Ref, suggest


def _keyword(value: Any) -> Any:
    """A task keyword: by language, or just the Korean word."""
    return {"ko": value} if isinstance(value, str) else value


Task = Annotated[Text, BeforeValidator(_keyword)]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+][0-9 -]{2,19}$")]


class Bureau(Section):
    """A bureau (국) or a group of offices reporting to the mayor."""

    id: Ref
    name: Text


class Department(Section):
    """A department (과/담당관) and the room where visitors find it."""

    id: Ref
    bureau: Ref
    name: Text
    room: Ref
    phone: Phone | None = None


class Team(Section):
    """A team (팀) and the tasks a visitor might ask it for."""

    id: Ref
    department: Ref
    name: Text
    tasks: list[Task] = []
    room: Ref | None = Field(
        default=None,
        description="a counter or room of its own (default: the department's)",
    )


class Popular(Section):
    """A popular task shown on the home screen, pointing at a team or department."""

    task: Text
    target: Ref


class DirectoryFile(Section):
    """The whole directory file."""

    bureaus: Annotated[list[Bureau], Field(min_length=1)]
    departments: Annotated[list[Department], Field(min_length=1)]
    teams: list[Team] = []
    popular: list[Popular] = []


@dataclass(frozen=True)
class Place:
    """Where a room is: building, floor and the room's own name."""

    room: str
    building: str
    floor: str
    room_name: Text
    floor_name: Text
    building_name: Text


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Directory:
    """The validated directory joined with the building it points into."""

    spec: DirectoryFile
    places: dict[str, Place] = field(repr=False)

    @property
    def departments(self) -> list[Department]:
        """All departments, in file order."""
        return self.spec.departments

    @property
    def teams(self) -> list[Team]:
        """All teams, in file order."""
        return self.spec.teams

    def department(self, department_id: str) -> Department:
        """The department with this id (KeyError when unknown)."""
        for department in self.spec.departments:
            if department.id == department_id:
                return department
        raise KeyError(department_id)

    def team(self, team_id: str) -> Team:
        """The team with this id (KeyError when unknown)."""
        for team in self.spec.teams:
            if team.id == team_id:
                return team
        raise KeyError(team_id)

    def teams_of(self, department_id: str) -> list[Team]:
        """Teams of one department, in file order."""
        return [t for t in self.spec.teams if t.department == department_id]

    def room_of(self, target_id: str) -> str:
        """Room id for a team or department id (KeyError when unknown)."""
        for team in self.spec.teams:
            if team.id == target_id:
                return team.room or self.department(team.department).room
        return self.department(target_id).room

    def place_of(self, target_id: str) -> Place:
        """Where a team or department is."""
        return self.places[self.room_of(target_id)]


def _cross_check(spec: DirectoryFile, building: Building) -> list[tuple[Path_, str]]:
    """Problems between sections and against the building, as (key path, message)."""
    found: list[tuple[Path_, str]] = []
    found += duplicate_ids("bureaus", (b.id for b in spec.bureaus))
    found += duplicate_ids("departments", (d.id for d in spec.departments))
    found += duplicate_ids("teams", (t.id for t in spec.teams))
    bureaus = {b.id for b in spec.bureaus}
    departments = {d.id for d in spec.departments}
    rooms = {r.id for r in building.rooms}
    for index, team in enumerate(spec.teams):
        if team.id in departments:
            found.append(
                (
                    ("teams", index, "id"),
                    f"the id '{team.id}' is also a department's id; "
                    "popular tasks need them to differ",
                )
            )
    for index, department in enumerate(spec.departments):
        if department.bureau not in bureaus:
            found.append(
                (
                    ("departments", index, "bureau"),
                    f"no bureau '{department.bureau}'"
                    f"{suggest(department.bureau, bureaus)}",
                )
            )
        if department.room not in rooms:
            found.append(
                (
                    ("departments", index, "room"),
                    f"no room '{department.room}' in the building file"
                    f"{suggest(department.room, rooms)}",
                )
            )
    for index, team in enumerate(spec.teams):
        if team.department not in departments:
            found.append(
                (
                    ("teams", index, "department"),
                    f"no department '{team.department}'"
                    f"{suggest(team.department, departments)}",
                )
            )
        if team.room is not None and team.room not in rooms:
            found.append(
                (
                    ("teams", index, "room"),
                    f"no room '{team.room}' in the building file"
                    f"{suggest(team.room, rooms)}",
                )
            )
    targets = departments | {t.id for t in spec.teams}
    for index, item in enumerate(spec.popular):
        if item.target not in targets:
            found.append(
                (
                    ("popular", index, "target"),
                    f"no team or department '{item.target}'"
                    f"{suggest(item.target, targets)}",
                )
            )
    return found


def _places(building: Building) -> dict[str, Place]:
    names = {b.id: b.name for b in building.buildings}
    floors = {(f.building, f.id): f.name for f in building.floors}
    return {
        r.id: Place(
            r.id,
            r.building,
            r.floor,
            r.name,
            floors[(r.building, r.floor)],
            names[r.building],
        )
        for r in building.rooms
    }


def parse_directory(text: str, name: str, building: Building) -> Directory:
    """Validate directory-file text against ``building``; raise ProblemsFound."""
    spec = parse_checked(
        DirectoryFile, text, name, lambda spec: _cross_check(spec, building)
    )
    return Directory(spec, _places(building))


def load_directory(path: Path, building: Building) -> Directory:
    """Read and validate a directory file against ``building``."""
    return parse_directory(read_text(path), display_name(path), building)
