"""Vietnamese (Tiếng Việt)."""

from __future__ import annotations

import datetime as dt

from .base import Locale

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


# units in words and figures without group marks, for every engine alike
SPOKEN = (
    (r"(?<=\d)\.(?=\d{3})", ""),  # 180.173 -> 180173
    (r"\s*(?:℃|°\s*C)", " độ C"),
    (r"\s*(?:㎍/㎥|[µμ]g/m³)", " microgam trên mét khối"),
    (r"\s*m/s\b", " mét trên giây"),
    (r"(\d)\s*%", r"\1 phần trăm"),
    (r"(?<![\d.,])-(\d)", r"âm \1"),
)


class Vietnamese(Locale):
    def long_date(self, day: dt.date) -> str:
        weekday = WEEKDAYS[day.weekday()]
        return f"{weekday}, ngày {day.day} tháng {day.month} năm {day.year}"

    def spoken_time(self, moment: dt.datetime | dt.time) -> str:
        minutes = f" {moment.minute} phút" if moment.minute else ""
        return f"{moment.hour} giờ{minutes}"

    def month_day(self, day: dt.date) -> str:
        return f"{day.day}/{day.month}"


LOCALE = Vietnamese(
    code="vi",
    name="Tiếng Việt",
    html_lang="vi",
    weekdays=WEEKDAYS,
    date_pattern="{W}, {DD}/{MM}/{Y}",
    month_pattern="tháng {M}/{Y}",
    voices={"espeak": "vi", "gtts": "vi"},
    decimal_mark=",",
    group_mark=".",
    writing_style=(
        "Write in Vietnamese with full diacritics, formal and polite (address the "
        "listener as quý khách). Write dates as ngày 26 tháng 11 năm 2026 and "
        "figures as 182.261 and 16,6. About {low}-{high} words in all."
    ),
    reading_rate=2.8,
    spoken_rules=SPOKEN,
    phrases={
        "go": "đi {d} m.",
        "go.straight": "đi thẳng {d} m.",
        "go.left": "rẽ trái rồi đi {d} m.",
        "go.right": "rẽ phải rồi đi {d} m.",
        "go.back": "quay lại rồi đi {d} m.",
        "exit.lift": "ra khỏi thang máy, {then}",
        "exit.stairs": "ra khỏi cầu thang, {then}",
        "exit.bridge": "qua cầu nối, {then}",
        "arrive": "{room} {side}.",
        "side": "ở ngay đây",
        "side.left": "ở bên trái quý khách",
        "side.right": "ở bên phải quý khách",
        "side.straight": "ở ngay phía trước",
        "side.back": "ở phía sau quý khách",
        "lift": "đi {lift} đến {floor}.",
        "stairs.up": "đi {stairs} lên {floor}.",
        "stairs.down": "đi {stairs} xuống {floor}.",
        "bridge": "đi qua {bridge} sang {place}.",
        "closed": "{room} tạm thời không sử dụng được: {reason}.",
        "no_route": "Không có đường đến {room}.",
        "no_route.step_free": "Không có đường không bậc thang đến {room}.",
        "blamed": "{name}: {reason}.",
        "ask_desk": "Vui lòng hỏi tại quầy thông tin.",
        "briefing.up": "tăng",
        "briefing.down": "giảm",
        "briefing.same": "không đổi",
        "briefing.title": "Bản tin thành phố Seosan, {date}",
        "briefing.opening": "Bản tin hôm nay của thành phố Seosan, {date}.",
        "briefing.value": "{label}: {value}.",
        "briefing.value_graded": "{label}: {value}, mức {grade}.",
        "briefing.text": "{label}: {text}.",
        "briefing.unavailable": "Hiện chưa có số liệu về {labels}.",
        "briefing.list_gap": ", ",
        "briefing.notices": "Sau đây là các thông báo hôm nay.",
        "briefing.closing": (
            "Bản tin hôm nay đến đây là hết. Chúc quý khách một ngày tốt lành."
        ),
        "since.day": "so với cùng giờ hôm qua",
        "since.week": "so với cùng giờ tuần trước",
        "notice": "Thông báo {n}",
        "no_access": "không được vào",
        "here": "Quý khách đang ở đây",
        "to_floor": "đến {floor}",
    },
)
