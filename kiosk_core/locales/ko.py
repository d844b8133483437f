"""Korean (한국어): the kiosk's first language."""

from __future__ import annotations

import datetime as dt
import re

from .base import Locale, Replacement

CHOSUNG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# the keys of the 초성 pad (doubled consonants are typed as their single form)
PAD = tuple("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ")
WEEKDAYS = tuple("월화수목금토일")
_NUM = r"\d[\d,]*(?:\.\d+)?"

# How a trailing symbol, Latin letter or digit is read aloud, for choosing a
# particle: whether it ends in a consonant (받침) and whether that is ㄹ.
_SPOKEN_END = {"㎍/㎥": "램", "℃": "도", "%": "트", "m/s": "터", "ppm": "엠"}
_LATIN_FINAL = {
    **dict.fromkeys("AaBbCcDdEeFfGgHhIiJjKkOoPpQqSsTtUuVvWwXxYyZz2459", None),
    **dict.fromkeys("LlRr178", "ㄹ"),
    **dict.fromkeys("MmNn036", "ㅇ"),
}


def final_consonant(word: str) -> str | None:
    """The final consonant of the word as read aloud: None (open syllable),
    "ㄹ", or "ㅇ" standing for any other consonant."""
    word = word.rstrip(" )]'\"")
    for symbol, said in _SPOKEN_END.items():
        if word.endswith(symbol):
            word = said
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        tail = (ord(last) - 0xAC00) % 28
        return None if tail == 0 else ("ㄹ" if tail == 8 else "ㅇ")
    return _LATIN_FINAL.get(last)


def josa(word: str, pair: str) -> str:
    """``word`` with the right particle of ``pair``: 은/는, 이/가, 을/를, 과/와,
    으로/로 (ㄹ takes 로: 1층으로, 2층으로, 7층으로 → 칠층으로 is 7층으로)."""
    with_final, without = pair.split("/")
    final = final_consonant(word)
    if pair == "으로/로":
        return word + ("으로" if final not in (None, "ㄹ") else "로")
    return word + (with_final if final else without)


