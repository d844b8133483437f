"""A model endpoint's errors in words an admin can act on.

The official ``openai`` client raises ``openai.APIStatusError`` for any HTTP
error; the server's own words are in its body (``error.message`` in OpenAI's
form, ``detail`` in FastAPI's, or plain text). These functions keep those
words (flattened, cut to a few hundred characters, the key blanked out) and
add what they usually mean: a refused key, a wrong model or path, a used-up
quota, a prompt too long for the model's context, a ``response_format`` the
server does not take.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openai is imported when a model is asked, not before
    import openai

WORDS_LIMIT = 300
# hosted APIs echo part of a refused key ("sk-ab***yz"): never show even that
_KEY_LIKE = re.compile(r"\b(sk|key|token)-[A-Za-z0-9_\-*.]{3,}", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MODE_WORDS = re.compile(
    r"response_format|json_schema|json_object|schema|grammar", re.IGNORECASE
)
_CONTEXT_WORDS = re.compile(
    r"context[ _](length|window|size)|maximum context|n_ctx|"
    r"exceeds? (the )?(available )?context|prompt is too long|too many tokens",
    re.IGNORECASE,
)
_CONTEXT_CODES = {"context_length_exceeded", "exceed_context_size_error"}


def redact(text: str, secret: str | None) -> str:
    """``text`` without ``secret`` (when it is long enough to be one) and
    without anything shaped like an API key."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "***")
    return _KEY_LIKE.sub(lambda m: f"{m[1]}-***", text)


def _flat(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _detail(detail: Any) -> str:
    """FastAPI's ``detail``: a string, or a list of validation errors."""
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict) and "msg" in item:
                where = ".".join(str(p) for p in item.get("loc", ()) or ())
                parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(detail)


def server_words(err: openai.APIStatusError) -> str:
    """The server's own words for an HTTP error, unflattened and uncut: the
    body's ``error.message`` or ``message``, FastAPI's ``detail``, or its text."""
    body = err.body  # the client keeps the body's "error" member when it has one
    if isinstance(body, dict):
        for name in ("message", "detail", "error", "msg"):
            value = body.get(name)
            if isinstance(value, dict):
                value = value.get("message") or value
            if value:
                return _detail(value)
        return str(body) if body else ""
    if isinstance(body, str) and body.strip():
        return body
    try:
        return err.response.text
    except Exception:  # noqa: BLE001 (a streamed body already closed)
        return ""


def _code(err: openai.APIStatusError) -> str:
    body = err.body if isinstance(err.body, dict) else {}
    return " ".join(str(body.get(name) or "") for name in ("code", "type")).lower()


def is_context_overflow(err: openai.APIStatusError) -> bool:
    """True when the server says the prompt and answer do not fit the model's
    context (OpenAI's and llama-cpp-python's ``context_length_exceeded``,
    llama.cpp's ``exceed_context_size_error``, vLLM's and Ollama's words)."""
    if err.status_code not in (400, 413, 422, 500):
        return False
    if any(code in _code(err) for code in _CONTEXT_CODES):
        return True
    return bool(_CONTEXT_WORDS.search(server_words(err)))


def is_mode_refusal(err: openai.APIStatusError) -> bool:
    """True when the server refuses the request's structured-output mode: a
    400, 422, 500 or 501 whose words name response_format, json_schema,
    json_object, a schema or a grammar (llama-cpp-python: "Input should be
    'text' or 'json_object'"); the next mode may work."""
    if err.status_code not in (400, 422, 500, 501) or is_context_overflow(err):
        return False
    words = server_words(err)
    return bool(_MODE_WORDS.search(words) or "'json_object'" in words)


def _meaning(err: openai.APIStatusError, words: str) -> str:
    status = err.status_code
    if is_context_overflow(err):
        return (
            "the prompt and the answer's max_tokens do not fit the model's context: "
            "lower max_tokens, leave out facts, or give the server a larger context"
        )
    if is_mode_refusal(err):
        return (
            "the server does not take this response_format: put a mode it takes "
            "first in briefing.openai.response_format"
        )
    if "max_completion_tokens" in words:
        return "this model takes max_completion_tokens instead of max_tokens"
    if status == 401:
        return (
            "the key was refused: check the variable api_key_env names "
            '(a server that needs no key: api_key_env: "")'
        )
    if status == 403:
        return "the key may not use this model or endpoint"
    if status == 404:
        return "no such model or path: check model and base_url (usually ending in /v1)"
    if status == 413:
        return "the request is too large for the server"
    if status == 429:
        return "too many requests, or the account's quota or credit is used up"
    if status in (502, 503, 504):
        return "the server or a proxy in front of it is down or overloaded"
    if status >= 500:
        return "the server failed on this request"
    return ""


def describe_status_error(
    err: openai.APIStatusError, secret: str | None, *, meaning: bool = True
) -> str:
    """One line for an HTTP error: status, the server's words (flattened, cut
    to ~300 characters, the key blanked out) and what it usually means."""
    raw = server_words(err)
    words = _flat(redact(raw, secret))
    if len(words) > WORDS_LIMIT:
        words = words[: WORDS_LIMIT - 1].rstrip() + "…"
    text = f"HTTP {err.status_code}"
    if words:
        text += f": {words}"
    hint = _meaning(err, raw) if meaning else ""
    return f"{text} ({hint})" if hint else text


def describe_error(err: Exception, secret: str | None, timeout: float) -> str:
    """One line for anything the client raises (never the key)."""
    import openai

    if isinstance(err, openai.APIStatusError):
        return describe_status_error(err, secret)
    if isinstance(err, openai.APITimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(err, openai.APIConnectionError):
        cause = err.__cause__ or err
        reason = _flat(redact(str(cause), secret))[:WORDS_LIMIT]
        return f"cannot reach the endpoint ({type(cause).__name__}: {reason})"
    reason = _flat(redact(str(err), secret))[:WORDS_LIMIT]
    return f"{type(err).__name__}: {reason}"
