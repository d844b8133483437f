"""``python -m kiosk_app doctor``: each check against what the machine cannot
vary here (a read-only or full disk, a missing voice, another timezone, no
Chromium...), and once for real on this machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from kiosk_app import doctor
from kiosk_app.doctor import Machine, Ran, Result, run_command
from tests.conftest import copy_config
from tests.support.disk import small_file_system
from tests.support.server import free_port

REPO = Path(__file__).resolve().parents[1]


def faking(answers: Mapping[str, Ran]) -> doctor.Runner:
    """Runs commands for real, except those named (by program) in ``answers``."""

    def run(argv: Sequence[str], timeout: float) -> Ran:
        name = Path(argv[0]).name
        return answers[name] if name in answers else run_command(argv, timeout)

    return run


def which_without(*missing: str):
    return lambda name: None if name in missing else shutil.which(name)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Machine:
    """The shipped config, read once."""
    machine = Machine(REPO / "config.yaml", tmp_path_factory.mktemp("data"), environ={})
    machine.load_config()
    assert machine.site is not None, machine.config_error
    return machine


def like(machine: Machine, **changes) -> Machine:
    """The same machine with some parts replaced."""
    fields = dict(vars(machine))
    fields.update(changes)
    return Machine(**fields)


def test_the_doctor_passes_on_this_machine(tmp_path):
    """CI installs chromium, fonts-noto-cjk, espeak-ng and Mesa's EGL
    (scripts/install-system-deps.sh): nothing essential may fail here."""
    env_file = tmp_path / "kiosk.env"
    env_file.write_text(f"KIOSK_DATA_DIR={tmp_path / 'data'}\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "doctor", "--config", "config.yaml"]
        + ["--env-file", str(env_file)],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in (
        "config",
        "data directory",
        "store",
        "Hangul font",
        "espeak-ng voices",
        "gTTS",
        "EGL off-screen render",
        "Chromium",
        "timezone",
        "clock",
    ):
        assert any(line[6:].startswith(f"{name}: ") for line in lines), done.stdout
    assert f"{tmp_path / 'data'} writable" in done.stdout  # from the env file
    assert "espeak-ng voices: ko=ko, en=en-us, zh=cmn, vi=vi" in done.stdout
    assert lines[-1].endswith("this machine can run the kiosk")


def test_a_broken_config_fails_and_says_how_to_see_every_problem(tmp_path):
    config = copy_config(tmp_path, {"timezone: Asia/Seoul": "timezone: Mars/Olympus"})
    (tmp_path / "empty.env").touch()
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "doctor", "--config", str(config)]
        + ["--data-dir", str(tmp_path / "data"), "--role", "server"]
        + ["--env-file", str(tmp_path / "empty.env")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 1
    config_line = next(
        line for line in done.stdout.splitlines() if line.startswith("FAIL  config")
    )
    assert "Mars/Olympus" in config_line
    assert config_line.endswith(f"-> python -m kiosk_app check --config {config}")
    assert "SKIP  timezone: no usable config" in done.stdout
    # the others still ran, on the defaults
    assert "espeak-ng voices: ko=ko, en=en-us (config unusable: ko and en only)" in (
        done.stdout
    )
    assert done.stdout.splitlines()[-1].endswith(
        "fix the FAIL lines and run the doctor again"
    )


# ---- the data directory and the Store ----


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 10 MB file system of the test's own (root can write anywhere else)."""
    with small_file_system(tmp_path, "10m") as mount_point:
        yield mount_point


def test_a_read_only_data_directory_fails_with_the_remount(shipped, small_disk):
    data = small_disk / "kiosk"
    data.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = doctor.check_data_dir(like(shipped, data_dir=data))
    assert result.status == "FAIL"
    assert "read-only file system" in result.detail
    assert result.fix == f"sudo mount -o remount,rw {small_disk}"


def test_a_nearly_full_data_directory_fails(shipped, small_disk):
    result = doctor.check_data_dir(like(shipped, data_dir=small_disk))
    assert result.status == "FAIL"
    assert "only 10 MB free" in result.detail
    assert result.fix.startswith(f"free space on {small_disk}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder")
def test_a_data_directory_of_another_user_fails_with_the_chown(shipped, tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o555)
    result = doctor.check_data_dir(like(shipped, data_dir=data))
    assert result.status == "FAIL" and result.fix.startswith("sudo chown -R ")


def test_a_missing_data_directory_is_made_at_the_first_start(shipped, tmp_path):
    result = doctor.check_data_dir(like(shipped, data_dir=tmp_path / "new" / "data"))
    assert result.status == "OK"
    assert f"(missing; made at first start in {tmp_path})" in result.detail


