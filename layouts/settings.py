"""What the screens show, as config.yaml sections: the site, the screen's
timings, the kiosks, the menus and every fixed label.

``ScreenConfig`` is the part of config.yaml the layouts read; the whole file
(``kiosk_app.config.schema.Config``) adds the feeds and the building files.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from briefing.config import BriefingConfig
from kiosk_core.sections import Identifier, Section, TimeZone
from kiosk_core.text import Language, Text
from kiosk_core.text import text as _text
from kiosk_core.tiles import Notice, Tile


class Site(Section):
    title: Text
    subtitle: Text | None = None
    timezone: TimeZone = "Asia/Seoul"
    # the languages the screens offer, in the picker's order
    languages: Annotated[list[Language], Field(min_length=1, max_length=8)] = [
        "ko",
        "en",
    ]
    # where a kiosk starts and returns to when idle (default: the first language)
    default_language: Language | None = None
    # where phones and the city's portal reach this server (QR codes, briefing
    # audio); without it the portal's links are relative, never built from a
    # request's Host header, which the client chooses
    public_url: (
        Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")]
        | None
    ) = None


class Screen(Section):
    idle_seconds: int = Field(90, ge=5, le=3600)
    # then "Need more time?" with a countdown this long before the reset (0: none)
    idle_warning_seconds: int = Field(20, ge=0, le=120)
    tiles_per_page: int = Field(12, ge=1, le=12)
    tile_page_seconds: int = Field(15, ge=5, le=300)
    tile_refresh_seconds: int = Field(15, ge=2, le=600)
    ticker_seconds: int = Field(40, ge=10, le=600)


class Kiosk(Section):
    """One kiosk screen, opened as /?kiosk=ID."""

    id: Identifier
    name: Text
    default_language: Language | None = None
    point: Identifier | None = None  # its kiosk_points id in the building file


class Menu(Section):
    id: Identifier
    title: Text


class Labels(Section):
    """Fixed screen text; every entry can be reworded in config.yaml."""

    find_way: Text = _text("길찾기", "Find your way")
    find_way_hint: Text = _text("부서·업무 위치 안내", "Departments and services")
    briefing: Text = _text("오늘의 브리핑", "Today's briefing")
    briefing_hint: Text = _text(
        "오늘의 서산 소식을 들어 보세요", "Listen to today's city news"
    )
    # the language picker's name for screen readers; each language's button
    # shows its own name in its own script (한국어, English, 中文, Tiếng Việt)
    language_toggle: Text = _text("언어 선택", "Choose a language")
    home: Text = _text("처음으로", "Home")
    coming_soon: Text = _text(
        "이 화면은 준비 중입니다.", "This screen is being prepared."
    )
    tiles_heading: Text = _text("오늘의 서산", "Seosan today")
    notices_heading: Text = _text("알림", "Notices")
    no_notices: Text = _text("새 알림이 없습니다.", "No new notices.")
    unavailable: Text = _text("잠시 후 다시 표시됩니다", "Temporarily unavailable")
    as_of: Text = _text("{time} 기준", "as of {time}")
    delta_day: Text = _text("어제보다", "vs yesterday")
    delta_week: Text = _text("지난주보다", "vs last week")
    popular: Text = _text("자주 찾는 업무", "Popular tasks")
    by_floor: Text = _text("층별 안내", "By floor")
    by_bureau: Text = _text("부서별 안내", "By bureau")
    search: Text = _text("첫 글자로 찾기", "Search by letters")
    search_hint: Text = _text(
        "찾는 이름의 첫 글자(초성)를 누르세요. 예: ㅇㄱ → 여권",
        "Tap the first letters of what you need, e.g. P A S → passport",
    )
    clear: Text = _text("지우기", "Clear")
    no_results: Text = _text(
        "찾는 결과가 없습니다. 안내 데스크에 문의해 주세요.",
        "Nothing found. Please ask at the information desk.",
    )
    kind_task: Text = _text("업무", "Service")
    kind_team: Text = _text("팀", "Team")
    kind_department: Text = _text("부서", "Department")
    back: Text = _text("뒤로", "Back")
    step_free: Text = _text("계단 없는 길", "Step-free route")
    walk_summary: Text = _text(
        "걸어서 약 {minutes}분 · {meters}m", "About {minutes} min on foot · {meters} m"
    )
    read_aloud: Text = _text("안내 음성 듣기", "Read aloud")
    phone: Text = _text("전화", "Phone")
    qr_caption: Text = _text(
        "휴대전화 카메라로 찍으면 이 길 안내를 가져갈 수 있습니다.",
        "Scan with your phone camera to take this route with you.",
    )
    qr_alt: Text = _text(
        "QR 코드: 휴대전화에서 이 길 안내 열기",
        "QR code: open this route on your phone",
    )
    ask_staff: Text = _text(
        "도움이 필요하시면 안내 데스크에 문의해 주세요.",
        "If you need help, please ask at the information desk.",
    )
    play: Text = _text("재생", "Play")
    pause: Text = _text("일시정지", "Pause")
    volume: Text = _text("음량", "Volume")
    # content that takes turns (tile pages, notices) stepped by the visitor
    tile_pages: Text = _text("지표 쪽 고르기", "Pages of figures")
    tile_page: Text = _text("{total}쪽 중 {n}쪽", "Page {n} of {total}")
    notice_previous: Text = _text("이전 공지", "Previous notice")
    notice_next: Text = _text("다음 공지", "Next notice")
    notice_of: Text = _text("공지 {n}/{total}", "Notice {n} of {total}")
    # the route's 3D map: turned by buttons, and said in words
    view3d_controls: Text = _text("3D 지도 돌려 보기", "Turn the 3D map")
    view3d_left: Text = _text("왼쪽으로", "Turn left")
    view3d_right: Text = _text("오른쪽으로", "Turn right")
    view3d_up: Text = _text("위에서 보기", "From above")
    view3d_down: Text = _text("옆에서 보기", "From the side")
    view3d_in: Text = _text("크게", "Zoom in")
    view3d_out: Text = _text("작게", "Zoom out")
    view3d_reset: Text = _text("처음대로", "Reset view")
    route_map: Text = _text(
        "3D 지도: {from}에서 {to}까지 가는 길", "3D map of the way from {from} to {to}"
    )
    route_shortest: Text = _text("가장 짧은 길", "Shortest way")
    route_steps: Text = _text("단계별 길 안내", "The way, step by step")
    facts_heading: Text = _text(
        "이 브리핑의 근거 자료", "The figures behind this briefing"
    )
    source: Text = _text("출처", "Source")
    past_briefings: Text = _text("지난 브리핑", "Past briefings")
    written_by_template: Text = _text(
        "자동 문안으로 작성했습니다.", "Written from the city's template."
    )
    written_by_ai: Text = _text(
        "AI가 작성했으며 모든 수치를 자료와 대조해 확인했습니다.",
        "Written by AI; every figure was checked against the data.",
    )
    subtitles_only: Text = _text(
        "오늘은 음성 없이 자막으로 제공합니다.", "Subtitles only today (no audio)."
    )
    no_briefing: Text = _text(
        "오늘의 브리핑을 준비하고 있습니다. 잠시 후 다시 확인해 주세요.",
        "Today's briefing is being prepared. Please check again shortly.",
    )
    next_autoplay: Text = _text("다음 자동 재생", "Next automatic play")
    low_reach: Text = _text("낮은 화면", "Lower screen")
    large_text: Text = _text("큰 글씨", "Large text")
    more_time: Text = _text("계속 이용하시겠습니까?", "Need more time?")
    more_time_button: Text = _text("계속 이용하기", "Yes, more time")
    more_time_countdown: Text = _text(
        "{seconds}초 후 처음 화면으로 돌아갑니다.",
        "Back to the start screen in {seconds} s.",
    )
    reconnecting: Text = _text(
        "잠시만 기다려 주세요. 화면을 다시 연결하고 있습니다.",
        "Please wait, reconnecting the screen.",
    )


class ScreenConfig(Section):
    """The sections of config.yaml that the screens show."""

    site: Site
    screen: Screen = Screen()
    kiosks: Annotated[list[Kiosk], Field(min_length=1)]
    menus: Annotated[list[Menu], Field(max_length=12)] = []
    tiles: list[Tile] = []
    notices: list[Notice] = []
    labels: Labels = Labels()
    briefing: BriefingConfig = BriefingConfig()

    def kiosk(self, kiosk_id: str | None) -> Kiosk:
        """The kiosk with ``kiosk_id``, or the first one when unknown."""
        return next((k for k in self.kiosks if k.id == kiosk_id), self.kiosks[0])

    def language_for(self, kiosk: Kiosk) -> str:
        """The language a kiosk starts in and returns to when idle."""
        return (
            kiosk.default_language
            or self.site.default_language
            or self.site.languages[0]
        )

    def language(self, asked: str | None) -> str:
        """``asked`` if the site offers it, else the site's first language."""
        return asked if asked in self.site.languages else self.site.languages[0]

    def menu_title(self, menu_id: str) -> Text:
        """The title of a menu (its id when the menu is not declared)."""
        menu = next((m for m in self.menus if m.id == menu_id), None)
        return menu.title if menu else _text(menu_id, menu_id)
