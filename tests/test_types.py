"""The code type-checks: CI fails on any error mypy finds with the project's
config (``[tool.mypy]`` in pyproject.toml), including a ``type: ignore`` that is
no longer needed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.server import REPO


def test_mypy_finds_nothing(tmp_path: Path):
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or "mypy"
    # a fresh cache each run (about 40 s on two cores): nothing left behind, and
    # no stale cache from another checkout can hide an error
    result = subprocess.run(
        [
            mypy,
            "--config-file",
            "pyproject.toml",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert result.returncode == 0, result.stdout + result.stderr
