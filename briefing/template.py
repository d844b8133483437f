"""The template writer: the embedded default, no network, deterministic.

It writes Korean (formal news register, 하십시오체) and English from the same
fact sheet. Each part of the briefing has a few phrasings; the day picks one
(a stable hash, so the same day and facts always give the same text, and the
briefing does not sound identical every morning). Every figure it states is
a fact's value at the tile's precision, so its text passes the number check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence

from kiosk_core.locales import locale

from .facts import Fact, FactSheet
from .writer import Draft, Sentence

_HANGUL = re.compile("[가-힣]")
_HANDLED = {
    "temperature",
    "humidity",
    "wind_speed",
    "pm10",
    "pm25",
    "population",
    "households",
    "queue_waiting",
    "applications_today",
    "parking_free",
    # read out below / meaningless once recorded (bus arrival countdowns)
    "notices_count",
}
_EN_UNITS = {
    "명": "people",
    "세대": "households",
    "건": "cases",
    "면": "spaces",
    "분": "minutes",
    "℃": "°C",
    "도": "°C",
}
_KO = locale("ko")
_EN = locale("en")
josa = _KO.particle


def ko_date(day: dt.date) -> str:
    """2026. 11. 26.(목)"""
    return _KO.long_date(day)


def en_date(day: dt.date) -> str:
    """Thursday, 26 November 2026"""
    return _EN.long_date(day)


def ko_time(moment: dt.datetime) -> str:
    """오전 8시, 오후 2시 5분"""
    return _KO.spoken_time(moment)


def en_time(moment: dt.datetime) -> str:
    """8:00 a.m., 2:05 p.m."""
    return _EN.spoken_time(moment)


def ko_number(value: float, decimals: int) -> str:
    """A value as Korean news writes it: 18만 173, 1,234, 16.6."""
    return _KO.large_number(value, decimals)


def en_number(value: float, decimals: int) -> str:
    """A value with thousands commas at the tile's precision."""
    return _EN.number(value, decimals)


def _pick(sheet: FactSheet, slot: str, count: int) -> int:
    digest = hashlib.blake2b(
        f"{sheet.day.isoformat()}:{slot}".encode(), digest_size=4
    ).digest()
    return int.from_bytes(digest, "big") % count


def _zero(fact: Fact) -> bool:
    return fact.value is not None and round(fact.value, fact.decimals) == 0


class _Writer:
    """Shared walk over the facts; subclasses hold the wording."""

    language = "ko"

    def __init__(self, sheet: FactSheet):
        self.sheet = sheet
        self.sentences: list[Sentence] = []

    def say(self, text: str, *facts: Fact | None) -> None:
        self.sentences.append(Sentence(text, tuple(f.id for f in facts if f)))

    def pick(self, slot: str, *variants: str) -> str:
        return variants[_pick(self.sheet, slot, len(variants))]

    def field(self, name: str) -> Fact | None:
        fact = self.sheet.by_field(name)
        return fact if fact is not None and fact.usable else None

    def month(self, fact: Fact) -> str | None:
        """The month of monthly figures as this language writes it (2026년 10월)."""
        return locale(self.language).year_month(fact.month) if fact.month else None

    def run(self) -> list[Sentence]:
        steps: Sequence[Callable[[], None]] = (
            self.opening,
            self.weather,
            self.air,
            self.civil_service,
            self.population,
            self.parking,
            self.others,
            self.unavailable,
            self.notices,
            self.closing,
        )
        for step in steps:
            step()
        return self.sentences

    def others(self) -> None:
        for fact in self.sheet.facts:
            if (
                fact.kind == "value"
                and fact.field not in _HANDLED
                and fact.usable
                and not fact.field.startswith("bus_")
            ):
                self.generic(fact)

    def unusable(self) -> list[Fact]:
        """The figures that cannot be reported now (not fresh). A fresh
        reading written only in another language ("운행 종료") is left out,
        not called unavailable."""
        return [f for f in self.sheet.facts if f.kind == "value" and not f.usable]

    def value(self, fact: Fact) -> str:
        raise NotImplementedError

    def opening(self) -> None: ...
    def weather(self) -> None: ...
    def air(self) -> None: ...
    def civil_service(self) -> None: ...
    def population(self) -> None: ...
    def parking(self) -> None: ...
    def generic(self, fact: Fact) -> None: ...
    def unavailable(self) -> None: ...
    def notices(self) -> None: ...
    def closing(self) -> None: ...


