"""Hot reload: follow config.yaml (and the files it names), keep the last good.

Each process (a web worker, the scheduler) holds its own ConfigHolder; the
files on disk are the only thing they share. Reading and validating happen off
the request path: a web process runs ``watch()`` (a background thread that
looks at the files every second and parses once per change), and requests only
read the state in use, so a large or slow edit never holds up a screen. A
rejected edit is logged once, recorded for the staff status page, and the last
good site stays in use. The last good texts are also saved in the data
directory so that a restart after a bad edit still comes up with the screen the
lobby last saw.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk_app.config.schema import Config
from kiosk_core.files import display_name
from kiosk_core.yaml_source import Problem, ProblemsFound, as_problems

from .site import Site, Texts, parse_site, read_texts

log = logging.getLogger(__name__)

LAST_GOOD_NAME = "config.last-good.json"


@dataclass(frozen=True)
class ConfigState:
    """What a holder knows: the site in use and the last rejection, if any."""

    site: Site
    version: str
    loaded_at: dt.datetime
    source: str
    problems: tuple[Problem, ...] = ()
    rejected_at: dt.datetime | None = None

    @property
    def config(self) -> Config:
        """The config in use."""
        return self.site.config

    @property
    def ok(self) -> bool:
        """True when the files on disk are the ones in use."""
        return not self.problems


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _lower_priority() -> None:
    """Let requests go first: parsing an edit can wait a moment (Linux only)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


class ConfigHolder:
    """The current good site of one process, refreshed from disk on demand."""

    def __init__(
        self,
        path: Path,
        data_dir: Path | None = None,
        min_check_seconds: float = 1.0,
    ):
        self.path = path
        self.name = display_name(path)
        self._last_good_file = data_dir / LAST_GOOD_NAME if data_dir else None
        self._min_check = min_check_seconds
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._watched: tuple[Path, ...] = (path,)
        self._stat: tuple | None = None
        self._checked_at = 0.0
        self._bad_digest: str | None = None
        self._state = self._initial_state()

    def _initial_state(self) -> ConfigState:
        texts: Texts | None = None
        try:
            with as_problems(self.name):
                texts = read_texts(self.path)
                self._watch(texts)
                site = parse_site(texts)
        except ProblemsFound as err:
            # unreadable or invalid: start on the last good copy if there is one
            fallback = self._read_last_good()
            if fallback is None:
                raise
            self._bad_digest = texts.digest() if texts else "unreadable"
            self._stat = self._files_stat()
            self._log_rejection(err.problems, kept=str(self._last_good_file))
            return ConfigState(
                fallback[0],
                fallback[1],
                _now(),
                str(self._last_good_file),
                tuple(err.problems),
                _now(),
            )
        self._save_last_good(texts)
        return ConfigState(site, texts.digest(), _now(), self.name)

    def _read_last_good(self) -> tuple[Site, str] | None:
        if self._last_good_file is None or not self._last_good_file.exists():
            return None
        try:
            saved = json.loads(self._last_good_file.read_text(encoding="utf-8"))
            texts = Texts(tuple((name, text) for name, text in saved["files"]))
            with as_problems(str(self._last_good_file)):
                return parse_site(texts), texts.digest()
        except (OSError, ValueError, KeyError, TypeError, ProblemsFound):
            return None

    def _save_last_good(self, texts: Texts) -> None:
        if self._last_good_file is None:
            return
        digest = texts.digest()
        try:
            saved = json.loads(self._last_good_file.read_text(encoding="utf-8"))
            if saved.get("digest") == digest:
                return  # a sibling process saved this version already
        except (OSError, ValueError, AttributeError):
            pass
        try:
            self._last_good_file.parent.mkdir(parents=True, exist_ok=True)
            # one temporary name per process: web workers and the scheduler may
            # all accept the same edit at the same moment
            tmp = self._last_good_file.with_suffix(f".{os.getpid()}.tmp")
            saved = {"digest": digest, "files": texts.files}
            tmp.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self._last_good_file)
        except OSError as err:
            log.warning("could not save the last good config: %s", err)

    def _files_stat(self) -> tuple:
        """Modification stamps of every watched file (None for a missing one)."""
        stamps: list[tuple[int, int, int] | None] = []
        for path in self._watched:
            try:
                st = path.stat()
                stamps.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def _watch(self, texts: Texts) -> None:
        self._watched = texts.paths or (self.path,)
        self._stat = self._files_stat()

    def _log_rejection(self, problems: list[Problem], kept: str) -> None:
        for problem in problems:
            log.error("config rejected: %s", problem)
        log.error("keeping the last good config (%s)", kept)

    def refresh(self) -> bool:
        """Reload if a file changed; return True when a new site took effect."""
        try:
            return self._refresh()
        except Exception:  # a bug here must not stop the watcher or a job
            log.exception("config reload failed; keeping %s", self._state.version)
            return False

    def _refresh(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at < self._min_check:
                return False
            self._checked_at = now
            before = self._files_stat()
            if before == self._stat:
                return False
            try:
                with as_problems(self.name):
                    texts = read_texts(self.path)
            except ProblemsFound as err:
                self._stat = before
                return self._reject(err.problems, "unreadable")
            if texts.paths == self._watched:
                self._stat = before  # stamps taken before reading: no edit is missed
            else:
                self._watch(texts)
            digest = texts.digest()
            if digest == self._state.version and self._state.ok:
                return False
            if digest == self._bad_digest:
                return False
            try:
                with as_problems(self.name):
                    site = parse_site(texts)
            except ProblemsFound as err:
                return self._reject(err.problems, digest)
            self._bad_digest = None
            self._state = ConfigState(site, digest, _now(), self.name)
            self._save_last_good(texts)
            log.info("config reloaded from %s (version %s)", self.name, digest)
            return True

    def _reject(self, problems: list[Problem], digest: str) -> bool:
        self._bad_digest = digest
        self._log_rejection(problems, kept=f"version {self._state.version}")
        old = self._state
        self._state = ConfigState(
            old.site, old.version, old.loaded_at, old.source, tuple(problems), _now()
        )
        return False

    def watch(self, every: float = 1.0) -> None:
        """Follow the files from a background thread (once per process)."""
        with self._lock:
            if self._watcher is not None:
                return
            self._watcher = threading.Thread(
                target=self._follow, args=(every,), name="config-watch", daemon=True
            )
        self._watcher.start()

    def _follow(self, every: float) -> None:
        _lower_priority()
        while True:
            time.sleep(every)
            self.refresh()

    def state(self) -> ConfigState:
        """The state in use (never waits for a reload)."""
        return self._state

    def current(self) -> Config:
        """The config in use."""
        return self.state().config

    def site(self) -> Site:
        """The config, building and directory in use."""
        return self.state().site
