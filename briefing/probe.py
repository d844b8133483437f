"""Ask a model endpoint what it takes, before a briefing depends on it.

``probe_endpoint`` sends one tiny chat request per configured
``response_format`` mode (short timeout, a few tokens) and lists the server's
models; ``check --online`` prints the result. ``prompt_tokens`` estimates the
briefing prompt's size for ``check``'s context warning. Nothing here raises
for a network problem, and no message carries the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from kiosk_core.tiles import PERIODS, Notice, Tile, TileChange, TileSnapshot

from .config import OpenAIWriterConfig, OutputMode
from .facts import facts_from
from .llm import NO_KEY, key_for
from .llm_errors import (
    describe_error,
    describe_status_error,
    is_mode_refusal,
    redact,
)
from .prompt import messages_for, response_format

if TYPE_CHECKING:
    import openai
    from openai.types.chat import ChatCompletionMessageParam

Outcome = Literal["accepted", "refused", "failed", "not tried"]
PROBE_MAX_TOKENS = 60
PROBE_MESSAGES: list[ChatCompletionMessageParam] = [
    {
        "role": "system",
        "content": "You answer with JSON only, exactly as asked.",
    },
    {
        "role": "user",
        "content": 'Answer with this JSON: {"sentences": [{"text": "ok", '
        '"fact_ids": []}]}',
    },
]


@dataclasses.dataclass(frozen=True)
class ModeResult:
    """How the endpoint answered one structured-output mode."""

    mode: OutputMode
    outcome: Outcome
    detail: str  # the server's words, or what came back
    seconds: float = 0.0
    model: str | None = None  # the model the server says answered

    def line(self) -> str:
        """``json_object: accepted (model x, answered JSON) in 2.3 s``."""
        when = f" in {self.seconds:.1f} s" if self.outcome != "not tried" else ""
        return f"{self.mode}: {self.outcome} ({self.detail}){when}"


@dataclasses.dataclass(frozen=True)
class ProbeResult:
    """What one probe of an endpoint found."""

    base_url: str
    model: str
    modes: tuple[ModeResult, ...]
    models: tuple[str, ...] | None  # the server's list; None when it gave none
    models_detail: str = ""  # why there is no list
    key_missing: str | None = None  # the variable named for the key, unset

    @property
    def accepted(self) -> list[OutputMode]:
        """The modes the endpoint took, in the configured order."""
        return [m.mode for m in self.modes if m.outcome == "accepted"]

    @property
    def refused(self) -> list[OutputMode]:
        """The modes the endpoint refused as such."""
        return [m.mode for m in self.modes if m.outcome == "refused"]

    @property
    def model_listed(self) -> bool | None:
        """Whether the configured model is in the server's list (None: no list)."""
        return None if self.models is None else self.model in self.models

    def working_order(self) -> list[OutputMode]:
        """The configured modes with the refused ones moved last (dropped when
        another mode works)."""
        order = [m.mode for m in self.modes if m.outcome != "refused"]
        return order or [m.mode for m in self.modes]


def _summary(content: str | None, finish: str | None) -> str:
    text = (content or "").strip()
    try:
        json.loads(text)
        said = "answered JSON"
    except ValueError:
        shown = " ".join(text.split())[:60]
        said = f"answered, not JSON: {shown!r}" if text else "answered nothing"
    return said if finish in (None, "stop") else f"{said}, finish_reason {finish}"


