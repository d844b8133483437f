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

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclasses.dataclass(frozen=True)
class Canned:
    """One canned answer."""

    body: bytes = b"{}"
    status: int = 200
    delay: float = 0.0
    content_type: str = "application/json;charset=UTF-8"


class FakeServer:
    """A threaded HTTP server with per-path canned answers and a request log."""

    def __init__(self) -> None:
        self._answers: dict[str, Canned] = {"": Canned()}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self.raw_queries: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                with owner._lock:
                    owner.requests.append(
                        (parts.path, parse_qs(parts.query), dict(self.headers))
                    )
                    owner.raw_queries.append(parts.query)
                    answer = owner._answers.get(parts.path, owner._answers[""])
                if answer.delay and owner._stop.wait(answer.delay):
                    return
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass  # the client gave up (timeout): nothing to answer

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
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:54321."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

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

    def start(self) -> FakeServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed answers and free the port."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
