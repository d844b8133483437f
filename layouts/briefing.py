"""The briefing screen: play it, read along, see the figures behind it.

The audio element carries no controls of its own: large buttons drive it
(assets/kiosk.js), and the subtitle being spoken is highlighted from each
sentence's start and end time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dash import html

from briefing.archive import stored_fact_words

from . import ids
from .attrs import attrs
from .header import date_text
from .navigation import NavButton
from .settings import ScreenConfig


def _as_of(text: str | None, zone: ZoneInfo) -> str:
    if not text:
        return ""
    try:
        return f"{dt.datetime.fromisoformat(text).astimezone(zone):%m-%d %H:%M}"
    except ValueError:
        return ""


def _fact_row(fact: dict, lang: str, zone: ZoneInfo) -> html.Tr:
    words = stored_fact_words(fact, lang)
    label = words["label"] or fact.get("id", "")
    if fact.get("state") == "stale":
        value = "-"
    elif fact.get("shown") is not None:
        value = f"{fact['shown']} {words['unit'] or ''}".strip()
    else:
        value = words["text"] or ""
    return html.Tr(
        [
            html.Td(label),
            html.Td(value, className="fact-value"),
            html.Td(_as_of(fact.get("as_of"), zone)),
            html.Td(fact.get("source", "")),
        ]
    )


def _controls(
    config: ScreenConfig, audio_url: str | None, lang: str
) -> html.Div | html.P:
    labels = config.labels
    briefing = config.briefing
    if audio_url is None:
        return html.P(labels.subtitles_only.get(lang), className="subtitles-only")
    return html.Div(
        className="briefing-controls",
        children=[
            html.Audio(
                id=ids.BRIEFING_AUDIO,
                src=audio_url,
                preload="auto",
                muted=briefing.muted,
            ),
            html.Button(
                labels.play.get(lang),
                id=ids.BRIEFING_PLAY,
                n_clicks=0,
                className="kiosk-button play-button",
                **attrs(
                    {
                        "data-play": labels.play.get(lang),
                        "data-pause": labels.pause.get(lang),
                    }
                ),
            ),
            html.Div(
                [
                    html.Button(
                        "−",
                        className="kiosk-button volume-button",
                        **attrs({"data-volume": "-0.2", "aria-label": "volume down"}),
                    ),
                    html.Span(labels.volume.get(lang), className="volume-label"),
                    html.Button(
                        "+",
                        className="kiosk-button volume-button",
                        **attrs({"data-volume": "0.2", "aria-label": "volume up"}),
                    ),
                ],
                className="volume",
            ),
            html.Span(
                "",
                className="autoplay-countdown",
                **attrs(
                    {
                        "data-times": ",".join(briefing.autoplay_times),
                        "data-tz": config.site.timezone,
                        "data-label": labels.next_autoplay.get(lang),
                    }
                ),
            ),
        ],
    )


def BriefingPage(
    config: ScreenConfig,
    record: dict | None,
    audio_url: str | None,
    past: list[str],
    lang: str,
) -> html.Div:
    """The briefing of one day (``record``), or a calm note when there is none yet."""
    labels = config.labels
    zone = ZoneInfo(config.site.timezone)
    actions = html.Div(
        NavButton("home", labels.home, lang, "home-button"), className="page-actions"
    )
    if record is None:
        return html.Div(
            className="briefing",
            children=[
                html.H2(labels.briefing.get(lang), className="section-title"),
                html.P(labels.no_briefing.get(lang), className="placeholder-text"),
                actions,
            ],
        )
    writer = record.get("writer", {}).get("name")
    written = labels.written_by_ai if writer == "openai" else labels.written_by_template
    subtitles = html.Ol(
        [
            html.Li(
                s["text"],
                className="subtitle",
                **attrs(
                    {
                        "data-start": str(s.get("start") or 0),
                        "data-end": str(s.get("end") or 0),
                    }
                ),
            )
            for s in record.get("sentences", [])
        ],
        className="subtitles",
    )
    facts = html.Table(
        [
            html.Tbody(
                [
                    _fact_row(f, lang, zone)
                    for f in record.get("facts", [])
                    if f.get("kind") != "notice"
                ]
            )
        ],
        className="facts",
    )
    days = html.Div(
        [
            html.Button(
                date_text(
                    dt.datetime.combine(dt.date.fromisoformat(day), dt.time()), lang
                ),
                id={"type": ids.BRIEFING_PICK, "value": day},
                n_clicks=0,
                className="choice-button"
                + (" selected" if day == record["day"] else ""),
            )
            for day in past
        ],
        className="choices past-days",
    )
    return html.Div(
        className="briefing",
        children=[
            html.Div(
                className="briefing-body",
                children=[
                    html.H2(
                        record.get("title", labels.briefing.get(lang)),
                        className="section-title",
                    ),
                    html.P(written.get(lang), className="briefing-meta"),
                    _controls(config, audio_url, lang),
                    subtitles,
                    html.H3(labels.facts_heading.get(lang), className="subheading"),
                    facts,
                    html.H3(labels.past_briefings.get(lang), className="subheading"),
                    days,
                ],
            ),
            actions,
        ],
    )
