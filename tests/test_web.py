"""The production web process: gunicorn workers serving one kiosk."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask import Flask

from kiosk_app.briefing_routes import register_briefing_routes
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.store import Store
from tests.conftest import copy_config
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


def latest_json(url: str, host: str) -> tuple[int, dict]:
    """GET /briefing/latest.json with a forged Host header."""
    request = urllib.request.Request(
        url + "briefing/latest.json", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_briefing_links_never_come_from_the_host_header(tmp_path: Path):
    public = "https://kiosk.example.go.kr"
    zone = "timezone: Asia/Seoul"
    config = copy_config(tmp_path, {zone: f"{zone}\n  public_url: {public}"})
    server = KioskServer(config, tmp_path / "var").start()
    try:
        # a kiosk with no briefing yet makes one shortly after starting
        deadline = time.monotonic() + 90
        status, body = latest_json(server.url, "attacker.example")
        while status == 404 and time.monotonic() < deadline:
            time.sleep(0.5)
            status, body = latest_json(server.url, "attacker.example")
        assert status == 200 and body["audio_url"]
        assert "attacker" not in json.dumps(body)
        with urllib.request.urlopen(
            urljoin(server.url, urlsplit(body["audio_url"]).path), timeout=10
        ) as audio:
            assert audio.headers["Content-Type"] == "audio/mpeg"
    finally:
        server.stop()

    # the same archive, served with and without site.public_url
    data_dir = tmp_path / "var"
    plain = tmp_path / "plain"
    plain.mkdir()
    for config_path, expected in (
        (config, public + "/briefing/audio/"),
        (copy_config(plain), "/briefing/audio/"),
    ):
        web = Flask(__name__)
        register_briefing_routes(
            web,
            Store.in_data_dir(data_dir),
            data_dir,
            holder=ConfigHolder(config_path, data_dir),
        )
        answer = web.test_client().get(
            "/briefing/latest.json", headers={"Host": "attacker.example"}
        )
        assert answer.status_code == 200
        assert answer.json["audio_url"].startswith(expected)
