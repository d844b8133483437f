"""Simplified Chinese (中文)."""

from __future__ import annotations

import datetime as dt

from .base import Locale

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


# units in words and figures without group marks, for every engine alike
SPOKEN = (
    (r"(?<=\d),(?=\d{3})", ""),  # 180,173 -> 180173
    (r"\s*(?:℃|°\s*C)", "摄氏度"),
    (r"\s*(?:㎍/㎥|[µμ]g/m³)", "微克每立方米"),
    (r"\s*m/s", "米每秒"),
    (r"(\d[\d,.]*)\s*%", r"百分之\1"),
    (r"(?<![\d.])-(\d)", r"零下\1"),
)


class Chinese(Locale):
    def spoken_time(self, moment: dt.datetime | dt.time) -> str:
        period = "上午" if moment.hour < 12 else "下午"
        minutes = f"{moment.minute}分" if moment.minute else ""
        return f"{period}{moment.hour % 12 or 12}点{minutes}"

    def month_day(self, day: dt.date) -> str:
        return f"{day.month}月{day.day}日"

    def sentence(self, text: str) -> str:
        return text

    def initials(self, name: str) -> str:
        return ""  # no letter pad: the directory offers a list instead


LOCALE = Chinese(
    code="zh",
    name="中文",
    html_lang="zh-Hans",
    weekdays=WEEKDAYS,
    date_pattern="{Y}年{M}月{D}日 {W}",
    month_pattern="{Y}年{M}月",
    aside="（{}）",
    voices={"espeak": "cmn", "gtts": "zh-CN"},
    letter_pad=(),
    sentence_gap="",
    unit_gap="",
    writing_style=(
        "Write in Simplified Chinese, in a formal news register, with plain words "
        "and no commands. Write dates as 2026年11月26日 and times as 上午8点. "
        "About {low}-{high} Chinese characters in all."
    ),
    reading_rate=4.0,
    spoken_rules=SPOKEN,
    phrases={
        "go": "步行{d}米。",
        "go.straight": "直走{d}米。",
        "go.left": "左转后步行{d}米。",
        "go.right": "右转后步行{d}米。",
        "go.back": "向后转，步行{d}米。",
        "exit.lift": "出电梯后，{then}",
        "exit.stairs": "出楼梯后，{then}",
        "exit.bridge": "过连廊后，{then}",
        "arrive": "{room}{side}。",
        "side": "就在这里",
        "side.left": "在您的左侧",
        "side.right": "在您的右侧",
        "side.straight": "在您的正前方",
        "side.back": "在您的身后",
        "lift": "乘坐{lift}前往{floor}。",
        "stairs.up": "走{stairs}上到{floor}。",
        "stairs.down": "走{stairs}下到{floor}。",
        "bridge": "经{bridge}前往{place}。",
        "closed": "{room}暂停使用：{reason}。",
        "no_route": "没有通往{room}的路线。",
        "no_route.step_free": "没有通往{room}的无台阶路线。",
        "blamed": "{name}：{reason}。",
        "ask_desk": "请到咨询台咨询。",
        "briefing.up": "增加",
        "briefing.down": "减少",
        "briefing.same": "持平",
        "briefing.title": "{date} 瑞山市简报",
        "briefing.opening": "{date}，瑞山市今日简报。",
        "briefing.value": "{label}为{value}。",
        "briefing.value_graded": "{label}为{value}，等级为{grade}。",
        "briefing.text": "{label}：{text}。",
        "briefing.unavailable": "{labels}的数据暂时无法提供。",
        "briefing.list_gap": "、",
        "briefing.notices": "以下是今日通知。",
        "briefing.closing": "今日简报到此结束，祝您度过愉快的一天。",
        "since.day": "与昨天同一时间相比",
        "since.week": "与上周同一时间相比",
        "notice": "通知{n}",
        "no_access": "禁止通行",
        "here": "您的位置",
        "to_floor": "前往{floor}",
    },
)
