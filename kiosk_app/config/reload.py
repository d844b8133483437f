"""Hot reload: follow config.yaml on disk, keep the last good version.

Each process (a web worker, the scheduler) holds its own ConfigHolder; the
file on disk is the only thing they share. A rejected edit is logged once,
recorded for the staff status page, and the last good config stays in use.
The last good text is also saved in the data directory so that a restart
after a bad edit still comes up with the screen the lobby last saw.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .loader import display_name, parse_config, read_text
from .schema import Config
from .yaml_source import Problem, ProblemsFound

log = logging.getLogger(__name__)

LAST_GOOD_NAME = "config.last-good.yaml"


@dataclass(frozen=True)
class ConfigState:
    """What a holder knows: the config in use and the last rejection, if any."""

    config: Config
    version: str
    loaded_at: dt.datetime
    source: str
    problems: tuple[Problem, ...] = ()
    rejected_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        """True when the file on disk is the config in use."""
        return not self.problems


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ConfigHolder:
    """The current good Config of one process, refreshed from disk on demand."""

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
        self._stat: tuple[int, int, int] | None = None
        self._checked_at = 0.0
        self._bad_digest: str | None = None
        self._state = self._initial_state()

    def _initial_state(self) -> ConfigState:
        text = read_text(self.path)
        self._stat = self._file_stat()
        try:
            state = ConfigState(
                parse_config(text, self.name), _digest(text), _now(), self.name
            )
        except ProblemsFound as err:
            fallback = self._read_last_good()
            if fallback is None:
                raise
            self._bad_digest = _digest(text)
            self._log_rejection(err.problems, kept=str(self._last_good_file))
            return ConfigState(
                fallback[0],
                fallback[1],
                _now(),
                str(self._last_good_file),
                tuple(err.problems),
                _now(),
            )
        self._save_last_good(text)
        return state

    def _read_last_good(self) -> tuple[Config, str] | None:
        if self._last_good_file is None or not self._last_good_file.exists():
            return None
        try:
            text = self._last_good_file.read_text(encoding="utf-8")
            return parse_config(text, str(self._last_good_file)), _digest(text)
        except (OSError, ProblemsFound):
            return None

    def _save_last_good(self, text: str) -> None:
        if self._last_good_file is None:
            return
        try:
            self._last_good_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._last_good_file.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self._last_good_file)
        except OSError as err:
            log.warning("could not save the last good config: %s", err)

    def _file_stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _log_rejection(self, problems: list[Problem], kept: str) -> None:
        for problem in problems:
            log.error("config rejected: %s", problem)
        log.error("keeping the last good config (%s)", kept)

    def refresh(self) -> bool:
        """Reload if the file changed; return True when a new config took effect."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at < self._min_check:
                return False
            self._checked_at = now
            stat = self._file_stat()
            if stat == self._stat:
                return False
            self._stat = stat
            try:
                text = read_text(self.path)
            except ProblemsFound as err:
                return self._reject(err.problems, "missing")
            digest = _digest(text)
            if digest == self._state.version and self._state.ok:
                return False
            if digest == self._bad_digest:
                return False
            try:
                config = parse_config(text, self.name)
            except ProblemsFound as err:
                return self._reject(err.problems, digest)
            self._bad_digest = None
            self._state = ConfigState(config, digest, _now(), self.name)
            self._save_last_good(text)
            log.info("config reloaded from %s (version %s)", self.name, digest)
            return True

    def _reject(self, problems: list[Problem], digest: str) -> bool:
        self._bad_digest = digest
        self._log_rejection(problems, kept=f"version {self._state.version}")
        old = self._state
        self._state = ConfigState(
            old.config, old.version, old.loaded_at, old.source, tuple(problems), _now()
        )
        return False

    def state(self) -> ConfigState:
        """The current state, after a (rate-limited) look at the file."""
        self.refresh()
        return self._state

    def current(self) -> Config:
        """The config in use."""
        return self.state().config
