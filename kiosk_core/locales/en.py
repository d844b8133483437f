"""English."""

from __future__ import annotations

import datetime as dt

from .base import Locale

# units, percentages and times in words, the same for every speech engine
SPOKEN = (
    (r"\s*(?:℃|°\s*C)", " degrees Celsius"),
    (r"\s*(?:㎍/㎥|[µμ]g/m³)", " micrograms per cubic metre"),
    (r"\s*m/s\b", " metres per second"),
    (r"(\d)\s*%", r"\1 percent"),
    (r"\b0?(\d{1,2}):00\s*(a\.m\.|p\.m\.)", r"\1 \2"),
    (r"\b0?(\d{1,2}):00\b", r"\1 o'clock"),
    (r"\b0?(\d{1,2}):(\d\d)\b", r"\1 \2"),
)


class English(Locale):
    def long_date(self, day: dt.date) -> str:
        return f"{day:%A}, {day.day} {day:%B %Y}"

    def spoken_time(self, moment: dt.datetime | dt.time) -> str:
        period = "a.m." if moment.hour < 12 else "p.m."
        return f"{moment.hour % 12 or 12}:{moment.minute:02d} {period}"


LOCALE = English(
    code="en",
    name="English",
    html_lang="en",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    months=(
        *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
        *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    ),
    voices={"espeak": "en-us", "gtts": "en"},
    writing_style=(
        "Write in plain, friendly, formal English. About {low}-{high} words in all."
    ),
    reading_rate=2.5,
    spoken_rules=SPOKEN,
    phrases={
        "briefing.up": "up",
        "briefing.down": "down",
        "briefing.same": "same",
        "go": "go {d} m.",
        "go.straight": "go straight ahead for {d} m.",
        "go.left": "turn left and go {d} m.",
        "go.right": "turn right and go {d} m.",
        "go.back": "turn around and go {d} m.",
        "exit.lift": "leave the lift, then {then}",
        "exit.stairs": "leave the stairs, then {then}",
        "exit.bridge": "after the bridge, {then}",
        "arrive": "{room} {side}.",
        "side": "is right here",
        "side.left": "is on your left",
        "side.right": "is on your right",
        "side.straight": "is straight ahead",
        "side.back": "is behind you",
        "lift": "take {lift} to {floor}.",
        "stairs.up": "take {stairs} up to {floor}.",
        "stairs.down": "take {stairs} down to {floor}.",
        "bridge": "cross the {bridge} to the {building}, {floor}.",
        "closed": "{room} is closed: {reason}.",
        "no_route": "No route to {room}.",
        "no_route.step_free": "No step-free route to {room}.",
        "blamed": "{name}: {reason}.",
        "ask_desk": "Please ask at the information desk.",
        "since.day": "change since the same time yesterday",
        "since.week": "change since the same time last week",
        "notice": "Notice {n}",
        "no_access": "no access",
        "here": "You are here",
        "to_floor": "to {floor}",
    },
)
