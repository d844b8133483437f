"""A real source's key trouble as the lobby and the data officer see it.

A kiosk runs with a feed on a local server that answers first with a real
AirKorea row, then with the data.go.kr gateway's real "key not registered"
answer (HTTP 403, XML). The tile keeps its last good value with an "as of"
badge; /status names the cause and the fix in words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import copy_config
from tests.fakes import FakeServer
from tests.support.page import open_kiosk, wait_until
from tests.support.server import KioskServer

pytestmark = pytest.mark.browser

REAL = Path(__file__).parent / "data" / "feeds" / "real"
API = "/B552584/ArpltnInforInqireSvc/getMsrstnAcctoRltmMesureDnsty"
KEY = "Ab3+k9/Zq7Xw1==Ab3+k9/Zq7Xw1=="  # a Decoding key: sent encoded once


def station_answer() -> dict:
    """The real 정릉로 row (PM10 22) as a station's answer."""
    doc = json.loads(
        (REAL / "airkorea_ctprvn_v10_seoul_comm_failure_trimmed.json").read_text(
            encoding="utf-8"
        )
    )
    row = next(r for r in doc["response"]["body"]["items"] if r["pm10Value"] == "22")
    doc["response"]["body"]["items"] = [row]
    return doc


FEED = """  air:
    type: http_json
    url: {url}
    params: {{returnType: json, stationName: 정릉로, dataTerm: DAILY, ver: "1.3"}}
    key_env: AIRKOREA_KEY
    key_param: serviceKey
    interval_seconds: 2
    timeout_seconds: 2
    fields:
      pm10: {{path: "response.body.items[0].pm10Value", unit: ㎍/㎥}}
"""


def tile(driver) -> dict:
    return driver.execute_script(
        """const t = document.getElementById('tile-pm10');
        return t ? {cls: t.className, text: t.innerText} : {cls: '', text: ''};"""
    )


def test_a_key_not_registered_keeps_the_tile_and_says_why_on_status(
    tmp_path: Path, browser
) -> None:
    with FakeServer() as source:
        source.set(json_body=station_answer())
        config = copy_config(
            tmp_path,
            {
                "  # Real sources: uncomment": FEED.format(url=source.url + API)
                + "\n  # Real sources: uncomment",
                "    feed: demo\n    field: pm10\n": "    feed: air\n    field: pm10\n",
            },
        )
        server = KioskServer(
            config, tmp_path / "var", env={"AIRKOREA_KEY": KEY}
        ).start()
        try:
            open_kiosk(browser, server.url)
            fresh = wait_until(
                browser, lambda d: "tile-fresh" in tile(d)["cls"] and tile(d)
            )
            assert "22" in fresh["text"]
            sent = [q for q in source.raw_queries if "serviceKey=" in q]
            assert (
                "serviceKey=Ab3%2Bk9%2FZq7Xw1%3D%3DAb3%2Bk9%2FZq7Xw1%3D%3D" in sent[0]
            )

            source.set(
                (REAL / "gateway_30_key_not_registered_http403.xml").read_bytes(),
                status=403,
                content_type="text/xml;charset=UTF-8",
            )
            stale = wait_until(
                browser, lambda d: "tile-stale" in tile(d)["cls"] and tile(d)
            )
            assert "22" in stale["text"] and "기준" in stale["text"]

            browser.get(server.url + "status")
            cause = (
                "the key is not registered for this API yet (code 30 "
                "SERVICE_KEY_IS_NOT_REGISTERED_ERROR, '등록되지 않은 서비스키'): "
                "approval can take up to an hour after applying"
            )
            page = wait_until(
                browser,
                lambda d: (
                    cause in d.find_element("tag name", "body").text
                    and d.find_element("tag name", "body").text
                ),
            )
            assert "HTTP 403" in page and KEY not in page and "Ab3%2B" not in page
        finally:
            server.stop()
