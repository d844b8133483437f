"""Screen text by language: a mapping such as ``{ko: 여권, en: Passport}``.

Any language the kiosk has a locale for may appear (``kiosk_core.locales``);
a missing translation falls back along ``FALLBACK`` (English, then Korean),
and ``check`` lists what is missing for the languages a site offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from pydantic import (
    AfterValidator,
    ConfigDict,
    RootModel,
    StringConstraints,
    model_validator,
)

from .locales import LOCALES, Locale, fallback_chain


def _known_language(code: str) -> str:
    if code not in LOCALES:
        raise ValueError(
            f"unknown language '{code}' (the kiosk speaks {', '.join(LOCALES)})"
        )
    return code


Language = Annotated[str, AfterValidator(_known_language)]
_Words = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Text(RootModel[dict[Language, _Words]]):
    """Screen text in each language it is written in (Korean first)."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _not_empty(self) -> Text:
        if not self.root:
            raise ValueError("give the text in at least one language, e.g. {ko: ...}")
        return self

    def __hash__(self) -> int:
        return hash(tuple(self.root.items()))

    def get(self, language: str) -> str:
        """The text in ``language``, else the first of its fallbacks written."""
        for code in fallback_chain(language):
            found = self.root.get(code)
            if found is not None:
                return found
        return next(iter(self.root.values()))

    def has(self, language: str) -> bool:
        """Whether the text is written in ``language`` itself."""
        return language in self.root

    def languages(self) -> Iterator[str]:
        """The languages the text is written in."""
        return iter(self.root)

    def map(self, change: Callable[[str, str], str]) -> Text:
        """Each language's text through ``change(language, text)``."""
        return Text({code: change(code, words) for code, words in self.root.items()})


def text(ko: str, en: str, **more: str) -> Text:
    """Shorthand for a Text default."""
    return Text({"ko": ko, "en": en, **more})


def join(*parts: Text | str, sep: str = " ") -> Text:
    """Texts and plain strings joined, in every language any part is written in."""
    codes = dict.fromkeys(
        code for part in parts if isinstance(part, Text) for code in part.languages()
    )
    return Text(
        {
            code: sep.join(p.get(code) if isinstance(p, Text) else p for p in parts)
            for code in codes or LOCALES
        }
    )


def in_every_language(say: Callable[[Locale], str]) -> Text:
    """A text written by each locale (a phrase, a date)."""
    return Text({code: say(locale) for code, locale in LOCALES.items()})
