"""Voice guidance's clips: names read from the screens as the page reads them,
the clip store's bounds, and the scheduler making clips ahead and on demand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from dash import html

from kiosk_app.config.reload import ConfigHolder
from kiosk_app.pages import PageContext
from kiosk_app.store import Store, prepare_store
from kiosk_app.voice import ClipStore, clip_key, normalized
from kiosk_app.voice.clips import MAX_REQUESTS, MAX_TEXT
from kiosk_app.voice.corpus import corpus, spoken_name, text_of
from kiosk_app.voice.job import VoiceJob
from kiosk_app.voice.routes import register_voice_routes
from tests.conftest import copy_config

# ---- names, as assets/voice.js reads them ----


def test_a_name_leaves_out_hidden_parts_and_other_languages():
    card = html.Button(
        [
            html.Img(src="/x.svg", alt=""),
            html.Span("길찾기"),
            html.Span("Find your way", lang="en"),
            html.Span("부서·업무   위치 안내"),
            html.Span("•", **{"aria-hidden": "true"}),
            html.Span("숨김", hidden=True),
        ]
    )
    assert spoken_name(card, "ko") == "길찾기 부서·업무 위치 안내"


def test_data_say_then_aria_label_then_text():
    assert spoken_name(html.Button("⌫", **{"aria-label": "한 글자 지우기"}), "ko") == (
        "한 글자 지우기"
    )
    both = html.Button("x", **{"aria-label": "label", "data-say": "said"})
    assert spoken_name(both, "ko") == "said"


def test_a_control_in_its_own_language_is_read_in_it():
    button = html.Button(["English", html.Span("(영어)", lang="ko")], lang="en")
    assert spoken_name(button, "ko") == "English"
    assert text_of(html.P([html.B("3"), "건"]), "ko") == "3 건"


# ---- the clip store ----


def test_clip_keys_follow_language_and_normalized_text(tmp_path: Path):
    assert clip_key("ko", " 여권  ") == clip_key("ko", "여권")
    assert clip_key("ko", "여권") != clip_key("en", "여권")
    assert normalized("a\n\t b ") == "a b"
    clips = ClipStore(tmp_path)
    assert clips.path("ko", "../../etc/passwd") is None
    assert clips.path("k/o", clip_key("ko", "x")) is None


def test_asking_is_bounded(tmp_path: Path):
    clips = ClipStore(tmp_path)
    assert not clips.ask("ko", "")
    assert not clips.ask("ko", "가" * (MAX_TEXT + 1))
    assert not clips.ask("../x", "여권")
    for n in range(MAX_REQUESTS):
        assert clips.ask("ko", f"텍스트 {n}")
    assert clips.ask("ko", "텍스트 0")  # already waiting
    assert not clips.ask("ko", "하나 더")
    assert len(list(clips.asked())) == MAX_REQUESTS


# ---- what the screens say ----


@pytest.fixture(scope="module")
def site_holder(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("voice")
    holder = ConfigHolder(copy_config(folder), folder / "var")
    store = Store.in_data_dir(folder / "var")
    prepare_store(store)
    return holder, store, folder


def _context(holder, store, folder, lang: str, kiosk: str | None = None):
    return PageContext.for_kiosk(
        holder.site(),
        store,
        kiosk,
        lang,
        now=dt.datetime.now(dt.UTC),
        route_cache=folder / "routes",
        base_url="http://localhost/",
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", {"길찾기", "ㅇ", "음성 안내를 시작합니다.", "계속 이용하기"}),
        ("en", {"Find your way", "P", "Voice guidance is on.", "Yes, more time"}),
        ("zh", {"路线指引", "语音导览已开启。", "继续使用"}),
        ("vi", {"Tìm đường", "P", "Đã bật hướng dẫn bằng giọng nói."}),
    ],
)
def test_every_language_has_its_screens_words(site_holder, lang, expected):
    holder, store, folder = site_holder
    found = corpus(_context(holder, store, folder, lang))
    assert expected <= found[lang]
    # the language buttons are said in their own languages
    assert "English" in found["en"] and "한국어" in found["ko"]
    assert "中文" in found["zh"] and "Tiếng Việt" in found["vi"]
    if lang == "ko":
        # a directory result, and the heading of the route screen it opens
        assert any(text.startswith("여권 업무 ") for text in found["ko"])
        assert "여권팀" in found["ko"]


def test_each_kiosk_is_read(site_holder):
    holder, store, folder = site_holder
    for kiosk in holder.current().kiosks:
        found = corpus(_context(holder, store, folder, "ko", kiosk.id))
        assert "길찾기" in found["ko"]


# ---- the scheduler makes clips; the web serves them ----


@pytest.fixture
def voice_job(tmp_path: Path):
    holder = ConfigHolder(copy_config(tmp_path), tmp_path / "var")
    store = Store.in_data_dir(tmp_path / "var")
    prepare_store(store)
    clips = ClipStore(tmp_path / "var")
    return VoiceJob(holder, store, clips, tmp_path / "routes"), clips, holder


def test_a_text_asked_for_is_made_and_served(voice_job):
    job, clips, holder = voice_job
    import flask

    server = flask.Flask("voice-test")
    register_voice_routes(server, clips, holder)
    web = server.test_client()
    asked = web.get("/_kiosk/voice/ko/ask", query_string={"text": "여권 업무"})
    assert asked.status_code == 202
    assert web.get("/_kiosk/voice/ko/index.json").get_json() == {}
    assert job.serve_asked() == 1
    key = clip_key("ko", "여권 업무")
    assert web.get("/_kiosk/voice/ko/index.json").get_json() == {"여권 업무": key}
    answer = web.get("/_kiosk/voice/ko/ask", query_string={"text": "여권  업무"})
    assert answer.status_code == 200 and answer.get_json() == {"key": key}
    audio = web.get(f"/_kiosk/voice/ko/{key}.mp3")
    assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
    assert audio.data[:3] == b"ID3" or audio.data[0] == 0xFF  # MPEG audio
    assert list(clips.asked()) == []
    # a language the site does not offer, and a malformed key, are not served
    assert web.get("/_kiosk/voice/fr/index.json").status_code == 404
    assert web.get("/_kiosk/voice/ko/nope.mp3").status_code == 404


def test_with_no_engine_a_request_waits(voice_job, monkeypatch):
    job, clips, _holder = voice_job
    monkeypatch.setenv("PATH", "/nonexistent")  # no espeak-ng, no lame
    assert clips.ask("ko", "여권")
    assert job.serve_asked() == 0
    assert [a.text for a in clips.asked()] == ["여권"]
    assert clips.index("ko") == {}


def test_clips_are_prepared_ahead_a_little_at_a_time(voice_job):
    job, clips, holder = voice_job
    # the test copy leaves clips to asking; the shipped config makes them ahead
    assert job.prepare(budget_seconds=5) == 0
    text = holder.path.read_text(encoding="utf-8")
    holder.path.write_text(
        text.replace("prepare_clips: false", "prepare_clips: true"), encoding="utf-8"
    )
    holder.refresh()
    made = job.prepare(budget_seconds=2)
    assert made >= 1
    index = clips.index("ko")
    assert len(index) == made
    for text_said, key in index.items():
        path = clips.path("ko", key)
        assert path is not None and path.stat().st_size > 500, text_said
    # the next run goes on where this one stopped
    assert job.prepare(budget_seconds=1) >= 1
    assert len(clips.index("ko")) > made
    assert json.loads((clips.root / "ko" / "index.json").read_text()) == clips.index(
        "ko"
    )
