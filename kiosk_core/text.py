"""Screen text by language."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from .sections import Section

Language = Literal["ko", "en"]


class Text(Section):
    """Screen text in Korean (shown first) and English."""

    ko: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=2000)]

    def get(self, language: str) -> str:
        """The text in ``language`` (Korean for anything else)."""
        return self.en if language == "en" else self.ko


def text(ko: str, en: str) -> Text:
    """Shorthand for a Text default."""
    return Text(ko=ko, en=en)
