"""What one request to a language model did, kept with the briefing.

Every attempt is on record (``WriterInfo.attempts``): the model and endpoint
(never a key), the prompt version and structured-output mode, the raw answer
as received, what parsing had to repair, each sentence's verdict with the
checker's findings, the tokens and the seconds. A spokesperson reading
``/status`` or the staff briefing page can see why a sentence was or was not
the model's.
"""

from __future__ import annotations

import dataclasses
from typing import Any

RAW_LIMIT = 16_000  # characters of a raw answer kept per attempt


@dataclasses.dataclass
class SentenceVerdict:
    """One sentence of an answer and whether it may be said."""

    index: int  # its place in the answer (0-based)
    text: str  # as filled in (or as written, when it could not be filled)
    fact_ids: tuple[str, ...]
    findings: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was found against it."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "index": self.index,
            "text": self.text,
            "fact_ids": list(self.fact_ids),
            "ok": self.ok,
            "findings": list(self.findings),
        }


@dataclasses.dataclass
class Attempt:
    """One request and what came of it."""

    attempt: int  # 1 for the briefing, 2 for the retry of failed sentences
    purpose: str  # "briefing" or "retry"
    language: str
    model: str | None = None
    endpoint: str | None = None
    prompt_version: str | None = None
    mode: str | None = None  # json_schema, json_object or none
    started_at: str | None = None
    seconds: float = 0.0
    error: str | None = None  # in words, the server's own where it gave them
    error_kind: str | None = None
    http_status: int | None = None
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    raw: str | None = None
    parse: list[str] = dataclasses.field(default_factory=list)  # repairs, problems
    sentences: list[SentenceVerdict] = dataclasses.field(default_factory=list)
    modes_refused: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when an answer came and at least one sentence passed."""
        return self.error is None and any(s.ok for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the archive (the raw answer cut to RAW_LIMIT)."""
        data = {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name != "sentences"
        }
        if self.raw is not None and len(self.raw) > RAW_LIMIT:
            data["raw"] = self.raw[:RAW_LIMIT]
            data["raw_cut"] = len(self.raw)
        data["ok"] = self.ok
        data["sentences"] = [s.to_dict() for s in self.sentences]
        data["passed"] = sum(1 for s in self.sentences if s.ok)
        data["seconds"] = round(self.seconds, 2)
        return data
