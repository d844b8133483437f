"""Spoken clips of short texts, kept under the data directory by key.

A clip is one text in one language, spoken by the speech engines the
briefing uses (espeak-ng offline; gTTS when listed first), as MP3 at
``<data dir>/voice/<lang>/<key>.mp3``. Each language's ``index.json`` maps
the texts that have a clip to their keys: the page fetches it when voice
guidance starts, so a focus move plays its clip with no round trip.

The web process never speaks: a text the page needs that has no clip yet is
written to ``requests/`` (bounded), and the scheduler speaks it within a
second or two. Text is compared after ``normalized`` (the page does the same).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MAX_TEXT = 400  # characters: a name, a sentence, a route's directions
MAX_REQUESTS = 200  # texts waiting to be spoken; more are refused until done
_SPACE = re.compile(r"\s+")
_LANG = re.compile(r"^[a-z]{2,3}$")
_KEY = re.compile(r"^[0-9a-f]{24}$")


def normalized(text: str) -> str:
    """``text`` with runs of white space as one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def clip_key(lang: str, text: str) -> str:
    """The clip's file name (without .mp3): a hash of language and text."""
    return hashlib.sha256(f"{lang}\n{normalized(text)}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Asked:
    """A text the page asked for that has no clip yet."""

    lang: str
    text: str
    path: Path  # the request's file, deleted once the clip is made


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class ClipStore:
    """The clips of one data directory (see the module's docstring)."""

    def __init__(self, data_dir: Path):
        self.root = data_dir / "voice"
        self._lock = threading.Lock()
        self._indexes: dict[str, tuple[float, dict[str, str]]] = {}

    # ---- addresses ----

    def path(self, lang: str, key: str) -> Path | None:
        """The clip file of ``key`` in ``lang``; None for a malformed name."""
        if not (_LANG.match(lang) and _KEY.match(key)):
            return None
        return self.root / lang / f"{key}.mp3"

    def _index_path(self, lang: str) -> Path:
        return self.root / lang / "index.json"

    # ---- reading (web process and scheduler) ----

    def index(self, lang: str) -> dict[str, str]:
        """Text -> key of every clip made in ``lang`` (re-read when changed)."""
        path = self._index_path(lang)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return {}
        cached = self._indexes.get(lang)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cached[1] if cached else {}
        index = found if isinstance(found, dict) else {}
        self._indexes[lang] = (mtime, index)
        return index

    def clip(self, lang: str, text: str) -> str | None:
        """The key of ``text``'s clip in ``lang`` if it has been made."""
        key = clip_key(lang, text)
        path = self.path(lang, key)
        return key if path is not None and path.is_file() else None

    # ---- asking (web process) ----

    def ask(self, lang: str, text: str) -> bool:
        """Ask the scheduler for a clip of ``text``; False when refused
        (too long, malformed, or too many waiting)."""
        text = normalized(text)
        if not text or len(text) > MAX_TEXT or not _LANG.match(lang):
            return False
        requests = self.root / "requests"
        key = clip_key(lang, text)
        target = requests / f"{lang}-{key}.json"
        if target.exists():
            return True
        with contextlib.suppress(OSError):
            if sum(1 for _ in requests.iterdir()) >= MAX_REQUESTS:
                return False
        try:
            _write_atomically(
                target, json.dumps({"lang": lang, "text": text}).encode("utf-8")
            )
        except OSError as err:  # a full or read-only data directory
            log.warning("voice: cannot keep a request: %s", err)
            return False
        return True

    # ---- making (scheduler) ----

    def asked(self) -> Iterator[Asked]:
        """The texts the page asked for, oldest first."""
        requests = self.root / "requests"
        try:
            files = sorted(requests.glob("*.json"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for path in files:
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
                lang, text = str(found["lang"]), normalized(str(found["text"]))
            except (OSError, ValueError, KeyError, TypeError):
                path.unlink(missing_ok=True)
                continue
            yield Asked(lang, text, path)

    def record(self, lang: str, made: dict[str, str]) -> None:
        """Add clips just made (text -> key) to ``lang``'s index."""
        if not made:
            return
        with self._lock:
            index = dict(self.index(lang))
            index.update(made)
            _write_atomically(
                self._index_path(lang),
                json.dumps(index, ensure_ascii=False, sort_keys=True).encode("utf-8"),
            )

    def disk_bytes(self) -> int:
        """The clips' size on disk, every language."""
        return sum(p.stat().st_size for p in self.root.glob("*/*.mp3"))
