"""One language's briefing from a model, sentence by sentence, with salvage.

1. The model is asked for the whole briefing; every sentence is filled in
   (``briefing.fill``), checked for content (``briefing.content``) and for its
   figures (``briefing.check``), each on its own.
2. The sentences that failed are asked for again once, with what to fix.
3. What still fails is replaced by the template's sentence for the same
   facts; a required fact (``briefing.required_facts``, and every notice)
   the model left out is added from the template.
4. When fewer than half of the model's sentences pass, the whole briefing is
   the template's: a text mostly patched is not the model's.
5. Above ``target_seconds`` the sentences of the lowest-priority facts go.

Each kept sentence says where it came from; each request is an ``Attempt``.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections import Counter
from collections.abc import Sequence

from kiosk_core.locales import locale

from .answer import AnswerError, Parsed, parse_answer
from .archive import WriterInfo
from .attempts import Attempt, SentenceVerdict
from .check import CheckReport, check_sentences, renders
from .config import BriefingConfig
from .content import content_problems
from .facts import FactSheet
from .fill import fill
from .llm import ChatClient
from .prompt import PROMPT_VERSION, messages_for, retry_messages
from .template import TemplateWriter
from .writer import Draft, Sentence

log = logging.getLogger("briefing")

_HANGUL_OR_HAN = re.compile(r"[가-힣\u4e00-\u9fff]")
MIN_SECONDS = 5.0  # a request with less time than this is not started
MAX_RETRIED = 8  # sentences asked for again at most (the rest go to the template)


def spoken_seconds(texts: Sequence[str], language: str) -> float:
    """About how long the sentences take to read aloud, at the language's
    news pace (syllables in Korean, characters in Chinese, else words)."""
    words = locale(language)
    if language in ("ko", "zh"):
        units = sum(
            len(_HANGUL_OR_HAN.findall(t)) + len(re.findall(r"\d+", t)) for t in texts
        )
    else:
        units = sum(len(t.split()) for t in texts)
    return units / words.reading_rate


def check_draft(draft: Draft, sheet: FactSheet) -> CheckReport:
    """The number check of a draft's title and sentences."""
    return check_sentences(
        ((s.text, s.fact_ids) for s in draft.sentences),
        sheet,
        title=draft.title,
        language=draft.language,
    )


def template_draft(sheet: FactSheet, language: str) -> tuple[Draft, CheckReport]:
    """The template's briefing, its number check passed (a sentence that fails
    is a bug: it is dropped, never spoken)."""
    draft = TemplateWriter().write(sheet, language)
    report = check_draft(draft, sheet)
    if not report.ok:
        log.error(
            "briefing: the template failed the number check: %s", report.summary()
        )
        bad = {f.sentence for f in report.findings}
        kept = tuple(s for i, s in enumerate(draft.sentences) if i not in bad)
        draft = dataclasses.replace(draft, sentences=kept)
        report = check_draft(draft, sheet)
    return draft, report


def verdicts(
    parsed: Parsed, sheet: FactSheet, language: str, earlier: Sequence[str]
) -> list[SentenceVerdict]:
    """Each sentence of an answer filled in and judged on its own."""
    results: list[SentenceVerdict] = []
    said = list(earlier)
    last = len(parsed.sentences) - 1
    for index, raw in enumerate(parsed.sentences):
        filled = fill(raw.text, sheet, language)
        # a notice read out as given cites it, listed or not
        read = tuple(
            n.id
            for n in sheet.notices()
            if n.id not in raw.fact_ids and renders(filled.text, n)
        )
        raw = dataclasses.replace(raw, fact_ids=raw.fact_ids + read)
        problems = list(filled.problems)
        problems += content_problems(filled.text, raw.fact_ids, language, sheet, said)
        if parsed.cut and index == last:
            problems.append("was cut off at the answer's token limit: write it shorter")
        if not filled.problems:
            report = check_sentences(
                [(filled.text, raw.fact_ids)], sheet, language=language
            )
            problems += [_plain_finding(str(f)) for f in report.findings]
        verdict = SentenceVerdict(index, filled.text, raw.fact_ids, problems)
        if verdict.ok:
            said.append(filled.text)
        results.append(verdict)
    return results


def _plain_finding(finding: str) -> str:
    """A checker finding without its "sentence 1:" prefix (one sentence each)."""
    text = re.sub(r"^(sentence \d+|title): ", "", finding)
    if "markup" in text or "web address" in text:
        return text
    return text + " (write figures as {fact id}, never as numbers)"


@dataclasses.dataclass
class _Slot:
    """A place in the briefing: the model's sentence, or what stands for it."""

    verdict: SentenceVerdict
    raw: str
    origin: str = "model"


