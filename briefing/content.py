"""Checks beside the number check: is each sentence fit to be said?

A sentence fails when it cites a fact id that does not exist, repeats an
earlier sentence, or is not in the language asked for (judged by script:
Hangul for Korean, Han characters for Chinese, Latin letters with or without
Vietnamese diacritics; names and notices quoted from the facts do not count).
Each problem is said in plain words, fit for the retry prompt and the record.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from .facts import FactSheet

_VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúýĩũ")
_WORDS = re.compile(r"\w+")
_NAMES = {"ko": "Korean", "en": "English", "zh": "Chinese", "vi": "Vietnamese"}
SAME_RATIO = 0.9  # two sentences this alike say the same thing


def _script(char: str) -> str:
    if "가" <= char <= "힣" or "ㄱ" <= char <= "ㆎ":
        return "hangul"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "han"
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return "other" if char.isalpha() else ""


def _quoted(sheet: FactSheet) -> list[str]:
    """Words a sentence may quote whatever its language: labels, texts, notices."""
    found: set[str] = set()
    for fact in sheet.facts:
        found.update(fact.labels.root.values())
        found.update(fact.all_texts().values())
        found.add(fact.source)
    return [q for q in found if q]


def _without(text: str, parts: Iterable[str]) -> str:
    """``text`` with each of ``parts`` blanked out, the longest first."""
    for part in sorted(parts, key=len, reverse=True):
        if part:
            text = text.replace(part, " ")
    return text


def _unquoted(text: str, sheet: FactSheet) -> str:
    return _without(text, _quoted(sheet))


def language_problem(text: str, language: str, sheet: FactSheet) -> str | None:
    """Why ``text`` is not in ``language`` (None when it is, or cannot tell)."""
    own = _unquoted(text, sheet)
    letters = [s for s in map(_script, own) if s]
    if len(letters) < 4:
        return None
    share = {s: letters.count(s) / len(letters) for s in set(letters)}
    name = _NAMES.get(language, language)
    if language == "ko":
        ok = share.get("hangul", 0) >= 0.5
    elif language == "zh":
        ok = share.get("han", 0) >= 0.5 and "hangul" not in share
    elif language in ("en", "vi"):
        ok = share.get("latin", 0) >= 0.9
        lowered = own.lower()
        marked = any(c in _VIETNAMESE for c in lowered)
        if ok and language == "en" and marked:
            return "is not in English (it has Vietnamese letters)"
        if ok and language == "vi" and not marked and len(_WORDS.findall(own)) >= 5:
            return "is not in Vietnamese (no Vietnamese letters)"
    else:
        return None
    return None if ok else f"is not in {name}: write the whole sentence in {name}"


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def repeated(text: str, earlier: Sequence[str]) -> int | None:
    """The index of an earlier sentence ``text`` repeats (None when new)."""
    plain = _plain(text)
    for index, before in enumerate(earlier):
        other = _plain(before)
        if plain == other or (
            plain and difflib.SequenceMatcher(None, plain, other).ratio() >= SAME_RATIO
        ):
            return index
    return None


def unknown_ids(ids: Iterable[str], sheet: FactSheet) -> list[str]:
    """The cited ids that name no fact."""
    return [i for i in ids if i != "date" and sheet.get(i) is None]


_ENDS = (".", "!", "?", "。", "！", "？", "…")
_SHORTEST = {"ko": 6, "zh": 5}  # syllables or characters; words elsewhere: 3


def not_a_sentence(text: str, language: str, sheet: FactSheet) -> str | None:
    """Why ``text`` is not a whole sentence (a label, a name, a time alone);
    a notice read out as written counts as whole."""
    notices = [t.strip() for n in sheet.notices() for t in n.all_texts().values()]
    stripped = text.strip().rstrip("\"'”’」)")
    if stripped and not _without(stripped, notices).strip(" .,:;!?。，："):
        return None
    if language in _SHORTEST:
        size = sum(1 for c in stripped if _script(c) in ("hangul", "han"))
    else:
        size = len(_WORDS.findall(stripped))
    ends = stripped.endswith(_ENDS) or any(stripped.endswith(n) for n in notices if n)
    if size < _SHORTEST.get(language, 3) or not ends:
        return "is not a whole sentence: write full sentences that end with a full stop"
    return None


def content_problems(
    text: str,
    fact_ids: Sequence[str],
    language: str,
    sheet: FactSheet,
    earlier: Sequence[str],
) -> list[str]:
    """What is wrong with a sentence beyond its figures, in plain words."""
    problems: list[str] = []
    unknown = unknown_ids(fact_ids, sheet)
    if unknown:
        shown = ", ".join(f"'{i}'" for i in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        which = "the fact id" if len(unknown) == 1 else "fact ids"
        problems.append(f"cites {which} {shown}{more}, not in the table")
    before = repeated(text, earlier)
    if before is not None:
        problems.append(f"repeats sentence {before + 1}: say each thing once")
    wrong = language_problem(text, language, sheet) or not_a_sentence(
        text, language, sheet
    )
    if wrong:
        problems.append(wrong)
    return problems
