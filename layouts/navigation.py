"""Buttons that move between screens (handled by one clientside callback)."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from kiosk_core.locales import locale
from kiosk_core.text import Text

from . import ids
from .attrs import attrs


def NavButton(target: str, label: Text, lang: str, class_name: str = "") -> html.Button:
    """A large button that switches the screen to ``target``."""
    return html.Button(
        label.get(lang),
        id={"type": ids.NAV, "target": target},
        className=f"kiosk-button {class_name}".strip(),
        n_clicks=0,
    )


def _hint(hint: Text, lines: Sequence[str], lang: str) -> html.Span:
    if not lines:
        return html.Span(hint.get(lang), className="entry-hint")
    # headlines take turns (assets/motion.js), the first one shown at once;
    # while motion is still they are all listed
    return html.Span(
        [
            html.Span(
                line,
                className="rotating active" if i == 0 else "rotating",
                **attrs({"data-motion-item": ""}),
            )
            for i, line in enumerate(lines)
        ],
        className="entry-hint headlines",
        **attrs({"data-rotate-seconds": "6", "data-motion": "headlines"}),
    )


def EntryButton(
    target: str,
    label: Text,
    hint: Text,
    icon: str,
    lang: str,
    other: str,
    lines: Sequence[str] = (),
) -> html.Button:
    """A home entry card: icon, label, the label in a second language
    (``other``: signs in the lobby are in it), and a hint (or ``lines`` taking
    turns, such as today's briefing headlines)."""
    children = [
        html.Img(src=f"/assets/icons/{icon}.svg", alt="", className="entry-icon"),
        html.Span(label.get(lang), className="entry-label"),
    ]
    if other != lang:
        children.append(
            html.Span(
                label.get(other),
                className="entry-label-other",
                lang=locale(other).html_lang,
            )
        )
    return html.Button(
        id={"type": ids.NAV, "target": target},
        className="entry-button",
        n_clicks=0,
        children=[*children, _hint(hint, lines, lang)],
    )


def LanguagePicker(languages: Sequence[str], lang: str) -> list:
    """One button per language the site offers, each named in its own script
    (한국어, English, 中文, Tiếng Việt): one tap to any language."""
    if len(languages) < 2:
        return []
    return [
        html.Button(
            locale(code).name,
            id={"type": ids.LANG_PICK, "value": code},
            className="lang-choice current" if code == lang else "lang-choice",
            lang=locale(code).html_lang,
            n_clicks=0,
            **attrs(
                {"data-lang": code, "aria-pressed": "true" if code == lang else "false"}
            ),
        )
        for code in languages
    ]


def second_language(languages: Sequence[str], lang: str) -> str:
    """The language an entry card shows beside ``lang``: the site's first
    language, or English for a visitor already reading the first."""
    first = languages[0]
    if lang != first:
        return first
    return "en" if "en" in languages else next(iter(languages[1:]), first)


# the access bar's switches, in their order on the screen: the mode each one
# turns on (its key in the kiosk-access store) and the label naming it
SWITCHES = (
    ("voice", "voice_guidance"),
    ("low", "low_reach"),
    ("text", "large_text"),
    ("contrast", "high_contrast"),
    ("paused", "pause_motion"),
)


def AccessBar(labels, lang: str) -> list:
    """Five large switches on every screen: voice guidance, lower screen, text
    size (off, 150 %, 200 %: the level is shown beside its name), high contrast
    and pausing what moves. ``aria-pressed`` follows the modes (assets/access.js);
    a switch that is on shows a check mark besides its colours."""
    return [
        html.Button(
            [
                html.Span(className="access-mark", **attrs({"aria-hidden": "true"})),
                html.Span(getattr(labels, name).get(lang), className="access-name"),
                # "150%" or "200%", from the root's class (assets/kiosk.css)
                *([html.Span(className="access-level")] if value == "text" else []),
            ],
            id={"type": ids.ACCESS_BUTTON, "value": value},
            className=f"access-button access-{value}",
            n_clicks=0,
            **attrs({"aria-pressed": "false"}),
        )
        for value, name in SWITCHES
    ]
