"""config.yaml: schema, loading with line-numbered problems, hot reload."""

from __future__ import annotations

from kiosk_core.text import Text
from kiosk_core.yaml_source import Problem, ProblemsFound

from .loader import load_config, parse_config
from .schema import Config

__all__ = [
    "Config",
    "Problem",
    "ProblemsFound",
    "Text",
    "load_config",
    "parse_config",
]
