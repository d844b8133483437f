"""The shape of config.yaml, as pydantic models.

Every section forbids unknown keys so a typo is reported instead of ignored.
Secrets never live here: sections that need a key name the environment
variable holding it (``*_env``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import StringConstraints

from data_feeds.config import FeedConfig
from kiosk_core.sections import EnvName, Identifier, Section
from layouts.settings import ScreenConfig


class BuildingFiles(Section):
    """Where the building and directory files are (relative to config.yaml)."""

    file: Path = Path("building.yaml")
    directory: Path = Path("directory.yaml")
    # draw route pictures and speak directions ahead of time (scheduler)
    prerender: bool = True
    # QR codes open the route on a phone at this address (the kiosk's own by default)
    phone_base_url: (
        Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")]
        | None
    ) = None


class StoreSettings(Section):
    """Where the Store is: SQLite in the data directory (the default), or the
    PostgreSQL database whose postgresql:// URL is in the environment variable
    ``url_env`` names (unset or empty: SQLite). Read at start only."""

    url_env: EnvName | None = None


class Config(ScreenConfig):
    """The whole of config.yaml."""

    version: Literal[1] = 1
    feeds: dict[Identifier, FeedConfig] = {}
    building: BuildingFiles | None = None
    store: StoreSettings = StoreSettings()

    def fields_in_use(self) -> dict[str, set[str]]:
        """The fields tiles show (and the briefing reads), by feed: a feed is
        down only when one of these fails."""
        used: dict[str, set[str]] = {feed: set() for feed in self.feeds}
        for tile in self.tiles:
            used.setdefault(tile.feed, set()).add(tile.field)
        return used
