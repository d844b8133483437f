"""초성 and English prefix search over the demo directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from building_model import Directory, load_building, load_directory, search
from kiosk_core.locales.ko import chosung

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def directory() -> Directory:
    building = load_building(ROOT / "building.yaml")
    return load_directory(ROOT / "directory.yaml", building)


def _names(hits: list) -> list[str]:
    return [h.name.get("ko") for h in hits]


def test_chosung_keeps_initial_consonants() -> None:
    assert chosung("여권") == "ㅇㄱ"
    assert chosung("지방세 납부") == "ㅈㅂㅅ ㄴㅂ"
    assert chosung("6차산업팀") == "6ㅊㅅㅇㅌ"


def test_one_consonant_finds_tasks_and_departments(directory: Directory) -> None:
    names = _names(search(directory, "ㅇ"))
    assert "여권" in names and "여성가족과" in names
    assert names.index("여권") < names.index("여성가족과")  # tasks come first
    assert all(any(chosung(word)[0] == "ㅇ" for word in n.split()) for n in names)


def test_two_consonants_narrow_to_passport(directory: Directory) -> None:
    hits = search(directory, "ㅇㄱ")
    names = _names(hits)
    assert "여권" in names and "여성가족과" not in names
    passport = next(h for h in hits if h.name.get("ko") == "여권")
    assert passport.kind == "task"
    where = (passport.target, passport.room, passport.floor)
    assert where == ("passport-team", "101-2", "1F")
    assert passport.via is not None and passport.via.get("ko") == "여권팀"


def test_syllables_and_consonants_mix(directory: Directory) -> None:
    assert "여권" in _names(search(directory, "여ㄱ"))
    assert "여성가족과" not in _names(search(directory, "여ㄱ"))
    assert "여성가족과" in _names(search(directory, "여성"))


def test_a_word_inside_a_name_matches(directory: Directory) -> None:
    assert "지방세 납부" in _names(search(directory, "ㄴㅂ"))


def test_english_prefix_finds_passport(directory: Directory) -> None:
    hits = search(directory, "pass")
    assert {h.name.get("en") for h in hits} >= {"passport", "Passport Team"}
    assert {h.name.get("en") for h in search(directory, "PASS")} == {
        h.name.get("en") for h in hits
    }


def test_kinds_cover_departments_teams_and_tasks(directory: Directory) -> None:
    kinds = {h.kind for h in search(directory, "ㅈ")}
    assert kinds == {"task", "team", "department"}


def test_nothing_matches_nonsense_or_empty(directory: Directory) -> None:
    assert search(directory, "ㅋㅋㅋㅋㅋ") == []
    assert search(directory, "") == []
    assert search(directory, "  ") == []


def test_limit_keeps_the_best(directory: Directory) -> None:
    assert search(directory, "ㅇ", limit=3) == search(directory, "ㅇ")[:3]
