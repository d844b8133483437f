"""The code keeps one style (ruff, line length 88): CI fails on a lint error or
on code that ``ruff format`` would change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.server import REPO


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    return subprocess.run(
        [ruff, *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_ruff_finds_nothing():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
