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
    found += _language_problems(config)
    found += _screen_problems(config)
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


def _language_problems(config: Config) -> list[tuple[Path_, str]]:
    offered = config.site.languages
    found: list[tuple[Path_, str]] = []
    if len(set(offered)) != len(offered):
        found.append((("site", "languages"), "a language is listed twice"))
    listed = f"site.languages ({', '.join(offered)})"
    chosen: list[tuple[Path_, str | None]] = [
        (("site", "default_language"), config.site.default_language),
        *(
            (("kiosks", index, "default_language"), kiosk.default_language)
            for index, kiosk in enumerate(config.kiosks)
        ),
    ]
    for path, language in chosen:
        if language is not None and language not in offered:
            found.append((path, f"'{language}' is not one of {listed}"))
    for index, language in enumerate(config.briefing.languages or ()):
        if language not in offered:
            found.append(
                (("briefing", "languages", index), f"'{language}' is not in {listed}")
            )
    return found


def _screen_problems(config: Config) -> list[tuple[Path_, str]]:
    """Opening hours every kiosk can resolve; attract figures that are tiles."""
    found: dict[Path_, str] = {}
    for index, kiosk in enumerate(config.kiosks):
        try:
            config.opening_hours(kiosk)
        except ValueError as err:
            path: Path_ = ("kiosks", index, "schedule") if kiosk.schedule else ()
            found[path or ("schedule",)] = str(err)
    tile_ids = {t.id for t in config.tiles}
    for index, tile_id in enumerate(config.attract.figures):
        if tile_id not in tile_ids:
            found[("attract", "figures", index)] = f"no tile '{tile_id}' in tiles:"
    return list(found.items())
