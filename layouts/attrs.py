"""HTML ``data-*`` and ``aria-*`` attributes for Dash components.

Dash takes them as keyword arguments whose names are not Python identifiers, so
they are passed as ``**attrs({"data-menu": spec.menu})``. Unpacking a plain
``dict[str, str]`` there would be checked against every typed keyword of the
component (``hidden``, ``n_clicks``, ...); this helper's ``Any`` values are not,
and it lets through only the names Dash accepts as wildcards.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WILDCARDS = ("data-", "aria-")


def attrs(values: Mapping[str, str]) -> dict[str, Any]:
    """``values`` as keyword arguments for a component, each a data-/aria- name."""
    for name in values:
        if not name.startswith(WILDCARDS):
            raise ValueError(f"{name!r} is not a data-* or aria-* attribute")
    return dict(values)
