"""The briefing screen: play it, read along, see the figures behind it.

The audio element carries no controls of its own: large buttons drive it
(assets/kiosk.js), and the subtitle being spoken is highlighted from each
sentence's start and end time. The play button is named for what it does
next ("재생" / "일시정지", swapped by assets/kiosk.js), which is how a screen
reader learns whether the briefing is playing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from dash import html

from briefing.archive import stored_fact_words
from kiosk_core.locales import locale

from . import ids
from .attrs import attrs
from .briefing_cards import FigureStage, figure_sets
from .header import ScreenTitle, date_text
from .navigation import NavButton
from .settings import ScreenConfig


def _as_of(text: str | None, zone: ZoneInfo) -> str:
    if not text:
        return ""
    try:
        return f"{dt.datetime.fromisoformat(text).astimezone(zone):%m-%d %H:%M}"
    except ValueError:
        return ""


def _fact_row(fact: dict, lang: str, zone: ZoneInfo, site_lang: str) -> html.Tr:
    """One figure: its name heads the row. Its source is named as the config
    writes it, in the site's first language (``site_lang``)."""
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
            html.Th(label, scope="row", className="fact-name"),
            html.Td(value, className="fact-value"),
            html.Td(_as_of(fact.get("as_of"), zone)),
            html.Td(
                fact.get("source", ""),
                lang=locale(site_lang).html_lang if site_lang != lang else None,
            ),
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
                        **attrs(
                            {
                                "data-volume": "-0.2",
                                "aria-label": labels.volume_down.get(lang),
                            }
                        ),
                    ),
                    html.Span(
                        labels.volume.get(lang),
                        id="kiosk-briefing-volume",
                        className="volume-label",
                    ),
                    html.Button(
                        "+",
                        className="kiosk-button volume-button",
                        **attrs(
                            {
                                "data-volume": "0.2",
                                "aria-label": labels.volume_up.get(lang),
                            }
                        ),
                    ),
                ],
                className="volume",
                role="group",
                **attrs({"aria-labelledby": "kiosk-briefing-volume"}),
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
    history: Mapping[str, Sequence[float]] | None = None,
) -> html.Div:
    """The briefing of one day (``record``), or a calm note when there is none yet.

    Above the subtitles, the figures the sentence being spoken cites appear as
    large cards (layouts/briefing_cards.py); ``history``: each tile's recent
    values by id, for their sparklines (empty for a past day)."""
    labels = config.labels
    zone = ZoneInfo(config.site.timezone)
    actions = html.Div(
        NavButton("home", labels.home, lang, "home-button"), className="page-actions"
    )
    if record is None:
        return html.Div(
            className="briefing",
            children=[
                ScreenTitle(labels.briefing.get(lang)),
                html.P(labels.no_briefing.get(lang), className="placeholder-text"),
                actions,
            ],
        )
    writer = record.get("writer", {}).get("name")
    written = labels.written_by_ai if writer == "openai" else labels.written_by_template
    figures = figure_sets(config, record, lang, history)
    cards = {
        i: str(index)
        for i, index in enumerate(figures.by_sentence)
        if index is not None
    }
    subtitles = html.Ol(
        **attrs({"aria-label": labels.subtitles.get(lang)}),
        children=[
            html.Li(
                s["text"],
                className="subtitle",
                **attrs(
                    {
                        "data-start": str(s.get("start") or 0),
                        "data-end": str(s.get("end") or 0),
                        **({"data-figures": cards[i]} if i in cards else {}),
                    }
                ),
            )
            for i, s in enumerate(record.get("sentences", []))
        ],
        className="subtitles",
    )
    head = html.Thead(
        html.Tr(
            [
                html.Th(labels.fact_item.get(lang), scope="col"),
                html.Th(labels.fact_value.get(lang), scope="col"),
                html.Th(labels.fact_time.get(lang), scope="col"),
                html.Th(labels.source.get(lang), scope="col"),
            ]
        )
    )
    facts = html.Table(
        [
            # the table's name; the heading above it is this caption
            html.Caption(
                html.H2(labels.facts_heading.get(lang), className="subheading")
            ),
            head,
            html.Tbody(
                [
                    _fact_row(f, lang, zone, config.site.languages[0])
                    for f in record.get("facts", [])
                    if f.get("kind") != "notice"
                ]
            ),
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
                **attrs({"aria-pressed": "true" if day == record["day"] else "false"}),
            )
            for day in past
        ],
        className="choices past-days",
        role="group",
        **attrs({"aria-labelledby": "kiosk-briefing-past"}),
    )
    return html.Div(
        className="briefing",
        children=[
            html.Div(
                className="briefing-body"
                + (" with-figures" if figures.sets else "")
                + (" tap-subtitles" if audio_url is None else ""),
                children=[
                    ScreenTitle(record.get("title", labels.briefing.get(lang))),
                    html.P(written.get(lang), className="briefing-meta"),
                    _controls(config, audio_url, lang),
                    *(
                        [FigureStage(config, figures, lang, tap=audio_url is None)]
                        if figures.sets
                        else []
                    ),
                    subtitles,
                    facts,
                    html.H2(
                        labels.past_briefings.get(lang),
                        id="kiosk-briefing-past",
                        className="subheading",
                    ),
                    days,
                ],
            ),
            actions,
        ],
    )
