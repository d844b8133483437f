"""Real public IMDF archives (tests/data/imdf/*/SOURCE.md): what maps, what is
listed, and that the written files pass the same validation ``check`` runs.

The archives carry no licence, so they are not in the repository: they are
read from ``KIOSK_IMDF_DATA/<name>/`` or from a snapshot of their repository
on this machine, and the tests skip without either.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from building_model.imdf import import_archive
from kiosk_app.config.site import parse_site, read_texts

MIRROR = Path("/work/.mirror")
SOURCES = {
    "addenbrookes": (
        "racketmaestro+Geojson-to-IMDF-Transformer",
        "6d119c78c13d17e493ac661842bd5bc6f93b52c9",
        "Addenbrookes_Final_IMDF",
    ),
    "spbstu": (
        "SPBSTU-indoor-navigation+MapMaker",
        "535dbd3af3b707bfb67adac768991751d7222970",
        "*.geojson",
    ),
}

CONFIG = """\
version: 1
site:
  title: {{en: Imported venue}}
  languages: [ko, en, zh, vi]
kiosks:
  - id: {kiosk}
    name: {{en: Kiosk}}
building:
  file: building.yaml
  directory: directory.yaml
  prerender: false
"""


def _archive(name: str, folder: Path) -> Path:
    given = os.environ.get("KIOSK_IMDF_DATA")
    if given and (Path(given) / name).is_dir():
        return Path(given) / name
    repo, commit, path = SOURCES[name]
    git_dir = MIRROR / repo / "repo"
    if not git_dir.is_dir():
        pytest.skip(f"no copy of the {name} archive (see tests/data/imdf/{name})")
    tar = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", commit, "--", path],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as files:
        files.extractall(folder, filter="data")
    inner = folder / path
    return inner if inner.is_dir() else folder


def _imported(name: str, tmp_path: Path):
    result = import_archive(_archive(name, tmp_path / "archive"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "building.yaml").write_text(result.building_yaml, encoding="utf-8")
    (site / "directory.yaml").write_text(result.directory_yaml, encoding="utf-8")
    kiosk = result.mapped.section("kiosk_points")[0].data["id"]
    config = site / "config.yaml"
    config.write_text(CONFIG.format(kiosk=kiosk), encoding="utf-8")
    return result, config


def _notes(result) -> dict[tuple[str, str], str]:
    return {(n.feature_type, n.feature_id): n.reason for n in result.mapped.notes}


def test_addenbrookes_hospital(tmp_path: Path) -> None:
    result, config = _imported("addenbrookes", tmp_path)
    assert result.problems == []
    assert result.counts() == {
        "floors": 1,
        "rooms": 46,
        "walkways": 4,
        "openings": 0,
        "lifts": 0,
        "stairs": 0,
        "entrances": 1,
        "kiosk_points": 1,
        "bureaus": 6,
        "departments": 20,
    }
    notes = _notes(result)
    assert Counter(n.feature_type for n in result.mapped.notes) == {
        "unit": 27,
        "occupant": 17,
        "opening": 16,
        "amenity": 1,
        "kiosk": 1,
    }
    assert notes[("amenity", "94e17a50-1464-4c6e-b51c-122959143d70")] == (
        "no place in the building file for a 'reception.desk' amenity"
    )
    assert notes[("unit", "1d5fa20e-6b73-4fbc-b3d7-a8a8bd80b45d")] == (
        "elevator on one floor only (1F): no floor above or below to reach"
    )
    assert notes[("unit", "6e503aca-d348-45c0-b3c9-ed645562040a")] == (
        "a room with no opening to a walkway"
    )
    assert notes[("occupant", "b1a4ee03-54af-4502-9874-def6ca008333")].startswith(
        "its anchor lies in walkway unit 2e3397b1-107e-4d56-947c-ac32eb38d1e4"
    )
    site = parse_site(read_texts(config))  # what `check` runs
    assert site.building is not None and site.directory is not None
    assert len(site.directory.departments) == 20
    names = {d.name.get("en") for d in site.directory.departments}
    assert {"Cardiology", "Costa Coffee", "Chapel"} <= names


def test_spbstu_campus(tmp_path: Path) -> None:
    result, config = _imported("spbstu", tmp_path)
    assert result.problems == []
    assert result.counts() == {
        "floors": 3,
        "rooms": 106,
        "walkways": 13,
        "openings": 3,
        "lifts": 0,
        "stairs": 0,
        "entrances": 0,
        "kiosk_points": 1,
        "bureaus": 2,
        "departments": 81,
    }
    notes = _notes(result)
    assert Counter(n.feature_type for n in result.mapped.notes) == {
        "unit": 151,
        "opening": 13,
        "amenity": 2,
        "level": 1,
        "kiosk": 1,
        "occupant": 1,
    }
    assert notes[("level", "bc3da182-1284-4143-8937-7b298f0c9693")] == (
        "a shape of 6 parts: the largest is used"
    )
    assert notes[("occupant", "-")].startswith("no occupant of the archive")
    russian = [r for r in notes.values() if "in no language the kiosk speaks" in r]
    assert russian and all("ru: " in r for r in russian)
    site = parse_site(read_texts(config))
    assert site.directory is not None and len(site.directory.departments) == 81