def test_the_store_opens_and_a_broken_one_fails(shipped, tmp_path):
    from kiosk_app.store import Store

    Store.in_data_dir(tmp_path).create()
    result = doctor.check_store(like(shipped, data_dir=tmp_path))
    assert result.status == "OK" and "opens" in result.detail
    (tmp_path / "kiosk.db").write_bytes(b"not a database at all" * 100)
    for name in ("kiosk.db-wal", "kiosk.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    broken = doctor.check_store(like(shipped, data_dir=tmp_path))
    assert broken.status == "FAIL" and "cannot be read" in broken.detail
    assert f"mv {tmp_path / 'kiosk.db'} " in broken.fix


def test_a_newer_sqlite_store_fails_and_an_old_one_is_brought_up(shipped, tmp_path):
    from kiosk_app.store import Store
    from kiosk_app.store.schema import SCHEMA_VERSION

    store = Store.in_data_dir(tmp_path)
    store.create()
    store.set_meta("schema_version", SCHEMA_VERSION - 1)
    older = doctor.check_store(like(shipped, data_dir=tmp_path))
    assert older.status == "OK"
    assert f"schema {SCHEMA_VERSION} brought from {SCHEMA_VERSION - 1}" in (
        older.detail
    )
    store.set_meta("schema_version", SCHEMA_VERSION + 1)
    newer = doctor.check_store(like(shipped, data_dir=tmp_path))
    assert newer.status == "FAIL" and "newer than this kiosk" in newer.detail
    assert newer.fix.startswith("update the kiosk")


def test_the_postgres_database_is_reached_with_its_schema(shipped, postgres_url):
    from kiosk_app.store import Store
    from kiosk_app.store.postgres import PostgresBackend
    from kiosk_app.store.schema import SCHEMA_VERSION

    password = urllib.parse.urlsplit(postgres_url).password or ""
    environ = {"KIOSK_DB_URL": postgres_url}
    empty = doctor.check_store(like(shipped, environ=environ))
    assert empty.status == "OK", empty
    assert empty.detail.startswith("PostgreSQL postgresql://kiosk_test@127.0.0.1:")
    assert f"schema {SCHEMA_VERSION} made at the next start" in empty.detail
    store = Store(PostgresBackend(postgres_url))
    store.create()
    store.close()
    ready = doctor.check_store(like(shipped, environ=environ))
    assert ready.status == "OK" and "reachable (server 15" in ready.detail
    assert ready.detail.endswith(f"schema {SCHEMA_VERSION})")
    assert password not in ready.line() + empty.line()


def test_an_unreachable_database_or_a_bad_url_fails_with_the_fix(shipped):
    port = free_port()  # nothing listens there
    url = f"postgresql://kiosk:s3cret-pw@127.0.0.1:{port}/kiosk?connect_timeout=2"
    result = doctor.check_store(like(shipped, environ={"KIOSK_DB_URL": url}))
    assert result.status == "FAIL", result
    assert f"postgresql://kiosk@127.0.0.1:{port}/kiosk cannot be reached" in (
        result.detail
    )
    assert 'psql "$KIOSK_DB_URL"' in result.fix
    bad = doctor.check_store(
        like(shipped, environ={"KIOSK_DB_URL": "mysql://kiosk:s3cret-pw@db/kiosk"})
    )
    assert bad.status == "FAIL" and "KIOSK_DB_URL must be a postgresql://" in (
        bad.detail
    )
    assert "s3cret-pw" not in result.line() + bad.line()


def test_an_unset_database_variable_checks_the_sqlite_file(shipped, tmp_path):
    result = doctor.check_store(like(shipped, data_dir=tmp_path, environ={}))
    assert result.status == "OK" and "will be created at the first start" in (
        result.detail
    )


# ---- speech ----


def test_a_language_without_an_espeak_voice_fails(tmp_path):
    config = copy_config(
        tmp_path,
        {
            "    espeak_words_per_minute: 200": "    espeak_words_per_minute: 200\n"
            "    espeak_voices: {vi: nowhere}"
        },
    )
    machine = Machine(config, tmp_path, environ={})
    machine.load_config()
    result = doctor.check_espeak(machine)
    assert result.status == "FAIL"
    assert result.detail == "espeak-ng has no voice 'nowhere' for vi"
    assert result.fix.startswith("sudo apt-get install espeak-ng-data")


def test_no_espeak_or_no_lame_fails_with_the_package(shipped):
    result = doctor.check_espeak(like(shipped, which=which_without("espeak-ng")))
    assert (result.status, result.fix) == ("FAIL", "sudo apt-get install espeak-ng")
    result = doctor.check_espeak(like(shipped, which=which_without("lame")))
    assert (result.status, result.fix) == ("FAIL", "sudo apt-get install lame")


def test_gtts_is_checked_only_when_configured(tmp_path, shipped):
    assert doctor.check_gtts(shipped).status == "SKIP"
    config = copy_config(
        tmp_path, {"engines: [espeak-ng]": "engines: [gtts, espeak-ng]"}
    )
    machine = Machine(config, tmp_path, environ={})
    machine.load_config()

    def offline(url: str, timeout: float) -> int:
        raise urllib.error.URLError("Name or service not known")

    result = doctor.check_gtts(like(machine, fetch=offline))
    assert result.status == "WARN"  # espeak-ng speaks instead
    assert "speech falls back to espeak-ng" in result.detail
    assert doctor.check_gtts(like(machine, fetch=lambda url, t: 200)).status == "OK"


# ---- fonts, EGL, Chromium ----


def test_no_hangul_font_fails_with_the_package(shipped):
    machine = like(shipped, run=faking({"fc-list": Ran(0, "")}))
    result = doctor.check_hangul_font(machine)
    assert (result.status, result.fix) == (
        "FAIL",
        "sudo apt-get install fonts-noto-cjk",
    )
    missing = doctor.check_hangul_font(like(shipped, which=which_without("fc-list")))
    assert missing.fix == "sudo apt-get install fontconfig fonts-noto-cjk"


def test_a_failed_test_render_fails_with_the_mesa_packages(shipped):
    broken = Ran(1, err="Traceback...\nRuntimeError: EGL is not available")
    machine = like(shipped, run=faking({Path(sys.executable).name: broken}))
    result = doctor.check_egl(machine)
    assert result.status == "FAIL"  # this site has wayfinding: route pictures
    assert result.detail == "a test render failed: RuntimeError: EGL is not available"
    assert result.fix == "sudo apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri"


def test_chromium_missing_or_old(shipped):
    none = doctor.check_chromium(like(shipped, which=lambda name: None))
    assert (none.status, none.fix) == ("FAIL", "sudo apt-get install chromium")
    old = Ran(0, "Chromium 90.0.4430.212 built on Debian GNU/Linux 11\n")
    machine = like(
        shipped, which=lambda name: f"/usr/bin/{name}", run=faking({"chromium": old})
    )
    result = doctor.check_chromium(machine)
    assert (
        result.status == "WARN" and "90.0.4430.212 is older than 110" in result.detail
    )


# ---- clock and timezone ----


def test_another_timezone_and_no_ntp_say_the_timedatectl_commands(shipped):
    shown = Ran(0, "Timezone=Europe/Berlin\nNTP=no\nNTPSynchronized=no\n")
    machine = like(
        shipped,
        which=lambda name: f"/usr/bin/{name}",
        run=faking({"timedatectl": shown}),
    )
    zone = doctor.check_timezone(machine)
    assert zone.status == "WARN"
    assert zone.detail.startswith("system Europe/Berlin, site Asia/Seoul")
    assert zone.fix == "sudo timedatectl set-timezone Asia/Seoul"
    clock = doctor.check_clock(machine)
    assert (
        clock.status == "WARN"
        and clock.detail == "not synchronised by NTP (NTP is off)"
    )
    assert clock.fix == "sudo timedatectl set-ntp true"


def test_without_systemd_the_timezone_comes_from_etc(shipped, tmp_path):
    (tmp_path / "localtime").symlink_to("/usr/share/zoneinfo/Asia/Seoul")
    machine = like(shipped, which=which_without("timedatectl"), etc=tmp_path)
    assert doctor.check_timezone(machine) == Result(
        "timezone", "OK", "Asia/Seoul, as site.timezone"
    )
    (tmp_path / "timezone").write_text("Etc/UTC\n")
    assert doctor.check_timezone(machine).status == "WARN"


# ---- the doctor itself ----


def test_a_check_that_raises_is_that_check_failing(shipped):
    def broken(machine: Machine) -> Result:
        raise KeyError("surprise")

    checks = (
        doctor.Check(broken, "broken", ("server",)),
        doctor.Check(doctor.check_config, "config", ("server",)),
    )
    results = doctor.run_checks(shipped, "all", checks)
    assert results[0] == Result(
        "broken", "FAIL", "the check itself failed: KeyError('surprise')"
    )
    assert results[1].status == "OK"
    assert doctor.run_checks(shipped, "screen", checks) == []


def test_a_command_that_hangs_is_stopped_by_its_timeout():
    ran = run_command(["sleep", "30"], 0.2)
    assert ran == Ran(None, err="sleep took longer than 0.2 s")
    assert run_command(["/nonexistent/espeak-ng"], 1).code is None


def test_the_env_file_is_read_as_systemd_reads_it(tmp_path):
    path = tmp_path / "kiosk.env"
    path.write_text("# keys\nKIOSK_PORT=8060\nKMA_KEY='abc=='\n\n;old\nBAD LINE\n")
    assert doctor.read_env_file(path) == {"KIOSK_PORT": "8060", "KMA_KEY": "abc=="}
