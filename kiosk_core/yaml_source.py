"""Read YAML the way an admin expects, remembering the line of every key.

PyYAML follows YAML 1.1, where ``09:00`` is the number 540, ``no`` is False and
``010`` is 8. Admins type times, Korean words and phone numbers, so the loader
here keeps to the YAML 1.2 core schema: only true/false are booleans, only
plain decimals are numbers, everything else stays text. Duplicate keys, which
PyYAML silently collapses, are reported.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


@contextlib.contextmanager
def as_problems(file: str) -> Iterator[None]:
    """Turn any failure inside the block into ProblemsFound naming ``file``:
    whatever an admin file holds, reading it is a rejected edit, not a crash."""
    try:
        yield
    except ProblemsFound:
        raise
    except Exception as err:
        raise ProblemsFound(
            [Problem(file, 1, "", f"the file cannot be used ({type(err).__name__})")]
        ) from err


# libyaml's parser when present: several times faster than the pure-Python one, and
# it refuses nesting deeper than 1000 levels by itself. A base class must be known
# statically: mypy checks against SafeLoader, whose methods the C one shares.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An admin file is a few dozen kilobytes; these bounds stop a typo or a hostile
# edit (an alias "bomb": anchors nested in anchors) from eating the server's
# memory and CPU before anything is built from it.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000  # values after expanding aliases (shipped files: under 5,000)
MAX_DEPTH = 40  # sections within sections (the shipped files: 7)
MAX_NUMBER_DIGITS = 30


class _KioskLoader(_BaseLoader):
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
    text = loader.construct_scalar(node)
    if len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, "this number has too many digits", node.start_mark
        )
    return int(text)


_KioskLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # 2026-13-31 looks like a date but is none: said at its line
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"'{node.value}' is not a date (write it like 2026-12-31)",
            node.start_mark,
        ) from None


_KioskLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


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


def _problem(file: str, line: int, message: str) -> ProblemsFound:
    return ProblemsFound([Problem(file, line, "", message)])


def _walk(root: yaml.Node, file: str) -> tuple[dict[Path_, int], list[Path_]]:
    """The line of every key path, and the keys given twice in one section.

    Aliases are followed, so the count of values visited is the size of the
    data the file expands to; past ``MAX_NODES`` or ``MAX_DEPTH`` the file is
    refused (a self-referring anchor never ends, so it is refused too).
    """
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    dupes: list[Path_] = []
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise _problem(
                file,
                node.start_mark.line + 1,
                f"the file expands to more than {MAX_NODES:,} values; "
                "remove the anchors (&) and aliases (*) that repeat large sections",
            )
        if len(path) > MAX_DEPTH:
            raise _problem(
                file,
                node.start_mark.line + 1,
                f"sections are nested more than {MAX_DEPTH} levels deep here",
            )
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                child = (*path, key)
                if key in seen:
                    dupes.append(child)
                seen.add(key)
                lines[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[child] = item.start_mark.line + 1
                stack.append((item, child))
    return lines, dupes


def _code(character: object) -> str:
    if isinstance(character, str) and len(character) == 1:
        character = ord(character)
    if isinstance(character, int):
        return f"U+{character:04X}"
    return repr(character)[:20]


def _line_of_character(text: str, character: object) -> int:
    # libyaml counts its position in bytes, PyYAML in characters: look it up
    if isinstance(character, int):
        character = chr(character)
    found = text.find(character) if isinstance(character, str) and character else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def _compose(text: str, file: str) -> tuple[Any, LineMap]:
    loader = _KioskLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): 1})
        lines, dupes = _walk(node, file)
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
        return loader.construct_document(node), LineMap(lines)
    finally:
        loader.dispose()


def parse_yaml(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse YAML text; return the data and where each key stands.

    Raises ProblemsFound for anything that keeps the text from being used:
    syntax errors, duplicate keys, characters YAML forbids, a file too large
    or expanding too far. Nothing else escapes.
    """
    if len(text) > MAX_FILE_BYTES:
        raise _problem(file, 1, too_large(len(text.encode("utf-8"))))
    try:
        return _compose(text, file)
    except ProblemsFound:
        raise
    except yaml.reader.ReaderError as err:
        raise _problem(
            file,
            _line_of_character(text, err.character),
            f"the file contains a character that is not allowed in YAML "
            f"({_code(err.character)}); save it as plain UTF-8 text",
        ) from None
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        message = str(err.problem or "this value cannot be read")
        raise _problem(file, line, message) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or "the file is not valid YAML"
        hint = " (check the indentation and quotes on this line or the one above)"
        raise _problem(file, line, f"YAML syntax error: {what}{hint}") from None
    except yaml.YAMLError as err:
        raise _problem(file, 1, f"YAML error: {str(err)[:200]}") from None
    except (RecursionError, MemoryError, ValueError, TypeError) as err:
        raise _problem(
            file, 1, f"the file cannot be read as YAML ({type(err).__name__})"
        ) from None


def too_large(size: int) -> str:
    """What to tell an admin about a file over MAX_FILE_BYTES."""
    return (
        f"the file is {size / 1_000_000:.1f} MB; an admin file may be at most "
        f"{MAX_FILE_BYTES // 1_000_000} MB (is a large section pasted in by mistake?)"
    )
