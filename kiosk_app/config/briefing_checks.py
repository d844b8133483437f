"""``check``'s warnings about the briefing's model, each with file:line and key.

Offline: the key's variable unset, a prompt and answer that do not fit the
model's context, a deadline shorter than one request may take. Online
(``check --online``): what the endpoint answered for each output mode, and
a warning when the first configured mode is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from briefing.probe import ProbeResult, prompt_tokens
from kiosk_app.config.site import Site, Texts
from kiosk_core.yaml_source import LineMap, Path_, Problem, format_key, parse_yaml

if TYPE_CHECKING:
    from briefing.config import BriefingConfig

OPENAI = ("briefing", "openai")
PROBE_TIMEOUT = 60.0  # a CPU model answers a few tokens well within this


def _where(texts: Texts) -> tuple[str, LineMap]:
    name, text = texts.files[0]
    return name, parse_yaml(text, name)[1]


def _problem(name: str, lines: LineMap, path: Path_, message: str) -> Problem:
    return Problem(name, lines.line_of(path), format_key(path), message)


def _key(briefing: BriefingConfig, env: Mapping[str, str]) -> str | None:
    variable = briefing.openai.api_key_env
    if variable is None or env.get(variable, "").strip():
        return None
    return (
        f"{variable} is not set here (or is empty): the model cannot be asked "
        "until it is set where the scheduler runs; for a server that needs no "
        'key (llama.cpp, vLLM in the building) set api_key_env: ""'
    )


def _context(site: Site) -> str | None:
    config = site.config
    briefing = config.briefing
    context = briefing.openai.context_tokens
    if context is None:
        return None
    languages = briefing.languages or config.site.languages
    sizes = prompt_tokens(
        config.tiles,
        config.notices,
        config.site.timezone,
        languages,
        briefing.target_seconds,
    )
    language, prompt = max(sizes.items(), key=lambda item: item[1])
    answer = briefing.openai.max_tokens
    if prompt + answer <= context:
        return None
    return (
        f"the prompt is about {prompt} tokens ({language}, every tile and notice "
        f"shown; an estimate) and the answer may take max_tokens {answer}: "
        f"{prompt + answer} do not fit in context_tokens {context}; lower "
        "max_tokens (a 90-second briefing is about 400-700), show fewer tiles, "
        "or give the model a larger context"
    )


def _deadline(briefing: BriefingConfig) -> str | None:
    timeout = briefing.openai.timeout_seconds
    if briefing.deadline_minutes >= timeout / 60:
        return None
    return (
        f"{briefing.deadline_minutes:g} minutes for the whole job is less than "
        f"one request may take (briefing.openai.timeout_seconds {timeout:g} s = "
        f"{timeout / 60:g} min): the model is cut off before it may answer; raise "
        "deadline_minutes or lower timeout_seconds"
    )


def briefing_warnings(
    site: Site, texts: Texts, env: Mapping[str, str]
) -> list[Problem]:
    """Warnings about the briefing: a required fact that is no tile's id, and
    about its model when ``writer: openai``."""
    briefing = site.config.briefing
    name, lines = _where(texts)
    tiles = {t.id for t in site.config.tiles}
    found = [
        _problem(
            name,
            lines,
            ("briefing", "required_facts", index),
            f"no tile '{fact}' in tiles: this required fact is never said",
        )
        for index, fact in enumerate(briefing.required_facts)
        if fact not in tiles
    ]
    if briefing.writer != "openai":
        return found
    checks: list[tuple[Path_, str | None]] = [
        ((*OPENAI, "api_key_env"), _key(briefing, env)),
        ((*OPENAI, "context_tokens"), _context(site)),
        (("briefing", "deadline_minutes"), _deadline(briefing)),
    ]
    for path, message in checks:
        if message:
            found.append(_problem(name, lines, path, message))
    return found


def probe_lines(result: ProbeResult) -> list[str]:
    """What the endpoint answered, one line a mode, then its models."""
    lines = [f"briefing.openai: {result.base_url}, model {result.model}"]
    lines += [f"  {mode.line()}" for mode in result.modes]
    if result.models is None:
        lines.append(f"  models: no list ({result.models_detail})")
    else:
        shown = ", ".join(result.models[:10]) + (
            f" and {len(result.models) - 10} more" if len(result.models) > 10 else ""
        )
        listed = "is" if result.model_listed else "is NOT"
        note = f"{result.model} {listed} among them"
        answered = {m.model for m in result.modes if m.model}
        if not result.model_listed and answered:
            # a one-model server (llama.cpp) answers whatever model is asked
            note += f"; the answers came from {', '.join(sorted(answered))}"
        lines.append(f"  models: {shown or 'none'} ({note})")
    return lines


def probe_warnings(site: Site, texts: Texts, result: ProbeResult) -> list[Problem]:
    """Warnings from a probe: the first configured mode refused (with the
    order that works), no mode answered, a key sent that the server did not need."""
    name, lines = _where(texts)
    found: list[Problem] = []
    first = result.modes[0]
    if first.outcome == "refused" and result.accepted:
        order = ", ".join(result.working_order())
        found.append(
            _problem(
                name,
                lines,
                (*OPENAI, "response_format"),
                f"the server refuses {first.mode} ({first.detail}); it takes "
                f"{', '.join(result.accepted)}: write response_format: [{order}]",
            )
        )
    elif not result.accepted:
        failed = next((m for m in result.modes if m.outcome == "failed"), first)
        found.append(
            _problem(
                name,
                lines,
                (*OPENAI, "base_url"),
                f"no output mode worked: {failed.mode}: {failed.detail}",
            )
        )
    if result.key_missing and result.accepted:
        found.append(
            _problem(
                name,
                lines,
                (*OPENAI, "api_key_env"),
                f"the server answered without a key ({result.key_missing} is "
                'unset): if it needs none, set api_key_env: ""',
            )
        )
    return found
