"""Production web serving with gunicorn: each worker builds its own app."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from kiosk_app.settings import Settings


class _KioskServer(BaseApplication):
    def __init__(self, settings: Settings, workers: int):
        self._settings = settings
        self._workers = workers
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"{self._settings.host}:{self._settings.port}")
        self.cfg.set("workers", self._workers)
        self.cfg.set("threads", 4)
        self.cfg.set("timeout", 30)
        self.cfg.set("graceful_timeout", 10)

    def load(self):
        from kiosk_app.app import create_app

        return create_app(self._settings).server


def serve(settings: Settings, workers: int) -> None:
    """Serve the kiosk with ``workers`` gunicorn workers (blocks)."""
    _KioskServer(settings, workers).run()
