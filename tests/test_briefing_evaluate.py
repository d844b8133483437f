"""The evaluation command over simulated mornings: the template passes the
number check every day in every language, and a model's run is measured
(pass rate, salvage rate, length, time) in a stable format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.compose import template_draft
from briefing.evaluate import COLUMNS, FORMAT, main
from briefing.simulate import simulated_days
from briefing.writer import Sentence
from tests.fakes.llm_kinds import LlmServer

FIRST = dt.date(2026, 11, 2)


@pytest.mark.parametrize("language", ["ko", "en", "zh", "vi"])
def test_the_template_passes_the_check_on_thirty_mornings(language: str) -> None:
    """Negative temperatures (气温为-0.6℃), a notice's "12월 1일부터", text
    readings, stale ones and a notice with an instruction in it: every
    sentence of the template survives the number check."""
    for sheet in simulated_days(FIRST, 30):
        draft, report = template_draft(sheet, language)
        full = len(template_sentences(sheet, language))
        assert report.ok and len(draft.sentences) == full, (sheet.day, language)


def template_sentences(sheet, language: str) -> tuple[Sentence, ...]:  # type: ignore[no-untyped-def]
    from briefing.template import TemplateWriter

    return TemplateWriter().write(sheet, language).sentences


def rows(out: str) -> list[dict[str, str]]:
    lines = out.strip().splitlines()
    assert lines[0] == FORMAT and lines[1].split("\t") == list(COLUMNS)
    assert lines[-1].startswith("total\t")
    return [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[2:-1]]


def totals(out: str) -> dict[str, str]:
    last = out.strip().splitlines()[-1].split("\t")[1:]
    return dict(item.split("=", 1) for item in last)


def test_the_template_run_is_measured(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--days", "3", "--languages", "ko,vi"]) == 0
    out = capsys.readouterr().out
    found = rows(out)
    assert [(r["day"], r["language"]) for r in found] == [
        ("2026-11-02", "ko"),
        ("2026-11-02", "vi"),
        ("2026-11-03", "ko"),
        ("2026-11-03", "vi"),
        ("2026-11-04", "ko"),
        ("2026-11-04", "vi"),
    ]
    assert {r["writer"] for r in found} == {"template"}
    assert all(r["check_ok"] == "yes" and int(r["spoken_seconds"]) > 20 for r in found)
    assert totals(out)["template_only"] == "6" and totals(out)["pass_rate"] == "None"


def test_a_model_run_counts_what_passed_and_what_was_salvaged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer = {
        "sentences": [
            {"text": "{date} 서산시 브리핑입니다.", "fact_ids": []},
            {"text": "기온은 {temperature}입니다.", "fact_ids": ["temperature"]},
            {"text": "인구는 99명입니다.", "fact_ids": ["population"]},
            {"text": "좋은 하루 보내십시오.", "fact_ids": []},
        ]
    }
    with LlmServer("llamacpp") as server:
        wrong_again = {
            "sentences": [{"text": "인구는 1명입니다.", "fact_ids": ["population"]}]
        }
        server.script(answer, wrong_again, answer, wrong_again)
        out_file = tmp_path / "run.json"
        argv = [
            "--days",
            "2",
            "--languages",
            "ko",
            "--writer",
            "openai",
            "--base-url",
            server.base_url,
            "--model",
            "gemma",
            "--timeout",
            "5",
            "--out",
            str(out_file),
        ]
        assert main(argv) == 0
    out = capsys.readouterr().out
    found = rows(out)
    assert [r["writer"] for r in found] == ["openai", "openai"]
    assert found[0]["passed_first"] == "0.75" and found[0]["model"] == "3"
    assert int(found[0]["template"]) >= 1  # the population, and notices, required facts
    assert totals(out)["pass_rate"] == "0.75"
    saved = json.loads(out_file.read_text(encoding="utf-8"))
    assert saved["format"] == FORMAT and len(saved["rows"]) == 2
    origins = {s["origin"] for s in saved["rows"][0]["sentences"]}
    assert origins == {"model", "template"}
    attempts = saved["rows"][0]["writer"]["attempts"]
    assert attempts[0]["modes_refused"] == ["json_schema"]
    assert attempts[1]["purpose"] == "retry"
