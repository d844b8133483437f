"""The part every fake service shares: a threaded HTTP server on 127.0.0.1.

A subclass says how to answer (``answer``); this class picks a free port,
serves in a background thread, sends answers after an optional delay (cut
short when the server stops) and frees the port on exit.
"""

from __future__ import annotations

import dataclasses
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclasses.dataclass(frozen=True)
class Canned:
    """One answer: body, status, content type and a delay before sending it."""

    body: bytes = b"{}"
    status: int = 200
    delay: float = 0.0
    content_type: str = "application/json;charset=UTF-8"


class LocalServer:
    """A threaded HTTP server on a free loopback port, stopped on exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                owner._send(self, owner.answer(self, b""))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                owner._send(self, owner.answer(self, self.rfile.read(length)))

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

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> Canned:
        """What to send for ``request`` (subclasses record it and choose)."""
        raise NotImplementedError

    def _send(self, request: BaseHTTPRequestHandler, answer: Canned) -> None:
        if answer.delay and self._stop.wait(answer.delay):
            return
        try:
            request.send_response(answer.status)
            request.send_header("Content-Type", answer.content_type)
            request.send_header("Content-Length", str(len(answer.body)))
            request.end_headers()
            request.wfile.write(answer.body)
        except OSError:
            pass  # the client gave up (timeout): nothing to answer

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:54321."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed answers and free the port."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
