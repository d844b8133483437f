"""The words of a route: turn-by-turn sentences, taking a lift or the stairs,
arriving, and why there is no way, in Korean and English.

Everything language-specific about directions is here, the Korean particles
(을/를, 은/는, 으로/로, chosen by how the last syllable is read aloud) with the
sentences that use them, so that a locale for another language replaces this
one module. Planning (``building_model.planning``) decides the way and asks
for its sentences; geometry (``building_model.geometry``) names the turns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from kiosk_core.text import Text

from .geometry import Turn, bearing, simplify, turn
from .route import Connector, ConnectorKind
from .spec import Building, Closure, Point, Room

# --- Korean particles ----------------------------------------------------------

# Whether the Korean reading of a trailing Latin letter or digit ends in a
# consonant (받침), and whether that consonant is ㄹ: "A" 에이 (none), "L" 엘 (ㄹ).
_LATIN_FINAL = {
    **dict.fromkeys("AaBbCcDdEeFfGgHhIiJjKkOoPpQqSsTtUuVvWwXxYyZz2459", None),
    **dict.fromkeys("LlRr178", "ㄹ"),
    **dict.fromkeys("MmNn036", "ㅇ"),
}


def _final(word: str) -> str | None:
    """The final consonant of the last syllable as read aloud (None if open)."""
    word = word.rstrip(" )]").rstrip()
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        tail = (ord(last) - 0xAC00) % 28
        return None if tail == 0 else ("ㄹ" if tail == 8 else "ㅇ")
    return _LATIN_FINAL.get(last)


def _object(word: str) -> str:
    return word + ("을" if _final(word) else "를")


def _topic(word: str) -> str:
    return word + ("은" if _final(word) else "는")


def _towards(word: str) -> str:
    return word + ("으로" if _final(word) not in (None, "ㄹ") else "로")


# --- sentences -------------------------------------------------------------------

_GO_KO: dict[Turn | None, str] = {
    None: "{d}미터 가세요.",
    "straight": "앞으로 {d}미터 가세요.",
    "left": "왼쪽으로 돌아 {d}미터 가세요.",
    "right": "오른쪽으로 돌아 {d}미터 가세요.",
    "back": "뒤로 돌아 {d}미터 가세요.",
}
_GO_EN: dict[Turn | None, str] = {
    None: "go {d} m.",
    "straight": "go straight ahead for {d} m.",
    "left": "turn left and go {d} m.",
    "right": "turn right and go {d} m.",
    "back": "turn around and go {d} m.",
}
_EXIT: dict[ConnectorKind, tuple[str, str]] = {
    "lift": ("엘리베이터에서 내려 ", "leave the lift, then "),
    "stairs": ("계단에서 나와 ", "leave the stairs, then "),
    "bridge": ("연결통로를 건넌 뒤 ", "after the bridge, "),
}
_SIDE: dict[Turn | None, tuple[str, str]] = {
    "left": ("왼쪽에 있습니다", "is on your left"),
    "right": ("오른쪽에 있습니다", "is on your right"),
    "straight": ("정면에 있습니다", "is straight ahead"),
    "back": ("뒤쪽에 있습니다", "is behind you"),
    None: ("바로 여기에 있습니다", "is right here"),
}

NO_ACCESS = Text(ko="출입 불가", en="no access")


def _say(ko: str, en: str) -> Text:
    return Text(ko=ko, en=en[:1].upper() + en[1:])


def _metres(length: float) -> int:
    return max(1, round(length))


def walk_sentences(
    core: list[Point], heading: float | None, entered_by: ConnectorKind | None
) -> tuple[list[Text], float | None]:
    """Turn-by-turn sentences along ``core``; also the final heading."""
    path = simplify(core)
    sentences: list[Text] = []
    for index, (a, b) in enumerate(zip(path, path[1:], strict=False)):
        towards = bearing(a, b)
        d = _metres(math.dist(a, b))
        way = turn(heading, towards)
        ko, en = _GO_KO[way].format(d=d), _GO_EN[way].format(d=d)
        if index == 0 and entered_by:
            ko, en = _EXIT[entered_by][0] + ko, _EXIT[entered_by][1] + en
        sentences.append(_say(ko, en))
        heading = towards
    return sentences, heading


def leave_sentence(connector: Connector, spec: Building, here: str) -> Text:
    """Taking the lift, the stairs (up or down from floor ``here``) or the bridge."""
    floor = spec.floor(connector.to_building, connector.to_floor).name
    if connector.kind == "lift":
        return _say(
            f"{_object(connector.name.ko)} 타고 {_towards(floor.ko)} 이동하세요.",
            f"take {connector.name.en} to {floor.en}.",
        )
    if connector.kind == "stairs":
        up = (
            spec.floor(connector.to_building, connector.to_floor).elevation
            > spec.floor(connector.to_building, here).elevation
        )
        verb_ko, verb_en = ("올라가세요", "up") if up else ("내려가세요", "down")
        return _say(
            f"{_object(connector.name.ko)} 이용해 {_towards(floor.ko)} {verb_ko}.",
            f"take {connector.name.en} {verb_en} to {floor.en}.",
        )
    building = spec.structure(connector.to_building).name
    return _say(
        f"{_object(connector.name.ko)} 건너 {_towards(building.ko + ' ' + floor.ko)} "
        "가세요.",
        f"cross the {connector.name.en} to the {building.en}, {floor.en}.",
    )


def arrive_sentence(room: Room, heading: float | None, foot: Point) -> Text:
    """Where the room is on arrival at ``foot``, facing ``heading``."""
    offset = room.door if math.dist(room.door, foot) > 0.3 else room.box.centre
    side = None
    if heading is not None:
        side = turn(heading, bearing(foot, offset))
    ko, en = _SIDE[side]
    return _say(f"{_topic(room.name.ko)} {ko}.", f"{room.name.en} {en}.")


def closed_reason(room: Room, reason: Text) -> Text:
    """The room itself is closed, and why."""
    return Text(
        ko=f"{_topic(room.name.ko)} 지금 이용할 수 없습니다: {reason.ko}.",
        en=f"{room.name.en} is closed: {reason.en}.",
    )


def no_route_reason(
    room: Room, step_free: bool, blamed: Iterable[tuple[Text, Closure]]
) -> Text:
    """No way to the room, with each closure that may be the cause (its
    target's name and reason), and where to ask."""
    head_ko = (
        "계단 없이 갈 수 있는 길이 없습니다"
        if step_free
        else "갈 수 있는 길이 없습니다"
    )
    head_en = "No step-free route" if step_free else "No route"
    ko = f"{_towards(room.name.ko)} {head_ko}."
    en = f"{head_en} to {room.name.en}."
    for name, closure in blamed:
        ko += f" {name.ko}: {closure.reason.ko}."
        en += f" {name.en}: {closure.reason.en}."
    ko += " 안내 데스크에 문의해 주세요."
    en += " Please ask at the information desk."
    return Text(ko=ko, en=en)
