"""Fake OpenAI-compatible servers that behave like the real kinds.

Each kind takes or refuses ``response_format`` as its real counterpart does,
with the same status and body; accepted requests get the scripted answers in
order (the last one repeats), and every request is recorded::

    with LlmServer(kind="llamacpp") as server:
        server.script({"sentences": [...]}, "not json", http_error(500))
        ... OpenAIWriterConfig(base_url=server.base_url, model=server.model) ...
        assert [r.mode for r in server.requests] == ["json_schema", "json_object"]

Kinds:

- ``openai``: takes json_schema (a strict schema must have
  ``additionalProperties: false`` and every property required, else 400 in
  OpenAI's words), json_object (the messages must say "json") and none;
- ``llamacpp``: llama-cpp-python's server: HTTP 500 with pydantic's words for
  json_schema ("Input should be 'text' or 'json_object'"), takes json_object
  (with its schema) and none; reports the model file it serves whatever is asked;
- ``plain``: no structured output: any response_format is a 400;
- ``overflow``: every chat request is a 400 ``context_length_exceeded``.

Any kind may also check a key (``key=``: a wrong or missing one is a 401 that
echoes what was sent, as careless servers do), limit the context
(``context_tokens=``: a prompt of ~4 characters a token plus max_tokens over it
is the overflow 400), or list no models (``models=None``: GET /models is 404).
"""

from __future__ import annotations

import dataclasses
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

from .local_server import Canned, LocalServer
from .openai_server import Answer, Request, completion

Kind = Literal["openai", "llamacpp", "plain", "overflow"]
Content = str | dict[str, Any]
OK = {"sentences": [{"text": "ok", "fact_ids": []}]}

LLAMACPP_REFUSAL = {
    "error": {
        "code": 500,
        "message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', "
        "'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': "
        "'json_schema'}]",
        "type": "server_error",
    }
}
PLAIN_REFUSAL = {
    "error": {
        "message": "response_format is not supported by this server",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": "unsupported_parameter",
    }
}


def overflow_body(context: int = 2048, asked: int = 3300) -> dict[str, Any]:
    """OpenAI's (and llama-cpp-python's) context_length_exceeded body."""
    return {
        "error": {
            "message": f"This model's maximum context length is {context} tokens. "
            f"However, you requested {asked} tokens ({asked - 1500} in the "
            "messages, 1500 in the completion). Please reduce the length of the "
            "messages or completion.",
            "type": "invalid_request_error",
            "param": "messages",
            "code": "context_length_exceeded",
        }
    }


def _error(status: int, body: dict[str, Any]) -> Canned:
    return Canned(json.dumps(body).encode(), status=status)


def _invalid(message: str, param: str | None = "response_format") -> Canned:
    body = {"message": message, "type": "invalid_request_error", "param": param}
    return _error(400, {"error": {**body, "code": None}})


def length(content: Content) -> dict[str, Any]:
    """A scripted answer cut at max_tokens (finish_reason "length")."""
    return {"__finish_reason": "length", "content": content}


def _strict_problem(schema: Any, where: str = "()") -> str | None:
    """What OpenAI's strict mode says about a schema, or None when it passes."""
    if not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    if schema.get("type") == "object" and isinstance(properties, dict):
        if schema.get("additionalProperties") is not False:
            return (
                f"In context={where}, 'additionalProperties' is required to be "
                "supplied and to be false."
            )
        missing = [key for key in properties if key not in schema.get("required", [])]
        if missing:
            return (
                f"In context={where}, 'required' is required to be supplied and to "
                "be an array including every key in properties. Missing "
                f"'{missing[0]}'."
            )
        for key, sub in properties.items():
            if problem := _strict_problem(sub, f"('properties', '{key}')"):
                return problem
    if "items" in schema:
        return _strict_problem(schema["items"], f"{where[:-1]}, 'items')")
    return None


@dataclasses.dataclass(frozen=True)
class LlmRequest(Request):
    """One request, with the structured-output mode it asked for."""

    @property
    def mode(self) -> str:
        """json_schema, json_object, text or none."""
        field = self.body.get("response_format")
        return str(field.get("type")) if isinstance(field, dict) else "none"


