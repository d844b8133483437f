"""The route screen's data and the phone page, without a browser."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from building_model.render import RouteRenderer
from kiosk_app.app import create_app
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.site import load_site
from kiosk_app.route_media import prepare_route_media
from kiosk_app.settings import Settings
from kiosk_app.wayfinding import audio_path, route_view
from tests.conftest import copy_config


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    copy_config(tmp_path)
    return tmp_path


def close(site_dir: Path, *targets: str, until: dt.date | None = None) -> None:
    path = site_dir / "building.yaml"
    ends = f"    until: {until.isoformat()}\n" if until else ""
    closures = "".join(
        f"  - target: {t}\n    reason: {{ko: 정기 점검 중, en: under maintenance}}\n"
        + ends
        for t in targets
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "closures: []", "closures:\n" + closures
        ),
        encoding="utf-8",
    )


def test_closures_end_by_the_site_clock_not_the_servers(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a server on UTC: at 00:30 in Seosan it is still yesterday on the server
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        today_utc = dt.datetime.now(dt.UTC).date()
        close(site_dir, "lift-a", "lift-b", until=today_utc)
        site = load_site(site_dir / "config.yaml")
        at = dt.datetime.combine(today_utc, dt.time(15, 30), dt.UTC)  # 00:30 KST

        def view(moment: dt.datetime):
            return route_view(
                site,
                "main-lobby",
                "contracts-team",
                True,
                "ko",
                tmp_path,
                "/",
                now=moment,
            )

        assert view(at).problem is None  # the lifts are back since midnight
        assert view(at - dt.timedelta(hours=1)).problem is not None  # 23:30 KST
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_unknown_destination_has_no_route_screen(site_dir: Path, tmp_path: Path):
    site = load_site(site_dir / "config.yaml")
    assert (
        route_view(site, "main-lobby", "no-such-team", False, "ko", tmp_path, "/")
        is None
    )


def test_closed_lifts_explain_why_there_is_no_step_free_route(
    site_dir: Path, tmp_path: Path
):
    close(site_dir, "lift-a", "lift-b")
    site = load_site(site_dir / "config.yaml")
    view = route_view(site, "main-lobby", "contracts-team", True, "ko", tmp_path, "/")
    assert view.problem is not None and view.steps == ()
    assert "정기 점검 중" in view.problem.get("ko")
    normal = route_view(
        site, "main-lobby", "contracts-team", False, "ko", tmp_path, "/"
    )
    assert normal.problem is None and "계단" in " ".join(
        d.get("ko") for step in normal.steps for d in step.directions
    )


def test_step_images_are_shown_once_the_scheduler_has_rendered_them(
    site_dir: Path, tmp_path: Path
):
    site = load_site(site_dir / "config.yaml")
    cache = tmp_path / "routes"
    view = route_view(site, "main-lobby", "contracts-team", False, "ko", cache, "/")
    assert all(step.image_url is None for step in view.steps)
    renderer = RouteRenderer(cache)
    place = site.directory.place_of("contracts-team")
    paths = renderer.paths(
        site.building,
        site.building_hash,
        "main-lobby",
        place.room,
        False,
        len(view.steps),
        "ko",
        day=site.today(),
    )
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG\r\n\x1a\n")
    audio_path(
        renderer, site, "main-lobby", place.room, False, "ko", site.today()
    ).write_bytes(b"ID3")
    view = route_view(site, "main-lobby", "contracts-team", False, "ko", cache, "/")
    assert all(step.image_url.startswith("/route-media/") for step in view.steps)
    assert view.audio_url.endswith(".ko.mp3")

    client = create_app(
        Settings(site_dir / "config.yaml", tmp_path)
    ).server.test_client()
    response = client.get(view.steps[0].image_url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    response = client.get(view.audio_url)
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"


def test_phone_page_and_images_refuse_what_they_do_not_know(
    site_dir: Path, tmp_path: Path
):
    client = create_app(
        Settings(site_dir / "config.yaml", tmp_path)
    ).server.test_client()
    ok = client.get("/m/route?kiosk=main-lobby&to=passport-team&sf=0&lang=en")
    assert ok.status_code == 200
    page = ok.get_data(as_text=True)
    assert "Passport Team" in page and 'lang="en"' in page
    assert client.get("/m/route?to=<script>").status_code == 404
    secret_file = (site_dir / "config.yaml").read_text(encoding="utf-8")[:200]
    for bad in (
        "/route-media/../x/y.png",
        "/route-media/a/b/..%2F..%2Fconfig.yaml",
        "/route-media/a/b/c.yaml",
        "/route-media/a/b/%2e%2e%2fc.png",
    ):
        response = client.get(bad)
        # either refused, or Dash's own page for unknown paths: never a file
        assert response.status_code == 404 or response.mimetype == "text/html"
        assert secret_file not in response.get_data(as_text=True)


def test_scheduler_prepares_pictures_and_spoken_directions(
    site_dir: Path, tmp_path: Path
):
    config = site_dir / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "prerender: false", "prerender: true"
        ),
        encoding="utf-8",
    )
    holder = ConfigHolder(config, tmp_path / "var")
    cache = tmp_path / "routes"
    renderer = RouteRenderer(cache, size=(320, 240))
    prepare_route_media(holder, renderer, budget_seconds=4)
    pictures = list(cache.rglob("*.png"))
    assert pictures and renderer.renders == len(pictures)
    spoken = list(cache.rglob("*.mp3"))
    assert spoken and all(path.stat().st_size > 1000 for path in spoken)


def test_qr_code_opens_the_configured_address_not_the_requests_host(
    tmp_path: Path,
):
    public = "https://kiosk.example.go.kr"
    zone = "timezone: Asia/Seoul"
    with_public = {zone: f"{zone}\n  public_url: {public}"}
    forged = "http://attacker.example/"

    def phone_link() -> str:
        site = load_site(tmp_path / "config.yaml")
        view = route_view(
            site, "main-lobby", "passport-team", False, "ko", tmp_path, forged
        )
        return view.phone_url

    copy_config(tmp_path)
    assert phone_link().startswith(forged + "m/route?")  # nothing configured
    copy_config(tmp_path, with_public)
    assert phone_link().startswith(public + "/m/route?")
    phones = "http://m.example.go.kr:8050"
    example = "# phone_base_url: http://kiosk.seosan.go.kr:8050"
    copy_config(tmp_path, {**with_public, example: f"phone_base_url: {phones}"})
    assert phone_link().startswith(phones + "/m/route?")
