"""A model's answer read leniently: near-JSON repaired, sentences one by one.

Small models write almost-JSON: a code fence around it, single quotes, a
trailing comma, an answer cut off at the token limit. ``json_repair`` (a
maintained library, not hand-written patterns) mends what can be mended, then
each sentence is taken on its own, so one bad item does not cost the rest.
What had to be repaired is said in ``Parsed.notes`` for the record.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import json_repair

from .fill import PLACEHOLDER

_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")
MAX_SENTENCES = 60
MAX_SENTENCE_CHARS = 600


@dataclasses.dataclass(frozen=True)
class RawSentence:
    """A sentence as the model wrote it: placeholders not yet filled."""

    text: str
    fact_ids: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Parsed:
    """The sentences found in an answer, and what reading it took."""

    sentences: tuple[RawSentence, ...]
    notes: tuple[str, ...] = ()  # repairs made and items skipped, in words
    cut: bool = False  # the JSON was not closed: the last sentence may be cut


class AnswerError(ValueError):
    """The answer holds no sentence at all; the message says why, in words."""


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, dict):
        for key in ("sentences", "briefing", "items", "text"):
            found = data.get(key)
            if isinstance(found, list):
                return found
        return None
    if isinstance(data, list):
        return data
    return None


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if not isinstance(value, list):
        return ()
    ids = (str(v).strip().strip("{}") for v in value if isinstance(v, str | int))
    # "..." is the prompt's example echoed, not an id
    return tuple(
        dict.fromkeys(i for i in ids if _ID.match(i) and any(c.isalnum() for c in i))
    )


def _sentence(item: Any) -> RawSentence | None:
    ids: tuple[str, ...] = ()
    if isinstance(item, str):
        text = item
    elif isinstance(item, dict):
        text = item.get("text") or item.get("sentence") or ""
        ids = _ids(item.get("fact_ids", item.get("facts", item.get("ids"))))
        if not isinstance(text, str):
            return None
    else:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    # an id written in the text counts as cited even when the list forgot it
    named = (m[1] for m in PLACEHOLDER.finditer(text))
    return RawSentence(text[:MAX_SENTENCE_CHARS], tuple(dict.fromkeys((*ids, *named))))


def _closed(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _json_part(content: str) -> str:
    """The answer from its first brace or bracket (prose and fences dropped)."""
    starts = [i for i in (content.find("{"), content.find("[")) if i >= 0]
    return content[min(starts) :].strip() if starts else content.strip()


def parse_answer(content: str) -> Parsed:
    """The sentences of an answer; AnswerError when none can be read."""
    if not content or not content.strip():
        raise AnswerError("the answer was empty")
    notes: list[str] = []
    body = _json_part(content)
    if body != content.strip():
        notes.append("text around the JSON was ignored")
    if body.endswith("```"):
        body = body[:-3].rstrip()
    cut = False
    if _closed(body):
        data: Any = json.loads(body)
    else:
        data = json_repair.repair_json(body, return_objects=True)
        cut = not body.rstrip().endswith(("}", "]"))
        notes.append(
            "the JSON was cut off and was closed by repair"
            if cut
            else "the JSON was repaired (near-JSON)"
        )
    items = _items(data)
    if items is None:
        raise AnswerError(
            'the answer had no "sentences" list'
            + (f" (it began: {content.strip()[:80]!r})" if content.strip() else "")
        )
    sentences: list[RawSentence] = []
    skipped = 0
    for item in items[:MAX_SENTENCES]:
        found = _sentence(item)
        if found is None:
            skipped += 1
        else:
            sentences.append(found)
    if skipped:
        notes.append(f"{skipped} item(s) without a sentence's text were skipped")
    if len(items) > MAX_SENTENCES:
        notes.append(f"only the first {MAX_SENTENCES} sentences were read")
    if not sentences:
        raise AnswerError("the answer held no sentence")
    return Parsed(tuple(sentences), tuple(notes), cut)
