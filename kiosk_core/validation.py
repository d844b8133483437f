"""Turn pydantic's validation errors into problems an admin can act on."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .yaml_source import LineMap, Path_, Problem, ProblemsFound, format_key, parse_yaml

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "missing": "this setting is required but missing",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a section of 'key: value' lines",
    "model_type": "must be a section of 'key: value' lines",
    "model_attributes_type": "must be a section of 'key: value' lines",
    "list_type": "must be a list (lines starting with '- ')",
    "date_type": "must be a date like 2026-11-26",
    "date_from_datetime_parsing": "must be a date like 2026-11-26",
    "date_parsing": "must be a date like 2026-11-26",
}
_SHOW_INPUT = {
    "string_type",
    "int_parsing",
    "int_type",
    "float_parsing",
    "float_type",
    "bool_parsing",
    "bool_type",
    "int_from_float",
    "literal_error",
    "date_parsing",
    "date_from_datetime_parsing",
}


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str] | None:
    """Field names of the section at ``loc`` (None when it cannot be told)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        else:
            origin = typing.get_origin(current)
            args = typing.get_args(current)
            current = args[-1] if origin is dict and args else None
        origin = typing.get_origin(current)
        union = origin in (typing.Union, types.UnionType)  # Optional[X] or X | None
        if origin in (list, tuple) or (union and current is not None):
            members = [a for a in typing.get_args(current) if a is not type(None)]
            if union and len(members) == 1:
                current = members[0]
        if current is None:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return None


def _clean_loc(loc: tuple, lines: LineMap) -> Path_:
    """Drop pydantic's internal loc parts (union tags, validator names)."""
    path: list[str | int] = []
    # a dict key's own error ends in "[key]": the key itself is the place
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if last or (*path, part) in lines.lines:
            path.append(part)
    return tuple(path)


def _message(err: ErrorDetails, model: type[BaseModel], path: Path_) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        text = "unknown setting; check the spelling"
        if allowed:
            close = difflib.get_close_matches(str(path[-1]), allowed, n=1)
            if close:
                return f"{text} (did you mean '{close[0]}'?)"
            return f"{text} (allowed here: {', '.join(sorted(allowed))})"
        return text
    if kind == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if "a-z0-9" in pattern:
            return (
                "must be an id of lower-case letters, digits, '-' or '_' "
                f"(found {str(err.get('input'))[:40]!r})"
            )
        return "has characters that are not allowed here"
    if kind == "too_short":
        least = err.get("ctx", {}).get("min_length", 1)
        if isinstance(err.get("input"), str):
            return "must not be empty"
        return f"must list at least {least} item(s)"
    if kind in ("value_error", "assertion_error"):
        text = str(err.get("ctx", {}).get("error", err["msg"]))
        return text.removeprefix("Value error, ")
    text = _TYPE_WORDS.get(kind) or err["msg"].replace("Input should be", "must be")
    if kind in _SHOW_INPUT:
        shown = repr(err.get("input"))
        text += f" (found {shown[:40]})"
    return text


def problems_from(
    err: ValidationError, lines: LineMap, file: str, model: type[BaseModel]
) -> list[Problem]:
    """One Problem per pydantic error, with the line of the key it concerns."""
    problems = []
    for item in err.errors(include_url=False):
        path = _clean_loc(item["loc"], lines)
        problems.append(
            Problem(
                file, lines.line_of(path), format_key(path), _message(item, model, path)
            )
        )
    return sorted(set(problems), key=lambda p: (p.line, p.key))


def validate(model: type[M], data: Any, lines: LineMap, file: str) -> M:
    """Validate parsed YAML against ``model``; raise ProblemsFound on failure."""
    if data is None:
        raise ProblemsFound([Problem(file, 1, "", "the file is empty")])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ProblemsFound(problems_from(err, lines, file, model)) from None


CrossCheck = Callable[[M], Iterable[tuple[Path_, str]]]


def duplicate_ids(section: str, ids: Iterable[str]) -> Iterator[tuple[Path_, str]]:
    """(key path, message) for every id used a second time in a list section."""
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield (section, index, "id"), f"the id '{item_id}' is used twice"
        seen.add(item_id)


def parse_checked(model: type[M], text: str, file: str, cross_check: CrossCheck) -> M:
    """Parse and validate an admin file, then run checks across its sections;
    raise ProblemsFound naming file, line and key for everything found."""
    data, lines = parse_yaml(text, file)
    spec = validate(model, data, lines, file)
    problems = [
        Problem(file, lines.line_of(path), format_key(path), message)
        for path, message in cross_check(spec)
    ]
    if problems:
        raise ProblemsFound(sorted(problems, key=lambda p: p.line))
    return spec