def _ask(
    client: ChatClient,
    record: Attempt,
    messages: list,
    deadline: float,
    timeout: float,
) -> Parsed | None:
    left = min(timeout, deadline - time.monotonic())
    if left < min(MIN_SECONDS, timeout):
        record.error_kind = "deadline"
        record.error = "the job's deadline left no time for this request"
        return None
    answer = client.ask(messages, left, record)
    if answer is None:
        return None
    try:
        parsed = parse_answer(answer.content)
    except AnswerError as err:
        record.error_kind = "malformed"
        record.error = str(err) + (
            " (finish_reason length: the answer was cut at max_tokens)"
            if answer.finish_reason == "length"
            else ""
        )
        return None
    record.parse.extend(parsed.notes)
    if answer.finish_reason == "length" and not parsed.cut:
        parsed = dataclasses.replace(parsed, cut=True)
    return parsed


@dataclasses.dataclass(frozen=True)
class Composition:
    """A language's briefing, its number check and how it was made."""

    draft: Draft
    report: CheckReport
    info: WriterInfo


def _template_for(
    wanted: set[str], template: Draft, used: set[int]
) -> list[tuple[int, Sentence]]:
    found = [
        (i, s)
        for i, s in enumerate(template.sentences)
        if i not in used and wanted & set(s.fact_ids)
    ]
    used.update(i for i, _ in found)
    return found


def _covered(sentences: Sequence[Sentence], sheet: FactSheet) -> set[str]:
    ids = {i for s in sentences for i in s.fact_ids}
    return ids | {f.base for f in sheet.facts if f.id in ids and f.base}


def _with_required(
    sentences: list[Sentence],
    template: Draft,
    used: set[int],
    required: set[str],
    sheet: FactSheet,
) -> list[Sentence]:
    missing = {r for r in required if sheet.get(r) is not None} - _covered(
        sentences, sheet
    )
    added = [s for _, s in _template_for(missing, template, used)]
    return _before_closing(sentences, added)


def _before_closing(sentences: list[Sentence], added: list[Sentence]) -> list[Sentence]:
    """``added`` put before the closing sentences (those citing no fact)."""
    if not added:
        return sentences
    end = len(sentences)
    while end > 0 and not sentences[end - 1].fact_ids:
        end -= 1
    end = end or len(sentences)
    return [*sentences[:end], *added, *sentences[end:]]


def _priority(sentence: Sentence, sheet: FactSheet) -> int:
    """The highest briefing_priority among the facts a sentence says."""
    facts = (sheet.get(i) for i in sentence.fact_ids)
    return max((f.priority for f in facts if f is not None), default=0)


def _filled_up(
    sentences: list[Sentence],
    template: Draft,
    used: set[int],
    sheet: FactSheet,
    seconds: tuple[int, int],
) -> list[Sentence]:
    """Below the shortest length asked for, the template's sentences for the
    facts the model left out, the highest priority first: a model that wrote
    two good sentences does not make a twenty-second briefing."""
    language = template.language
    result = list(sentences)
    while spoken_seconds([s.text for s in result], language) < seconds[0]:
        covered = _covered(result, sheet)
        left = [
            i
            for i, s in enumerate(template.sentences)
            if i not in used and s.fact_ids and not set(s.fact_ids) & covered
        ]
        if not left:
            break
        best = max(left, key=lambda i: _priority(template.sentences[i], sheet))
        used.add(best)
        result = _before_closing(result, [template.sentences[best]])
    return result


def _trimmed(
    sentences: list[Sentence],
    sheet: FactSheet,
    language: str,
    seconds: tuple[int, int],
    keep: set[str],
) -> list[Sentence]:
    """Without the sentences of the lowest-priority facts while too long."""
    result = list(sentences)
    while spoken_seconds([s.text for s in result], language) > seconds[1]:
        candidates = [
            s
            for s in result
            if s.fact_ids
            and not (set(s.fact_ids) & keep)
            and all(
                (f := sheet.get(i)) is not None and f.kind != "notice"
                for i in s.fact_ids
            )
        ]
        if not candidates:
            break
        result.remove(min(candidates, key=lambda c: _priority(c, sheet)))
    return result