class LlmServer(LocalServer):
    """An OpenAI-compatible server of one kind, answering from a script."""

    def __init__(
        self,
        kind: Kind = "openai",
        *,
        model: str | None = None,
        models: tuple[str, ...] | None = (),
        key: str | None = None,
        context_tokens: int | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        default = (
            "/models/gemma-3-270m-it-Q4_K_M.gguf"
            if kind == "llamacpp"
            else ("gpt-4o-mini")
        )
        self.model = model or default  # the model the server serves and reports
        self.models = (self.model,) if models == () else models
        self.key = key
        self.context_tokens = context_tokens
        self._script: list[Content | Answer] = [OK]
        self._served = 0
        self.requests: list[LlmRequest] = []

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. http://127.0.0.1:54321/v1."""
        return self.url + "/v1"

    def script(self, *answers: Content | Answer) -> None:
        """Answer the next accepted chat requests with ``answers`` in order (the
        last repeats): message content (a dict becomes JSON), ``length(...)``
        for an answer cut short, or a canned answer (``slow``, ``http_error``
        of tests.fakes.openai_server)."""
        with self._lock:
            self._script = list(answers)
            self._served = 0

    @property
    def chats(self) -> list[LlmRequest]:
        """The chat requests received, in order."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> Canned:
        """Record the request; refuse it as the kind does, or answer it."""
        try:
            parsed = json.loads(body or b"{}")
        except json.JSONDecodeError:
            parsed = {"unparsed": body.decode(errors="replace")}
        if not isinstance(parsed, dict):
            parsed = {"unparsed": parsed}
        headers = {k.lower(): v for k, v in request.headers.items()}
        seen = LlmRequest(request.path.split("?")[0], headers, parsed)
        with self._lock:
            self.requests.append(seen)
        if self.key is not None:
            sent = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if sent != self.key:
                return _error(
                    401,
                    {
                        "error": {
                            "message": f"Incorrect API key provided: {sent}.",
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }
                    },
                )
        if seen.path.endswith("/models"):
            if self.models is None:
                return _error(404, {"detail": "Not Found"})
            data = [{"id": m, "object": "model", "owned_by": "me"} for m in self.models]
            return Canned(json.dumps({"object": "list", "data": data}).encode())
        if not seen.path.endswith("/chat/completions"):
            return _error(404, {"detail": "Not Found"})
        refused = self._refusal(seen)
        if refused is not None:
            return refused
        with self._lock:
            item = self._script[min(self._served, len(self._script) - 1)]
            self._served += 1
        return self._completion(item)

    def _refusal(self, seen: LlmRequest) -> Canned | None:
        mode, field = seen.mode, seen.body.get("response_format")
        if self.kind == "overflow":
            return _error(400, overflow_body())
        if self.context_tokens is not None:
            prompt = len(json.dumps(seen.body.get("messages", []), ensure_ascii=False))
            asked = prompt // 4 + int(seen.body.get("max_tokens") or 0)
            if asked > self.context_tokens:
                return _error(400, overflow_body(self.context_tokens, asked))
        if self.kind == "plain" and field is not None:
            return _error(400, PLAIN_REFUSAL)
        if self.kind == "llamacpp" and mode not in ("none", "text", "json_object"):
            return _error(500, LLAMACPP_REFUSAL)
        if self.kind == "openai" and mode == "json_schema":
            spec = field.get("json_schema") if isinstance(field, dict) else None
            if not isinstance(spec, dict) or "name" not in spec:
                return _invalid(
                    "Missing required parameter: 'response_format.json_schema'."
                )
            if spec.get("strict") and (problem := _strict_problem(spec.get("schema"))):
                return _invalid(
                    f"Invalid schema for response_format '{spec['name']}': {problem}"
                )
        if self.kind == "openai" and mode == "json_object":
            if "json" not in seen.text().lower():
                return _invalid(
                    "'messages' must contain the word 'json' in some form, to use "
                    "'response_format' of type 'json_object'.",
                    param="messages",
                )
        return None

    def _completion(self, item: Content | Answer) -> Canned:
        if isinstance(item, Canned):
            return item
        finish = "stop"
        if isinstance(item, dict) and "__finish_reason" in item:
            finish, item = item["__finish_reason"], item["content"]
        text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        answer = completion(text, finish_reason=finish)
        answer["model"] = self.model
        answer["created"] = int(time.time())
        return Canned(json.dumps(answer, ensure_ascii=False).encode())
