"""Which texts of an admin file lack a language the site offers.

A missing translation is not an error (the text falls back to English, then
Korean), so ``check`` lists them as warnings with file, line and key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from .locales import LOCALES, fallback_chain
from .text import Text
from .yaml_source import Path_, Problem, format_key, parse_yaml


def texts_in(value: object, path: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Every Text in a validated model, with its key path."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from texts_in(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, (*path, str(key)))


def _shown_instead(text: Text, language: str) -> str:
    shown = next((c for c in fallback_chain(language) if text.has(c)), None)
    return LOCALES[shown].name if shown in LOCALES else "the first text"


def missing_translations(
    model: BaseModel, source: str, name: str, languages: Sequence[str]
) -> list[Problem]:
    """One warning per text of ``model`` (read from ``source``, called ``name``)
    that lacks one of ``languages``."""
    _, lines = parse_yaml(source, name)
    found = []
    for path, text in texts_in(model):
        missing = [code for code in languages if not text.has(code)]
        if not missing:
            continue
        names = ", ".join(f"{LOCALES[c].name} ({c})" for c in missing)
        instead = _shown_instead(text, missing[0])
        found.append(
            Problem(
                name,
                lines.line_of(path),
                format_key(path),
                f"no {names} text yet; {instead} is shown instead",
            )
        )
    return found
