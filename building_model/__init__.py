"""The building model: building and directory files, walk graph, routes, search."""

from .directory import Directory, DirectoryFile, load_directory, parse_directory
from .graph import build_graph, snap
from .planning import kiosk_positions, plan_route, unreachable_from
from .route import NoRoute, Position, Route, Unreachable
from .search import Hit, search
from .spec import Building, load_building, parse_building

__all__ = [
    "Building",
    "Directory",
    "DirectoryFile",
    "Hit",
    "NoRoute",
    "Position",
    "Route",
    "Unreachable",
    "build_graph",
    "kiosk_positions",
    "load_building",
    "load_directory",
    "parse_building",
    "parse_directory",
    "plan_route",
    "search",
    "snap",
    "unreachable_from",
]
