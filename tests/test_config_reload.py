"""Hot reload in one process: new config on change, last good kept on error."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kiosk_app.config import ProblemsFound
from kiosk_app.config.reload import LAST_GOOD_NAME, ConfigHolder

TITLE = "ko: 서산시청 종합안내"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # a later mtime even on file systems with coarse timestamps
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def holder_for(path: Path, data_dir: Path) -> ConfigHolder:
    return ConfigHolder(path, data_dir, min_check_seconds=0)


def test_an_edit_takes_effect(tmp_config: Path, tmp_path: Path):
    holder = holder_for(tmp_config, tmp_path / "var")
    write(tmp_config, tmp_config.read_text().replace(TITLE, "ko: 새 제목"))
    assert holder.refresh() is True
    assert holder.current().site.title.get("ko") == "새 제목"
    assert holder.state().ok


def test_an_invalid_edit_keeps_the_last_good_config(
    tmp_config: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    holder = holder_for(tmp_config, tmp_path / "var")
    good_version = holder.state().version
    text = tmp_config.read_text()
    with caplog.at_level(logging.ERROR):
        write(tmp_config, text.replace("idle_seconds: 90", "idle_seconds: ninety"))
        assert holder.refresh() is False
        state = holder.state()
        # polling again does not log the same rejection again
        write(tmp_config, text.replace("idle_seconds: 90", "idle_seconds: ninety"))
        holder.refresh()
    assert state.config.site.title.get("ko") == "서산시청 종합안내"
    assert state.version == good_version
    assert not state.ok
    [problem] = state.problems
    assert problem.key == "screen.idle_seconds"
    lines = text.splitlines()
    assert problem.line == next(
        n for n, line in enumerate(lines, 1) if line.startswith("  idle_seconds:")
    )
    rejections = [r for r in caplog.records if "config rejected" in r.getMessage()]
    assert len(rejections) == 1
    assert "config.yaml:" in rejections[0].getMessage()

    write(tmp_config, text)
    holder.refresh()
    assert holder.state().ok


def test_a_deleted_file_keeps_the_screen(tmp_config: Path, tmp_path: Path):
    holder = holder_for(tmp_config, tmp_path / "var")
    tmp_config.unlink()
    holder.refresh()
    assert holder.current().site.title.get("ko") == "서산시청 종합안내"
    assert "file not found" in str(holder.state().problems[0])


def test_restart_after_a_bad_edit_uses_the_saved_last_good(
    tmp_config: Path, tmp_path: Path
):
    data_dir = tmp_path / "var"
    holder_for(tmp_config, data_dir)
    assert (data_dir / LAST_GOOD_NAME).exists()
    write(tmp_config, "site: [broken\n")
    restarted = holder_for(tmp_config, data_dir)
    assert restarted.current().site.title.get("ko") == "서산시청 종합안내"
    assert not restarted.state().ok


def test_first_start_with_a_bad_file_and_nothing_saved_fails_loudly(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("site: [broken\n", encoding="utf-8")
    with pytest.raises(ProblemsFound):
        holder_for(path, tmp_path / "var")


def test_restart_with_the_config_file_gone_uses_the_saved_last_good(
    tmp_config: Path, tmp_path: Path
):
    data_dir = tmp_path / "var"
    holder_for(tmp_config, data_dir)
    tmp_config.unlink()
    restarted = holder_for(tmp_config, data_dir)
    assert restarted.current().site.title.get("ko") == "서산시청 종합안내"
    assert "file not found" in str(restarted.state().problems[0])