def _one_mode(
    client: openai.OpenAI,
    config: OpenAIWriterConfig,
    mode: OutputMode,
    key: str,
    timeout: float,
) -> tuple[ModeResult, bool]:
    """One mode's request; the flag says whether the next mode is worth trying
    (not after an unreachable server, a refused key or an unknown model)."""
    import openai

    options: dict[str, Any] = {}
    field = response_format(mode)
    if field is not None:
        options["response_format"] = field
    started = time.monotonic()
    try:
        answer = client.chat.completions.create(
            model=config.model,
            messages=PROBE_MESSAGES,
            temperature=0,
            max_tokens=PROBE_MAX_TOKENS,
            **options,
        )
    except openai.APIStatusError as err:
        seconds = time.monotonic() - started
        if is_mode_refusal(err):  # "refused" says what it means
            words = describe_status_error(err, key, meaning=False)
            return ModeResult(mode, "refused", words, seconds), True
        words = describe_error(err, key, timeout)
        go_on = err.status_code not in (401, 403, 404, 429)
        return ModeResult(mode, "failed", words, seconds), go_on
    except Exception as err:  # noqa: BLE001 (a probe never raises)
        seconds = time.monotonic() - started
        words = describe_error(err, key, timeout)
        return ModeResult(mode, "failed", words, seconds), False
    seconds = time.monotonic() - started
    choices = getattr(answer, "choices", None) or []
    content = choices[0].message.content if choices else None
    finish = choices[0].finish_reason if choices else None
    model = getattr(answer, "model", None)
    detail = _summary(content, finish)
    if model:
        detail = f"model {redact(str(model), key)[:100]}, {detail}"
    return ModeResult(mode, "accepted", detail, seconds, model), True


def _models(
    client: openai.OpenAI, key: str, timeout: float
) -> tuple[tuple[str, ...] | None, str]:
    try:
        listed = client.models.list()
        return tuple(str(m.id) for m in listed.data), ""
    except Exception as err:  # noqa: BLE001 (a probe never raises)
        return None, describe_error(err, key, timeout)


def probe_endpoint(config: OpenAIWriterConfig, timeout: float) -> ProbeResult:
    """One tiny request per configured mode, and the server's model list."""
    found = key_for(config)
    missing = config.api_key_env if found is None else None
    key = found or NO_KEY
    import openai

    results: list[ModeResult] = []
    with openai.OpenAI(
        api_key=key, base_url=config.base_url, timeout=timeout, max_retries=0
    ) as client:
        go_on = True
        for mode in config.response_format:
            if not go_on:
                results.append(
                    ModeResult(mode, "not tried", "the first request failed as above")
                )
                continue
            result, go_on = _one_mode(client, config, mode, key, timeout)
            results.append(result)
        models, why = _models(client, key, timeout)
    return ProbeResult(
        base_url=config.base_url,
        model=config.model,
        modes=tuple(results),
        models=models,
        models_detail=why,
        key_missing=missing,
    )


def _largest(tile: Tile, now: dt.datetime) -> TileSnapshot:
    """A tile as it says the most: a fresh figure, its grade, both changes."""
    changes = {
        period: TileChange(period, 12345.6, 12.3, now - PERIODS[period])
        for period in PERIODS
    }
    return TileSnapshot(
        tile,
        state="fresh",
        value=123456.7,
        as_of=now,
        source="source",
        changes=changes,
    )


def _latin(char: str) -> bool:
    # Vietnamese and other Latin letters with marks tokenize about as ASCII does
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code < 0x1F00


def estimate_tokens(messages: Iterable[ChatCompletionMessageParam]) -> int:
    """A rough, generous token count: 3 Latin characters a token, 1.5 tokens
    a character of other scripts (Hangul, Han), 8 a message for the chat
    template. Gemma 3 counted 3.3-3.7k tokens in the earlier JSON prompt of
    the shipped config; this says 3.3k (English) and 3.6k (Korean) for it."""
    total = 0.0
    for message in messages:
        text = str(message.get("content") or "")
        latin = sum(1 for char in text if _latin(char))
        total += latin / 3 + (len(text) - latin) * 1.5 + 8
    return round(total)


def prompt_tokens(
    tiles: Sequence[Tile],
    notices: Sequence[Notice],
    timezone: str,
    languages: Sequence[str],
    seconds: tuple[int, int] = (60, 90),
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """The estimated prompt size by language, every tile fresh with both its
    changes and every notice shown (the largest prompt the config can make)."""
    now = now or dt.datetime.now(dt.UTC)
    shown = [n.model_copy(update={"start": None, "end": None}) for n in notices]
    sheet = facts_from([_largest(t, now) for t in tiles], shown, timezone, now)
    return {
        language: estimate_tokens(messages_for(sheet, language, seconds))
        for language in languages
    }