class _Korean(_Writer):
    language = "ko"

    def value(self, fact: Fact) -> str:
        assert fact.value is not None
        if fact.unit == "℃":
            number = ko_number(abs(fact.value), fact.decimals)
            return f"영하 {number}도" if fact.value < 0 else f"{number}도"
        return ko_number(fact.value, fact.decimals) + fact.unit

    def opening(self) -> None:
        date = ko_date(self.sheet.day)
        self.say(
            self.pick(
                "open",
                f"{date} 아침, 서산시 오늘의 브리핑을 전해 드립니다.",
                f"안녕하십니까. {date} 서산시청이 전하는 오늘의 소식입니다.",
                f"{date}, 서산시의 하루를 여는 브리핑입니다.",
            )
        )

    def weather(self) -> None:
        temp = self.field("temperature")
        if temp is not None and temp.as_of is not None:
            t, when = self.value(temp), ko_time(self.sheet.local(temp.as_of))
            self.say(
                self.pick(
                    "temp",
                    f"{when} 기준 서산의 기온은 {t}입니다.",
                    f"현재 서산의 기온은 {josa(t, '으로/로')}, "
                    f"{when}에 측정한 값입니다.",
                    f"{when} 현재 서산의 기온은 {josa(t, '을/를')} 기록하고 있습니다.",
                ),
                temp,
            )
            change = self.sheet.change(temp.id, "day")
            if change is not None and change.value is not None:
                diff = ko_number(abs(change.value), change.decimals)
                if _zero(change):
                    self.say("어제 같은 시각과 비슷한 기온입니다.", change)
                else:
                    word = "높습니다" if change.value > 0 else "낮습니다"
                    self.say(
                        self.pick(
                            "temp-day",
                            f"어제 같은 시각보다 {diff}도 {word}.",
                            f"어제 이맘때와 비교하면 {diff}도 {word}.",
                        ),
                        change,
                    )
        humidity, wind = self.field("humidity"), self.field("wind_speed")
        if humidity is not None and wind is not None and wind.value is not None:
            speed = ko_number(wind.value, wind.decimals)
            self.say(
                self.pick(
                    "wind",
                    f"습도는 {self.value(humidity)}, 바람은 초속 {speed}미터로 "
                    "불고 있습니다.",
                    f"바람은 초속 {speed}미터이며, "
                    f"습도는 {self.value(humidity)}입니다.",
                ),
                humidity,
                wind,
            )
        elif humidity is not None:
            self.say(f"습도는 {self.value(humidity)}입니다.", humidity)
        elif wind is not None and wind.value is not None:
            speed = ko_number(wind.value, wind.decimals)
            self.say(f"바람은 초속 {speed}미터로 불고 있습니다.", wind)

    def air(self) -> None:
        pm10, pm25 = self.field("pm10"), self.field("pm25")
        parts = [(f, f.grade("ko")) for f in (pm10, pm25) if f is not None]
        if not parts:
            return
        if len(parts) == 2 and pm10 is not None and pm25 is not None:
            g10, g25 = pm10.grade("ko"), pm25.grade("ko")
            first = f"{josa(pm10.label('ko'), '은/는')} {self.value(pm10)}"
            second = f"{josa(pm25.label('ko'), '은/는')} {self.value(pm25)}"
            if g10 and g25:
                level = f"모두 {g10}" if g10 == g25 else f"각각 {g10}, {g25}"
                lead = self.pick("air", "", "대기 상태를 보면 ")
                self.say(
                    f"{lead}{first}, {josa(second, '으로/로')} {level} 수준입니다.",
                    pm10,
                    pm25,
                )
            else:
                self.say(f"{first}, {second}입니다.", pm10, pm25)
        else:
            fact, grade = parts[0]
            shown = f"{josa(fact.label('ko'), '은/는')} {self.value(fact)}"
            if grade:
                self.say(f"{josa(shown, '으로/로')} {grade} 수준입니다.", fact)
            else:
                self.say(f"{shown}입니다.", fact)
        grades = {g for _, g in parts if g}
        if grades & {"나쁨", "매우나쁨"}:
            self.say("외출하실 때에는 마스크를 착용하시는 것이 좋겠습니다.")
        elif grades == {"좋음"}:
            self.say("야외 활동을 하기에 좋은 공기입니다.")

    def civil_service(self) -> None:
        waiting, done = self.field("queue_waiting"), self.field("applications_today")
        if waiting is not None and waiting.value is not None:
            if _zero(waiting):
                self.say("민원실에는 지금 순서를 기다리는 분이 없습니다.", waiting)
            else:
                self.say(
                    self.pick(
                        "queue",
                        f"민원실에서는 현재 {self.value(waiting)}이 순서를 "
                        "기다리고 있습니다.",
                        f"지금 민원실 대기 인원은 {self.value(waiting)}입니다.",
                    ),
                    waiting,
                )
        if done is not None and done.value is not None:
            if _zero(done):
                self.say("오늘 처리된 민원은 아직 없습니다.", done)
            else:
                self.say(
                    self.pick(
                        "done",
                        f"오늘 처리된 민원은 지금까지 {self.value(done)}입니다.",
                        f"오늘 하루 지금까지 {josa(self.value(done), '이/가')} "
                        "처리되었습니다.",
                    ),
                    done,
                )

    def population(self) -> None:
        people, homes = self.field("population"), self.field("households")
        month = self.month(people) if people is not None else None
        if people is not None and homes is not None and month:
            self.say(
                f"{month} 기준 서산시 인구는 {self.value(people)}이며, 세대 수는 "
                f"{self.value(homes)}입니다.",
                people,
                homes,
            )
        elif people is not None and homes is not None:
            self.say(
                self.pick(
                    "pop",
                    f"서산시 인구는 {self.value(people)}이며, 세대 수는 "
                    f"{self.value(homes)}입니다.",
                    f"현재 서산시에는 {self.value(homes)}, "
                    f"{josa(self.value(people), '이/가')} 살고 있습니다.",
                ),
                people,
                homes,
            )
        elif people is not None:
            when = f"{month} 기준 " if month else ""
            self.say(f"{when}서산시 인구는 {self.value(people)}입니다.", people)
        pairs = ((people, "인구는"), (homes, "세대 수는"))
        changes = [
            (c, noun)
            for fact, noun in pairs
            if fact
            and (c := self.sheet.change(fact.id, "week")) is not None
            and c.value is not None
            and not _zero(c)
        ]
        signs = {(c.value or 0) > 0 for c, _ in changes}
        if len(changes) == 2 and len(signs) == 1:
            word = "늘었습니다" if signs == {True} else "줄었습니다"
            amounts = ", ".join(
                f"{noun} {ko_number(abs(c.value or 0), c.decimals)}{c.unit}"
                for c, noun in changes
            )
            self.say(
                f"지난주 같은 시각과 비교하면 {amounts} {word}.",
                *(c for c, _ in changes),
            )
            return
        for change, noun in changes:
            word = "늘었습니다" if (change.value or 0) > 0 else "줄었습니다"
            amount = ko_number(abs(change.value or 0), change.decimals) + change.unit
            self.say(f"{noun} 지난주 같은 시각보다 {amount} {word}.", change)

    def parking(self) -> None:
        free = self.field("parking_free")
        if free is None or free.value is None:
            return
        if _zero(free):
            self.say(
                "시청 주차장에는 지금 빈자리가 없어 대중교통 이용을 권해 드립니다.",
                free,
            )
        else:
            self.say(
                self.pick(
                    "park",
                    f"시청 주차장에는 현재 {josa(self.value(free), '이/가')} "
                    "비어 있습니다.",
                    f"시청 주차장의 빈자리는 지금 {self.value(free)}입니다.",
                ),
                free,
            )

    def generic(self, fact: Fact) -> None:
        text = fact.text("ko")
        if fact.value is not None:
            shown = self.value(fact)
        elif text:
            shown = text
        else:
            return
        month = self.month(fact)
        when = f"{month} 기준 " if month else ""
        self.say(f"{when}{josa(fact.label('ko'), '은/는')} {shown}입니다.", fact)

    def unavailable(self) -> None:
        missing = self.unusable()
        if missing:
            names = ", ".join(f.label("ko") for f in missing)
            self.say(f"{names} 정보는 지금 확인할 수 없습니다.", *missing)

    def notices(self) -> None:
        notices = self.sheet.notices()
        if not notices:
            return
        self.say(
            self.pick(
                "notices", "오늘의 알림을 전해 드립니다.", "이어서 시청 알림입니다."
            )
        )
        for notice in notices:
            self.say((notice.text("ko") or "").strip(), notice)

    def closing(self) -> None:
        sources = sorted(
            {
                f.source
                for f in self.sheet.facts
                if f.kind != "notice" and f.usable and f.source
            }
        )
        if sources:
            self.say(f"이 브리핑의 수치는 {', '.join(sources)} 자료입니다.")
        self.say(
            self.pick(
                "close",
                "이상으로 오늘의 브리핑을 마칩니다. "
                "오늘도 좋은 하루 보내시기 바랍니다.",
                "지금까지 서산시 오늘의 브리핑이었습니다. 감사합니다.",
                "오늘 브리핑은 여기까지입니다. 편안한 하루 되시기 바랍니다.",
            )
        )