def compose(
    sheet: FactSheet,
    language: str,
    client: ChatClient | None,
    settings: BriefingConfig,
    deadline: float,
) -> Composition:
    """The briefing in ``language``: the model's sentences that pass, the rest
    from the template, with every attempt on record."""
    required = set(settings.required_facts) | {n.id for n in sheet.notices()}
    template, template_report = template_draft(sheet, language)
    short = _trimmed(
        list(template.sentences), sheet, language, settings.target_seconds, required
    )
    if len(short) < len(template.sentences):
        template = dataclasses.replace(template, sentences=tuple(short))
        template_report = check_draft(template, sheet)
    if client is None:
        return Composition(
            template,
            template_report,
            WriterInfo(
                name="template", reason="configured", sentences=_counts(template)
            ),
        )
    attempts: list[Attempt] = []
    first = client.attempt(1, "briefing", language)
    attempts.append(first)
    parsed = _ask(
        client,
        first,
        messages_for(sheet, language, settings.target_seconds),
        deadline,
        client.config.timeout_seconds,
    )
    if parsed is None:
        return _all_template(
            template,
            template_report,
            client,
            attempts,
            f"{client.name} gave no usable answer: {first.error}",
        )
    first.sentences = verdicts(parsed, sheet, language, ())
    slots = [_Slot(v, parsed.sentences[v.index].text) for v in first.sentences]
    failed = _worth_retrying(slots)
    if failed:
        _retry(client, sheet, language, settings, deadline, slots, failed, attempts)
    model_ok = sum(1 for s in slots if s.verdict.ok)
    if model_ok * 2 < len(slots):  # an answer holds one sentence at least
        return _all_template(
            template,
            template_report,
            client,
            attempts,
            f"only {model_ok} of {len(slots)} sentences from {client.name} "
            "passed the checks",
        )
    used: set[int] = set()
    sentences: list[Sentence] = []
    for slot in slots:
        if slot.verdict.ok:
            sentences.append(
                Sentence(slot.verdict.text, slot.verdict.fact_ids, slot.origin)
            )
        else:
            stand_in = _template_for(set(slot.verdict.fact_ids), template, used)
            sentences.extend(s for _, s in stand_in)
    sentences = _with_required(sentences, template, used, required, sheet)
    sentences = _filled_up(sentences, template, used, sheet, settings.target_seconds)
    sentences = _trimmed(sentences, sheet, language, settings.target_seconds, required)
    draft = Draft(language, template.title, tuple(sentences))
    report = check_draft(draft, sheet)
    if not report.ok:  # per-sentence checks passed: a defect, never speak it
        log.error("briefing: the assembled text failed the check: %s", report.summary())
        return _all_template(
            template,
            template_report,
            client,
            attempts,
            f"the assembled text failed the number check: {report.summary()}",
        )
    counts = _counts(draft)
    from_template = counts.get("template", 0)
    reason = (
        f"{counts.get('model', 0) + counts.get('retry', 0)} of {len(sentences)} "
        f"sentences from {client.name}"
        + (f" ({counts['retry']} on the retry)" if counts.get("retry") else "")
        + (f", {from_template} from the template" if from_template else "")
    )
    return Composition(draft, report, _info(client, reason, attempts, counts))


def _worth_retrying(slots: Sequence[_Slot]) -> list[_Slot]:
    """The failed sentences to ask for again: not mere repeats (they are only
    left out), each text once, at most MAX_RETRIED."""
    chosen: list[_Slot] = []
    seen: set[str] = set()
    for slot in slots:
        findings = slot.verdict.findings
        if slot.verdict.ok or all(f.startswith("repeats sentence") for f in findings):
            continue
        if slot.raw not in seen:
            seen.add(slot.raw)
            chosen.append(slot)
    return chosen[:MAX_RETRIED]


def _retry(
    client: ChatClient,
    sheet: FactSheet,
    language: str,
    settings: BriefingConfig,
    deadline: float,
    slots: list[_Slot],
    failed: list[_Slot],
    attempts: list[Attempt],
) -> None:
    """Ask once more for the failed sentences; a replacement that passes takes
    its place."""
    record = client.attempt(2, "retry", language)
    attempts.append(record)
    asked = [(s.raw, s.verdict.findings[:3]) for s in failed]
    parsed = _ask(
        client,
        record,
        retry_messages(sheet, language, asked, settings.target_seconds),
        deadline,
        client.config.timeout_seconds,
    )
    if parsed is None:
        return
    kept = [s.verdict.text for s in slots if s.verdict.ok]
    record.sentences = verdicts(parsed, sheet, language, kept)
    for slot, verdict in zip(failed, record.sentences, strict=False):
        if verdict.ok:
            slot.verdict = dataclasses.replace(verdict, index=slot.verdict.index)
            slot.origin = "retry"
    if len(record.sentences) != len(failed):
        record.parse.append(
            f"asked for {len(failed)} replacement(s), got {len(record.sentences)}"
        )


def _counts(draft: Draft) -> dict[str, int]:
    return dict(Counter(sentence.origin for sentence in draft.sentences))


def _info(
    client: ChatClient, reason: str, attempts: list[Attempt], counts: dict[str, int]
) -> WriterInfo:
    used_model = counts.get("model", 0) + counts.get("retry", 0) > 0
    return WriterInfo(
        name=client.name if used_model else "template",
        model=client.model if used_model else None,
        reason=reason,
        attempts=[a.to_dict() for a in attempts],
        endpoint=client.endpoint,
        prompt_version=PROMPT_VERSION,
        sentences=counts,
    )


def _all_template(
    template: Draft,
    report: CheckReport,
    client: ChatClient,
    attempts: list[Attempt],
    reason: str,
) -> Composition:
    log.warning("briefing %s: using the template: %s", template.language, reason)
    return Composition(
        template, report, _info(client, reason, attempts, _counts(template))
    )