def chosung(text: str) -> str:
    """Initial consonants of Hangul syllables; other characters stay as they are."""
    return "".join(
        CHOSUNG[(ord(char) - 0xAC00) // 588] if "가" <= char <= "힣" else char
        for char in text
    )


_DIGITS = "영일이삼사오육칠팔구"
_SMALL_UNITS = ("", "십", "백", "천")
_BIG_UNITS = ("", "만", "억", "조")
_NATIVE_ONES = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")
_NATIVE_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")
# counters read with native numbers below 100 (세 명, 열두 시), as news reads them
_NATIVE_COUNTERS = ("시", "명", "건", "개", "대", "살", "마리", "곳", "가지")


def sino_number(value: int) -> str:
    """A whole number in Sino-Korean words: 182261 -> 십팔만 이천이백육십일."""
    if value == 0:
        return "영"
    groups = []
    rest, big = value, 0
    while rest:
        rest, group = divmod(rest, 10_000)
        if group:
            text = ""
            for place in range(3, -1, -1):
                digit = group // 10**place % 10
                if digit:
                    one = "" if digit == 1 and place else _DIGITS[digit]
                    text += one + _SMALL_UNITS[place]
            if big == 1 and text == "일":
                text = ""  # 10000 is 만, not 일만
            groups.append(text + _BIG_UNITS[big])
        big += 1
    return " ".join(reversed(groups))


def native_number(value: int) -> str:
    """1-99 as a counter takes it: 3 -> 세, 20 -> 스무, 12 -> 열두."""
    tens, ones = divmod(value, 10)
    if value == 20:
        return "스무"
    return _NATIVE_TENS[tens] + _NATIVE_ONES[ones]


def _digit_words(digits: str) -> str:
    return "".join("공" if d == "0" else _DIGITS[int(d)] for d in digits)


def _number_words(match: re.Match[str]) -> str:
    lead, digits, gap, counter = (
        match[1] or "",
        match[2].replace(",", ""),
        match[3],
        match[4],
    )
    if lead or (len(digits) > 1 and digits.startswith("0")):
        return lead + _digit_words(digits) + gap
    value = int(digits)
    if counter == "월" and value in (6, 10):
        return ("유" if value == 6 else "시") + gap  # 유월, 시월
    if counter and counter != "월" and 0 < value < 100:
        return native_number(value) + " "
    return sino_number(value) + gap


# dates, times, units and decimals in words, the same for every speech engine
SPOKEN: tuple[tuple[str, Replacement], ...] = (
    (
        r"(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?\s*(?:\(([월화수목금토일])\))?",
        lambda m: (
            f"{m[1]}년 {int(m[2])}월 {int(m[3])}일" + (f" {m[4]}요일" if m[4] else "")
        ),
    ),
    (
        r"(?<!\d)(\d{1,2}):(\d\d)(?!\d)",
        lambda m: f"{int(m[1])}시" + (f" {int(m[2])}분" if int(m[2]) else ""),
    ),
    (rf"({_NUM})\s*(?:㎍/㎥|[µμ]g/m³)", r"세제곱미터당 \1마이크로그램"),
    (r"㎍/㎥|[µμ]g/m³", "마이크로그램 퍼 세제곱미터"),
    (rf"({_NUM})\s*(?:℃|°C)", r"\1도"),
    (r"℃", "도"),
    (rf"({_NUM})\s*m/s", r"초속 \1미터"),
    (rf"({_NUM})\s*%", r"\1퍼센트"),
    (rf"({_NUM})\s*[~〜]\s*", r"\1에서 "),
    (r"(?<![\d.])-(\d)", r"마이너스 \1"),
    # espeak-ng's Korean voice drops the decimal point: say it
    (r"(\d)\.(\d)", r"\1 점 \2"),
    # a telephone number digit by digit
    (
        r"(?<!\d)(0\d{1,2})-(\d{3,4})-(\d{4})(?!\d)",
        lambda m: " ".join(_digit_words(part) for part in m.groups()),
    ),
    # every figure in words, as an announcer reads it (십팔만 이천이백육십일 명)
    (
        r"(점 )?(?<![\d.])(\d[\d,]*\d|\d)(?!\d)(\s*)"
        r"(?=(시|명|건|개|대|살|마리|곳|가지|월)?)",
        _number_words,
    ),
)


class Korean(Locale):
    def large_number(self, value: float, decimals: int = 0) -> str:
        """A figure as Korean news writes it: 18만 173, 1,234, 16.6."""
        rounded = round(value, decimals)
        if decimals == 0 and abs(rounded) >= 10_000:
            sign = "-" if rounded < 0 else ""
            man, rest = divmod(int(abs(rounded)), 10_000)
            return f"{sign}{man:,}만" + (f" {rest:,}" if rest else "")
        return self.number(value, decimals)

    def long_date(self, day: dt.date) -> str:
        return f"{day.year}. {day.month}. {day.day}.({WEEKDAYS[day.weekday()]})"

    def spoken_time(self, moment: dt.datetime | dt.time) -> str:
        period = "오전" if moment.hour < 12 else "오후"
        minutes = f" {moment.minute}분" if moment.minute else ""
        return f"{period} {moment.hour % 12 or 12}시{minutes}"

    def particle(self, word: str, pair: str) -> str:
        return josa(word, pair)

    def sentence(self, text: str) -> str:
        return text

    def initials(self, name: str) -> str:
        return chosung(name)


LOCALE = Korean(
    code="ko",
    name="한국어",
    html_lang="ko",
    weekdays=WEEKDAYS,
    date_pattern="{Y}. {MM}. {DD}.({W})",
    month_pattern="{Y}년 {M}월",
    voices={"espeak": "ko", "gtts": "ko"},
    letter_pad=PAD,
    writing_style=(
        "Write in Korean, in the formal news register (하십시오체: -ㅂ니다/-습니다), "
        "with plain words and no commands. Write dates as 2026. 11. 26.(목) and "
        "times as 오전 8시. About {low}-{high} Korean syllables in all."
    ),
    reading_rate=5.5,
    spoken_rules=SPOKEN,
    phrases={
        "briefing.up": "늘었음",
        "briefing.down": "줄었음",
        "briefing.same": "같음",
        "go": "{d}미터 가세요.",
        "go.straight": "앞으로 {d}미터 가세요.",
        "go.left": "왼쪽으로 돌아 {d}미터 가세요.",
        "go.right": "오른쪽으로 돌아 {d}미터 가세요.",
        "go.back": "뒤로 돌아 {d}미터 가세요.",
        "exit.lift": "엘리베이터에서 내려 {then}",
        "exit.stairs": "계단에서 나와 {then}",
        "exit.bridge": "연결통로를 건넌 뒤 {then}",
        "arrive": "{room:은/는} {side}.",
        "side": "바로 여기에 있습니다",
        "side.left": "왼쪽에 있습니다",
        "side.right": "오른쪽에 있습니다",
        "side.straight": "정면에 있습니다",
        "side.back": "뒤쪽에 있습니다",
        "lift": "{lift:을/를} 타고 {floor:으로/로} 이동하세요.",
        "stairs.up": "{stairs:을/를} 이용해 {floor:으로/로} 올라가세요.",
        "stairs.down": "{stairs:을/를} 이용해 {floor:으로/로} 내려가세요.",
        "bridge": "{bridge:을/를} 건너 {place:으로/로} 가세요.",
        "closed": "{room:은/는} 지금 이용할 수 없습니다: {reason}.",
        "no_route": "{room:으로/로} 갈 수 있는 길이 없습니다.",
        "no_route.step_free": "{room:으로/로} 계단 없이 갈 수 있는 길이 없습니다.",
        "blamed": "{name}: {reason}.",
        "ask_desk": "안내 데스크에 문의해 주세요.",
        "since.day": "어제 같은 시각 대비",
        "since.week": "지난주 같은 시각 대비",
        "notice": "알림 {n}",
        "no_access": "출입 불가",
        "here": "현재 위치",
        "to_floor": "{floor:으로/로}",
    },
)
