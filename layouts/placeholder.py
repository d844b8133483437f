"""A calm stand-in for a screen that is not built yet."""

from __future__ import annotations

from dash import html

from kiosk_core.text import Text

from .header import ScreenTitle
from .navigation import NavButton
from .settings import ScreenConfig


def PlaceholderPage(config: ScreenConfig, title: Text, lang: str) -> html.Div:
    """Title, a short note and a large way home."""
    return html.Div(
        className="placeholder",
        children=[
            ScreenTitle(title.get(lang)),
            html.P(config.labels.coming_soon.get(lang), className="placeholder-text"),
            NavButton("home", config.labels.home, lang, "home-button"),
        ],
    )
