"""Archives the importer refuses, naming the file and the feature, and
archives it takes apart without crashing, whatever they hold."""

from __future__ import annotations

import copy
import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from building_model.imdf import ImdfError, import_archive
from tests.imdf_sample import sample, write_folder, write_zip

ROOT = Path(__file__).resolve().parents[1]


def _unit(features: dict[str, list[dict[str, Any]]], fid: str) -> dict[str, Any]:
    return next(u for u in features["unit"] if u["id"] == fid)


def _refused(tmp_path: Path, features: dict[str, list[dict[str, Any]]]) -> str:
    with pytest.raises(ImdfError) as caught:
        import_archive(write_folder(tmp_path / "archive", features))
    return str(caught.value)


def test_missing_level_file(tmp_path: Path) -> None:
    features = sample()
    del features["level"]
    assert "level.geojson: missing from the archive" in _refused(tmp_path, features)


def test_unit_on_an_unknown_level(tmp_path: Path) -> None:
    features = sample()
    _unit(features, "u-hall")["properties"]["level_id"] = "nowhere"
    assert (
        "unit.geojson: feature u-hall: level_id names level 'nowhere', "
        "which level.geojson lacks"
    ) in _refused(tmp_path, features)


def test_ring_not_closed(tmp_path: Path) -> None:
    features = sample()
    _unit(features, "u-tax")["geometry"]["coordinates"][0].pop()
    message = _refused(tmp_path, features)
    assert "unit.geojson: feature u-tax: a ring is not closed" in message


def test_ring_with_too_few_points(tmp_path: Path) -> None:
    features = sample()
    ring = _unit(features, "u-tax")["geometry"]["coordinates"][0]
    _unit(features, "u-tax")["geometry"]["coordinates"][0] = [ring[0], ring[1], ring[0]]
    assert (
        "unit.geojson: feature u-tax: a ring has 3 positions; it needs at least 4"
    ) in _refused(tmp_path, features)


def test_geometry_of_the_wrong_type(tmp_path: Path) -> None:
    features = sample()
    _unit(features, "u-passport")["geometry"] = {
        "type": "Point",
        "coordinates": [126.45, 36.78],
    }
    assert (
        "unit.geojson: feature u-passport: the geometry is a Point; "
        "a Polygon or MultiPolygon is needed"
    ) in _refused(tmp_path, features)


def test_a_coordinate_that_is_not_a_number(tmp_path: Path) -> None:
    features = sample()
    features["opening"][1]["geometry"]["coordinates"][0][1] = math.nan
    message = _refused(tmp_path, features)  # json writes NaN, and reads it back
    assert (
        "opening.geojson: feature o-hall: a coordinate is not a finite number"
        in message
    )


def test_level_without_an_ordinal_and_occupant_without_anchor(tmp_path: Path) -> None:
    features = sample()
    features["level"][1]["properties"]["ordinal"] = "2"
    features["occupant"][0]["properties"]["anchor_id"] = "a-gone"
    message = _refused(tmp_path, features)
    assert (
        "level.geojson: feature 11111111-0000-0000-0000-000000000001: its ordinal '2'"
        in message
    )
    assert (
        "occupant.geojson: feature p-civil: anchor_id names anchor 'a-gone'" in message
    )


def test_duplicate_ids_and_text_that_is_no_json(tmp_path: Path) -> None:
    features = sample()
    features["unit"][1]["id"] = features["unit"][0]["id"]
    folder = write_folder(tmp_path / "archive", features)
    (folder / "amenity.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(ImdfError) as caught:
        import_archive(folder)
    message = str(caught.value)
    assert "unit.geojson: feature u-walk-1f: the id is used again" in message
    assert "amenity.geojson: not readable as JSON" in message


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "map.zip"
    bad.write_bytes(b"PK\x03\x04 but not really")
    with pytest.raises(ImdfError) as caught:
        import_archive(bad)
    assert "map.zip: not a zip file or folder" in str(caught.value)


def test_command_line_names_file_and_feature_and_exits_2(tmp_path: Path) -> None:
    features = sample()
    _unit(features, "u-hall")["properties"]["level_id"] = "nowhere"
    archive = write_zip(tmp_path / "broken.zip", features)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk_app",
            "import-imdf",
            str(archive),
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "unit.geojson: feature u-hall: level_id names level 'nowhere'" in done.stderr
    assert not (tmp_path / "out").exists()  # nothing half written


def test_odd_geometry_is_listed_not_refused(tmp_path: Path) -> None:
    features = sample()
    # a bow tie: the outline crosses itself
    tax = _unit(features, "u-tax")["geometry"]["coordinates"][0]
    tax[1], tax[2] = tax[2], tax[1]
    _unit(features, "u-passport")["geometry"]["coordinates"][0] = [
        tax[0],
        tax[0],
        tax[0],
        tax[0],
    ]
    imported = import_archive(write_folder(tmp_path / "archive", features))
    notes = {(n.feature_id, n.reason) for n in imported.mapped.notes}
    assert ("u-tax", "its outline crosses itself; the mended shape is used") in notes
    assert ("u-passport", "its outline encloses no area") in notes
    assert imported.problems == []


_ODD_VALUES = [
    None,
    0,
    -1,
    1e308,
    math.inf,
    "",
    "x",
    [],
    {},
    [[]],
    {"type": "Point"},
    True,
    [1, 2, 3, 4],
    {"en": 5},
]


def _mutate(features: dict[str, list[dict[str, Any]]], rng: random.Random) -> None:
    kind = rng.choice(sorted(features))
    if not features[kind]:
        return
    feature = rng.choice(features[kind])
    target = feature if rng.random() < 0.3 else feature.get("properties")
    if not isinstance(target, dict) or not target:
        return
    key = rng.choice(sorted(target))
    if rng.random() < 0.3:
        del target[key]
    else:
        target[key] = copy.deepcopy(rng.choice(_ODD_VALUES))


@pytest.mark.parametrize("seed", range(60))
def test_a_hostile_archive_never_crashes_the_importer(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    features = sample()
    for _ in range(rng.randint(1, 4)):
        _mutate(features, rng)
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, items in features.items():
        (folder / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": items}),
            encoding="utf-8",
        )
    try:
        imported = import_archive(folder)
    except ImdfError as err:
        assert err.problems and all(p.file for p in err.problems)
    else:
        assert imported.building_yaml.startswith("# Building file imported")