class _English(_Writer):
    language = "en"

    def value(self, fact: Fact) -> str:
        assert fact.value is not None
        number = en_number(fact.value, fact.decimals)
        unit = fact.unit_in("en") if fact.units else _EN_UNITS.get(fact.unit, fact.unit)
        if fact.unit == "번":
            return f"number {number}"
        if unit in ("%",):
            return number + unit
        return f"{number} {unit}".strip()

    def opening(self) -> None:
        date = en_date(self.sheet.day)
        self.say(
            self.pick(
                "open",
                f"Good morning. This is the Seosan City briefing for {date}.",
                f"Here is Seosan City Hall's briefing for {date}.",
                f"Welcome to the Seosan City briefing for {date}.",
            )
        )

    def weather(self) -> None:
        temp = self.field("temperature")
        if temp is not None and temp.as_of is not None:
            t, when = self.value(temp), en_time(self.sheet.local(temp.as_of))
            self.say(
                self.pick(
                    "temp",
                    f"As of {when}, the temperature in Seosan is {t}.",
                    f"The temperature in Seosan, measured at {when}, is {t}.",
                    f"At {when}, Seosan recorded a temperature of {t}.",
                ),
                temp,
            )
            change = self.sheet.change(temp.id, "day")
            if change is not None and change.value is not None:
                diff = en_number(abs(change.value), change.decimals)
                if _zero(change):
                    self.say("That is about the same as this time yesterday.", change)
                else:
                    word = "warmer" if change.value > 0 else "cooler"
                    self.say(
                        self.pick(
                            "temp-day",
                            f"That is {diff} °C {word} than "
                            "at the same time yesterday.",
                            "Compared with this time yesterday, "
                            f"it is {diff} °C {word}.",
                        ),
                        change,
                    )
        humidity, wind = self.field("humidity"), self.field("wind_speed")
        if humidity is not None and wind is not None:
            self.say(
                self.pick(
                    "wind",
                    f"Humidity is {self.value(humidity)}, with the wind at "
                    f"{self.value(wind)}.",
                    f"The wind is blowing at {self.value(wind)}, and humidity is "
                    f"{self.value(humidity)}.",
                ),
                humidity,
                wind,
            )
        elif humidity is not None:
            self.say(f"Humidity is {self.value(humidity)}.", humidity)
        elif wind is not None:
            self.say(f"The wind is blowing at {self.value(wind)}.", wind)

    def air(self) -> None:
        pm10, pm25 = self.field("pm10"), self.field("pm25")
        parts = [f for f in (pm10, pm25) if f is not None]
        if not parts:
            return
        clauses: list[str] = []
        for fact in parts:
            grade = fact.grade("en")
            rated = f", rated {grade.lower()}" if grade else ""
            label = (
                fact.label("en")
                if not clauses
                else (fact.label("en")[:1].lower() + fact.label("en")[1:])
            )
            clauses.append(f"{label} is at {self.value(fact)}{rated}")
        lead = self.pick("air", "", "As for the air, ")
        graded = any(f.grade("en") for f in parts)
        text = "; ".join(clauses) if graded else " and ".join(clauses)
        self.say(f"{lead}{text[0].lower() if lead else text[0]}{text[1:]}.", *parts)
        grades = {f.grade("ko") for f in parts if f.grade("ko")}
        if grades & {"나쁨", "매우나쁨"}:
            self.say("Wearing a mask outdoors is advised today.")
        elif grades == {"좋음"}:
            self.say("The air is good for outdoor activities.")

    def civil_service(self) -> None:
        waiting, done = self.field("queue_waiting"), self.field("applications_today")
        if waiting is not None and waiting.value is not None:
            if _zero(waiting):
                self.say(
                    "No one is waiting at the civil-service hall right now.", waiting
                )
            else:
                self.say(
                    self.pick(
                        "queue",
                        f"Right now, {self.value(waiting)} are waiting at the "
                        "civil-service hall.",
                        f"The civil-service hall has {self.value(waiting)} waiting.",
                    ),
                    waiting,
                )
        if done is not None and done.value is not None:
            count = en_number(done.value, done.decimals)
            if _zero(done):
                self.say("No applications have been handled yet today.", done)
            else:
                self.say(
                    self.pick(
                        "done",
                        f"So far today, {count} applications have been handled.",
                        f"The hall has handled {count} applications so far today.",
                    ),
                    done,
                )

    def population(self) -> None:
        people, homes = self.field("population"), self.field("households")
        month = self.month(people) if people is not None else None
        if people is not None and people.value is not None and month:
            count = en_number(people.value, people.decimals)
            homes_said = (
                f", in {en_number(homes.value, homes.decimals)} households"
                if homes is not None and homes.value is not None
                else ""
            )
            self.say(
                f"As of {month}, Seosan had a population of {count}{homes_said}.",
                people,
                *([homes] if homes_said else []),
            )
        elif people is not None and people.value is not None:
            count = en_number(people.value, people.decimals)
            if homes is not None and homes.value is not None:
                self.say(
                    self.pick(
                        "pop",
                        f"Seosan has a population of {count}, in "
                        f"{en_number(homes.value, homes.decimals)} households.",
                        f"{count} people live in Seosan, in "
                        f"{en_number(homes.value, homes.decimals)} households.",
                    ),
                    people,
                    homes,
                )
            else:
                self.say(f"Seosan has a population of {count}.", people)
        for fact, noun in ((people, "population"), (homes, "number of households")):
            change = self.sheet.change(fact.id, "week") if fact else None
            if change is None or change.value is None or _zero(change):
                continue
            word = "up" if change.value > 0 else "down"
            amount = en_number(abs(change.value), change.decimals)
            self.say(
                f"The {noun} is {word} {amount} on the same time last week.", change
            )

    def parking(self) -> None:
        free = self.field("parking_free")
        if free is None or free.value is None:
            return
        if _zero(free):
            self.say(
                "The City Hall car park is full; public transport is recommended.", free
            )
        else:
            count = en_number(free.value, free.decimals)
            self.say(
                self.pick(
                    "park",
                    f"There are {count} free parking spaces at City Hall.",
                    f"The City Hall car park has {count} free spaces.",
                ),
                free,
            )

    def generic(self, fact: Fact) -> None:
        text = fact.text("en")
        if fact.value is None and not text:
            return
        month = self.month(fact)
        label = f"{fact.label('en')} ({month})" if month else fact.label("en")
        joint = " " if ":" in label else ": "
        shown = self.value(fact) if fact.value is not None else text
        self.say(f"{label}{joint}{shown}.", fact)

    def unavailable(self) -> None:
        missing = self.unusable()
        if missing:
            names = ", ".join(f.label("en") for f in missing)
            self.say(f"Figures for {names} are not available right now.", *missing)

    def notices(self) -> None:
        notices = self.sheet.notices()
        if not notices:
            return
        self.say(
            self.pick(
                "notices", "Here are today's notices.", "Next, notices from City Hall."
            )
        )
        for notice in notices:
            self.say((notice.text("en") or "").strip(), notice)

    def closing(self) -> None:
        self.say(
            self.pick(
                "close",
                "That is all for today's briefing. Have a good day.",
                "That was today's Seosan City briefing. Thank you for listening.",
                "This concludes today's briefing. We wish you a pleasant day.",
            )
        )


