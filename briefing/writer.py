"""A briefing's text as sentences, each listing the facts it uses.

The template writer (``briefing.template``) and the model's composition
(``briefing.compose``) both give a ``Draft``; each sentence says where it
came from, for the record.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Sentence:
    """One sentence of a briefing, the ids of the facts it uses, and who
    wrote it: the model ("model"), its retry ("retry") or the template."""

    text: str
    fact_ids: tuple[str, ...] = ()
    origin: str = "template"


@dataclasses.dataclass(frozen=True)
class Draft:
    """A briefing in one language."""

    language: str
    title: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """The sentences joined as one paragraph."""
        return " ".join(s.text for s in self.sentences)
