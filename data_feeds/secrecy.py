"""What looks like a secret (a key, token or password), and text cleaned of it.

``config.py`` uses it to refuse literal secrets in config.yaml; ``base.py`` and
``http_json.py`` use it so that error texts shown on ``/status`` and
``/healthz`` never carry one. Names of real APIs stay readable: data.go.kr
paths such as ``B552584/ArpltnInforInqireSvc/getMsrstnAcctoRltmMesureDnsty``
are made of words, tokens are made of short runs of mixed characters.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "***"

# words of a parameter or header name (X-API-Key, serviceKey, access_token)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# a word that names a secret wherever it appears in the word
_STRONG = re.compile(
    r"token|secret|passw(?:or)?d|apikey|servicekey|credential|signature|bearer"
)
# a word that names a secret only on its own or after a qualifier ("authkey"),
# so that keyword, passport or author stay ordinary names
_WEAK = re.compile(
    r"(?:x|api|service|access|auth|app|client|session|subscription|private|"
    r"master|consumer|secret)?"
    r"(?:key|keys|pass|pwd|sig|auth|authorization|cookie|jwt|hmac)"
)
# runs a readable name is made of: words (Fcst, Info), capitals (API), numbers
_RUN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_HEX = re.compile(r"[0-9a-fA-F]+")
_SEPARATOR = re.compile(r"[^A-Za-z0-9]+")
_SCHEME_USER = re.compile(r"(?<=://)[^/\s@'\"<>]+@")
_BARE_USER = re.compile(r"(?<![\w/])[^\s/@:'\"<>]+:[^\s/@'\"<>]+@(?=[\w\[])")
_QUERY = re.compile(r"\?[^\s'\"<>]*=[^\s'\"<>]*")
_PAIR = re.compile(r"([\w.-]+)=([^\s&;,()\[\]'\"<>]+)")
_SEGMENT = re.compile(r"(?<=/)[^/\s?#'\"<>]+")
_SCHEMES = {"http", "https"}
# data.go.kr file data (api.odcloud.kr) names each data set by a public UUID
_PUBLIC_ID = re.compile(r"^uddi:[0-9a-fA-F-]{16,}$")
# Korean government sites number their board menus ?key=1254: an id, not a key
_MENU_KEY = re.compile(r"^[0-9]{1,6}$")


def secret_name(name: str) -> bool:
    """True when a parameter or header name says it holds a secret."""
    words = [word.lower() for word in _WORD.findall(str(name))]
    return any(_STRONG.search(word) or _WEAK.fullmatch(word) for word in words)


def looks_opaque(part: str) -> bool:
    """True for a value or path segment that looks like a key or token, not a name.

    Hex of 16+ characters (a key, a UUID); 20+ characters whose runs of letters
    or digits are short (under 3 on average, or half of them: base64, random
    tokens); 16+ characters mixing both cases and digits in runs of about two.
    The words of an API name (``getMsrstnAcctoRltmMesureDnsty``) are longer.
    """
    if _PUBLIC_ID.match(part):
        return False
    # a token has no spaces: judge each word (a User-Agent value is not one)
    words = unquote(part).split()
    return len(words) > 0 and any(_opaque_word(word) for word in words)


def _opaque_word(text: str) -> bool:
    bare = text.replace("-", "")
    if (
        len(bare) >= 16
        and _HEX.fullmatch(bare)
        and any(c.isdigit() for c in bare)
        and any(c.isalpha() for c in bare)
    ):
        return True
    # short pieces between separators (v1, 2, db in kiosk_v1_2.db) are normal
    # in names: judge the longer pieces
    pieces = [piece for piece in _SEPARATOR.split(text) if len(piece) >= 3]
    runs = [run for piece in pieces for run in _RUN.findall(piece)]
    chars = sum(len(run) for run in runs)
    if len(text) >= 20 and chars >= 14:
        short = sum(len(run) < 3 for run in runs)
        return chars < 3 * len(runs) or 2 * short >= len(runs)
    runs = _RUN.findall(text)
    chars = sum(len(run) for run in runs)
    # shorter base64: digits and both cases in runs of about two characters
    mixed = (
        any(c.isdigit() for c in text)
        and any(c.islower() for c in text)
        and any(c.isupper() for c in text)
    )
    return len(text) >= 16 and chars >= 14 and mixed and chars < 2.5 * len(runs)


def url_secret(url: str) -> str | None:
    """What in ``url`` looks like a literal secret (never the secret), or None."""
    try:
        parts = urlsplit(url)
        password, user = parts.password, parts.username
    except ValueError:
        return "the url is not valid"
    if password:
        return "the url contains a password"
    if user and looks_opaque(user):
        return "the user part of the url looks like a key or token"
    for where, text in (("query", parts.query), ("fragment", parts.fragment)):
        for name, value in parse_qsl(text, keep_blank_values=True):
            if name.lower() == "key" and _MENU_KEY.match(value):
                continue
            if secret_name(name):
                return f"'{name}' in the url's {where} looks like a secret"
            if looks_opaque(value):
                return f"the value of '{name}' in the url's {where} looks like a key"
    if any(looks_opaque(segment) for segment in parts.path.split("/")):
        return "a part of the url's path looks like a key or token"
    return None


def shown_path(path: str) -> str:
    """A URL path with every segment that looks like a key or token masked."""
    return "/".join(MASK if looks_opaque(s) else s for s in path.split("/"))


def shown_url(url: str) -> str:
    """Host and path of a URL, safe to show: no user, query, or token segments."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "the configured url"
    return f"{host}{shown_path(parts.path)}"


def scrub(text: str) -> str:
    """Free text with users, query strings, secret pairs and tokens in paths masked.

    The last guard before an error is recorded: adapters should not put such
    things in a message, but one from a library might.
    """
    text = _SCHEME_USER.sub(MASK + "@", text)
    text = _BARE_USER.sub(MASK + "@", text)
    text = _QUERY.sub("?" + MASK, text)
    text = _PAIR.sub(
        lambda m: f"{m[1]}={MASK}" if secret_name(m[1]) or looks_opaque(m[2]) else m[0],
        text,
    )
    return _SEGMENT.sub(lambda m: MASK if looks_opaque(m[0]) else m[0], text)


def is_web_url(url: str) -> bool:
    """True for an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in _SCHEMES and bool(parts.hostname)
