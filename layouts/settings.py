"""What the screens show, as config.yaml sections: the site, the screen's
timings, the kiosks, the menus and every fixed label.

``ScreenConfig`` is the part of config.yaml the layouts read; the whole file
(``kiosk_app.config.schema.Config``) adds the feeds and the building files.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from briefing.config import BriefingConfig
from kiosk_core.opening_hours import OpeningHours, Schedule, resolve
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
    # lower screen (낮은 화면): every control below this fraction of the
    # screen's height, within reach of a seated visitor
    low_reach_top: float = Field(0.4, ge=0.0, le=0.7)
    # each screen tells the server it is alive this often (/status, /metrics);
    # two beats missed and /status marks it silent
    heartbeat_seconds: int = Field(30, ge=1, le=300)


class Kiosk(Section):
    """One kiosk screen, opened as /?kiosk=ID."""

    id: Identifier
    name: Text
    default_language: Language | None = None
    point: Identifier | None = None  # its kiosk_points id in the building file
    # its own opening hours; each setting not given here comes from the
    # site's schedule (config.yaml's schedule:)
    schedule: Schedule | None = None


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
    as_of_month: Text = _text("{month} 기준", "{month} figures")
    delta_day: Text = _text("어제보다", "vs yesterday")
    delta_week: Text = _text("지난주보다", "vs last week")
    popular: Text = _text("자주 찾는 업무", "Popular tasks")
    by_floor: Text = _text("층별 안내", "By floor")
    by_bureau: Text = _text("부서별 안내", "By bureau")
    # the directory's building overview (layouts/overview.py): its tab, the
    # hint over it, a floor button's name ({floor}, {count} departments),
    # what is read out when it opens ({count} floors), the colour key's
    # title, a floor with no department, and this kiosk's own floor
    overview: Text = _text("건물 안내도", "Building overview")
    overview_hint: Text = _text(
        "층을 누르면 그 층의 부서 목록이 나옵니다.",
        "Tap a floor to see its departments.",
    )
    overview_floor: Text = _text(
        "{floor} · 부서 {count}곳", "{floor} · departments: {count}"
    )
    overview_status: Text = _text("{count}개 층", "{count} floors")
    overview_legend: Text = _text("색깔별 소속 국", "Colours by bureau")
    overview_empty: Text = _text("안내할 부서 없음", "No offices for visitors")
    you_are_here: Text = _text("현재 위치", "You are here")
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
    # names read out by screen readers (and the keypad's voice), never shown
    search_ways: Text = _text("찾는 방법", "Ways to search")
    backspace: Text = _text("한 글자 지우기", "Delete one letter")
    # announced after each key or pick: "ㅇ · 결과 3건"
    results_status: Text = _text(
        "{query} · 결과 {count}건", "{query} · {count} results"
    )
    volume_down: Text = _text("소리 작게", "Volume down")
    volume_up: Text = _text("소리 크게", "Volume up")
    subtitles: Text = _text("자막", "Subtitles")
    fact_item: Text = _text("항목", "Item")
    fact_value: Text = _text("값", "Value")
    fact_time: Text = _text("기준 시각", "As of")
    play: Text = _text("재생", "Play")
    pause: Text = _text("일시정지", "Pause")
    volume: Text = _text("음량", "Volume")
    # content that takes turns (tile pages, notices) stepped by the visitor
    tile_pages: Text = _text("지표 쪽 고르기", "Pages of figures")
    # a page button's name holds its visible number as a word of its own
    tile_page: Text = _text("지표 {n} / {total}쪽", "Page {n} of {total}")
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
    # the briefing's figure cards (layouts/briefing_cards.py): the region's
    # name, its hint while no card is shown, the sparkline's caption
    figure_stage: Text = _text("지금 말하는 수치", "The figure being spoken")
    figure_hint: Text = _text(
        "재생하면 말하는 수치가 여기에 크게 나옵니다.",
        "Press play: each figure appears here as it is spoken.",
    )
    figure_tap_hint: Text = _text(
        "자막을 누르면 그 문장의 수치가 여기에 나옵니다.",
        "Tap a subtitle to see its figure here.",
    )
    figure_trend: Text = _text("최근 추이", "Recent trend")
    low_reach: Text = _text("낮은 화면", "Lower screen")
    large_text: Text = _text("큰 글씨", "Large text")
    voice_guidance: Text = _text("음성 안내", "Voice guidance")
    high_contrast: Text = _text("고대비", "High contrast")
    pause_motion: Text = _text("화면 멈춤", "Pause motion")
    more_time: Text = _text("계속 이용하시겠습니까?", "Need more time?")
    more_time_button: Text = _text("계속 이용하기", "Yes, more time")
    more_time_countdown: Text = _text(
        "{seconds}초 후 처음 화면으로 돌아갑니다.",
        "Back to the start screen in {seconds} s.",
    )
    # voice guidance (음성 안내): said when it starts and stops, by the help
    # key, and after a switch's name (its state)
    voice_started: Text = _text("음성 안내를 시작합니다.", "Voice guidance is on.")
    voice_stopped: Text = _text("음성 안내를 마칩니다.", "Voice guidance is off.")
    voice_help: Text = _text(
        "화살표 키나 2, 4, 6, 8 키로 움직이고, 5 키나 확인 키로 누릅니다. "
        "뒤로 가려면 점 키, 처음 화면은 0 키, 다시 듣기는 별표 키입니다. "
        "더하기와 빼기 키로 음량을, 9와 3 키로 말 빠르기를 바꿉니다.",
        "Move with the arrow keys or 2, 4, 6 and 8; press 5 or Enter to choose. "
        "The dot key goes back, 0 goes to the start screen, and the star key "
        "repeats this help. Plus and minus change the volume; 9 and 3 the speed.",
    )
    voice_on: Text = _text("켜짐", "on")
    voice_off: Text = _text("꺼짐", "off")
    voice_selected: Text = _text("선택됨", "selected")
    voice_louder: Text = _text("소리 크게", "Louder")
    voice_quieter: Text = _text("소리 작게", "Quieter")
    voice_faster: Text = _text("빠르게", "Faster")
    voice_slower: Text = _text("느리게", "Slower")
    # what can be done on each screen, said after its title
    voice_home: Text = _text(
        "길찾기와 오늘의 브리핑을 고를 수 있습니다. "
        "아래에는 오늘의 서산 정보가 있습니다.",
        "You can choose Find your way or Today's briefing. "
        "Below are today's figures for Seosan.",
    )
    voice_directory: Text = _text(
        "자주 찾는 업무, 건물 안내도, 층별, 부서별 안내, 첫 글자로 찾기 중에서 "
        "고르고, 찾는 곳을 누르면 길을 안내합니다.",
        "Choose popular tasks, the building overview, by floor, by bureau or "
        "search by letters, then press a place to hear the way there.",
    )
    voice_route: Text = _text(
        "길 안내입니다. 계단 없는 길로 바꾸거나 휴대전화로 가져갈 수 있습니다.",
        "This is the way there. You can switch to a step-free route "
        "or take it on your phone.",
    )
    voice_briefing: Text = _text(
        "재생을 누르면 오늘의 브리핑을 들을 수 있습니다.",
        "Press Play to hear today's briefing.",
    )
    reconnecting: Text = _text(
        "잠시만 기다려 주세요. 화면을 다시 연결하고 있습니다.",
        "Please wait, reconnecting the screen.",
    )
    # a sleeping screen's dim clock (outside opening hours); {time} and
    # {date} are filled in by the page
    sleep_closed: Text = _text(
        "지금은 운영 시간이 아닙니다.", "We are closed at the moment."
    )
    sleep_opens_today: Text = _text(
        "오늘 {time}에 문을 엽니다.", "Opening today at {time}."
    )
    sleep_opens_tomorrow: Text = _text(
        "내일 {time}에 문을 엽니다.", "Opening tomorrow at {time}."
    )
    sleep_opens_on: Text = _text(
        "{date} {time}에 문을 엽니다.", "Opening on {date} at {time}."
    )
    sleep_touch: Text = _text(
        "화면을 누르면 안내를 이용할 수 있습니다.",
        "Touch the screen to use the guide.",
    )
    # the attract loop's last slide, and its line along the bottom
    attract_touch: Text = _text("화면을 눌러 시작하세요", "Touch the screen to start")


AttractSlide = Literal["figures", "briefing", "notices", "touch"]


class Attract(Section):
    """The attract loop: full-screen slides on a home screen left idle inside
    opening hours (layouts/attract.py); a touch ends it."""

    enabled: bool = True
    after_seconds: int = Field(60, ge=10, le=3600)  # idle on the home screen
    slide_seconds: int = Field(8, ge=3, le=120)
    slides: Annotated[list[AttractSlide], Field(min_length=1, max_length=4)] = [
        "figures",
        "briefing",
        "notices",
        "touch",
    ]
    # tile ids, three to a slide (none: the first three tiles)
    figures: Annotated[list[Identifier], Field(max_length=9)] = []

    @field_validator("slides")
    @classmethod
    def _once_each(cls, slides: list[str]) -> list[str]:
        if len(set(slides)) != len(slides):
            raise ValueError("a slide is listed twice")
        return slides


# keys of a USB numeric keypad (KeyboardEvent.code), with the arrow and
# editing keys of a full keyboard; a vendor's keypad is mapped in config.yaml
KeyCodes = Annotated[
    list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,24}$")]],
    Field(max_length=8),
]


class Keypad(Section):
    """What each key does in voice guidance (and for any keyboard user)."""

    up: KeyCodes = ["ArrowUp", "Numpad8"]
    down: KeyCodes = ["ArrowDown", "Numpad2"]
    left: KeyCodes = ["ArrowLeft", "Numpad4"]
    right: KeyCodes = ["ArrowRight", "Numpad6"]
    select: KeyCodes = ["Enter", "NumpadEnter", "Numpad5"]
    back: KeyCodes = ["Escape", "Backspace", "NumpadDecimal"]
    home: KeyCodes = ["Home", "Numpad0"]
    help: KeyCodes = ["NumpadMultiply", "F1"]
    voice: KeyCodes = ["NumpadDivide", "F2"]  # voice guidance on and off
    volume_up: KeyCodes = ["NumpadAdd"]
    volume_down: KeyCodes = ["NumpadSubtract"]
    rate_up: KeyCodes = ["Numpad9"]
    rate_down: KeyCodes = ["Numpad3"]


class VoiceGuidance(Section):
    """Voice guidance (음성 안내): every focus move and screen spoken aloud."""

    # untouched this long in voice guidance before "Need more time?"
    idle_seconds: int = Field(240, ge=30, le=3600)
    tone_on_keys: bool = True  # a short tone acknowledges every key press
    tone_on_touch: bool = False
    volume: float = Field(0.8, ge=0.1, le=1.0)
    rate: float = Field(1.0, ge=0.5, le=2.0)
    # the audio output for voice guidance, by (part of) its name as the
    # browser lists it, e.g. "Headphones": a kiosk whose earphone jack is a
    # separate output keeps the guidance private (see the README)
    output_device: str | None = Field(None, max_length=80)
    # make a clip of everything the screens show ahead, in the background
    # (without it, each text is made when a page first asks for it)
    prepare_clips: bool = True
    keys: Keypad = Keypad()


class ScreenConfig(Section):
    """The sections of config.yaml that the screens show."""

    site: Site
    screen: Screen = Screen()
    kiosks: Annotated[list[Kiosk], Field(min_length=1)]
    menus: Annotated[list[Menu], Field(max_length=12)] = []
    tiles: list[Tile] = []
    notices: list[Notice] = []
    labels: Labels = Labels()
    voice: VoiceGuidance = VoiceGuidance()
    briefing: BriefingConfig = BriefingConfig()
    # opening hours every kiosk follows (none: screens never sleep)
    schedule: Schedule | None = None
    attract: Attract = Attract()

    def opening_hours(self, kiosk: Kiosk) -> OpeningHours | None:
        """The schedule ``kiosk`` follows (None: its screen never sleeps)."""
        return resolve(self.schedule, kiosk.schedule, self.site.timezone)

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
