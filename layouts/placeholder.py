"""A calm stand-in for a screen that is not built yet."""

from __future__ import annotations

from dash import html

from kiosk_app.config.schema import Config
from kiosk_app.config.types import Text

from .navigation import NavButton


def PlaceholderPage(config: Config, title: Text, lang: str) -> html.Div:
    """Title, a short note and a large way home."""
    return html.Div(
        className="placeholder",
        children=[
            html.H2(title.get(lang), className="section-title"),
            html.P(config.labels.coming_soon.get(lang), className="placeholder-text"),
            NavButton("home", config.labels.home, lang, "home-button"),
        ],
    )
