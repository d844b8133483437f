"""``python -m kiosk_app doctor``: is this machine ready to run the kiosk?

Each check is a small function of a ``Machine`` (where the config and the data
directory are, the environment, and how to run a command) returning one
``Result``: OK, WARN (works, but worth fixing), FAIL (the kiosk cannot do its
job: the command exits 1) or SKIP (does not apply here), with what to do as a
command where there is one. Every command a check runs has a timeout, and a
check that raises is reported as that check failing: the doctor itself never
crashes on a broken machine.

Checks by role: a server runs ``web`` and ``scheduler``; a screen runs the
kiosk browser (``deploy/kiosk-browser``); one machine may be both (``all``).
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psycopg

from kiosk_app.config.site import (
    Site,
    key_warnings,
    parse_site,
    read_texts,
    translation_gaps,
)
from kiosk_app.data_dir import MIN_FREE_BYTES
from kiosk_app.store import database_url
from kiosk_app.store.backend import Sql
from kiosk_app.store.migrations import schema_version
from kiosk_app.store.postgres import BadDatabaseUrl, PostgresBackend, parse_url
from kiosk_app.store.schema import SCHEMA_VERSION
from kiosk_core.locales import locale
from kiosk_core.yaml_source import ProblemsFound

Status = Literal["OK", "WARN", "FAIL", "SKIP"]
Role = Literal["all", "server", "screen"]

CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
# the page's scripts need nothing newer; older builds miss years of security fixes
MIN_CHROMIUM_MAJOR = 110
# below this a full disk is near: route pictures alone may take 256 MB
LOW_FREE_BYTES = 500_000_000
DEFAULT_ENV_FILE = Path("/etc/kiosk/kiosk.env")
EGL_TIMEOUT = 120.0  # a first VTK import and llvmpipe render on a Raspberry Pi is slow

# A tiny off-screen render, as building_model/render.py does it (EGL asked for
# up front): prints the render window's class and how many pixels came out red.
_EGL_PROBE = """
import os
os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
import pyvista as pv
plotter = pv.Plotter(off_screen=True, window_size=[64, 64])
plotter.set_background("white")
plotter.add_mesh(pv.Cube(), color="#ff0000")
image = plotter.screenshot(return_img=True)
name = plotter.ren_win.GetClassName()
plotter.close()
red = int(((image[..., 0] > 200) & (image[..., 1] < 60)).sum())
print(name, red)
"""


@dataclass(frozen=True)
class Result:
    """One check's outcome, said in one line."""

    name: str
    status: Status
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.status:<4}  {self.name}: {self.detail}"
        return f"{text} -> {self.fix}" if self.fix else text


@dataclass(frozen=True)
class Ran:
    """What a command did: ``code`` None when it could not run or timed out."""

    code: int | None
    out: str = ""
    err: str = ""


Runner = Callable[[Sequence[str], float], Ran]


def run_command(argv: Sequence[str], timeout: float) -> Ran:
    """Run a command with a timeout; never raises."""
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Ran(None, err=f"{argv[0]} took longer than {timeout:g} s")
    except OSError as err:
        return Ran(None, err=f"{argv[0]} cannot run ({err.strerror or err})")
    return Ran(done.returncode, done.stdout, done.stderr)


