"""Load config.yaml into a validated Config, or say exactly what is wrong."""

from __future__ import annotations

from pathlib import Path

from kiosk_app.config.schema import Config
from kiosk_core.files import display_name, read_text
from kiosk_core.validation import parse_checked

from .checks import cross_check


def parse_config(text: str, name: str) -> Config:
    """Validate config text; raise ProblemsFound naming file, line and key."""
    return parse_checked(Config, text, name, cross_check)


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    return parse_config(read_text(path), display_name(path))
