"""Read YAML the way an admin expects, remembering the line of every key.

PyYAML follows YAML 1.1, where ``09:00`` is the number 540, ``no`` is False and
``010`` is 8. Admins type times, Korean words and phone numbers, so the loader
here keeps to the YAML 1.2 core schema: only true/false are booleans, only
plain decimals are numbers, everything else stays text. Duplicate keys, which
PyYAML silently collapses, are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an admin-edited file, located by file, line and key."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: {self.key}: {self.message}"
            if self.key
            else (f"{where}: {self.message}")
        )


class ProblemsFound(Exception):
    """Raised when a file cannot be accepted; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _KioskLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars."""


_KioskLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?$",
        "0123456789",
    ),
]:
    _KioskLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node))


_KioskLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass
class LineMap:
    """Maps a key path such as ("tiles", 2, "title") to its 1-based line."""

    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of the deepest known prefix of ``path`` (the file start if none)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def format_key(path: Path_) -> str:
    """Render a key path as an admin reads it: ``tiles[2].title.ko``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _walk(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], dupes: list[Path_]
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if key in seen:
                dupes.append(child)
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines, dupes)


def parse_yaml(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse YAML text; return the data and where each key stands.

    Raises ProblemsFound for syntax errors and duplicate keys.
    """
    loader = _KioskLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): 1})
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        dupes: list[Path_] = []
        _walk(node, (), lines, dupes)
        if dupes:
            raise ProblemsFound(
                [
                    Problem(
                        file,
                        lines[d],
                        format_key(d),
                        "this key appears twice in the same section; keep only one",
                    )
                    for d in dupes
                ]
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or "the file is not valid YAML"
        hint = " (check the indentation and quotes on this line or the one above)"
        raise ProblemsFound(
            [Problem(file, line, "", f"YAML syntax error: {what}{hint}")]
        ) from None
    except yaml.YAMLError as err:
        raise ProblemsFound([Problem(file, 1, "", f"YAML error: {err}")]) from None
    finally:
        loader.dispose()
    return data, LineMap(lines)