def _fetch(url: str, timeout: float) -> int:
    """The HTTP status of a GET (an HTTP error's status too); raises OSError."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


@dataclass
class Machine:
    """What the checks look at; tests replace the parts the machine cannot vary."""

    config_path: Path
    data_dir: Path
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: Runner = run_command
    which: Callable[[str], str | None] = shutil.which
    fetch: Callable[[str, float], int] = _fetch
    etc: Path = Path("/etc")
    site: Site | None = None
    config_error: ProblemsFound | None = None
    config_warnings: list[str] = field(default_factory=list)

    def load_config(self) -> None:
        """Read and validate the site once, for every check that needs it."""
        try:
            texts = read_texts(self.config_path)
            self.site = parse_site(texts)
        except ProblemsFound as err:
            self.config_error = err
            return
        self.config_warnings = [str(p) for p in translation_gaps(self.site, texts)] + [
            str(p) for p in key_warnings(self.site, texts, self.environ)
        ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _apt(*packages: str) -> str:
    return "sudo apt-get install " + " ".join(packages)


# ---- the checks ----


def check_config(m: Machine) -> Result:
    """config.yaml (and the building files it names) valid, as ``check`` says."""
    name = "config"
    if m.config_error is not None:
        problems = m.config_error.problems
        first = str(problems[0]) if problems else str(m.config_error)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Result(
            name,
            "FAIL",
            f"{m.config_path}: {first}{more}",
            f"python -m kiosk_app check --config {m.config_path}",
        )
    if m.site is None:
        return Result(name, "FAIL", f"{m.config_path} was not read")
    config = m.site.config
    summary = (
        f"{m.config_path} OK ({_count(len(config.kiosks), 'kiosk')}, "
        f"{_count(len(config.feeds), 'feed')})"
    )
    if m.config_warnings:
        count = len(m.config_warnings)
        return Result(
            name,
            "WARN",
            f"{summary}; {count} warning{'s' if count > 1 else ''}, first: "
            f"{m.config_warnings[0]}",
            f"python -m kiosk_app check --config {m.config_path}",
        )
    return Result(name, "OK", summary)


def check_hangul_font(m: Machine) -> Result:
    """A font with Hangul that fontconfig picks for Korean text."""
    name = "Hangul font"
    if m.which("fc-list") is None:
        return Result(
            name,
            "FAIL",
            "fontconfig is not installed",
            _apt("fontconfig", "fonts-noto-cjk"),
        )
    listed = m.run(["fc-list", ":lang=ko", "family", "file"], 15)
    if listed.code != 0:
        return Result(name, "FAIL", f"fc-list failed: {listed.err.strip()[:200]}")
    files = {line.split(":", 1)[0].strip() for line in listed.out.splitlines() if line}
    if not files:
        return Result(
            name, "FAIL", "no font with Hangul glyphs", _apt("fonts-noto-cjk")
        )
    chosen = m.run(["fc-match", "-f", "%{family[0]}|%{file}", "sans-serif:lang=ko"], 15)
    family, _, file = chosen.out.partition("|")
    if chosen.code != 0 or file.strip() not in files:
        return Result(
            name,
            "WARN",
            f"{len(files)} Hangul fonts, but Korean sans-serif text gets "
            f"{family or 'nothing'} (no Hangul)",
            _apt("fonts-noto-cjk") + " && fc-cache -f",
        )
    return Result(name, "OK", f"{family} for Korean ({len(files)} Hangul font files)")


def _speech(m: Machine):
    from briefing.config import SpeechConfig

    return m.site.config.briefing.speech if m.site is not None else SpeechConfig()


def _languages(m: Machine) -> tuple[list[str], str]:
    if m.site is None:
        return ["ko", "en"], " (config unusable: ko and en only)"
    return list(m.site.config.site.languages), ""


def check_espeak(m: Machine) -> Result:
    """espeak-ng (and lame, for MP3) with a voice for every screen language."""
    name = "espeak-ng voices"
    speech = _speech(m)
    if "espeak-ng" not in speech.engines:
        return Result(name, "SKIP", "espeak-ng is not in briefing.speech.engines")
    binary = m.which("espeak-ng")
    if binary is None:
        return Result(name, "FAIL", "espeak-ng is not installed", _apt("espeak-ng"))
    languages, note = _languages(m)
    missing: list[str] = []
    voices: list[str] = []
    for language in languages:
        voice = speech.espeak_voices.get(language) or locale(language).voices["espeak"]
        spoke = m.run([binary, "-q", "-v", voice, "1"], 15)
        if spoke.code == 0:
            voices.append(f"{language}={voice}")
        else:
            missing.append(f"'{voice}' for {language}")
    if missing:
        return Result(
            name,
            "FAIL",
            "espeak-ng has no voice " + ", ".join(missing) + note,
            _apt("espeak-ng-data")
            + " (or set briefing.speech.espeak_voices to a voice listed by "
            "espeak-ng --voices)",
        )
    if m.which("lame") is None:
        return Result(
            name, "FAIL", "lame is missing: speech cannot be saved as MP3", _apt("lame")
        )
    return Result(name, "OK", ", ".join(voices) + note)


def check_gtts(m: Machine) -> Result:
    """Google Translate's voice answers, only when the config uses gTTS."""
    name = "gTTS"
    speech = _speech(m)
    if "gtts" not in speech.engines:
        return Result(name, "SKIP", "not in briefing.speech.engines (offline speech)")
    url = f"https://translate.google.{speech.gtts_tld}/"
    fallback = [engine for engine in speech.engines if engine != "gtts"]
    try:
        status = m.fetch(url, 10)
    except OSError as err:
        reason = getattr(err, "reason", err)
        return Result(
            name,
            "WARN" if fallback else "FAIL",
            f"{url} cannot be reached ({reason}); "
            + (f"speech falls back to {fallback[0]}" if fallback else "no speech"),
            "allow HTTPS to translate.google.* through the firewall or proxy",
        )
    if status >= 500:
        return Result(name, "WARN", f"{url} answers HTTP {status}")
    return Result(name, "OK", f"{url} answers (HTTP {status})")


