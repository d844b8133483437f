"""The briefing's figure cards (layouts/briefing_cards.py) and the staff's
briefing page (kiosk_app/briefing_page.py) without a browser: which sentence
shows which card, what a card says, old records without the new fields, and
/briefing/today and /status over the app's own Flask server."""

from __future__ import annotations

import base64
import json
import subprocess
import wave
from pathlib import Path
from typing import Any

import pytest

from briefing.archive import BriefingRecord, save_briefing
from kiosk_app.app import create_app
from kiosk_app.briefing_page import attempts_digest, language_view
from kiosk_app.config.site import load_site
from kiosk_app.settings import Settings
from kiosk_app.staff import StaffLogin
from kiosk_app.store import Store
from layouts.briefing import BriefingPage
from layouts.briefing_cards import figure_sets
from tests.conftest import copy_config

TOKEN = "briefing-page-token-5c1e9a7d"
SCRIPT = "<script>window.briefingPwned = 1</script>"
RAW = '{"sentences": [{"text": "' + SCRIPT + ' 기온은 {temperature}입니다."}]}'
NOTICE = "<b>민원실</b> 야간 창구는 목요일 19:00까지 운영합니다."


def _fact(fact_id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": fact_id,
        "kind": "value",
        "decimals": 0,
        "unit": "",
        "units": None,
        "source": "서산시 데이터 플랫폼 (모의 데이터)",
        "state": "fresh",
        "texts": None,
        "grades": None,
        "base": None,
        "period": None,
        "month": None,
    }
    return {**base, **fields}


def hand_record(day: str, language: str = "ko") -> dict[str, Any]:
    """A briefing record made by hand: a greeting, a sentence on the
    temperature (and its change), one on fine dust, one on a notice, one
    citing a fact id the record does not hold, and a closing; two requests to
    a model on record, the first with markup in its raw answer."""
    as_of = f"{day}T08:30+09:00"
    facts = [
        _fact(
            "temperature",
            labels={"ko": "기온", "en": "Temperature"},
            value=12.5,
            decimals=1,
            unit="℃",
            as_of=as_of,
            shown="12.5",
            field="temperature",
        ),
        _fact(
            "temperature.day",
            kind="change",
            labels={"ko": "기온 (어제 대비)", "en": "Temperature (vs yesterday)"},
            value=-1.5,
            decimals=1,
            unit="℃",
            as_of=as_of,
            shown="-1.5",
            base="temperature",
            period="day",
        ),
        _fact(
            "pm10",
            labels={"ko": "미세먼지", "en": "Fine dust (PM10)"},
            value=91,
            unit="㎍/㎥",
            as_of=as_of,
            shown="91",
            grades={"ko": "나쁨", "en": "Bad"},
        ),
        _fact(
            "notice-1",
            kind="notice",
            labels={"ko": "알림 1", "en": "Notice 1"},
            source="서산시청 알림",
            texts={"ko": NOTICE, "en": "The hall is open until 19:00 on Thursday."},
        ),
    ]
    sentences = [
        ("안녕하십니까. 오늘의 소식입니다.", [], "template"),
        (
            "기온은 12.5도로 어제보다 1.5도 낮습니다.",
            ["temperature", "temperature.day"],
            "model",
        ),
        ("미세먼지는 91㎍/㎥으로 나쁨 수준입니다.", ["pm10"], "retry"),
        (f"{SCRIPT} 민원실 야간 창구 안내입니다.", ["notice-1"], "template"),
        ("숫자 0번 자료를 인용한 문장입니다.", ["0"], "template"),
        ("이상으로 브리핑을 마칩니다.", [], "template"),
    ]
    verdicts = [
        {
            "index": 0,
            "text": f"{SCRIPT} 기온은 12.5도입니다.",
            "fact_ids": ["temperature"],
            "ok": True,
            "findings": [],
        },
        {
            "index": 1,
            "text": "미세먼지는 35㎍/㎥입니다.",
            "fact_ids": ["pm10"],
            "ok": False,
            "findings": ["35㎍/㎥ is not a figure of pm10 (91)"],
        },
    ]
    attempts = [
        {
            "attempt": 1,
            "purpose": "briefing",
            "language": language,
            "model": "gemma-3-270m-it",
            "endpoint": "http://127.0.0.1:8080/v1",
            "prompt_version": "p-test-7",
            "mode": "json_object",
            "started_at": f"{day}T07:10:00+09:00",
            "seconds": 63.25,
            "error": None,
            "error_kind": None,
            "http_status": None,
            "finish_reason": "stop",
            "prompt_tokens": 812,
            "completion_tokens": 96,
            "raw": RAW,
            "parse": ["repaired: a trailing comma"],
            "sentences": verdicts,
            "passed": 1,
            "ok": True,
            "modes_refused": ["json_schema"],
        },
        {
            "attempt": 2,
            "purpose": "retry",
            "language": language,
            "model": "gemma-3-270m-it",
            "endpoint": "http://127.0.0.1:8080/v1",
            "prompt_version": "p-test-7",
            "mode": "json_object",
            "seconds": 20.5,
            "error": "the context is full (context_length_exceeded)",
            "error_kind": "refused",
            "http_status": 400,
            "finish_reason": None,
            "raw": None,
            "sentences": [],
            "passed": 0,
            "ok": False,
        },
    ]
    record = BriefingRecord.model_validate(
        {
            "day": day,
            "language": language,
            "created_at": f"{day}T07:12:00+09:00",
            "title": f"{day} 서산시 브리핑",
            "text": " ".join(text for text, _, _ in sentences),
            "sentences": [
                {
                    "text": text,
                    "fact_ids": cited,
                    "start": 2.0 * n,
                    "end": 2.0 * n + 1.8,
                    "origin": origin,
                }
                for n, (text, cited, origin) in enumerate(sentences)
            ],
            "facts": facts,
            "check": {"ok": True, "findings": []},
            "writer": {
                "name": "openai",
                "model": "gemma-3-270m-it",
                "reason": "kept 2 of the model's sentences, 4 from the template",
                "attempts": attempts,
                "endpoint": "http://127.0.0.1:8080/v1",
                "prompt_version": "p-test-7",
                "sentences": {"model": 1, "retry": 1, "template": 4},
            },
            "speech": {"engine": "espeak-ng", "subtitles_only": False},
        }
    )
    return record.model_dump(mode="json")


