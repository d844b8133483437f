"""One request to an OpenAI-compatible chat endpoint, fully on record.

``ChatClient.ask`` sends the messages with the first structured-output mode
the endpoint has not refused; a refusal of a mode (llama.cpp's "Input should
be 'text' or 'json_object'") moves on to the next mode at once and for the
rest of the job. Whatever happens is written into the ``Attempt``: the mode,
the server's own words for an error, finish_reason, tokens, the raw answer.
Nothing here ever raises for the endpoint's sake, and the key is never kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .attempts import Attempt
from .config import OpenAIWriterConfig
from .llm_errors import describe_error, is_context_overflow, is_mode_refusal
from .prompt import PROMPT_VERSION, response_format

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam


@dataclasses.dataclass(frozen=True)
class Answer:
    """A model's answer: its text and why it stopped."""

    content: str
    finish_reason: str | None


NO_KEY = "none"  # sent to a server that needs no key (the client wants one)


def key_for(config: OpenAIWriterConfig) -> str | None:
    """The key to send: from the variable ``api_key_env`` names (None when it
    is unset), or NO_KEY for a server that needs none (llama.cpp, vLLM)."""
    if config.api_key_env is None:
        return NO_KEY
    return os.environ.get(config.api_key_env, "").strip() or None


def endpoint_of(base_url: str) -> str:
    """The endpoint as kept on record: scheme, host and path, no query."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class ChatClient:
    """A configured endpoint; remembers the modes it refused during one job."""

    name = "openai"

    def __init__(self, config: OpenAIWriterConfig):
        self.config = config
        self.model: str | None = config.model
        self.endpoint = endpoint_of(config.base_url)
        self.modes = list(config.response_format)
        self.refused: list[str] = []

    def attempt(self, number: int, purpose: str, language: str) -> Attempt:
        """A fresh record for one request."""
        return Attempt(
            attempt=number,
            purpose=purpose,
            language=language,
            model=self.model,
            endpoint=self.endpoint,
            prompt_version=PROMPT_VERSION,
            started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )

    def ask(
        self,
        messages: list[ChatCompletionMessageParam],
        timeout: float,
        record: Attempt,
    ) -> Answer | None:
        """The model's answer, or None with ``record.error`` saying why."""
        started = time.monotonic()
        try:
            return self._ask(messages, timeout, record, started)
        finally:
            record.seconds = time.monotonic() - started
            record.modes_refused = list(self.refused)

    def _ask(
        self,
        messages: list[ChatCompletionMessageParam],
        timeout: float,
        record: Attempt,
        started: float,
    ) -> Answer | None:
        import openai

        key = key_for(self.config)
        if key is None:
            record.error_kind = "config"
            record.error = (
                f"the environment variable {self.config.api_key_env} is not set "
                '(a server that needs no key: api_key_env: "")'
            )
            return None
        while True:
            mode = next((m for m in self.modes if m not in self.refused), "none")
            record.mode = mode
            left = timeout - (time.monotonic() - started)
            if left <= 0.5:
                record.error_kind = "timeout"
                record.error = f"no time left for the request (limit {timeout:g} s)"
                return None
            options: dict[str, Any] = {}
            wanted = response_format(mode)
            if wanted is not None:
                options["response_format"] = wanted
            try:
                with openai.OpenAI(
                    api_key=key,
                    base_url=self.config.base_url,
                    timeout=left,
                    max_retries=self.config.max_retries,
                ) as client:
                    completion = client.chat.completions.create(
                        model=self.config.model,
                        messages=messages,
                        temperature=self.config.temperature,
                        max_tokens=self.config.max_tokens,
                        **options,
                    )
            except openai.APIStatusError as err:
                record.http_status = err.status_code
                if mode != "none" and is_mode_refusal(err):
                    self.refused.append(mode)
                    record.parse.append(
                        f"the endpoint refused response_format {mode}: "
                        + describe_error(err, key, left)
                    )
                    continue
                record.error_kind = "too_long" if is_context_overflow(err) else "http"
                record.error = describe_error(err, key, left)
                return None
            except openai.APITimeoutError as err:
                record.error_kind = "timeout"
                record.error = describe_error(err, key, left)
                return None
            except openai.OpenAIError as err:
                record.error_kind = "unreachable"
                record.error = describe_error(err, key, left)
                return None
            return self._answer(completion, record)

    def _answer(self, completion: Any, record: Attempt) -> Answer | None:
        record.model = getattr(completion, "model", None) or self.model
        usage = getattr(completion, "usage", None)
        if usage is not None:
            record.prompt_tokens = getattr(usage, "prompt_tokens", None)
            record.completion_tokens = getattr(usage, "completion_tokens", None)
        choices = getattr(completion, "choices", None) or []
        if not choices:
            record.error_kind = "malformed"
            record.error = "the answer had no choices"
            return None
        choice = choices[0]
        record.finish_reason = choice.finish_reason
        message = choice.message
        content = message.content or ""
        record.raw = content
        refusal = getattr(message, "refusal", None)
        if refusal:
            record.error_kind = "refusal"
            record.error = f"the model refused: {str(refusal)[:300]}"
            return None
        if choice.finish_reason == "content_filter":
            record.error_kind = "refusal"
            record.error = "the answer was withheld by a content filter"
            return None
        if not content.strip():
            record.error_kind = "empty"
            record.error = "the answer was empty" + (
                " (finish_reason length: max_tokens was used up before any text)"
                if choice.finish_reason == "length"
                else ""
            )
            return None
        return Answer(content, choice.finish_reason)
