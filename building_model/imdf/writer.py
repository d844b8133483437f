"""Writing the mapped sections as building and directory YAML an admin can read
and edit: one entry per block, the source feature ids in a comment above it,
what was not imported in a comment block at the top.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .mapping import Item, Mapped

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#\n]*")
_NUMBERISH = re.compile(r"[-+]?[\d._]*([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+")
_WORDS = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}
#: Points per line in a written outline.
_PER_LINE = 6


def scalar(value: Any) -> str:
    """One YAML scalar: numbers as they are, text plain when safe, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 7) + 0.0)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and not _NUMBERISH.fullmatch(text)
        and text.lower() not in _WORDS
        and ": " not in text
        and not text.endswith((" ", ":"))
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any, indent: int) -> str:
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{k}: {_flow(v, indent)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):  # a list of points
            pieces = [_flow(p, indent) for p in value]
            lines = [
                ", ".join(pieces[i : i + _PER_LINE])
                for i in range(0, len(pieces), _PER_LINE)
            ]
            return "[" + (",\n" + " " * indent).join(lines) + "]"
        return "[" + ", ".join(_flow(v, indent) for v in value) + "]"
    return scalar(value)


def _comment(text: str, indent: int = 0) -> list[str]:
    return [" " * indent + "# " + line for line in text.splitlines()]


def _items(name: str, items: list[Item], source_word: str = "from") -> list[str]:
    lines = [f"{name}:"]
    if not items:
        return [f"{name}: []"]
    for item in items:
        if item.sources:
            lines += _comment(f"{source_word} {', '.join(item.sources)}", 2)
        first = True
        for key, value in item.data.items():
            lead = "  - " if first else "    "
            lines.append(f"{lead}{key}: {_flow(value, 6)}")
            first = False
    return lines


def _notes(mapped: Mapped) -> list[str]:
    if not mapped.notes:
        return ["# Everything in the archive was imported."]
    lines = [f"# Not imported, or imported with a caveat ({len(mapped.notes)}):"]
    lines += [f"#   {note}" for note in mapped.notes]
    return lines


SECTIONS = (
    "buildings",
    "floors",
    "walkways",
    "rooms",
    "openings",
    "lifts",
    "stairs",
    "entrances",
    "kiosk_points",
)


def write_building(mapped: Mapped) -> str:
    """The building file's text."""
    lat, lon = mapped.georef
    lines = [
        f"# Building file imported from the IMDF archive {mapped.source}",
        "# by `python -m kiosk_app import-imdf`. Edit freely, then run `check`.",
        "#",
        "# Coordinates are metres east (x) and north (y) of the WGS84 point",
        "# `georef`; floor elevations are ordinal x "
        f"{mapped.storey_height:g} m. Rooms keep their real",
        "# outlines; a room's door is the middle of its opening into a walkway.",
        "# Walk lines are drawn across the walkways between doors, openings,",
        "# lifts, stairs, entrances and kiosk points. The comment above each",
        "# entry names the IMDF feature ids it came from.",
        "#",
        *_notes(mapped),
        "",
        f"georef: {{latitude: {scalar(lat)}, longitude: {scalar(lon)}}}",
    ]
    for name in SECTIONS:
        lines += ["", *_items(name, mapped.section(name))]
    lines += [
        "",
        "# Anything out of use: target is the id of a lift, stairs, walkway,",
        "# opening, room or entrance; until (optional) is the last day.",
        "closures: []",
        "",
    ]
    return "\n".join(lines)


def write_directory(mapped: Mapped) -> str:
    """The directory file's text."""
    lines = [
        f"# Directory imported from the IMDF archive {mapped.source}: one",
        "# department per occupant, in the room its anchor lies in; one bureau",
        "# per occupant category. Rooms are ids from the imported building file.",
        "",
        *_items("bureaus", mapped.section("bureaus")),
        "",
        *_items(
            "departments", mapped.section("departments"), "occupant, anchor, unit:"
        ),
        "",
    ]
    return "\n".join(lines)