def check_egl(m: Machine) -> Result:
    """VTK renders off-screen over EGL (route pictures), in a subprocess."""
    name = "EGL off-screen render"
    # route pictures need it; a site without a building only loses nothing
    needed: Status = "WARN" if m.site is not None and not m.site.wayfinding else "FAIL"
    fix = _apt("libegl1", "libegl-mesa0", "libgl1-mesa-dri")
    probe = m.run([sys.executable, "-c", _EGL_PROBE], EGL_TIMEOUT)
    if probe.code != 0:
        last = (probe.err.strip().splitlines() or ["no output"])[-1][:200]
        return Result(name, needed, f"a test render failed: {last}", fix)
    words = probe.out.split()
    if len(words) < 2 or not words[-1].isdigit():
        return Result(
            name, needed, f"unexpected answer {probe.out.strip()[:80]!r}", fix
        )
    window, red = words[-2], int(words[-1])
    if window == "vtkXOpenGLRenderWindow" and not m.environ.get("DISPLAY"):
        return Result(name, needed, "VTK fell back to X without a display", fix)
    if red == 0:
        return Result(name, needed, f"{window} drew an empty picture", fix)
    return Result(name, "OK", f"{window} drew a test picture")


def find_chromium(m: Machine) -> str | None:
    """The first Chromium or Chrome on PATH."""
    for candidate in CHROMIUM_NAMES:
        found = m.which(candidate)
        if found:
            return found
    return None


def check_chromium(m: Machine) -> Result:
    """Chromium present, and not too old."""
    name = "Chromium"
    binary = find_chromium(m)
    if binary is None:
        return Result(
            name, "FAIL", "no chromium or google-chrome on PATH", _apt("chromium")
        )
    ran = m.run([binary, "--version"], 20)
    found = re.search(r"(\d+)\.\d+\.\d+\.\d+", ran.out)
    if found is None:
        detail = (ran.err.strip().splitlines() or ["no version"])[-1][:160]
        return Result(name, "FAIL", f"{binary} --version: {detail}", _apt("chromium"))
    major = int(found.group(1))
    if major < MIN_CHROMIUM_MAJOR:
        return Result(
            name,
            "WARN",
            f"{binary} {found.group(0)} is older than {MIN_CHROMIUM_MAJOR}",
            "sudo apt-get update && sudo apt-get install --only-upgrade chromium",
        )
    return Result(name, "OK", f"{binary} {found.group(0)}")


