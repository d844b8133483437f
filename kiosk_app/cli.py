"""Command line: ``python -m kiosk_app run|web|scheduler|briefing|check``.

- ``run``: the one-process demo: web server plus the scheduler in a
  background thread (started once).
- ``web``: the web process only (gunicorn workers); production pairs it with
- ``scheduler``: the single scheduler process.
- ``briefing --now``: build today's briefing at once (admins).
- ``check``: validate config.yaml and say what is wrong, line by line
  (``--online``: also ask the briefing's model endpoint what it takes).
- ``doctor``: check this machine (fonts, voices, EGL, Chromium, clock, data
  directory, Store, config) and print what to fix.
- ``staff-password``: make the hash for KIOSK_STAFF_PASSWORD_HASH (staff login).
- ``import-imdf ARCHIVE --out DIR``: write building.yaml and directory.yaml
  from an IMDF indoor map (a .zip or folder), listing what could not be mapped.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.config.site import (
    Site,
    Texts,
    key_warnings,
    load_site,
    parse_site,
    read_texts,
    translation_gaps,
)
from kiosk_app.settings import Settings, add_arguments, resolve
from kiosk_core.yaml_source import ProblemsFound

if TYPE_CHECKING:
    from kiosk_app.store import Store

log = logging.getLogger("kiosk_app")

# the scheduler's exit status when it lost the lead to another (systemd restarts it)
LOST_LEAD_EXIT = 3


def _setup_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # one line per request from every kiosk's poll would drown what matters
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _print_problems(err: ProblemsFound) -> None:
    for problem in err.problems:
        print(problem, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a config file; exit 0 when it can be used."""
    settings = resolve(args)
    path = Path(args.file) if args.file else settings.config_path
    try:
        texts = read_texts(path)
        site = parse_site(texts)
    except ProblemsFound as err:
        _print_problems(err)
        count = len(err.problems)
        print(
            f"{path}: {count} problem{'s' if count > 1 else ''}; "
            "the kiosk keeps its last good config until this is fixed",
            file=sys.stderr,
        )
        return 1
    gaps = translation_gaps(site, texts)
    for gap in gaps:
        print(f"{gap} (warning)")
    for warning in key_warnings(site, texts, os.environ):
        print(f"{warning} (warning)")
    from kiosk_app.config.briefing_checks import briefing_warnings

    for warning in briefing_warnings(site, texts, os.environ):
        print(f"{warning} (warning)")
    config = site.config
    from kiosk_app.store import url_problem

    if problem := url_problem(config.store.url_env, os.environ):
        print(f"{path}: store.url_env: {problem} (warning)")
    if gaps:
        print(
            f"{len(gaps)} text{'s' if len(gaps) > 1 else ''} lack a translation "
            f"for site.languages ({', '.join(config.site.languages)}): "
            "they are shown in a fallback language"
        )
    print(
        f"{path}: OK ({len(config.kiosks)} kiosks, {len(config.tiles)} tiles, "
        f"{len(config.feeds)} feeds, {len(config.notices)} notices)"
    )
    if site.directory is not None and site.building is not None:
        print(
            f"building: OK ({len(site.building.rooms)} rooms, "
            f"{len(site.directory.departments)} departments, "
            f"{len(site.directory.teams)} teams, every destination reachable "
            "from every kiosk)"
        )
    if args.online:
        _check_online(site, texts)
    return 0


