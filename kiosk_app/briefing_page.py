"""``/briefing/today``: the day's briefing as staff read it before it is heard.

A read-only page for staff PCs, behind the staff login (kiosk_app/staff.py):
per language the title, every sentence with who wrote it (the model, its
retry, or the template) and the facts it cites, the audio, the writer's
reason, and every request to the model (model, endpoint, mode, prompt
version, seconds, tokens, finish reason, the error in words, each sentence's
verdict with the checker's findings, and the raw answer, folded). ``/status``
shows the same attempts in short (``attempts_digest``).

Records stored before attempts were kept lack most of these fields: each is
read with a default, so an old record shows what it has. Everything is
rendered by Jinja with autoescaping: a model's answer or a notice holding
markup shows as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask, render_template_string, request

from briefing.archive import stored_fact_words
from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import BRIEFING_AUDIO_PATH
from kiosk_app.store import Store

TODAY_PATH = "/briefing/today"
ORIGINS = ("model", "retry", "template")
RECENT_DAYS = 7


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _fact_words(fact: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A stored fact as one line: its id, label, value (or text) and as-of."""
    words = stored_fact_words(dict(fact), language)
    shown = fact.get("shown")
    if fact.get("kind") == "notice":
        value = words["text"] or ""
    elif fact.get("state", "fresh") != "fresh":
        value = f"({fact.get('state')})"
    elif shown is not None:
        value = f"{shown} {words['unit'] or ''}".strip()
    else:
        value = words["text"] or ""
    if words["grade"]:
        value = f"{value} · {words['grade']}"
    return {
        "id": str(fact.get("id", "")),
        "label": words["label"] or str(fact.get("id", "")),
        "value": value,
        "as_of": fact.get("month") or fact.get("as_of") or "",
        "source": fact.get("source") or "",
    }


def sentence_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each sentence with its origin, timing and the facts it cites (an id the
    record does not hold is listed as unknown)."""
    language = str(record.get("language", ""))
    facts = {
        f["id"]: f
        for f in _list(record.get("facts"))
        if isinstance(f, dict) and isinstance(f.get("id"), str)
    }
    rows = []
    for index, sentence in enumerate(_list(record.get("sentences"))):
        if not isinstance(sentence, dict):
            continue
        cited = []
        for fact_id in _list(sentence.get("fact_ids")):
            fact = facts.get(fact_id) if isinstance(fact_id, str) else None
            cited.append(
                _fact_words(fact, language)
                if fact is not None
                else {"id": str(fact_id), "label": None, "value": None}
            )
        spoken = sentence.get("spoken")
        rows.append(
            {
                "index": index + 1,
                "text": str(sentence.get("text", "")),
                "origin": sentence.get("origin")
                if sentence.get("origin") in ORIGINS
                else None,
                "facts": cited,
                "start": sentence.get("start"),
                "end": sentence.get("end"),
                "spoken": spoken if spoken and spoken != sentence.get("text") else None,
            }
        )
    return rows


def _tokens(attempt: Mapping[str, Any]) -> str | None:
    prompt, completion = attempt.get("prompt_tokens"), attempt.get("completion_tokens")
    if prompt is None and completion is None:
        return None
    return f"{prompt if prompt is not None else '?'} in, " + (
        f"{completion if completion is not None else '?'} out"
    )


def error_words(attempt: Mapping[str, Any]) -> str | None:
    """What went wrong in one attempt, in words: the kind, the HTTP status and
    the server's (or parser's) own message."""
    error = attempt.get("error")
    if not error:
        return None
    kind = attempt.get("error_kind") or attempt.get("kind")
    status = attempt.get("http_status")
    head = " ".join(
        part
        for part in (str(kind) if kind else "", f"HTTP {status}" if status else "")
        if part
    )
    return f"{head}: {error}" if head else str(error)


def attempt_view(attempt: Mapping[str, Any]) -> dict[str, Any]:
    """One attempt as the page shows it (every field may be absent)."""
    verdicts = [s for s in _list(attempt.get("sentences")) if isinstance(s, dict)]
    passed = attempt.get("passed")
    if not isinstance(passed, int):
        passed = sum(1 for s in verdicts if s.get("ok"))
    raw = attempt.get("raw")
    return {
        "number": attempt.get("attempt"),
        "purpose": attempt.get("purpose") or "",
        "model": attempt.get("model") or "",
        "endpoint": attempt.get("endpoint") or "",
        "prompt_version": attempt.get("prompt_version") or "",
        "mode": attempt.get("mode") or "",
        "modes_refused": [str(m) for m in _list(attempt.get("modes_refused"))],
        "started_at": attempt.get("started_at") or "",
        "seconds": attempt.get("seconds"),
        "tokens": _tokens(attempt),
        "finish_reason": attempt.get("finish_reason") or "",
        "error": error_words(attempt),
        "ok": bool(attempt.get("ok")) and not attempt.get("error"),
        "parse": [str(p) for p in _list(attempt.get("parse"))],
        "passed": passed,
        "total": len(verdicts),
        "verdicts": [
            {
                "index": (v["index"] + 1) if isinstance(v.get("index"), int) else "?",
                "text": str(v.get("text", "")),
                "fact_ids": [str(f) for f in _list(v.get("fact_ids"))],
                "ok": bool(v.get("ok")) and not _list(v.get("findings")),
                "findings": [str(f) for f in _list(v.get("findings"))],
            }
            for v in verdicts
        ],
        "raw": raw if isinstance(raw, str) else None,
        "raw_cut": attempt.get("raw_cut"),
    }


def origin_counts(record: Mapping[str, Any]) -> dict[str, int]:
    """The kept sentences by origin: the writer's count, else the sentences'."""
    counted = _dict(_dict(record.get("writer")).get("sentences"))
    if counted:
        return {k: v for k, v in counted.items() if isinstance(v, int) and v}
    found: dict[str, int] = {}
    for sentence in _list(record.get("sentences")):
        origin = sentence.get("origin") if isinstance(sentence, dict) else None
        if origin in ORIGINS:
            found[origin] = found.get(origin, 0) + 1
    return found


def language_view(
    record: Mapping[str, Any], audio_url: str | None = None
) -> dict[str, Any]:
    """One language's briefing as the page shows it."""
    writer = _dict(record.get("writer"))
    speech = _dict(record.get("speech"))
    check = _dict(record.get("check"))
    return {
        "language": record.get("language", ""),
        "title": record.get("title", ""),
        "created_at": record.get("created_at", ""),
        "audio_url": audio_url if record.get("audio_file") else None,
        "audio_seconds": record.get("audio_seconds"),
        "subtitles_only": bool(speech.get("subtitles_only", True)),
        "speech": speech.get("engine", ""),
        "writer": {
            "name": writer.get("name", ""),
            "model": writer.get("model"),
            "reason": writer.get("reason", ""),
            "endpoint": writer.get("endpoint"),
            "prompt_version": writer.get("prompt_version"),
        },
        "origins": origin_counts(record),
        "sentences": sentence_rows(record),
        "check_findings": [str(f) for f in _list(check.get("findings"))],
        "attempts": [
            attempt_view(a)
            for a in _list(writer.get("attempts"))
            if isinstance(a, dict)
        ],
    }


