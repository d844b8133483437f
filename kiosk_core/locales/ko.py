"""Korean (한국어): the kiosk's first language."""

from __future__ import annotations

import datetime as dt

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
    },
)
