"""The production web process: gunicorn workers serving one kiosk."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from tests.support.server import KioskServer


def test_web_workers_share_one_boot_id_and_serve_the_page(
    tmp_config: Path, tmp_path: Path
):
    server = KioskServer(tmp_config, tmp_path / "var", command="web").start()
    try:
        boot_ids = {server.health()["boot_id"] for _ in range(12)}
        # several workers answer, but a page must not see a "restart" between them
        assert len(boot_ids) == 1
        with urllib.request.urlopen(server.url, timeout=5) as response:
            page = response.read().decode("utf-8")
            policy = response.headers["Content-Security-Policy"]
        assert "_dash-config" in page and 'lang="ko"' in page
        assert "default-src 'self'" in policy
        # the web process runs no scheduler: nothing writes a heartbeat
        assert server.health()["scheduler"]["ok"] is False
    finally:
        server.stop()
