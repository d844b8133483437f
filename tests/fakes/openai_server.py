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
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclasses.dataclass(frozen=True)
class Answer:
    """One scripted answer: status, body and a delay before it."""

    body: bytes
    status: int = 200
    delay: float = 0.0


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


class FakeOpenAI:
    """A threaded HTTP server answering POST .../chat/completions from a script."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._script: list[Answer] = [reply({"title": "", "sentences": []})]
        self._served = 0
        self.requests: list[Request] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"unparsed": raw.decode(errors="replace")}
                with owner._lock:
                    owner.requests.append(
                        Request(
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                        )
                    )
                    index = min(owner._served, len(owner._script) - 1)
                    answer = owner._script[index]
                    owner._served += 1
                if answer.delay and owner._stop.wait(answer.delay):
                    return
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. http://127.0.0.1:54321/v1."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *answers: Answer) -> None:
        """Answer the next requests with ``answers`` in order (the last repeats)."""
        with self._lock:
            self._script = list(answers)
            self._served = 0

    def start(self) -> FakeOpenAI:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed answers and free the port."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
