"""A real PostgreSQL server for the tests, started with initdb + pg_ctl.

One server per test session, on a free port of 127.0.0.1, in a temporary
directory (fsync off: nothing here needs to survive a crash), stopped at the
end. Each test that wants one gets a database of its own (``new_database``),
so tests share nothing but the server. Connections use a password over TCP,
as a real deployment does (the tests check that it never reaches a log).

initdb refuses to run as root: as root (CI, containers) the server runs as
the unprivileged ``nobody``. Without the PostgreSQL binaries (Debian package
``postgresql``; ``make test`` installs it) the tests that need a server are
skipped, with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.server import free_port

SUPERUSER = "kiosk_test"
SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's place."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for pattern in SEARCH:
        for folder in sorted(glob.glob(pattern), reverse=True):  # newest first
            if (Path(folder) / "initdb").is_file() and (
                Path(folder) / "pg_ctl"
            ).is_file():
                return Path(folder)
    return None


@dataclass
class PostgresServer:
    """A running server: ``url(database)`` to connect, ``new_database()`` for a
    test of its own."""

    bin_dir: Path
    root: Path
    port: int
    password: str
    user_kwargs: dict
    _count: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        """A postgresql:// URL with the password, as KIOSK_DB_URL holds it."""
        password = urllib.parse.quote(self.password, safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database; returns its URL."""
        import psycopg

        self._count += 1
        name = f"test_{self._count}_{secrets.token_hex(3)}"
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **self.user_kwargs,
        )

    def start(self) -> None:
        """initdb and start, waiting until the server accepts connections."""
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        made = subprocess.run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **self.user_kwargs,
        )
        pwfile.unlink()
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{made.stdout}\n{made.stderr}")
        options = (
            f"-F -p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        started = self._ctl(
            "-o", options, "-l", str(self.root / "server.log"), "-w", "start"
        )
        if started.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed:\n{started.stderr}\n{self.log()}")

    def stop(self) -> None:
        """Stop at once (the data is thrown away)."""
        self._ctl("-m", "immediate", "stop", timeout=30)

    def log(self) -> str:
        """The server's log so far."""
        try:
            return (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return ""


def _unprivileged() -> tuple[dict, int | None]:
    """subprocess arguments that drop root (initdb refuses it), and the uid."""
    if os.getuid() != 0:
        return {}, None
    nobody = pwd.getpwnam("nobody")
    return {
        "user": nobody.pw_uid,
        "group": nobody.pw_gid,
        "extra_groups": [],
        "env": {**os.environ, "HOME": "/tmp"},
    }, nobody.pw_uid


def start_server() -> PostgresServer:
    """A new server in a temporary directory (the test is skipped without the
    PostgreSQL binaries)."""
    bin_dir = find_binaries()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb/pg_ctl in PATH or "
            "/usr/lib/postgresql/*/bin): `make test` installs it "
            "(scripts/install-system-deps.sh --test)"
        )
    # in /tmp itself, not pytest's tmp dir: that one is private to root
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    user_kwargs, uid = _unprivileged()
    if uid is not None:
        os.chown(root, uid, -1)
    server = PostgresServer(
        bin_dir, root, free_port(), secrets.token_urlsafe(18), user_kwargs
    )
    try:
        server.start()
    except BaseException:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return postgres_server.new_database()
