"""Shared fixtures: a real kiosk server and a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from building_model import kiosk_positions, load_building, load_directory
from tests.fakes.http_server import FakeServer
from tests.support.browser import chromium_driver
from tests.support.server import REPO, KioskServer

# postgres_server / postgres_url: a real PostgreSQL for the Store's tests
pytest_plugins = ("tests.support.postgres",)

# a test's screen is awake whatever the time, and shows no attract loop
# while a test leaves it alone (tests of either ask for resting=True)
AWAKE = {
    "  always_on: false": "  always_on: true",
    "  enabled: true             # the attract loop": "  enabled: false",
}


def copy_config(
    folder: Path,
    replace: dict[str, str] | None = None,
    *,
    prerender: bool = False,
    resting: bool = False,
) -> Path:
    """The shipped config.yaml (with the building files it names), copied into
    ``folder`` with text replacements in config.yaml. Route pictures and voice
    clips are not prepared ahead unless asked: test servers share two cores
    with the browser (a clip is still made when a page asks for it). Screens
    keep to opening hours and show the attract loop only when asked."""
    for name in ("building.yaml", "directory.yaml"):
        shutil.copy(REPO / name, folder / name)
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    if not resting:
        replace = {**AWAKE, **(replace or {})}
    if not prerender:
        replace = {
            "prerender: true": "prerender: false",
            "prepare_clips: true": "prepare_clips: false",
            **(replace or {}),
        }
    for old, new in (replace or {}).items():
        assert old in text, f"{old!r} is not in config.yaml"
        text = text.replace(old, new)
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def briefed_store(config_path: Path, data_dir: Path, *days_ago: int):
    """A Store in ``data_dir`` with every feed read once and a briefing built
    by the real pipeline for each of ``days_ago`` (0: today); returns the
    Store and the builds' results, in that order."""
    from briefing.jobs import build_briefing_now
    from data_feeds.runner import FeedRunner
    from kiosk_app.config.site import load_site
    from kiosk_app.store import Store

    store = Store.in_data_dir(data_dir)
    store.create()
    config = load_site(config_path).config
    runner = FeedRunner(store)
    try:
        runner.refresh(config.feeds)
    finally:
        runner.close()
    now = dt.datetime.now(dt.UTC)
    results = [
        build_briefing_now(config, store, data_dir, now=now - dt.timedelta(days=n))
        for n in days_ago
    ]
    assert all(result.ok for result in results)
    return store, results


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The kiosk with the shipped config."""
    folder = tmp_path_factory.mktemp("kiosk")
    server = KioskServer(copy_config(folder), folder / "var").start()
    yield server
    server.stop()


IDLE_SECONDS = 15
IDLE_WARNING_SECONDS = 8


@pytest.fixture(scope="module")
def idle_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskServer]:
    """The kiosk with its idle reset shortened to IDLE_SECONDS (long enough for a
    test's taps on a busy machine, short enough to wait for)."""
    folder = tmp_path_factory.mktemp("idle-kiosk")
    config = copy_config(
        folder,
        {
            "idle_warning_seconds: 20": f"idle_warning_seconds: {IDLE_WARNING_SECONDS}",
            "idle_seconds: 90": f"idle_seconds: {IDLE_SECONDS}",
        },
    )
    server = KioskServer(config, folder / "var").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium with a portrait kiosk viewport."""
    driver = chromium_driver(1080, 1920)
    yield driver
    driver.quit()


@pytest.fixture
def tmp_config(tmp_path: Path) -> Path:
    """A writable copy of the shipped config.yaml."""
    return copy_config(tmp_path)


@pytest.fixture(scope="session")
def building():
    """The shipped demo building (read once; never modified by tests)."""
    return load_building(REPO / "building.yaml")


@pytest.fixture(scope="session")
def directory(building):
    """The shipped demo directory."""
    return load_directory(REPO / "directory.yaml", building)


@pytest.fixture(scope="session")
def lobby(building):
    """Where the main-lobby kiosk stands."""
    return kiosk_positions(building)["main-lobby"]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A local HTTP server on 127.0.0.1 answering what the test sets."""
    with FakeServer() as running:
        yield running
