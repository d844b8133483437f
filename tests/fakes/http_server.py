"""A small HTTP server on 127.0.0.1 (free port) serving canned answers.

Use it as a context manager (or through a fixture); it stops itself on exit,
waking any request still sleeping on a delay::

    with FakeServer() as server:
        server.set(json_body={"ok": 1})            # every path
        server.set(status=500, path="/broken")      # one path
        server.set(json_body={...}, delay=3.0, path="/slow")
        url = server.url + "/slow"
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .local_server import Canned, LocalServer

__all__ = ["Canned", "FakeServer"]


class FakeServer(LocalServer):
    """Per-path canned answers to GET requests, and a log of what was asked."""

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[str, Canned] = {"": Canned()}
        self.requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self.raw_queries: list[str] = []

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> Canned:
        """Record the request; answer with what was set for its path."""
        parts = urlsplit(request.path)
        with self._lock:
            self.requests.append(
                (parts.path, parse_qs(parts.query), dict(request.headers))
            )
            self.raw_queries.append(parts.query)
            return self._answers.get(parts.path, self._answers[""])

    def set(
        self,
        body: bytes | str | None = None,
        *,
        json_body: Any = None,
        status: int = 200,
        delay: float = 0.0,
        path: str = "",
        content_type: str = "application/json;charset=UTF-8",
    ) -> None:
        """Answer requests for ``path`` (every path when empty) like this."""
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False)
        data = body.encode() if isinstance(body, str) else (body or b"")
        with self._lock:
            self._answers[path] = Canned(data, status, delay, content_type)