class _Phrased(_Writer):
    """Any other language, from the ``briefing.*`` phrases of its locale: one
    plain sentence per figure (with its grade), the unavailable ones, the
    notices. Figures are written by the locale (182.261 in Vietnamese)."""

    def __init__(self, sheet: FactSheet, language: str):
        super().__init__(sheet)
        self.language = language
        self.locale = locale(language)

    def phrase(self, key: str, **slots: object) -> str:
        return self.locale.phrase(f"briefing.{key}", **slots)

    def value(self, fact: Fact) -> str:
        assert fact.value is not None
        number = self.locale.number(fact.value, fact.decimals)
        unit = fact.unit_in(self.language)
        if fact.units is None and _HANGUL.search(unit):
            unit = ""  # a source's Korean unit word (번) means nothing here
        gap = "" if unit in ("%", "℃") else self.locale.unit_gap
        return f"{number}{gap}{unit}".strip()

    def opening(self) -> None:
        self.say(self.phrase("opening", date=self.locale.long_date(self.sheet.day)))

    def figure(self, fact: Fact) -> None:
        month = self.month(fact)
        aside = self.locale.aside.format(month) if month else ""
        label = fact.label(self.language) + aside
        grade = fact.grade(self.language)
        if fact.value is not None and grade:
            sentence = self.phrase(
                "value_graded", label=label, value=self.value(fact), grade=grade
            )
        elif fact.value is not None:
            sentence = self.phrase("value", label=label, value=self.value(fact))
        elif fact.text(self.language):
            sentence = self.phrase("text", label=label, text=fact.text(self.language))
        else:
            return
        self.say(sentence, fact)

    def run(self) -> list[Sentence]:
        self.opening()
        for fact in self.sheet.facts:
            if (
                fact.kind == "value"
                and fact.usable
                and fact.field != "notices_count"
                and not fact.field.startswith("bus_")
            ):
                self.figure(fact)
        self.unavailable()
        self.notices()
        self.say(self.phrase("closing"))
        return self.sentences

    def unavailable(self) -> None:
        missing = self.unusable()
        if missing:
            gap = self.phrase("list_gap")
            names = gap.join(f.label(self.language) for f in missing)
            self.say(self.phrase("unavailable", labels=names), *missing)

    def notices(self) -> None:
        notices = self.sheet.notices()
        if notices:
            self.say(self.phrase("notices"))
        for notice in notices:
            self.say((notice.text(self.language) or "").strip(), notice)