def _timedatectl(m: Machine) -> dict[str, str]:
    if m.which("timedatectl") is None:
        return {}
    ran = m.run(["timedatectl", "show"], 10)
    if ran.code != 0:
        return {}
    pairs = (line.split("=", 1) for line in ran.out.splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def system_timezone(m: Machine) -> str | None:
    """The system's zone name: timedatectl, else /etc/timezone, else /etc/localtime."""
    zone = _timedatectl(m).get("Timezone")
    if zone:
        return zone
    try:
        return (m.etc / "timezone").read_text().strip() or None
    except OSError:
        pass
    try:
        target = os.readlink(m.etc / "localtime")
    except OSError:
        return None
    _, marker, zone = target.partition("zoneinfo/")
    return zone if marker else None


def _same_zone(a: str, b: str) -> bool:
    aliases = {"Etc/UTC", "UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}
    return a == b or (a in aliases and b in aliases)


def check_timezone(m: Machine) -> Result:
    """The system's timezone against ``site.timezone``."""
    name = "timezone"
    if m.site is None:
        return Result(name, "SKIP", "no usable config: site.timezone unknown")
    wanted = m.site.config.site.timezone
    try:
        ZoneInfo(wanted)
    except (ZoneInfoNotFoundError, ValueError):
        return Result(
            name, "FAIL", f"site.timezone {wanted} is unknown here", _apt("tzdata")
        )
    zone = system_timezone(m)
    if zone is None:
        return Result(
            name,
            "WARN",
            f"the system's timezone cannot be read (site: {wanted})",
            f"sudo timedatectl set-timezone {wanted}",
        )
    if not _same_zone(zone, wanted):
        return Result(
            name,
            "WARN",
            f"system {zone}, site {wanted}: the screens follow site.timezone, "
            "but logs and `date` do not",
            f"sudo timedatectl set-timezone {wanted}",
        )
    return Result(name, "OK", f"{zone}, as site.timezone")


def check_clock(m: Machine) -> Result:
    """The clock is not behind the installed code, and NTP keeps it right."""
    name = "clock"
    installed = Path(__file__).stat().st_mtime
    now = time.time()
    if now < installed - 86_400:
        return Result(
            name,
            "FAIL",
            "the clock is behind the day this kiosk was installed "
            f"({time.strftime('%Y-%m-%d %H:%M', time.localtime(now))})",
            "sudo timedatectl set-ntp true (or sudo date -s 'YYYY-MM-DD HH:MM')",
        )
    shown = _timedatectl(m)
    synced = shown.get("NTPSynchronized")
    if synced == "yes":
        return Result(name, "OK", "synchronised by NTP")
    if synced == "no":
        ntp = shown.get("NTP", "")
        return Result(
            name,
            "WARN",
            "not synchronised by NTP" + (" (NTP is off)" if ntp == "no" else " yet"),
            "sudo timedatectl set-ntp true"
            if ntp == "no"
            else "sudo apt-get install systemd-timesyncd; timedatectl timesync-status",
        )
    return Result(
        name, "WARN", "NTP state unknown (no timedatectl/systemd here); check the time"
    )


def _existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _mount_point(path: Path) -> Path:
    path = path.resolve()
    device = path.stat().st_dev
    while path != path.parent and path.parent.stat().st_dev == device:
        path = path.parent
    return path


def check_data_dir(m: Machine) -> Result:
    """The data directory can be written (a real file is written) and has room."""
    name = "data directory"
    target = m.data_dir
    place = _existing(target)
    note = (
        ""
        if place == target.absolute()
        else f" (missing; made at first start in {place})"
    )
    if not place.is_dir():
        return Result(name, "FAIL", f"{place} is not a directory", f"rm {place}")
    stats = os.statvfs(place)
    if stats.f_flag & os.ST_RDONLY:
        return Result(
            name,
            "FAIL",
            f"{target} is on a read-only file system{note}",
            f"sudo mount -o remount,rw {_mount_point(place)}",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=place, prefix=".doctor-") as probe:
            probe.write(b"kiosk")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as err:
        return Result(
            name,
            "FAIL",
            f"{target} cannot be written by {getpass.getuser()} ({err.strerror}){note}",
            f"sudo chown -R {getpass.getuser()} {place}",
        )
    free = stats.f_bavail * stats.f_frsize
    free_text = (
        f"{free / 1e9:.1f} GB free" if free >= 1e9 else f"{free / 1e6:.0f} MB free"
    )
    if free < MIN_FREE_BYTES:
        return Result(
            name,
            "FAIL",
            f"{target}: only {free_text}{note}",
            f"free space on {_mount_point(place)} (du -xsh {place}/*)",
        )
    if free < LOW_FREE_BYTES:
        return Result(name, "WARN", f"{target}: {free_text}{note}")
    return Result(name, "OK", f"{target} writable, {free_text}{note}")


def check_store(m: Machine) -> Result:
    """The Store opens: the PostgreSQL database config.yaml's ``store.url_env``
    points at (reachable, its schema), else the SQLite file in the data
    directory."""
    url_env = m.site.config.store.url_env if m.site is not None else None
    url = database_url(url_env, m.environ)
    if url is not None:
        return _check_postgres(url, str(url_env))
    return _check_sqlite(m.data_dir / "kiosk.db")


def _schema_words(version: int) -> tuple[Status, str, str]:
    """A schema version said for the doctor: status, words and fix."""
    if version > SCHEMA_VERSION:
        return (
            "FAIL",
            f"schema {version}, newer than this kiosk ({SCHEMA_VERSION}): it "
            "will not start on it",
            "update the kiosk on this machine to the version the other servers run",
        )
    if version < SCHEMA_VERSION:
        later = "made" if version == 0 else f"brought from {version}"
        return "OK", f"schema {SCHEMA_VERSION} {later} at the next start", ""
    return "OK", f"schema {version}", ""


def _check_postgres(url: str, variable: str) -> Result:
    name = "store"
    try:
        backend = PostgresBackend(url, variable=variable)
    except BadDatabaseUrl as err:
        return Result(
            name, "FAIL", str(err), f"correct {variable} in {DEFAULT_ENV_FILE}"
        )
    timeout = parse_url(url).get("connect_timeout", "5")
    try:
        with backend.connect(connect_timeout=timeout) as conn:
            server = conn.info.parameter_status("server_version") or "?"
            version = schema_version(Sql(conn, "%s"), "postgres")
    except psycopg.Error as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else repr(err)
        return Result(
            name,
            "FAIL",
            f"PostgreSQL {backend.name} cannot be reached ({reason})",
            f"check {variable} in {DEFAULT_ENV_FILE}, that the database server "
            "runs and lets this machine in (pg_hba.conf): "
            f'psql "${variable}" -c "select 1"',
        )
    status, words, fix = _schema_words(version)
    return Result(
        name,
        status,
        f"PostgreSQL {backend.name} reachable (server {server}, {words})",
        fix,
    )


def _check_sqlite(path: Path) -> Result:
    name = "store"
    if not path.exists():
        return Result(name, "OK", f"{path} will be created at the first start")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
        conn.row_factory = sqlite3.Row
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        version = schema_version(Sql(conn), "sqlite")
    except (sqlite3.Error, ValueError) as err:
        return Result(
            name,
            "FAIL",
            f"{path} cannot be read ({err})",
            f"stop the services, then mv {path} {path}.broken (a new one is made; "
            "readings and briefings start over)",
        )
    finally:
        if conn is not None:
            conn.close()
    size = path.stat().st_size / 1e6
    status, words, fix = _schema_words(version)
    return Result(
        name,
        status,
        f"SQLite {path} opens ({tables} tables, {words}, {size:.1f} MB)",
        fix,
    )


@dataclass(frozen=True)
class Check:
    """A check and the roles it belongs to."""

    function: Callable[[Machine], Result]
    title: str
    roles: tuple[str, ...]


CHECKS: tuple[Check, ...] = (
    Check(check_config, "config", ("server",)),
    Check(check_data_dir, "data directory", ("server",)),
    Check(check_store, "store", ("server",)),
    Check(check_hangul_font, "Hangul font", ("server", "screen")),
    Check(check_espeak, "espeak-ng voices", ("server",)),
    Check(check_gtts, "gTTS", ("server",)),
    Check(check_egl, "EGL off-screen render", ("server",)),
    Check(check_chromium, "Chromium", ("screen",)),
    Check(check_timezone, "timezone", ("server", "screen")),
    Check(check_clock, "clock", ("server", "screen")),
)


def run_checks(
    machine: Machine, role: Role = "all", checks: Iterable[Check] = CHECKS
) -> list[Result]:
    """Every check of ``role``, in order; a check that raises is a failed check."""
    if machine.site is None and machine.config_error is None:
        machine.load_config()
    results = []
    for check in checks:
        if role != "all" and role not in check.roles:
            continue
        try:
            results.append(check.function(machine))
        except Exception as err:  # noqa: BLE001 - a broken check is a failed check
            results.append(
                Result(check.title, "FAIL", f"the check itself failed: {err!r}"[:300])
            )
    return results


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (comments skipped)."""
    found: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        found[key.strip()] = value
    return found


def summary(results: Sequence[Result]) -> str:
    """The last line: counts, and what to do next."""

    def count(status: Status) -> int:
        return sum(result.status == status for result in results)

    text = (
        f"doctor: {count('OK')} OK, {_count(count('WARN'), 'warning')}, "
        f"{count('FAIL')} failed, {count('SKIP')} skipped"
    )
    if count("FAIL"):
        return text + ": fix the FAIL lines and run the doctor again"
    return text + ": this machine can run the kiosk"
