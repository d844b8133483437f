"""Reusable fakes for tests: a local HTTP server with canned answers."""

from .http_server import Canned, FakeServer

__all__ = ["Canned", "FakeServer"]