def _writer_for(sheet: FactSheet, language: str) -> _Writer:
    if language == "ko":
        return _Korean(sheet)
    if language == "en":
        return _English(sheet)
    return _Phrased(sheet, language)


def written_figure(sheet: FactSheet, fact: Fact, language: str) -> str:
    """A fact's figure with its unit as the template writes it in ``language``
    (18만 2,261명, 16.6℃, 182,261 people); a change's without its sign (the
    words say which way)."""
    assert fact.value is not None
    if fact.kind == "change":
        fact = dataclasses.replace(fact, value=abs(fact.value))
    return _writer_for(sheet, language).value(fact)


class TemplateWriter:
    """Deterministic briefings from the fact sheet, offline: hand-written
    Korean and English with a few phrasings each, and every other language
    from its locale's phrases."""

    def write(self, sheet: FactSheet, language: str) -> Draft:
        """A briefing in ``language``."""
        writer = _writer_for(sheet, language)
        if isinstance(writer, _Phrased):
            title = writer.phrase("title", date=writer.locale.long_date(sheet.day))
        elif language == "ko":
            title = f"{ko_date(sheet.day)} 서산시 브리핑"
        else:
            title = f"Seosan City briefing, {en_date(sheet.day)}"
        sentences = [s for s in writer.run() if s.text]
        return Draft(language, title, tuple(sentences))
