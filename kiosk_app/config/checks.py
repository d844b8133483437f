"""Checks across sections that a single field cannot express."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .schema import Config
from .yaml_source import Path_


def _duplicates(section: str, ids: Iterable[str]) -> Iterator[tuple[Path_, str]]:
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield (section, index, "id"), f"the id '{item_id}' is used twice"
        seen.add(item_id)


def cross_check(config: Config) -> list[tuple[Path_, str]]:
    """Problems between sections, as (key path, message) pairs."""
    found: list[tuple[Path_, str]] = []
    found += _duplicates("kiosks", (k.id for k in config.kiosks))
    found += _duplicates("menus", (m.id for m in config.menus))
    found += _duplicates("tiles", (t.id for t in config.tiles))
    menu_ids = {m.id for m in config.menus}
    for index, tile in enumerate(config.tiles):
        if menu_ids and tile.menu not in menu_ids:
            found.append(
                (
                    ("tiles", index, "menu"),
                    f"no menu '{tile.menu}' in menus: ({', '.join(sorted(menu_ids))})",
                )
            )
        if tile.feed not in config.feeds:
            known = ", ".join(sorted(config.feeds)) or "none declared"
            found.append(
                (
                    ("tiles", index, "feed"),
                    f"no feed '{tile.feed}' under feeds: ({known})",
                )
            )
    return found