def attempts_digest(
    store: Store, status: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The last build's attempts in short, per language (for /status): the
    writer, the sentences by origin, and each attempt's mode, seconds and
    error or sentences passed."""
    if not status or not isinstance(status.get("languages"), dict):
        return []
    try:
        day = dt.date.fromisoformat(str(status.get("day")))
    except ValueError:
        return []
    digest = []
    for language in status["languages"]:
        record = store.briefing(day, language)
        if record is None:
            continue
        attempts = [
            attempt_view(a)
            for a in _list(_dict(record.get("writer")).get("attempts"))
            if isinstance(a, dict)
        ]
        digest.append(
            {
                "language": language,
                "writer": _dict(record.get("writer")).get("name", ""),
                "origins": origin_counts(record),
                "attempts": attempts,
            }
        )
    return digest


_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<title>Briefing on record</title>
<link rel="stylesheet" href="{{ css }}">
</head><body class="status-page briefing-today">
<h1>브리핑 기록 / Briefing on record: {{ day }}</h1>
<p><a href="{{ root }}/status">← status</a>
{% for d in days %} · {% if d == day %}<strong>{{ d }}</strong>{% else %}
<a href="?day={{ d }}">{{ d }}</a>{% endif %}{% endfor %}</p>
{% if not languages %}<p class="warn no-briefing">No briefing for {{ day }} yet.</p>
{% endif %}
{% for b in languages %}
<section class="briefing-language" data-language="{{ b.language }}"
 lang="{{ b.language }}">
<h2>{{ b.language }}: {{ b.title }}</h2>
<p class="writer">writer <strong>{{ b.writer.name }}</strong>
{% if b.writer.model %} · model {{ b.writer.model }}{% endif %}
{% if b.writer.endpoint %} · {{ b.writer.endpoint }}{% endif %}
{% if b.writer.prompt_version %} · prompt {{ b.writer.prompt_version }}{% endif %}
 · <span class="reason">{{ b.writer.reason }}</span>
 · built {{ b.created_at }}</p>
<p class="origins">sentences:
{% for origin, n in b.origins.items() %}<span class="origin origin-{{ origin }}">
{{ origin }} {{ n }}</span>{{ ', ' if not loop.last }}{% else %}-{% endfor %}</p>
{% if b.audio_url %}<p><audio controls preload="none" src="{{ b.audio_url }}"></audio>
{% if b.audio_seconds %} {{ '%.0f' % b.audio_seconds }} s{% endif %}
 · {{ b.speech }}</p>
{% else %}<p class="warn">subtitles only (no audio){% if b.speech %}
 · {{ b.speech }}{% endif %}</p>{% endif %}
{% if b.check_findings %}<ul class="check-findings error">
{% for f in b.check_findings %}<li>{{ f }}</li>{% endfor %}</ul>{% endif %}
<table class="sentences">
<tr><th>#</th><th>sentence</th><th>from</th><th>facts cited</th><th>heard</th></tr>
{% for s in b.sentences %}
<tr class="sentence"><td>{{ s.index }}</td>
<td class="text">{{ s.text }}{% if s.spoken %}
<div class="spoken">spoken: {{ s.spoken }}</div>{% endif %}</td>
<td class="origin origin-{{ s.origin or 'unknown' }}">{{ s.origin or '-' }}</td>
<td class="cited">{% for f in s.facts %}<div><code>{{ f.id }}</code>
{% if f.label %}{{ f.label }}: {{ f.value }}{% else %}
<span class="error">not in the facts</span>{% endif %}</div>{% endfor %}</td>
<td>{% if s.start is not none %}{{ '%.1f' % s.start }}–{{ '%.1f' % (s.end or 0) }} s
{% endif %}</td></tr>
{% endfor %}
</table>
<h3>Requests to the model</h3>
{% if not b.attempts %}<p class="no-attempts">none: {{ b.writer.reason }}</p>{% endif %}
{% for a in b.attempts %}
<div class="attempt">
<h4 class="{{ 'ok' if a.ok else 'error' }}">attempt {{ a.number or loop.index }}
{%- if a.purpose %} ({{ a.purpose }}){% endif %}
 · {{ a.passed }}/{{ a.total }} sentences passed</h4>
<table class="attempt-facts">
<tr><th>model</th><td>{{ a.model or '-' }}</td></tr>
<tr><th>endpoint</th><td>{{ a.endpoint or '-' }}</td></tr>
<tr><th>mode</th><td>{{ a.mode or '-' }}{% if a.modes_refused %} (refused:
 {{ a.modes_refused | join(', ') }}){% endif %}</td></tr>
<tr><th>prompt version</th><td>{{ a.prompt_version or '-' }}</td></tr>
<tr><th>started</th><td>{{ a.started_at or '-' }}</td></tr>
<tr><th>seconds</th><td>{{ a.seconds if a.seconds is not none else '-' }}</td></tr>
<tr><th>tokens</th><td>{{ a.tokens or '-' }}</td></tr>
<tr><th>finish reason</th><td>{{ a.finish_reason or '-' }}</td></tr>
{% if a.error %}<tr class="error"><th>error</th><td class="attempt-error">
{{ a.error }}</td></tr>{% endif %}
{% if a.parse %}<tr><th>parsing</th><td>{{ a.parse | join('; ') }}</td></tr>
{% endif %}
</table>
{% if a.verdicts %}<table class="verdicts">
<tr><th>#</th><th>sentence</th><th>facts</th><th>verdict</th></tr>
{% for v in a.verdicts %}<tr class="{{ 'ok' if v.ok else 'error' }}">
<td>{{ v.index }}</td><td>{{ v.text }}</td><td>{{ v.fact_ids | join(', ') }}</td>
<td>{% if v.ok %}passed{% else %}failed<ul>{% for f in v.findings %}
<li>{{ f }}</li>{% endfor %}</ul>{% endif %}</td></tr>{% endfor %}
</table>{% endif %}
{% if a.raw is not none %}<details class="raw"><summary>raw answer
 ({{ a.raw | length }} characters{% if a.raw_cut %}, cut from
 {{ a.raw_cut }}{% endif %})
</summary><pre>{{ a.raw }}</pre></details>
{% else %}<p>no answer kept</p>{% endif %}
</div>
{% endfor %}
</section>
{% endfor %}
</body></html>
"""


def register_briefing_page(
    server: Flask, holder: ConfigHolder, store: Store, css_url: str
) -> None:
    """Add /briefing/today (a staff path: kiosk_app/staff.py guards it)."""

    @server.get(TODAY_PATH)
    def briefing_today():
        site = holder.state().site
        config = site.config
        day = site.today()
        wanted = request.args.get("day", "")
        try:
            day = dt.date.fromisoformat(wanted) if wanted else day
        except ValueError:
            pass
        root = request.script_root
        languages = []
        for language in config.site.languages:
            record = store.briefing(day, language)
            if record is None:
                continue
            audio = record.get("audio_file")
            url = root + BRIEFING_AUDIO_PATH + audio if audio else None
            languages.append(language_view(record, url))
        days = [
            r["day"]
            for r in store.recent_briefings(
                language=config.site.languages[0], limit=RECENT_DAYS
            )
        ]
        return render_template_string(
            _PAGE,
            day=day.isoformat(),
            days=_days(days, day.isoformat()),
            languages=languages,
            css=css_url,
            root=root,
        )


def _days(days: Sequence[str], day: str) -> list[str]:
    """The recent days to link to, the one shown among them."""
    return sorted({*days, day}, reverse=True)
