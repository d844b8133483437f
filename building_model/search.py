"""Tap-only search over departments, teams and tasks: a letter pad per language.

``ㅇㄱ`` finds 여권 (initial consonants), ``여ㄱ`` too (syllables and consonants
mixed); Latin letters match the start of a word in any Latin-script text of
the entry, without diacritics (``pass`` finds "passport", ``ho`` "Hộ chiếu").
A query matches the start of a name or of any word in it (``ㄴㅂ`` finds 지방세
납부). Which pad a language shows is its locale's (``kiosk_core.locales``).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Literal

from kiosk_core.locales import fold
from kiosk_core.locales.ko import CHOSUNG, chosung
from kiosk_core.text import Text

from .directory import Directory

Kind = Literal["task", "team", "department"]

_CONSONANTS = frozenset(CHOSUNG)
_KIND_ORDER = {"task": 0, "team": 1, "department": 2}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Hit:
    """One search result and where to go for it."""

    kind: Kind
    name: Text
    target: str  # team or department id, for plan_route via Directory.room_of
    room: str
    building: str
    floor: str
    floor_name: Text
    via: Text | None  # the team doing a task, or the department of a team


@dataclass(frozen=True)
class _Entry:
    hit: Hit
    korean: tuple[tuple[str, str], ...]  # (text, its chosung) from each word start
    latin: tuple[str, ...]  # folded lower-case text from each word start
    order: int


def _korean_keys(name: str) -> tuple[tuple[str, str], ...]:
    words = name.split()
    keys = []
    for index in range(len(words)):
        key = "".join(words[index:])
        keys.append((key, chosung(key)))
    return tuple(keys)


def _latin_keys(name: Text) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for code in name.languages():
        lower = fold(name.get(code)).lower()
        for m in _WORD.finditer(lower):
            keys[" ".join(lower[m.start() :].split())] = None
    return tuple(keys)


def _build(directory: Directory) -> list[_Entry]:
    entries: list[_Entry] = []

    def add(kind: Kind, name: Text, target: str, room: str, via: Text | None) -> None:
        place = directory.places[room]
        hit = Hit(
            kind, name, target, room, place.building, place.floor, place.floor_name, via
        )
        entries.append(
            _Entry(hit, _korean_keys(name.get("ko")), _latin_keys(name), len(entries))
        )

    for department in directory.departments:
        add("department", department.name, department.id, department.room, None)
    for team in directory.teams:
        room = directory.room_of(team.id)
        department = directory.department(team.department)
        add("team", team.name, team.id, room, department.name)
        seen: set[str] = set()
        for task in team.tasks:
            if task.get("ko") not in seen:
                seen.add(task.get("ko"))
                add("task", task, team.id, room, team.name)
    return entries


_INDEX: weakref.WeakKeyDictionary[Directory, list[_Entry]] = weakref.WeakKeyDictionary()


def _index(directory: Directory) -> list[_Entry]:
    entries = _INDEX.get(directory)
    if entries is None:
        entries = _INDEX[directory] = _build(directory)
    return entries


def _korean_match(query: str, key: str, initials: str) -> bool:
    if len(query) > len(key):
        return False
    for wanted, char, initial in zip(query, key, initials, strict=False):
        if wanted != char and not (wanted in _CONSONANTS and wanted == initial):
            return False
    return True


def search(directory: Directory, query: str, limit: int | None = None) -> list[Hit]:
    """Entries whose name (or a word in it) starts with ``query``; tasks first."""
    korean = "".join(query.split())
    latin = " ".join(fold(query).lower().split())
    if not korean:
        return []
    is_latin = all(c.isascii() for c in fold(korean))
    ranked: list[tuple[int, int, int, int, Hit]] = []
    for entry in _index(directory):
        quality = None
        if is_latin:
            for index, key in enumerate(entry.latin):
                if key.startswith(latin):
                    quality = 0 if index == 0 else 1
                    break
        if quality is None:
            for index, (key, initials) in enumerate(entry.korean):
                if _korean_match(korean, key, initials):
                    quality = 0 if index == 0 else 1
                    break
        if quality is not None:
            hit = entry.hit
            ranked.append(
                (
                    quality,
                    _KIND_ORDER[hit.kind],
                    len(hit.name.get("ko")),
                    entry.order,
                    hit,
                )
            )
    ranked.sort(key=lambda r: r[:4])
    hits = [r[4] for r in ranked]
    return hits[:limit] if limit is not None else hits
