"""Which release of the kiosk a server runs: what decides whether a screen
reloads when the server it talks to changes.

A screen reloads when the answer to its beat names another release than the
one it loaded (new code or new page scripts: its own would no longer fit).
Every server running the same code gives the same id, so screens behind a
load balancer, whose beats land on one server and then another, never
reload for that, and a server restarted on the same code is simply
reconnected to. The id is a digest of the kiosk's Python packages and page
assets (the files, not their dates), or of ``KIOSK_RELEASE`` when the
environment names the release itself (a version or commit: every server of a
city then agrees even if their files differ in something that does not
matter, and a changed value reloads every screen).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dash

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "kiosk_core",
    "kiosk_app",
    "layouts",
    "briefing",
    "building_model",
    "data_feeds",
)


def release_id(named: str | None = None, root: Path = ROOT) -> str:
    """The id of this release: of ``named`` if given, else of the code and
    assets under ``root`` (and the Dash version serving them)."""
    digest = hashlib.sha256()
    if named:
        digest.update(b"named\0" + named.encode("utf-8"))
        return digest.hexdigest()[:16]
    digest.update(f"dash {dash.__version__}\0".encode())
    files = [p for name in PACKAGES for p in (root / name).rglob("*.py")]
    files += [p for p in (root / "assets").rglob("*") if p.is_file()]
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
