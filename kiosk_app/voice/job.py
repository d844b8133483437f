"""The scheduler's part of voice guidance: speak what the page will ask for.

Two jobs share one ``VoiceJob``: ``serve_asked`` (every second) speaks the
texts a page asked for and found missing, so a visitor hears them a moment
later; ``prepare`` (every half minute, a little at a time) speaks everything
the screens can show, found by rendering them (``corpus``), for every kiosk
and language, again whenever the config or the day changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from briefing.speech import synthesize
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import PageContext
from kiosk_app.store import Store

from .clips import ClipStore, clip_key, normalized
from .corpus import corpus

log = logging.getLogger(__name__)


class VoiceJob:
    """Clips for voice guidance, made in the scheduler process."""

    def __init__(
        self,
        holder: ConfigHolder,
        store: Store,
        clips: ClipStore,
        route_cache: Path,
    ):
        self.holder = holder
        self.store = store
        self.clips = clips
        self.route_cache = route_cache
        self._lock = threading.Lock()  # one clip at a time across both jobs
        self._edition: tuple[str, dt.date] | None = None
        self._todo: Iterator[tuple[str, str]] | None = None

    def make(self, lang: str, text: str) -> bool:
        """Speak ``text`` in ``lang`` unless its clip exists; False when no
        engine could (the caller stops for now)."""
        site = self.holder.site()
        if lang not in site.config.site.languages:
            return True  # not offered (any more): nothing to make
        key = clip_key(lang, text)
        out = self.clips.path(lang, key)
        if out is None:
            return True
        if not out.is_file():
            with self._lock:
                result = synthesize([text], lang, out, site.config.briefing.speech)
            if result.subtitles_only:
                return False
        self.clips.record(lang, {normalized(text): key})
        return True

    def serve_asked(self, budget_seconds: float = 5.0) -> int:
        """Speak the texts pages asked for; how many were made."""
        deadline = time.monotonic() + budget_seconds
        made = 0
        for asked in self.clips.asked():
            if time.monotonic() > deadline:
                break
            if not self.make(asked.lang, asked.text):
                break  # no engine works now: the request waits
            asked.path.unlink(missing_ok=True)
            made += 1
        return made

    def _wanted(self) -> Iterator[tuple[str, str]]:
        """(language, text) for every kiosk and language, found a kiosk and a
        language at a time (a few seconds each)."""
        site = self.holder.site()
        for kiosk in site.config.kiosks:
            for lang in site.config.site.languages:
                ctx = PageContext.for_kiosk(
                    site,
                    self.store,
                    kiosk.id,
                    lang,
                    now=dt.datetime.now(dt.UTC),
                    route_cache=self.route_cache,
                    base_url="http://localhost/",
                )
                for said_lang, texts in corpus(ctx).items():
                    index = self.clips.index(said_lang)
                    for text in sorted(texts):
                        if text not in index:
                            yield said_lang, text

    def prepare(self, budget_seconds: float = 15.0) -> int:
        """Make clips for what the screens show, for a while; how many."""
        site = self.holder.site()
        if not site.config.voice.prepare_clips:
            return 0
        edition = (self.holder.state().version, site.today())
        if edition != self._edition or self._todo is None:
            self._edition, self._todo = edition, self._wanted()
        deadline = time.monotonic() + budget_seconds
        made = 0
        for lang, text in self._todo:
            if not self.make(lang, text):
                self._todo = None  # start again next time
                break
            made += 1
            if time.monotonic() > deadline:
                break
        else:
            self._todo = iter(())  # all made for this edition
        if made:
            log.info("voice guidance: %d clips made", made)
        return made

    def prepare_all(self) -> int:
        """Make every clip now (the ``voice`` command, benchmarks), even when
        the config leaves it to the pages' asking."""
        self._edition, self._todo = None, self._wanted()
        total = 0
        for lang, text in self._todo:
            if not self.make(lang, text):
                break
            total += 1
        self._todo = None
        return total