def _check_online(site: Site, texts: Texts) -> None:
    """Ask the briefing's model endpoint what it takes (writer: openai)."""
    config = site.config.briefing
    if config.writer != "openai":
        print("briefing: writer is template: no model endpoint to ask")
        return
    from briefing.probe import probe_endpoint
    from kiosk_app.config.briefing_checks import (
        PROBE_TIMEOUT,
        probe_lines,
        probe_warnings,
    )

    logging.getLogger("httpx2").setLevel(logging.WARNING)  # a line per request
    logging.getLogger("httpx").setLevel(logging.WARNING)
    timeout = min(PROBE_TIMEOUT, config.openai.timeout_seconds)
    result = probe_endpoint(config.openai, timeout)
    for line in probe_lines(result):
        print(line)
    for warning in probe_warnings(site, texts, result):
        print(f"{warning} (warning)")


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check this machine; exit 1 when something essential fails."""
    from kiosk_app.doctor import (
        DEFAULT_ENV_FILE,
        Machine,
        read_env_file,
        run_checks,
        summary,
    )

    environ = dict(os.environ)
    env_file = Path(args.env_file) if args.env_file else DEFAULT_ENV_FILE
    if args.env_file or env_file.is_file():
        try:
            environ = {**read_env_file(env_file), **environ}
        except OSError as err:
            print(f"FAIL  env file: {env_file}: {err.strerror}")
            return 1
        print(f"(with the variables of {env_file})")
    settings = resolve(args, environ)
    machine = Machine(settings.config_path, settings.data_dir, environ=environ)
    results = run_checks(machine, args.role)
    for result in results:
        print(result.line(), flush=True)
    print(summary(results))
    return 1 if any(result.status == "FAIL" for result in results) else 0


def _preflight(settings: Settings) -> bool:
    """Stop early, with the problems printed, if there is no usable config."""
    try:
        ConfigHolder(settings.config_path, settings.data_dir)
    except ProblemsFound as err:
        _print_problems(err)
        print(
            "no usable config: fix the problems above and start again", file=sys.stderr
        )
        return False
    return True


def _staff_preflight(settings: Settings) -> bool:
    """Say once how staff pages are guarded; stop on an unusable credential."""
    from kiosk_app.staff import StaffConfigError, StaffLogin

    try:
        login = StaffLogin.from_env(settings.host)
    except StaffConfigError as err:
        print(err, file=sys.stderr)
        return False
    log.log(*login.startup_note())
    return True


def cmd_staff_password(args: argparse.Namespace) -> int:
    """Read a staff password twice (not shown) and print its hash line."""
    import getpass

    from kiosk_app.staff import (
        MIN_PASSWORD_LENGTH,
        PASSWORD_HASH_ENV,
        make_password_hash,
    )

    password = getpass.getpass("staff password: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"use at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
        return 1
    if getpass.getpass("again: ") != password:
        print("the two passwords differ; nothing was made", file=sys.stderr)
        return 1
    print(
        "put this line in the web server's environment (the quotes keep the $ "
        "signs as they are), then restart it:",
        file=sys.stderr,
    )
    print(f"{PASSWORD_HASH_ENV}='{make_password_hash(password)}'")
    return 0


def _open_store(settings: Settings) -> Store | None:
    """The Store config.yaml's ``store`` points at (PostgreSQL by URL, else
    SQLite in the data directory), brought to this code's schema; None, with
    the reason printed, when it must not be used (a URL that is not one, a
    database written by newer code)."""
    from kiosk_app.store import BadDatabaseUrl, SchemaTooNew, open_store, prepare_store

    config = ConfigHolder(settings.config_path, settings.data_dir).current()
    try:
        store = open_store(settings, config)
        prepare_store(store)
    except (BadDatabaseUrl, SchemaTooNew) as err:
        print(err, file=sys.stderr)
        return None
    return store


def _start_scheduler_once(settings: Settings, store: Store):
    """The demo's scheduler, in a background thread, if this process leads."""
    from kiosk_app.leader import AlreadyRunning, leadership_for
    from kiosk_app.scheduler import build_scheduler

    leadership = leadership_for(store, settings.data_dir)
    try:
        leadership.acquire(wait=False)
    except (AlreadyRunning,) + store.errors as err:
        log.warning("%s; this process serves the screen only", err)
        return None
    scheduler = build_scheduler(settings, blocking=False, store=store)

    def lost(reason: str) -> None:
        log.critical("the scheduler lost the lead (%s): it stops here", reason)
        scheduler.shutdown(wait=False)

    leadership.watch(lost)
    scheduler.start()
    return scheduler


