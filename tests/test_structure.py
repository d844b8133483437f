"""Dependencies run one way (DESIGN.md, "Layers"): the import-linter contract in
``.importlinter`` holds, and it does catch an import against the layers or a
cycle between modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import REPO

PACKAGES = ("kiosk_core", "building_model", "data_feeds", "briefing", "layouts")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    return subprocess.run(
        [tool or "lint-imports", "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_the_layers_hold():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def copy_of_code(tmp_path: Path) -> Path:
    for name in (*PACKAGES, "kiosk_app"):
        shutil.copytree(
            REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the shared package reaching up into the app
        (
            "kiosk_core/text.py",
            "import kiosk_app.store",
            "kiosk_core.text -> kiosk_app",
        ),
        # one domain package importing another
        ("data_feeds/demo.py", "import briefing.facts", "data_feeds.demo -> briefing"),
        # a layout reaching into the app
        ("layouts/home.py", "import kiosk_app.pages", "layouts.home -> kiosk_app"),
        # two modules of one package importing each other
        ("briefing/facts.py", "import briefing.pipeline", ".facts -> .pipeline"),
    ],
)
def test_an_import_against_the_layers_is_caught(
    copy_of_code: Path, module: str, line: str, broken: str
):
    path = copy_of_code / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(copy_of_code)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert broken in " ".join(result.stdout.split())