def silent_mp3(folder: Path, seconds: float = 13.0) -> Path:
    """An MP3 of silence (lame, as the speech engines use)."""
    wav = folder / "silence.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * int(8000 * seconds))
    mp3 = folder / "silence.mp3"
    subprocess.run(["lame", "--quiet", str(wav), str(mp3)], check=True, timeout=60)
    return mp3


def store_record(
    data_dir: Path, record: dict[str, Any], audio: Path | None = None
) -> Store:
    """Keep ``record`` (and its audio) in the Store of ``data_dir``."""
    store = Store.in_data_dir(data_dir)
    store.create()
    status = save_briefing(
        store, data_dir, BriefingRecord.model_validate(record), audio
    )
    assert status.ok, status.message
    return store


def site_today(config_path: Path) -> str:
    """Today in the site's time zone."""
    return load_site(config_path).today().isoformat()


# --- the cards, as pure functions --------------------------------------------


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    return load_site(copy_config(tmp_path_factory.mktemp("cards"))).config


def texts(component: Any) -> list[str]:
    """Every string in a component tree, in order."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def find(component: Any, predicate) -> list[Any]:
    """Every component in the tree for which ``predicate`` holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            found += find(child, predicate)
    elif children is not None and not isinstance(children, str):
        found += find(children, predicate)
    return found


def classes(component: Any) -> str:
    return getattr(component, "className", None) or ""


def test_each_sentence_gets_the_cards_of_what_it_cites(config):
    record = hand_record("2026-11-27")
    figures = figure_sets(config, record, "ko", {"temperature": (9.0, 10.5, 12.5)})
    assert figures.by_sentence == (None, 0, 1, 2, None, None)
    (temperature,), (dust,), (notice,) = figures.sets
    # the change is folded into the card of the figure it changes
    assert (temperature.label, temperature.value, temperature.unit) == (
        "기온",
        "12.5",
        "℃",
    )
    assert temperature.change == "어제보다 ▼ 1.5 ℃"
    assert temperature.when == "08:30 기준" and temperature.spark == (9.0, 10.5, 12.5)
    assert (dust.value, dust.grade, dust.tone) == ("91", "나쁨", "bad")
    assert dust.spark == ()  # no history given: no sparkline
    assert (notice.kind, notice.label, notice.text) == ("notice", "알림 1", NOTICE)
    assert notice.source == "서산시청 알림"


