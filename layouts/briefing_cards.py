"""The briefing's figure cards: what the sentence being spoken cites, shown large.

Each sentence's cited facts (``fact_ids``) become a set of cards: a figure
(value with unit, grade word, its change, a sparkline of the tile's recent
history, source and as-of) or a notice. Sentences citing the same facts share
one set. Every set is drawn hidden; assets/kiosk.js shows the set of the
subtitle being spoken (``data-figures`` on both) and hides the others, so a
sentence citing nothing shows no card, never the previous sentence's figure.

Records stored before sentences cited facts, or citing ids the record does
not hold (a model's invention), simply have no cards. Everything from a record
is passed to Dash components as text: nothing in it can become markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dash import html

from briefing.archive import stored_fact_words
from kiosk_core.grades import grade_of
from kiosk_core.locales import locale

from .attrs import attrs
from .settings import Labels, ScreenConfig
from .sparkline import sparkline_uri

MAX_CARDS = 3  # cards shown at once for one sentence (the first it cites)


@dataclass(frozen=True)
class FigureCard:
    """One card: a figure or a notice, in words ready to show."""

    fact_id: str
    kind: Literal["figure", "notice"]
    label: str
    value: str | None = None  # the figure as the screen shows it ("182,261")
    unit: str = ""
    text: str | None = None  # a reading given as text, or the notice
    grade: str | None = None
    tone: str | None = None  # the grade's tone (good, moderate, bad...)
    change: str | None = None  # "어제보다 ▼ 2.0 ℃"
    spark: tuple[float, ...] = ()
    source: str = ""
    when: str | None = None  # "18:30 기준", "2026년 10월 기준"
    unavailable: bool = False


@dataclass(frozen=True)
class FigureSets:
    """The cards of a briefing: each sentence's set (None: it cites nothing
    that can be shown) and the distinct sets, in order of first use."""

    by_sentence: tuple[int | None, ...]
    sets: tuple[tuple[FigureCard, ...], ...]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _decimals(fact: Mapping[str, Any]) -> int:
    decimals = fact.get("decimals")
    return decimals if isinstance(decimals, int) and 0 <= decimals <= 6 else 0


def _when(
    fact: Mapping[str, Any], labels: Labels, lang: str, zone: ZoneInfo, day: str
) -> str | None:
    """The as-of wording: the month of monthly figures, else the time (with
    the date when it is not the briefing's day)."""
    month = _str(fact.get("month"))
    if month:
        try:
            first = dt.date.fromisoformat(f"{month}-01")
        except ValueError:
            return None
        shown = locale(lang).year_month(first)
        return labels.as_of_month.get(lang).replace("{month}", shown)
    as_of = _str(fact.get("as_of"))
    if not as_of:
        return None
    try:
        local = dt.datetime.fromisoformat(as_of).astimezone(zone)
    except ValueError:
        return None
    time = f"{local:%H:%M}"
    if local.date().isoformat() != day:
        time = f"{local.month}/{local.day} {time}"
    return labels.as_of.get(lang).replace("{time}", time)


def _change(
    change: Mapping[str, Any], unit: str, labels: Labels, lang: str
) -> str | None:
    """A change fact in words: "어제보다 ▼ 2.0 ℃"."""
    value = _number(change.get("value"))
    if value is None or change.get("state", "fresh") != "fresh":
        return None
    label = labels.delta_week if change.get("period") == "week" else labels.delta_day
    arrow = "▲" if value > 0 else "▼" if value < 0 else "–"
    amount = locale(lang).number(abs(value), _decimals(change))
    return f"{label.get(lang)} {arrow} {amount} {unit}".strip()


def _tone(config: ScreenConfig, fact: Mapping[str, Any]) -> str | None:
    """The tone of the fact's grade on its tile's scale (the word comes from
    the record, as it was said)."""
    value = _number(fact.get("value"))
    tile = next((t for t in config.tiles if t.id == fact.get("id")), None)
    if value is None or tile is None or tile.grade is None:
        return None
    step = grade_of(value, tile.grade.resolved())
    return step.tone if step is not None else None


def figure_card(
    config: ScreenConfig,
    fact: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]],
    lang: str,
    day: str,
    history: Mapping[str, Sequence[float]],
) -> FigureCard:
    """The card of one stored fact (with the changes of it the sentence cites)."""
    labels = config.labels
    zone = ZoneInfo(config.site.timezone)
    fact_id = str(fact.get("id", ""))
    words = stored_fact_words(dict(fact), lang)
    label = words["label"] or fact_id
    source = _str(fact.get("source")) or ""
    if fact.get("kind") == "notice":
        return FigureCard(fact_id, "notice", label, text=words["text"], source=source)
    if fact.get("state", "fresh") != "fresh":
        return FigureCard(fact_id, "figure", label, source=source, unavailable=True)
    unit = words["unit"] or ""
    value = _number(fact.get("value"))
    # as the language writes it (16,6 in Vietnamese), at the tile's precision
    shown = (
        locale(lang).number(value, _decimals(fact))
        if value is not None and fact.get("shown") is not None
        else None
    )
    if fact.get("kind") == "change" and value is not None and shown and value > 0:
        shown = "+" + shown  # cited without the figure it changes
    grade = words["grade"] if shown else None
    return FigureCard(
        fact_id,
        "figure",
        label,
        value=shown,
        unit=unit if shown else "",
        text=None if shown else words["text"],
        grade=grade,
        tone=_tone(config, fact) if grade else None,
        change=next(
            (c for c in (_change(x, unit, labels, lang) for x in changes) if c), None
        ),
        spark=tuple(history.get(fact_id, ())),
        source=source,
        when=_when(fact, labels, lang, zone, day),
    )


