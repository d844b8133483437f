"""config.yaml: schema, loading with line-numbered problems, hot reload.

Names are imported lazily: ``data_feeds``, ``briefing`` and ``building_model``
build their own config sections on ``kiosk_app.config.types``, and the schema
in turn includes those sections, so an eager import here would be circular.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Config": "schema",
    "Text": "types",
    "Problem": "yaml_source",
    "ProblemsFound": "yaml_source",
    "load_config": "loader",
    "parse_config": "loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
