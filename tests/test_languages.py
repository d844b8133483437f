"""Languages are data: every locale writes dates, figures, directions and
speech its own way, texts fall back along one chain, and ``check`` names what
is untranslated or unknown by file and line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.check import check_sentences
from briefing.compose import check_draft
from briefing.pipeline import build_briefing
from briefing.template import TemplateWriter
from building_model import plan_route, search
from kiosk_app.config import ProblemsFound, parse_config
from kiosk_app.config.site import load_site
from kiosk_core.locales import LOCALES, locale
from kiosk_core.text import Text
from tests.conftest import copy_config
from tests.support.briefing_data import NOW, demo_config, fill_store
from tests.support.server import REPO
from tests.test_briefing_check import SHEET
from tests.test_config import GOOD, run_check

DAY = dt.date(2026, 11, 26)
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def site():
    return load_site(REPO / "config.yaml")


def test_the_shipped_site_offers_four_languages(site):
    assert site.config.site.languages == ["ko", "en", "zh", "vi"]
    assert set(site.config.site.languages) <= set(LOCALES)


@pytest.mark.parametrize(
    ("code", "date", "figure", "name"),
    [
        ("ko", "2026. 11. 26.(목)", "182,261.5", "한국어"),
        ("en", "Thu 26 Nov 2026", "182,261.5", "English"),
        ("zh", "2026年11月26日 周四", "182,261.5", "中文"),
        ("vi", "Thứ Năm, 26/11/2026", "182.261,5", "Tiếng Việt"),
    ],
)
def test_each_locale_writes_dates_and_figures_its_way(code, date, figure, name):
    words = locale(code)
    assert words.date(DAY) == date
    assert words.number(182_261.5, 1) == figure
    assert words.name == name


def test_korean_news_figures_and_particles():
    korean = locale("ko")
    assert korean.large_number(182_261) == "18만 2,261"
    assert korean.fill(
        "{lift:을/를} 타고 {floor:으로/로}", lift="엘리베이터 A", floor="3층"
    )
    assert korean.fill("{x:으로/로}", x="1층") == "1층으로"
    assert korean.fill("{x:으로/로}", x="7") == "7로"  # 칠: ㄹ takes 로
    assert korean.fill("{x:은/는}", x="민원실") == "민원실은"
    assert locale("en").fill("{x:은/는}", x="Room 101") == "Room 101"


def test_a_missing_translation_falls_back_to_english_then_korean():
    both = Text(ko="여권", en="Passport")
    assert both.get("vi") == "Passport"
    assert both.get("zh") == "Passport"
    assert Text(ko="여권").get("vi") == "여권"
    assert Text(ko="여권", vi="Hộ chiếu").get("vi") == "Hộ chiếu"


def test_an_unknown_language_is_an_error_with_its_line():
    text = GOOD.replace(
        "    title: {ko: 미세먼지, en: PM10}", "    title: {ko: 미세먼지, eng: PM10}"
    )
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text, "config.yaml")
    shown = [str(p) for p in caught.value.problems]
    assert any(
        "config.yaml:14:" in p and "tiles[0].title" in p and "unknown language" in p
        for p in shown
    ), shown


def test_a_kiosk_language_must_be_one_the_site_offers():
    text = GOOD.replace(
        "    name: {ko: 로비, en: Lobby}",
        "    name: {ko: 로비, en: Lobby}\n    default_language: vi",
    )
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text, "config.yaml")
    assert any(
        "kiosks[0].default_language" in str(p) and "site.languages" in str(p)
        for p in caught.value.problems
    )
    offered = text.replace(
        "  title: {ko: 서산시청, en: Seosan City Hall}",
        ("  title: {ko: 서산시청, en: Seosan City Hall}\n  languages: [ko, en, vi]"),
    )
    assert parse_config(offered, "config.yaml").kiosk("main-lobby").default_language


def test_check_warns_about_untranslated_texts_but_accepts_them(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text(
        GOOD.replace(
            "  title: {ko: 서산시청, en: Seosan City Hall}",
            "  title: {ko: 서산시청, en: Seosan City Hall, vi: Tòa thị chính}\n"
            "  languages: [ko, en, vi]",
        ),
        encoding="utf-8",
    )
    result = run_check(str(path))
    assert result.returncode == 0, result.stderr
    # the kiosk's name has no Vietnamese: named with its line, English shown
    assert (
        f"{path}:6: kiosks[0].name: no Tiếng Việt (vi) text yet; "
        "English is shown instead (warning)" in result.stdout
    )
    assert f"{path}:3: site.title:" not in result.stdout  # translated
    assert "OK" in result.stdout


def test_check_warns_about_untranslated_texts_of_the_directory(tmp_path: Path):
    config = copy_config(tmp_path)
    directory = tmp_path / "directory.yaml"
    text = directory.read_text(encoding="utf-8")
    vietnamese = ", vi: Trực thuộc Thị trưởng và Phó Thị trưởng}"
    line = text[: text.index(vietnamese)].count("\n") + 1
    directory.write_text(text.replace(vietnamese, "}", 1), encoding="utf-8")
    result = run_check(str(config))
    assert result.returncode == 0, result.stderr
    assert (
        f"{directory}:{line}: bureaus[0].name: no Tiếng Việt (vi) text yet; "
        "English is shown instead (warning)" in result.stdout
    ), result.stdout


def test_the_shipped_files_are_translated_in_every_offered_language():
    # with the database URL set, as on a server of several (no warning for it)
    database = {"KIOSK_DB_URL": "postgresql://kiosk@db.example:5432/kiosk"}
    result = run_check(str(REPO / "config.yaml"), env=database)
    assert result.returncode == 0, result.stderr
    assert "(warning)" not in result.stdout


@pytest.mark.parametrize("lang", ["ko", "en", "zh", "vi"])
def test_directions_read_in_every_language(site, lang):
    start = site.kiosk_position("main-lobby")
    place = site.directory.place_of("passport-team")
    route = plan_route(site.graph(DAY), start, place.room, True)
    sentences = route.directions(lang)
    assert len(sentences) >= 2
    lift = site.building.lifts[0].name.get(lang)
    assert any(lift in s for s in sentences) or route.legs[-1].floor == start.floor
    korean = [s for s in sentences if HANGUL.search(s)]
    assert (lang == "ko") == bool(korean), sentences
    last = {
        "ko": "있습니다.",
        "en": ".",
        "zh": "。",
        "vi": ".",
    }[lang]
    assert sentences[-1].endswith(last)


@pytest.mark.parametrize(
    ("query", "lang_name"),
    [("ㅇㄱ", "여권"), ("PASS", "passport"), ("HO", "hộ chiếu"), ("hộ", "hộ chiếu")],
)
def test_the_letter_pads_find_a_task(site, query, lang_name):
    hits = search(site.directory, query)
    names = {hit.name.get(code).lower() for hit in hits for code in ("ko", "en", "vi")}
    assert lang_name in names


def test_chinese_has_no_letter_pad_and_latin_pads_are_a_to_z():
    assert locale("zh").letter_pad == ()
    assert "".join(locale("vi").letter_pad) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert locale("ko").letter_pad[0] == "ㄱ"


@pytest.mark.parametrize(
    ("lang", "text", "heard"),
    [
        ("ko", "기온은 16.6℃입니다.", "십육 점 육도"),
        ("en", "It is 16.6 °C.", "16.6 degrees Celsius"),
        ("zh", "人口为180,173人，气温16.6℃。", "180173人"),
        ("vi", "Dân số: 180.173 người, 16,6℃.", "180173 người"),
    ],
)
def test_speech_hears_figures_and_units_in_words(lang, text, heard):
    assert heard in locale(lang).spoken(text)


CHECKED = [
    # (language, sentence, cited ids, accepted, problem when rejected)
    ("zh", "瑞山市人口为180,173人。", ["population"], True, ""),
    ("zh", "瑞山市人口约18万人。", ["population"], True, ""),
    ("zh", "气温为16.6℃。", ["temperature"], True, ""),
    ("zh", "2026年11月26日 周四，瑞山市今日简报。", None, True, ""),
    ("zh", "上午8点的数据。", None, True, ""),
    ("zh", "瑞山市人口为190,173人。", ["population"], False, "does not match"),
    ("zh", "瑞山市人口约19万人。", ["population"], False, "does not match"),
    ("zh", "气温为零下16.6℃。", ["temperature"], False, "does not match"),
    ("zh", "2026年11月27日 周五。", None, False, "not the briefing date"),
    ("zh", "2026年11月26日 周五。", None, False, "wrong weekday"),
    ("vi", "Dân số: 180.173 người.", ["population"], True, ""),
    ("vi", "Nhiệt độ: 16,6℃.", ["temperature"], True, ""),
    ("vi", "Thứ Năm, ngày 26 tháng 11 năm 2026.", None, True, ""),
    ("vi", "Số hộ: 84.142 hộ.", ["households"], True, ""),
    ("vi", "Dân số: 180.174 người.", ["population"], False, "does not match"),
    ("vi", "Nhiệt độ: 16,7℃.", ["temperature"], False, "does not match"),
    ("vi", "Nhiệt độ: âm 16,6℃.", ["temperature"], False, "does not match"),
    ("vi", "Thứ Sáu, ngày 27 tháng 11 năm 2026.", None, False, "not the briefing"),
    ("vi", "Thứ Sáu, ngày 26 tháng 11 năm 2026.", None, False, "wrong weekday"),
]


@pytest.mark.parametrize(
    ("lang", "text", "ids", "accepted", "problem"),
    CHECKED,
    ids=[f"{c[0]}: {c[1]}" for c in CHECKED],
)
def test_the_number_check_reads_each_language(lang, text, ids, accepted, problem):
    report = check_sentences([(text, ids)], SHEET, language=lang)
    assert report.ok is accepted, report.summary()
    assert problem in report.summary()


@pytest.mark.parametrize("lang", ["zh", "vi"])
def test_the_template_briefing_in_chinese_and_vietnamese_passes_the_check(lang):
    draft = TemplateWriter().write(SHEET, lang)
    report = check_draft(draft, SHEET)
    assert report.ok, report.summary()
    text = " ".join(s.text for s in draft.sentences)
    assert locale(lang).number(180_173) in text  # the population, its own way
    assert not HANGUL.search(text.replace("번", "")), text
    assert locale(lang).long_date(SHEET.day) in draft.title


def test_the_daily_briefing_is_built_spoken_and_archived_in_every_language(
    tmp_path: Path,
):
    config = demo_config()
    store = fill_store(tmp_path, config)
    result = build_briefing(config, store, tmp_path, now=NOW)
    assert result.ok, result.status()
    languages = result.status()["languages"]
    assert list(languages) == ["ko", "en", "zh", "vi"]
    for lang in ("zh", "vi"):
        assert languages[lang]["speech"] == "espeak-ng", languages[lang]
        record = store.briefing(result.day, lang)
        assert record is not None and record["audio_file"]
        audio = tmp_path / "briefings" / record["audio_file"]
        assert audio.stat().st_size > 10_000  # seconds of speech, not a stub
        text = record["text"]
        assert locale(lang).long_date(result.day) in text
        assert not HANGUL.search(text.replace("번", "")), text