def test_cards_speak_the_screens_language(config):
    record = hand_record("2026-11-27", "en")
    (temperature,), (dust,), (notice,) = figure_sets(config, record, "en").sets
    assert temperature.label == "Temperature" and temperature.when == "as of 08:30"
    assert temperature.change == "vs yesterday ▼ 1.5 ℃"
    assert dust.grade == "Bad"
    assert notice.text.startswith("The hall is open")


def test_cards_write_figures_as_the_language_does(config):
    """12,5 and 1,5 in Vietnamese, as its subtitles say them."""
    record = hand_record("2026-11-27", "vi")
    (temperature,), _, _ = figure_sets(config, record, "vi").sets
    assert temperature.value == "12,5"
    assert temperature.change is not None and "▼ 1,5 ℃" in temperature.change


def test_the_page_marks_each_subtitle_with_its_set_and_hides_every_set(config):
    record = hand_record("2026-11-27")
    page = BriefingPage(config, record, "/briefing/audio/x.mp3", [], "ko")
    lines = find(page, lambda c: "subtitle" == classes(c))
    assert [getattr(line, "data-figures", None) for line in lines] == [
        None,
        "0",
        "1",
        "2",
        None,
        None,
    ]
    sets = find(page, lambda c: classes(c).startswith("figure-set "))
    assert [getattr(s, "data-figures") for s in sets] == ["0", "1", "2"]
    assert all(s.hidden is True for s in sets)
    stage = find(page, lambda c: classes(c) == "figure-stage")[0]
    assert "재생하면 말하는 수치가 여기에 크게 나옵니다." in texts(stage)
    # the notice's markup stays text: a string child, never parsed
    assert NOTICE in texts(stage)
    assert not find(page, lambda c: type(c).__name__ == "B")
    # the sparkline only with history, and then as an image
    assert not find(page, lambda c: classes(c) == "figure-spark")
    with_history = BriefingPage(
        config, record, None, [], "ko", {"temperature": (1.0, 2.0)}
    )
    assert len(find(with_history, lambda c: classes(c) == "figure-spark")) == 1
    body = find(with_history, lambda c: classes(c).startswith("briefing-body"))[0]
    assert "tap-subtitles" in classes(body)  # no audio: subtitles are tapped


def test_records_from_before_today_render_without_cards(config):
    old = hand_record("2026-11-20")
    for sentence in old["sentences"]:
        del sentence["fact_ids"], sentence["origin"], sentence["spoken"]
    old["writer"] = {"name": "template", "reason": "configured"}
    page = BriefingPage(config, old, None, ["2026-11-20"], "ko")
    assert not find(page, lambda c: classes(c) == "figure-stage")
    assert "안녕하십니까. 오늘의 소식입니다." in texts(page)
    view = language_view(old)
    assert view["attempts"] == [] and view["origins"] == {}
    assert {s["origin"] for s in view["sentences"]} == {None}


def test_a_sentence_citing_two_figures_shows_both_and_a_stale_one_says_so(config):
    record = hand_record("2026-11-27")
    record["facts"][2]["state"] = "stale"
    record["sentences"][2]["fact_ids"] = ["temperature", "pm10"]
    figures = figure_sets(config, record, "ko")
    cards = figures.sets[figures.by_sentence[2]]
    assert [c.fact_id for c in cards] == ["temperature", "pm10"]
    assert cards[1].unavailable and cards[1].value is None


# --- the staff page and /status ------------------------------------------------


