"""The kiosk launcher switches the panel off while the page sleeps outside
opening hours, and on again when it wakes, cannot be read, or the launcher
stops (deploy/kiosk-browser: ``panel_switch`` and ``Panel``)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tests.test_deploy import kb


def test_the_panel_follows_the_page_and_comes_on_whenever_in_doubt():
    asleep = kb.Sample(beats="3", idle="asleep")
    assert kb.panel_switch(False, asleep) is False
    assert kb.panel_switch(True, asleep) is None
    assert kb.panel_switch(True, kb.Sample(beats="4")) is True
    assert kb.panel_switch(True, kb.Sample(beats="4", idle="attract")) is True
    assert kb.panel_switch(False, kb.Sample(beats="4", idle="attract")) is None
    # a page that cannot be read is never left dark
    assert kb.panel_switch(True, kb.Sample(error="the page did not answer")) is True
    assert kb.panel_switch(False, kb.Sample(error="x", idle="asleep")) is None


def recorder(log: Path, word: str) -> str:
    """A panel command that notes ``word`` in ``log``."""
    script = f"open({str(log)!r}, 'a').write({word!r} + '\\n')"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"


def test_the_commands_run_once_per_change_and_on_at_the_end(tmp_path: Path):
    log = tmp_path / "panel.log"
    options = kb.Options(panel_off=recorder(log, "off"), panel_on=recorder(log, "on"))
    panel = kb.Panel(options)
    for sample in (
        kb.Sample(beats="1"),
        kb.Sample(beats="2", idle="asleep"),
        kb.Sample(beats="3", idle="asleep"),
        kb.Sample(beats="4"),
        kb.Sample(beats="5", idle="asleep"),
    ):
        panel.follow(sample)
    panel.on()
    panel.on()
    assert log.read_text().split() == ["off", "on", "off", "on"]


def test_a_failing_off_command_leaves_the_panel_counted_on(tmp_path: Path):
    log = tmp_path / "panel.log"
    panel = kb.Panel(kb.Options(panel_off="false", panel_on=recorder(log, "on")))
    panel.follow(kb.Sample(beats="1", idle="asleep"))
    assert panel.off is False
    assert kb.run_panel("/no/such/command") is False
    panel.on()
    assert not log.exists()  # nothing to switch back on


def test_without_both_commands_nothing_is_switched(tmp_path: Path):
    log = tmp_path / "panel.log"
    panel = kb.Panel(kb.Options(panel_off=recorder(log, "off")))
    panel.follow(kb.Sample(beats="1", idle="asleep"))
    assert not log.exists() and panel.off is False


def test_the_commands_come_from_flags_or_the_environment(tmp_path: Path):
    environ = {
        "KIOSK_BROWSER_ENV": str(tmp_path / "none.env"),
        "KIOSK_PANEL_OFF_COMMAND": "xset dpms force off",
        "KIOSK_PANEL_ON_COMMAND": "xset dpms force on",
    }
    options = kb.parse_options([], environ)
    assert (options.panel_off, options.panel_on) == (
        "xset dpms force off",
        "xset dpms force on",
    )
    options = kb.parse_options(["--panel-off", "vcgencmd display_power 0"], environ)
    assert options.panel_off == "vcgencmd display_power 0"
    assert (
        kb.parse_options(
            [], {"KIOSK_BROWSER_ENV": environ["KIOSK_BROWSER_ENV"]}
        ).panel_off
        == ""
    )


def test_the_shipped_example_commands_read_as_the_guide_means(tmp_path: Path):
    example = (kb_env := Path(kb.__file__).parent / "kiosk-browser.env").read_text()
    env_file = tmp_path / "kiosk-browser.env"
    env_file.write_text(example.replace("#KIOSK_PANEL_", "KIOSK_PANEL_"))
    options = kb.parse_options([], {"KIOSK_BROWSER_ENV": str(env_file)})
    assert shlex.split(options.panel_off) == [
        "sh",
        "-c",
        "xset +dpms; xset dpms 0 0 0; xset dpms force off",
    ]
    assert shlex.split(options.panel_on) == [
        "sh",
        "-c",
        "xset dpms force on; xset -dpms",
    ]
    assert kb_env.name in (Path(kb.__file__).parent / "INSTALL.md").read_text()
