"""A small OpenAI-compatible chat-completions server on 127.0.0.1 (free port).

Answers are scripted, one per request in order (the last one repeats), and
every request is recorded (headers and JSON body)::

    with FakeOpenAI() as server:
        server.script(reply(content), slow(5.0), http_error(500))
        client = openai.OpenAI(base_url=server.base_url, api_key="k")
"""

from __future__ import annotations

import dataclasses
import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from .local_server import Canned, LocalServer

Answer = Canned  # one scripted answer: body, status and a delay before it


@dataclasses.dataclass(frozen=True)
class Request:
    """One request the server got."""

    path: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    def text(self) -> str:
        """Every message's content, joined (for asserting what was asked)."""
        return "\n".join(
            str(m.get("content", "")) for m in self.body.get("messages", [])
        )


def completion(
    content: str | None, *, refusal: str | None = None, finish_reason: str = "stop"
) -> dict[str, Any]:
    """A chat.completion object with one choice."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": refusal,
                },
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def reply(content: str | dict[str, Any]) -> Answer:
    """A normal answer whose message content is ``content`` (dicts become JSON)."""
    text = (
        content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    )
    return Answer(json.dumps(completion(text)).encode())


def refusal(reason: str = "I can't help with that.") -> Answer:
    """A refusal (no content, the refusal field set)."""
    return Answer(json.dumps(completion(None, refusal=reason)).encode())


def http_error(status: int = 500) -> Answer:
    """An HTTP error with an OpenAI-style error body."""
    body = {"error": {"message": "internal error", "type": "server_error"}}
    return Answer(json.dumps(body).encode(), status=status)


def slow(delay: float, content: str | dict[str, Any] = "{}") -> Answer:
    """An answer sent only after ``delay`` seconds (or never, if stopped first)."""
    return dataclasses.replace(reply(content), delay=delay)


class FakeOpenAI(LocalServer):
    """Answers POST .../chat/completions from a script, recording each request."""

    def __init__(self) -> None:
        super().__init__()
        self._script: list[Answer] = [reply({"title": "", "sentences": []})]
        self._served = 0
        self.requests: list[Request] = []

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> Canned:
        """Record the request; answer with the next scripted answer."""
        try:
            parsed = json.loads(body or b"{}")
        except json.JSONDecodeError:
            parsed = {"unparsed": body.decode(errors="replace")}
        headers = {k.lower(): v for k, v in request.headers.items()}
        with self._lock:
            self.requests.append(Request(request.path, headers, parsed))
            answer = self._script[min(self._served, len(self._script) - 1)]
            self._served += 1
            return answer

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. http://127.0.0.1:54321/v1."""
        return self.url + "/v1"

    def script(self, *answers: Answer) -> None:
        """Answer the next requests with ``answers`` in order (the last repeats)."""
        with self._lock:
            self._script = list(answers)
            self._served = 0
