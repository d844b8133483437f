"""Screen languages: one module per language, all behind ``Locale``.

Adding a language is one module here (a ``LOCALE`` built on ``base.Locale``),
its entry in ``_MODULES``, and its text in the YAML files.
"""

from __future__ import annotations

from . import en, ko, vi, zh
from .base import Locale, fold

_MODULES = (ko, en, zh, vi)
LOCALES: dict[str, Locale] = {module.LOCALE.code: module.LOCALE for module in _MODULES}
# where a missing translation is looked for, after the language asked for
FALLBACK = ("en", "ko")


def locale(code: str) -> Locale:
    """The locale of ``code``; the first (Korean) for an unknown code."""
    return LOCALES.get(code) or LOCALES["ko"]


def fallback_chain(code: str) -> tuple[str, ...]:
    """The languages to try, in order, for text in ``code``."""
    return tuple(dict.fromkeys((code, *FALLBACK)))


__all__ = ["FALLBACK", "LOCALES", "Locale", "fallback_chain", "fold", "locale"]
