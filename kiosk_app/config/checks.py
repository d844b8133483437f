"""Checks across sections that a single field cannot express."""

from __future__ import annotations

from kiosk_app.config.schema import Config
from kiosk_core.validation import duplicate_ids
from kiosk_core.yaml_source import Path_


def cross_check(config: Config) -> list[tuple[Path_, str]]:
    """Problems between sections, as (key path, message) pairs."""
    found: list[tuple[Path_, str]] = []
    found += duplicate_ids("kiosks", (k.id for k in config.kiosks))
    found += duplicate_ids("menus", (m.id for m in config.menus))
    found += duplicate_ids("tiles", (t.id for t in config.tiles))
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
