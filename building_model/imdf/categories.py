"""What each IMDF category becomes in the building file, and the names given
to what the archive leaves unnamed (in every language the kiosk speaks).

Unit categories are IMDF 1.0's (OGC 20-094), with the legacy ones some tools
still write (retail, information, ticketing).
"""

from __future__ import annotations

from typing import Literal

UnitRole = Literal["walkway", "room", "lift", "stairs", "escalator", "skip"]
RoomKind = Literal["office", "hall", "counter", "facility"]

#: Areas a visitor walks across: lines are drawn through them between doors.
WALKABLE = frozenset(
    {
        "walkway",
        "walkway.island",
        "lobby",
        "foyer",
        "footbridge",
        "movingwalkway",
        "ramp",
        "platform",
        "unenclosedarea",
        "steps",
    }
)
#: Walkable, but a wheelchair cannot cross it: listed as a caveat.
NOT_STEP_FREE = frozenset({"steps"})

_HALL = {
    "auditorium",
    "theater",
    "movietheater",
    "fieldofplay",
    "recreation",
    "waitingroom",
    "lounge",
    "privatelounge",
    "fitnessroom",
}
_COUNTER = {"information", "ticketing", "security"}
_FACILITY = {
    "firstaid",
    "mothersroom",
    "foodservice",
    "shower",
    "smokingarea",
    "kitchen",
    "library",
    "phoneroom",
}
_OFFICE = {
    "room",
    "office",
    "conferenceroom",
    "classroom",
    "laboratory",
    "huddleroom",
    "mailroom",
    "serverroom",
    "storage",
    "nonpublic",
    "unspecified",
    "retail",
    "shop",
    "wardrobe",
}
#: Categories that are no place to go, with the reason given.
SKIPPED = {
    "opentobelow": "open to the floor below: nothing to walk on",
    "structure": "a wall or structure",
    "column": "a column",
    "brick": "a wall",
    "concrete": "a wall",
    "drywall": "a wall",
    "glass": "a glass wall",
    "wood": "a wall",
    "vegetation": "planting",
    "road": "a road",
    "parking": "parking (not part of the kiosk's walk)",
    "drivethrough": "a drive-through",
    "terrace": "outdoors",
}


def unit_role(category: str) -> tuple[UnitRole, RoomKind | None]:
    """What a unit of this category becomes; ("skip", None) when unknown too."""
    if category in WALKABLE:
        return "walkway", None
    if category == "elevator":
        return "lift", None
    if category == "stairs":
        return "stairs", None
    if category == "escalator":
        # not step-free, and moving between consecutive floors: stairs to the
        # walk graph, so a step-free route never takes one
        return "escalator", None
    if category.startswith("restroom"):
        return "room", "facility"
    for kinds, kind in (
        (_HALL, "hall"),
        (_COUNTER, "counter"),
        (_FACILITY, "facility"),
        (_OFFICE, "office"),
    ):
        if category in kinds:
            return "room", kind  # type: ignore[return-value]
    return "skip", None


#: Pedestrian openings that can be a street door.
ENTRANCE_OPENINGS = frozenset(
    {"pedestrian", "pedestrian.principal", "pedestrian.transit"}
)

#: Names for what the archive leaves unnamed: ko, en, zh, vi; {n} is a number.
GENERIC: dict[str, dict[str, str]] = {
    "lift": {
        "ko": "엘리베이터 {n}",
        "en": "Lift {n}",
        "zh": "电梯{n}",
        "vi": "Thang máy {n}",
    },
    "stairs": {
        "ko": "계단 {n}",
        "en": "Stairs {n}",
        "zh": "楼梯{n}",
        "vi": "Cầu thang {n}",
    },
    "escalator": {
        "ko": "에스컬레이터 {n}",
        "en": "Escalator {n}",
        "zh": "自动扶梯{n}",
        "vi": "Thang cuốn {n}",
    },
    "entrance": {
        "ko": "출입구 {n}",
        "en": "Entrance {n}",
        "zh": "出入口{n}",
        "vi": "Lối vào {n}",
    },
    "main-entrance": {
        "ko": "정문",
        "en": "Main entrance",
        "zh": "正门",
        "vi": "Lối vào chính",
    },
    "restroom": {"ko": "화장실", "en": "Restroom", "zh": "洗手间", "vi": "Nhà vệ sinh"},
    "office": {
        "ko": "사무실 {n}",
        "en": "Office {n}",
        "zh": "办公室{n}",
        "vi": "Văn phòng {n}",
    },
    "hall": {"ko": "홀 {n}", "en": "Hall {n}", "zh": "大厅{n}", "vi": "Sảnh {n}"},
    "counter": {
        "ko": "창구 {n}",
        "en": "Counter {n}",
        "zh": "窗口{n}",
        "vi": "Quầy {n}",
    },
    "facility": {
        "ko": "편의시설 {n}",
        "en": "Facility {n}",
        "zh": "设施{n}",
        "vi": "Tiện ích {n}",
    },
    "kiosk": {
        "ko": "안내 키오스크 {n}",
        "en": "Information kiosk {n}",
        "zh": "信息亭{n}",
        "vi": "Ki-ốt thông tin {n}",
    },
    "building": {
        "ko": "건물 {n}",
        "en": "Building {n}",
        "zh": "楼{n}",
        "vi": "Tòa nhà {n}",
    },
    "link": {
        "ko": "연결통로 {n}",
        "en": "Link {n}",
        "zh": "连廊{n}",
        "vi": "Lối nối {n}",
    },
    "bureau": {"ko": "기타", "en": "Other", "zh": "其他", "vi": "Khác"},
}


def generic(what: str, n: int | str = "") -> dict[str, str]:
    """The unnamed thing's name in every language, numbered when ``n`` is given."""
    return {
        code: words.replace("{n}", str(n)).strip()
        for code, words in GENERIC[what].items()
    }


def floor_names(floor_id: str) -> dict[str, str]:
    """A floor's name from its id (1F, B1) in every language."""
    if floor_id.startswith("B"):
        n = floor_id[1:]
        return {
            "ko": f"지하 {n}층",
            "en": floor_id,
            "zh": f"地下{n}层",
            "vi": f"Tầng hầm {n}",
        }
    n = floor_id[:-1]
    return {"ko": f"{n}층", "en": floor_id, "zh": f"{n}层", "vi": f"Tầng {n}"}


def floor_id(ordinal: int) -> str | None:
    """1F for ordinal 0, 2F for 1, B1 for -1; None beyond 99F or B9."""
    if 0 <= ordinal <= 98:
        return f"{ordinal + 1}F"
    if -9 <= ordinal <= -1:
        return f"B{-ordinal}"
    return None


def category_words(category: str) -> str:
    """An occupant category in plain English words ("coffee.tea" -> "Coffee / tea")."""
    words = category.replace("_", " ").split(".")
    text = " / ".join(w.strip() for w in words if w.strip())
    return text[:1].upper() + text[1:] if text else "Other"