def cmd_run(args: argparse.Namespace) -> int:
    """The demo: web and scheduler in one process."""
    settings = resolve(args)
    if not _preflight(settings) or not _staff_preflight(settings):
        return 2
    from kiosk_app.app import create_app

    store = _open_store(settings)
    if store is None:
        return 2
    scheduler = _start_scheduler_once(settings, store)
    app = create_app(settings)
    log.info("kiosk on http://%s:%d/", settings.host, settings.port)
    try:
        app.run(host=settings.host, port=settings.port, debug=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    """The web process: gunicorn workers, no scheduler."""
    settings = resolve(args)
    if not _preflight(settings) or not _staff_preflight(settings):
        return 2
    from kiosk_app.wsgi import serve

    if _open_store(settings) is None:
        return 2
    serve(settings, workers=args.workers)
    return 0


def cmd_scheduler(args: argparse.Namespace) -> int:
    """The single scheduler process."""
    settings = resolve(args)
    if not _preflight(settings):
        return 2
    from kiosk_app.leader import AlreadyRunning, leadership_for
    from kiosk_app.scheduler import build_scheduler
    from kiosk_app.store import SchemaTooNew

    store = _open_store(settings)
    if store is None:
        return 2
    leadership = leadership_for(store, settings.data_dir)
    try:
        leadership.acquire(wait=True)  # PostgreSQL: as a standby until it leads
    except AlreadyRunning as err:
        print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0

    def lost(reason: str) -> None:
        # another scheduler may lead already: stop now, not after the jobs
        log.critical(
            "the scheduler lost the lead (%s): stopping at once; the service "
            "manager starts it again as a standby",
            reason,
        )
        logging.shutdown()
        os._exit(LOST_LEAD_EXIT)

    leadership.watch(lost)
    log.info("scheduler running for %s", store.name)
    try:
        build_scheduler(settings, blocking=True, store=store).start()
    except (KeyboardInterrupt, SystemExit):
        pass
    except SchemaTooNew as err:  # the database was down at the first look
        print(err, file=sys.stderr)
        return 2
    finally:
        leadership.release()
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """Build today's briefing now, from what the Store holds."""
    settings = resolve(args)
    if not _preflight(settings):
        return 2
    from briefing.jobs import build_briefing_now

    store = _open_store(settings)
    if store is None:
        return 2
    config = ConfigHolder(settings.config_path, settings.data_dir).current()
    if args.refresh_feeds:
        from data_feeds.runner import FeedRunner

        runner = FeedRunner(store)
        try:
            runner.refresh(config.feeds, used=config.fields_in_use())
        finally:
            runner.close()
    result = build_briefing_now(config, store, settings.data_dir)
    for language, outcome in result.status()["languages"].items():
        print(
            f"{language}: writer {outcome['writer']} ({outcome['reason']}), "
            f"speech {outcome['speech']}"
            + (f": {outcome['message']}" if outcome.get("message") else "")
        )
    print("briefing saved" if result.ok else "briefing NOT saved", f"for {result.day}")
    return 0 if result.ok else 1


def cmd_voice(args: argparse.Namespace) -> int:
    """Prepare every clip of voice guidance now (the scheduler does it too)."""
    settings = resolve(args)
    if not _preflight(settings):
        return 2
    import time

    from kiosk_app.voice import ClipStore
    from kiosk_app.voice.job import VoiceJob

    store = _open_store(settings)
    if store is None:
        return 2
    clips = ClipStore(settings.data_dir)
    holder = ConfigHolder(settings.config_path, settings.data_dir)
    started = time.monotonic()
    made = VoiceJob(holder, store, clips, settings.route_cache).prepare_all()
    seconds = time.monotonic() - started
    counts = {lang: len(clips.index(lang)) for lang in holder.current().site.languages}
    print(
        f"voice guidance: {made} clips made in {seconds:.1f} s; "
        + ", ".join(f"{lang} {n}" for lang, n in counts.items())
        + f"; {clips.disk_bytes() / 1e6:.1f} MB in {clips.root}"
    )
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    """Read feeds once now and print what came back (nothing is stored)."""
    from kiosk_app.feed_trial import trial_lines

    settings = resolve(args)
    try:
        config = load_site(settings.config_path).config
    except ProblemsFound as err:
        _print_problems(err)
        return 1
    unknown = sorted(set(args.feed) - set(config.feeds))
    if unknown:
        print(
            f"no feed {', '.join(unknown)} in {settings.config_path}", file=sys.stderr
        )
        return 1
    ok = True
    for fine, line in trial_lines(config, args.feed):
        print(line)
        ok = ok and fine
    return 0 if ok else 1


def cmd_import_imdf(args: argparse.Namespace) -> int:
    """Write building and directory files from an IMDF archive; 2 when the
    archive is malformed, 1 when the files exist (without --force) or would
    not pass check."""
    from building_model.imdf import ImdfError, import_archive

    out = Path(args.out)
    targets = [out / "building.yaml", out / "directory.yaml"]
    if not args.force and any(t.exists() for t in targets):
        print(
            f"{out} already holds building.yaml or directory.yaml: "
            "give another --out, or --force to replace them",
            file=sys.stderr,
        )
        return 1
    try:
        result = import_archive(Path(args.archive), storey_height=args.storey_height)
    except ImdfError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(
            f"{args.archive}: not imported ({len(err.problems)} problems)",
            file=sys.stderr,
        )
        return 2
    out.mkdir(parents=True, exist_ok=True)
    targets[0].write_text(result.building_yaml, encoding="utf-8")
    targets[1].write_text(result.directory_yaml, encoding="utf-8")
    for note in result.mapped.notes:
        print(f"not imported: {note}")
    print(", ".join(f"{n} {name}" for name, n in result.counts().items()))
    print(f"written: {targets[0]} and {targets[1]}")
    kiosks = [k.data["id"] for k in result.mapped.section("kiosk_points")]
    print(
        "in config.yaml: building: {file: .../building.yaml, directory: "
        f".../directory.yaml}}; kiosks with the ids {', '.join(kiosks)}"
    )
    for line in result.problems:
        print(line, file=sys.stderr)
    return 1 if result.problems else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk_app", description="City-hall lobby kiosk"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="web + scheduler in one process (demo)")
    add_arguments(run, server=True)
    run.set_defaults(func=cmd_run)
    web = commands.add_parser("web", help="web server only (production)")
    add_arguments(web, server=True)
    web.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    web.set_defaults(func=cmd_web)
    sched = commands.add_parser("scheduler", help="the scheduler process")
    add_arguments(sched, server=False)
    sched.set_defaults(func=cmd_scheduler)
    brief = commands.add_parser("briefing", help="build today's briefing")
    brief.add_argument(
        "--now",
        action="store_true",
        required=True,
        help="build it now (the scheduler builds it on its schedule)",
    )
    brief.add_argument(
        "--refresh-feeds",
        action="store_true",
        help="refresh every feed first (when no scheduler runs)",
    )
    add_arguments(brief, server=False)
    brief.set_defaults(func=cmd_briefing)
    voice = commands.add_parser("voice", help="prepare voice guidance's clips now")
    add_arguments(voice, server=False)
    voice.set_defaults(func=cmd_voice)
    feeds = commands.add_parser(
        "feeds", help="read feeds once now and show what came back (nothing stored)"
    )
    feeds.add_argument("feed", nargs="*", help="feed ids (default: every feed)")
    add_arguments(feeds, server=False)
    feeds.set_defaults(func=cmd_feeds)
    check = commands.add_parser("check", help="validate config.yaml")
    check.add_argument("file", nargs="?", help="file to check (default: the config)")
    check.add_argument(
        "--online",
        action="store_true",
        help="also ask the briefing's model endpoint which output modes it takes",
    )
    add_arguments(check, server=False)
    check.set_defaults(func=cmd_check)
    doctor = commands.add_parser(
        "doctor", help="check this machine and print what to fix"
    )
    add_arguments(doctor, server=False)
    doctor.add_argument(
        "--role",
        choices=["all", "server", "screen"],
        default="all",
        help="server (web + scheduler), screen (kiosk browser) or all (both)",
    )
    doctor.add_argument(
        "--env-file",
        help="the services' variables (default /etc/kiosk/kiosk.env when present)",
    )
    doctor.set_defaults(func=cmd_doctor)
    staff = commands.add_parser(
        "staff-password", help="make the staff password hash for the environment"
    )
    staff.set_defaults(func=cmd_staff_password)
    imdf = commands.add_parser(
        "import-imdf", help="building and directory files from an IMDF indoor map"
    )
    imdf.add_argument("archive", help="the IMDF archive: a .zip or a folder")
    imdf.add_argument("--out", required=True, help="folder for the two files")
    imdf.add_argument(
        "--storey-height",
        type=float,
        default=4.0,
        help="metres between floors (4): elevation = ordinal x this",
    )
    imdf.add_argument("--force", action="store_true", help="replace existing files")
    imdf.set_defaults(func=cmd_import_imdf)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    _setup_logging()
    return args.func(args)
