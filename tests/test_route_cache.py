"""The route media cache stays bounded: building edits, closures and kiosk
changes leave old pictures and speech behind, and the scheduler deletes them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from building_model.render import RouteRenderer, destination_rooms, prune_cache
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.site import Site, load_site
from kiosk_app.route_media import prepare_route_media
from kiosk_app.wayfinding import audio_path
from tests.conftest import copy_config

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    copy_config(tmp_path)  # prerender off: the scheduler's job only prunes
    return tmp_path


def edit_building(site_dir: Path, note: str) -> None:
    """An admin's edit of the building file (any change makes a new version)."""
    path = site_dir / "building.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n# {note}\n", "utf-8")


def fill(site: Site, renderer: RouteRenderer, rooms: int = 3) -> list[Path]:
    """What the scheduler would have drawn and spoken for a few destinations."""
    assert site.building is not None and site.directory is not None
    files = []
    for kiosk in site.config.kiosks:
        for room in destination_rooms(site.directory)[:rooms]:
            files += renderer.paths(
                site.building,
                site.building_hash,
                kiosk.id,
                room,
                False,
                2,
                "ko",
                day=site.today(),
            )
            files.append(
                audio_path(renderer, site, kiosk.id, room, False, "ko", site.today())
            )
    for file in files:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(PNG)
    return files


def version_of(files: list[Path]) -> Path:
    [folder] = {file.parent.parent for file in files}
    return folder


def age(folder: Path, hours: float) -> None:
    """Make everything in ``folder`` look written ``hours`` ago."""
    then = time.time() - hours * 3600
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (then, then))


def scheduler_tick(site_dir: Path, cache: Path) -> None:
    """The scheduler's route media job, as it runs every minute."""
    holder = ConfigHolder(site_dir / "config.yaml", site_dir / "var")
    prepare_route_media(holder, RouteRenderer(cache), budget_seconds=1)


def test_old_versions_go_after_building_edits_and_current_files_stay(
    site_dir: Path,
):
    cache = site_dir / "var" / "routes"
    renderer = RouteRenderer(cache)
    versions = []
    for edit in range(4):
        edit_building(site_dir, f"edit {edit}")
        files = fill(load_site(site_dir / "config.yaml"), renderer)
        versions.append(version_of(files))
        age(versions[-1], hours=4 - edit)
    assert len(set(versions)) == 4

    scheduler_tick(site_dir, cache)
    # the newest two old versions stay (an edit undone needs no redrawing)
    assert [v.exists() for v in versions] == [False, True, True, True]
    assert all(file.is_file() for file in files)

    edit_building(site_dir, "edit 4")
    current = fill(load_site(site_dir / "config.yaml"), renderer)
    scheduler_tick(site_dir, cache)
    assert [v.exists() for v in versions] == [False, False, True, True]
    assert all(file.is_file() for file in current)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [versions[2].name, versions[3].name, version_of(current).name]
    )


def test_a_closure_lifted_again_finds_its_pictures_still_there(site_dir: Path):
    cache = site_dir / "var" / "routes"
    renderer = RouteRenderer(cache)
    before = fill(load_site(site_dir / "config.yaml"), renderer)
    age(version_of(before), hours=1)
    building = site_dir / "building.yaml"
    original = building.read_text(encoding="utf-8")
    building.write_text(
        original.replace(
            "closures: []",
            "closures:\n  - target: lift-a\n    reason: {ko: 점검 중, en: maintenance}",
        ),
        encoding="utf-8",
    )
    closed = fill(load_site(site_dir / "config.yaml"), renderer)
    assert version_of(closed) != version_of(before)
    scheduler_tick(site_dir, cache)
    building.write_text(original, encoding="utf-8")  # the lift is back
    scheduler_tick(site_dir, cache)
    assert all(file.is_file() for file in before)


def test_the_current_version_keeps_only_what_the_config_can_show(site_dir: Path):
    cache = site_dir / "var" / "routes"
    site = load_site(site_dir / "config.yaml")
    files = fill(site, RouteRenderer(cache))
    folder = version_of(files)
    gone_kiosk = folder / "old-lobby" / "304.any.ko.1of1.png"
    gone_room = folder / "main-lobby" / "no-such-room.any.ko.1of1.png"
    crashed = folder / "main-lobby" / ".304.any.ko.1of2.4242.tmp.png"
    writing = folder / "main-lobby" / ".304.any.ko.mp3.part"
    for path in (gone_kiosk, gone_room, crashed, writing):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PNG)
    two_hours_ago = time.time() - 7200
    os.utime(crashed, (two_hours_ago, two_hours_ago))

    scheduler_tick(site_dir, cache)
    assert all(file.is_file() for file in files)
    assert writing.is_file()  # a render or clip in progress is left alone
    assert not gone_kiosk.parent.exists()
    assert not gone_room.exists() and not crashed.exists()


def test_old_versions_are_bounded_by_size_too_and_strangers_are_left_alone(
    tmp_path: Path,
):
    def version(name: str, size: int, hours: float) -> Path:
        folder = tmp_path / name
        (folder / "main-lobby").mkdir(parents=True)
        (folder / "main-lobby" / "304.any.ko.1of1.png").write_bytes(b"x" * size)
        age(folder, hours)
        return folder

    current = version("c" * 16, 5000, 0)
    newer = version("a" * 16, 1000, 1)
    older = version("b" * 16, 1000, 2)
    stranger = tmp_path / "lost+found"
    stranger.mkdir()
    freed = prune_cache(
        tmp_path,
        {current.name},
        kiosks={"main-lobby"},
        rooms={"304"},
        spare_versions=5,
        spare_bytes=1500,
    )
    assert freed == 1000
    assert current.exists() and newer.exists() and stranger.exists()
    assert not older.exists()


def test_a_kiosk_moved_to_another_point_never_shows_the_old_pictures(
    tmp_path: Path,
):
    moved = copy_config(
        tmp_path,
        {"  - id: annex-lobby\n": "  - id: annex-lobby\n    point: main-lobby\n"},
    )
    renderer = RouteRenderer(tmp_path / "routes")
    here = load_site(moved)
    (tmp_path / "before").mkdir()
    before = load_site(copy_config(tmp_path / "before"))
    day = here.today()

    def spoken(site: Site, kiosk: str) -> Path:
        return audio_path(renderer, site, kiosk, "304", False, "ko", day)

    # the annex screen now stands where the main one does: same way, same files
    assert spoken(here, "annex-lobby") == spoken(here, "main-lobby")
    assert spoken(before, "annex-lobby") != spoken(here, "annex-lobby")