def _cited(
    fact_ids: Any, facts: Mapping[str, Mapping[str, Any]]
) -> dict[str, tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    """A sentence's cards by fact id: each cited fact, a change folded into
    the card of the figure it changes when the record holds that figure."""
    cards: dict[str, tuple[Mapping[str, Any], list[Mapping[str, Any]]]] = {}
    if not isinstance(fact_ids, list):
        return cards
    for fact_id in fact_ids:
        fact = facts.get(fact_id) if isinstance(fact_id, str) else None
        if fact is None:
            continue
        base = fact.get("base")
        if fact.get("kind") == "change" and isinstance(base, str) and base in facts:
            cards.setdefault(base, (facts[base], []))[1].append(fact)
        else:
            cards.setdefault(fact_id, (fact, []))
    return cards


def figure_sets(
    config: ScreenConfig,
    record: Mapping[str, Any],
    lang: str,
    history: Mapping[str, Sequence[float]] | None = None,
) -> FigureSets:
    """Each sentence's cards (see ``FigureSets``). ``history``: the recent
    values of each tile by id, for sparklines (empty for a past day)."""
    facts = {
        f["id"]: f
        for f in record.get("facts") or []
        if isinstance(f, Mapping) and isinstance(f.get("id"), str)
    }
    day = str(record.get("day", ""))
    by_key: dict[tuple, int] = {}
    sets: list[tuple[FigureCard, ...]] = []
    by_sentence: list[int | None] = []
    for sentence in record.get("sentences") or []:
        cited = _cited(
            sentence.get("fact_ids") if isinstance(sentence, Mapping) else None, facts
        )
        chosen = list(cited.items())[:MAX_CARDS]
        if not chosen:
            by_sentence.append(None)
            continue
        key = tuple(
            (fact_id, tuple(str(c.get("id")) for c in changes))
            for fact_id, (_, changes) in chosen
        )
        if key not in by_key:
            by_key[key] = len(sets)
            sets.append(
                tuple(
                    figure_card(config, fact, changes, lang, day, history or {})
                    for _, (fact, changes) in chosen
                )
            )
        by_sentence.append(by_key[key])
    return FigureSets(tuple(by_sentence), tuple(sets))


def FigureCardView(
    card: FigureCard, labels: Labels, lang: str, source_lang: str = "ko"
) -> html.Div:
    """One card, large: its name, the figure (or notice), then where it is
    from (the source as written, in ``source_lang``)."""
    body: list = [html.Div(card.label, className="figure-label")]
    if card.unavailable:
        body.append(html.Div(labels.unavailable.get(lang), className="figure-text"))
    elif card.value is not None:
        body.append(
            html.Div(
                [
                    html.Span(card.value, className="num"),
                    html.Span(card.unit, className="unit"),
                ],
                className="figure-value",
            )
        )
    elif card.text:
        kind = "figure-notice" if card.kind == "notice" else "figure-text"
        body.append(html.Div(card.text, className=kind))
    marks: list = []
    if card.grade:
        tone = card.tone or "info"
        marks.append(html.Span(card.grade, className=f"figure-grade tone-{tone}"))
    if card.change:
        marks.append(html.Span(card.change, className="figure-change"))
    if marks:
        body.append(html.Div(marks, className="figure-marks"))
    if len(card.spark) >= 2:
        body.append(
            html.Figure(
                [
                    html.Img(src=sparkline_uri(card.spark), alt=""),
                    html.Figcaption(labels.figure_trend.get(lang)),
                ],
                className="figure-spark",
            )
        )
    foot: list = [card.when] if card.when else []
    if card.source:
        # named as the config writes it, in the site's first language
        written = locale(source_lang).html_lang if source_lang != lang else None
        foot += [
            " · " if foot else "",
            f"{labels.source.get(lang)} ",
            html.Span(card.source, lang=written),
        ]
    if foot:
        body.append(html.Div(foot, className="figure-source"))
    return html.Div(
        body,
        className=f"figure-card figure-card-{card.kind}",
        **attrs({"data-fact": card.fact_id}),
    )


def FigureStage(
    config: ScreenConfig, figures: FigureSets, lang: str, *, tap: bool = False
) -> html.Section:
    """Where the cards of the sentence being spoken appear; every set hidden
    until assets/kiosk.js shows it, a short hint while none is shown (``tap``:
    a briefing without audio, whose subtitles are tapped instead)."""
    labels = config.labels
    hint = labels.figure_tap_hint if tap else labels.figure_hint
    return html.Section(
        [
            html.P(hint.get(lang), className="figure-hint"),
            *[
                html.Div(
                    [
                        FigureCardView(card, labels, lang, config.site.languages[0])
                        for card in cards
                    ],
                    className=f"figure-set figure-set-{len(cards)}",
                    hidden=True,
                    **attrs({"data-figures": str(index)}),
                )
                for index, cards in enumerate(figures.sets)
            ],
        ],
        className="figure-stage",
        **attrs({"aria-label": labels.figure_stage.get(lang)}),
    )