def test_language_view_puts_attempts_and_origins_in_words():
    view = language_view(hand_record("2026-11-27"), "/briefing/audio/a.mp3")
    assert view["origins"] == {"model": 1, "retry": 1, "template": 4}
    first, retry = view["attempts"]
    assert first["tokens"] == "812 in, 96 out" and first["passed"] == 1
    assert first["total"] == 2 and first["modes_refused"] == ["json_schema"]
    assert first["verdicts"][1]["findings"] == ["35㎍/㎥ is not a figure of pm10 (91)"]
    assert retry["error"] == (
        "refused HTTP 400: the context is full (context_length_exceeded)"
    )
    cited = view["sentences"][4]["facts"]
    assert cited == [{"id": "0", "label": None, "value": None}]


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory):
    """The app on a LAN address with a staff token, today's hand-made record
    in ko and en, and a build status naming both."""
    folder = tmp_path_factory.mktemp("briefing-page")
    config_path = copy_config(folder)
    data_dir = folder / "var"
    today = site_today(config_path)
    store = store_record(data_dir, hand_record(today), silent_mp3(folder))
    store_record(data_dir, hand_record(today, "en"))
    store.set_meta(
        "briefing.status",
        {
            "ok": True,
            "day": today,
            "at": f"{today}T07:12:00+09:00",
            "languages": {
                lang: {"ok": True, "writer": "openai", "reason": "r", "speech": "x"}
                for lang in ("ko", "en")
            },
        },
    )
    login = StaffLogin(exposed=True, token=TOKEN)
    app = create_app(Settings(config_path, data_dir), staff=login)
    return app.server.test_client(), store, today


def bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_briefing_today_needs_the_staff_login(staff_app):
    client, _, _ = staff_app
    assert client.get("/briefing/today").status_code == 401
    wrong = base64.b64encode(b"staff:nope").decode()
    answer = client.get("/briefing/today", headers={"Authorization": f"Basic {wrong}"})
    assert answer.status_code == 401
    page = client.get("/briefing/today", headers=bearer())
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"


def test_briefing_today_shows_sentences_attempts_and_raw_answers_as_text(staff_app):
    client, _, today = staff_app
    page = client.get("/briefing/today", headers=bearer()).get_data(as_text=True)
    assert f"Briefing on record: {today}" in page
    assert "<script>window.briefingPwned" not in page
    assert "&lt;script&gt;window.briefingPwned = 1&lt;/script&gt;" in page
    assert "&lt;b&gt;민원실&lt;/b&gt;" in page  # the notice cited, as text
    for shown in (
        "gemma-3-270m-it",
        "http://127.0.0.1:8080/v1",
        "json_object",
        "p-test-7",
        "812 in, 96 out",
        "refused HTTP 400: the context is full (context_length_exceeded)",
        "35㎍/㎥ is not a figure of pm10 (91)",
        "kept 2 of the model&#39;s sentences, 4 from the template",
        "not in the facts",
    ):
        assert shown in page, shown
    # each sentence's origin, in both languages
    assert page.count('<td class="origin origin-model">model</td>') == 2
    assert page.count('<td class="origin origin-retry">retry</td>') == 2
    assert page.count('<td class="origin origin-template">template</td>') == 8
    assert page.count('<details class="raw">') == 2
    assert '<audio controls preload="none" src="/briefing/audio/briefing-' in page
    assert page.count('class="briefing-language"') == 2  # ko and en


def test_briefing_today_for_a_day_without_one(staff_app):
    client, _, _ = staff_app
    page = client.get("/briefing/today?day=2001-01-01", headers=bearer())
    assert "No briefing for 2001-01-01 yet." in page.get_data(as_text=True)


def test_status_shows_the_last_attempts_in_short_with_a_link(staff_app):
    client, store, _ = staff_app
    page = client.get("/status", headers=bearer()).get_data(as_text=True)
    assert 'href="/briefing/today"' in page
    row = page[page.index('<tr data-language="ko">') :]
    row = row[: row.index("</tr>")]
    assert "model 1, retry 1, template 4" in row
    assert "json_object · 63.25 s" in row and "1/2" in row
    assert "refused HTTP 400: the context is full" in row
    digest = attempts_digest(store, store.get_meta("briefing.status"))
    assert [d["language"] for d in digest] == ["ko", "en"]


def test_latest_json_keeps_its_meaning(staff_app):
    client, _, today = staff_app
    body = json.loads(client.get("/briefing/latest.json?lang=ko").get_data())
    assert body["date"] == today and body["writer"]["name"] == "openai"
    assert [s["text"] for s in body["sentences"]][1].startswith("기온은 12.5도")
    assert set(body["sentences"][0]) == {"text", "start", "end"}
