"""axe-core (vendored, pinned) in real Chromium on every screen state of the
kiosk: 0 violations of any impact.

States: home; the directory's tabs (popular tasks, a floor picked, a bureau
picked, the letter pad); search results (a key typed on the pad: ㅇ in
Korean); the route; the step-free route; the briefing; the time warning over
the briefing. Chinese has no letter pad (its search tab already lists every
department), so it has no "results" state.

Coverage: every state in every language the shipped config offers, in
portrait (1080x1920) and landscape (1920x1080), with no mode on; and every
state with each mode on (text 200 %, high contrast, lower screen, voice
guidance) in both orientations in Korean. The modes change layout, colour and
motion, not words, so one language with them keeps the suite's time in bounds
(the full product, x 4 languages x 5 modes, would take about eight minutes on
two cores).

One browser walks the states without reloading: it moves to a state once per
language (with no mode on, by taps), then turns the screen and switches the
modes there in place (through the page's own ``kiosk-access`` store, waited
for on the root's classes). The time warning is brought up by the page's own
idle tick with its clock moved forward and frozen inside the countdown, then
dismissed by its button. While axe reads the page, the page's interval timers
are held (each tick's callback adds a loading marker that shifts the node
positions axe matches by, which made results come and go).

The one accepted exception is axe's ``meta-viewport`` rule: the page sets
``user-scalable=no`` because the kiosk's own text zoom (150 % and 200 %,
"큰 글씨") replaces pinch zoom, which on a shared public touchscreen would
leave the next visitor a zoomed, panned screen. Only that rule is disabled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from building_model import search
from kiosk_core.locales import locale
from tests.support.browser import chromium_driver
from tests.support.page import describe_page, open_kiosk, set_viewport, tap
from tests.support.server import REPO

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"

SHIPPED = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
LANGUAGES: list[str] = SHIPPED["site"]["languages"]
MODE_LANGUAGES = ("ko",)
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
MODES: dict[str, dict] = {
    "none": {},
    "text200": {"text": 200},
    "contrast": {"contrast": True},
    "low": {"low": True},
    "voice": {"voice": True},
}
STATES = (
    "home",
    "popular",
    "floor",
    "bureau",
    "search",
    "results",
    "route",
    "step_free",
    "briefing",
    "warning",
)
TABS = ("popular", "floor", "bureau", "search")
# the key typed for "results" (any key with results where none is named)
RESULT_KEYS = {"ko": "ㅇ", "en": "P", "vi": "H"}

RUN_AXE = """
const done = arguments[arguments.length - 1];
// the page's timers held while axe reads it: each tick's callback puts a
// loading marker before the app's root, which shifts the positions axe
// matches nodes by (heading-order came and went with it)
const timers = ['kiosk-idle-tick', 'kiosk-tile-refresh'];
const hold = on => timers.forEach(
  id => window.dash_clientside.set_props(id, {disabled: on}));
const idle = () => new Promise(resolve => {
  const look = () => document.querySelector('._dash-loading-callback')
    ? setTimeout(look, 20) : resolve();
  look();
});
hold(true);
idle().then(() => axe.run(document, {
  resultTypes: ['violations'],
  // user-scalable=no: the in-app text zoom replaces pinch zoom (see above)
  rules: {'meta-viewport': {enabled: false}},
})).then(
  r => done(r.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(' ') + ' | ' + n.failureSummary),
  }))),
  e => done([{id: 'axe-error', impact: 'error', nodes: [String(e)]}]),
).finally(() => hold(false));
"""


# a route screen comes with its 3D view, drawn by software WebGL in headless
# Chromium: 3-5 s on a quiet 2-core machine, several times that on a busy one
DRAW_TIMEOUT = 90


def until(driver: WebDriver, condition, timeout: float = 30, what: str = ""):
    """Wait for ``condition`` (as tests.support.page.wait_until, looking more
    often: this file waits a few hundred times); a wait that runs out says
    what the page showed."""
    try:
        return WebDriverWait(
            driver, timeout, poll_frequency=0.05, ignored_exceptions=(Exception,)
        ).until(condition)
    except TimeoutException:
        raise AssertionError(
            f"waited {timeout} s for {what or 'the page'}\n{describe_page(driver)}"
        ) from None


def settled(driver: WebDriver) -> None:
    """No callback in flight and the page still (as tests.support.page.settled)."""
    until(
        driver,
        lambda d: d.execute_script(
            "return document.documentElement.hasAttribute('data-settled')"
        ),
    )


def has_pad(lang: str) -> bool:
    return bool(locale(lang).letter_pad)


def cases() -> Iterator:
    """Language, then state, then mode, then orientation: the page moves to a
    state once per language and is switched and turned there in place. The
    orientations take turns in a snake (portrait, landscape; landscape,
    portrait; ...), so each mode is switched on once per state and the page
    is turned in between: a mode redraws more than a turn does (the route's
    3D map in high contrast or lower screen)."""
    turns = list(ORIENTATIONS)
    for lang in LANGUAGES:
        for state in STATES:
            if state == "results" and not has_pad(lang):
                continue
            for mode in MODES if lang in MODE_LANGUAGES else ("none",):
                for orientation in turns:
                    case = {
                        "lang": lang,
                        "state": state,
                        "orientation": orientation,
                        "mode": mode,
                    }
                    yield pytest.param(*case.values(), id="-".join(case.values()))
                turns.reverse()


def test_the_vendored_axe_core_is_the_pinned_release():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    assert AXE.read_text(encoding="utf-8").startswith(f"/*! axe v{AXE_VERSION}")


class Walk:
    """One kiosk page walked through its states, and where it stands."""

    def __init__(self, driver: WebDriver, url: str, directory, idle: dict):
        self.driver = driver
        self.url = url
        self.directory = directory
        self.idle = idle  # seconds: {"screen", "warning", "voice"}
        self.axe = AXE.read_text(encoding="utf-8")
        self.orientation: str | None = None
        self.lang: str | None = None
        self.access: dict | None = None  # the modes on
        self.at: str | None = None  # the state shown (None: not known)

    # ---- orientation, language, modes ----
    def use(self, orientation: str, lang: str) -> None:
        d = self.driver
        if self.orientation is None:
            open_kiosk(d, self.url)
            self.at = "home"
        if lang != self.lang:
            self.reach("home", lang)
            tap(d, f".lang-choice[data-lang='{lang}']")
            self.shows(f".lang-choice.current[data-lang='{lang}']")
            self.lang = lang
        if orientation != self.orientation:
            # the same page turned: it reflows in place
            set_viewport(d, *ORIENTATIONS[orientation])
            self.orientation = orientation
            if self.at != "warning":
                settled(d)

    def modes(self, access: dict) -> None:
        """Turn on the modes in ``access`` (only those) through the page's own
        store, and wait for the root's classes to follow."""
        if access == self.access:
            return
        if self.at == "warning":
            # the clock at a time that shows the warning and resets nothing,
            # with or without voice guidance's longer wait
            self.freeze(self.idle["screen"])
        self.driver.execute_script(
            # as a tap on a switch would, it counts as the visitor being there
            "if (!arguments[1]) window.kioskPage.markActivity();"
            "window.dash_clientside.set_props('kiosk-access', {data: arguments[0]});",
            access,
            self.at == "warning",
        )
        until(self.driver, lambda d: self.mode_shown(access))
        self.access = access
        if self.at == "warning":
            self.show_warning()
        else:
            settled(self.driver)

    def mode_shown(self, access: dict) -> bool:
        """The root's classes follow ``access`` as assets/access.js writes
        them ({"text": 200} -> "mode-text mode-text-200"); no mode: none."""
        classes = set(
            self.driver.find_element(By.ID, "kiosk-root").get_attribute("class").split()
        )
        wanted = {f"mode-{key}" for key in access} | {
            f"mode-{key}-{value}" for key, value in access.items() if value is not True
        }
        if not access:
            return not any(c.startswith("mode-") for c in classes)
        return wanted <= classes

    # ---- moves ----
    def shows(self, css: str, timeout: float = 30) -> None:
        until(
            self.driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, css),
            timeout,
            what=css,
        )
        settled(self.driver)

    def go_home(self) -> None:
        if not self.driver.find_elements(By.CSS_SELECTOR, ".home"):
            tap(self.driver, 'button[id*=\'"target":"home"\']')
        self.shows(".home")

    def tab(self, mode: str) -> None:
        tap(self.driver, f'button[role=tab][id*=\'"value":"{mode}"\']')
        self.shows(f'button[role=tab][aria-selected=true][id*=\'"value":"{mode}"\']')

    def pick_first(self, kind: str) -> None:
        tap(self.driver, f"button[id*='{kind}']")
        self.shows(f"button[id*='{kind}'][aria-pressed=true]")
        self.shows(".results, .results-empty")

    def result_key(self, lang: str) -> str:
        keys = locale(lang).letter_pad
        preferred = RESULT_KEYS.get(lang)
        if preferred in keys:
            return preferred
        return next(k for k in keys if search(self.directory, k))

    def step(self, state: str, lang: str) -> None:
        d = self.driver
        if state == "home":
            self.go_home()
        elif state == "popular":
            if not d.find_elements(By.CSS_SELECTOR, ".directory"):
                tap(d, 'button[id*=\'"target":"directory"\']')
                self.shows(".directory")
            self.tab("popular")
            self.shows(".results.popular")
        elif state == "floor":
            self.tab("floor")
            self.pick_first("kiosk-dir-floor")
        elif state == "bureau":
            self.tab("bureau")
            self.pick_first("kiosk-dir-bureau")
        elif state == "search":
            self.tab("search")
            if has_pad(lang):
                tap(d, 'button[id*=\'"value":"clear"\']')
                self.shows(".query.hint")
            else:
                self.shows(".result-button")
        elif state == "results":
            tap(d, f'button[id*=\'"value":"{self.result_key(lang)}"\']')
            self.shows(".result-button")
        elif state == "route":
            tap(d, ".result-button")
            self.shows(".route-title", DRAW_TIMEOUT)
            # the 3D view drawn (plotly.js loads with the first route)
            self.shows(".route-graph .js-plotly-plot canvas", DRAW_TIMEOUT)
            # a step-free route chosen before (in another language) is kept
            # for the next destination: this state is the shortest way
            self.step_free(False)
        elif state == "step_free":
            self.step_free(True)
        elif state == "briefing":
            tap(d, 'button[id*=\'"target":"briefing"\']')
            self.shows(".briefing")
        elif state == "warning":
            self.show_warning()
        self.at = state

    def step_free(self, on: bool) -> None:
        """Tap the step-free switch if it is not ``on`` already, and wait for
        the route that follows (its 3D view drawn by software WebGL)."""
        switch = "button[id*='kiosk-step-free']"
        wanted = f"{switch}.on" if on else f"{switch}:not(.on)"
        if self.driver.find_elements(By.CSS_SELECTOR, wanted):
            return
        tap(self.driver, switch)
        # the switch answers the tap at once, the screen follows
        self.shows(wanted)
        self.shows(f"{wanted}:not(.pending)", DRAW_TIMEOUT)

    # what each state is reached from
    def before(self, state: str, lang: str) -> str | None:
        return {
            "home": None,
            "popular": "home",
            "floor": "popular",
            "bureau": "popular",
            "search": "popular",
            "results": "search",
            "route": "results" if has_pad(lang) else "search",
            "step_free": "route",
            "briefing": "home",
            "warning": "briefing",
        }[state]

    def reach(self, state: str, lang: str) -> None:
        """Show ``state`` with no mode on, from where the page is when it can
        (the directory's tabs from any directory state), else from home."""
        if self.at == state:
            return
        self.leave_warning()
        self.modes({})
        if state in TABS and self.at in (*TABS, "results"):
            self.step(state, lang)
            return
        path = [state]
        while (prior := self.before(path[-1], lang)) is not None and prior != self.at:
            path.append(prior)
        for each in reversed(path):
            self.step(each, lang)

    # ---- the time warning ----
    def warning_shown(self) -> bool:
        return self.driver.execute_script(
            "const box = document.getElementById('kiosk-idle-warning');"
            "return !box.hidden && Boolean(box.querySelector('.idle-title')"
            ".textContent);"
        )

    def show_warning(self) -> None:
        """The page's idle tick shows the warning once the page's clock says
        the visitor has been away long enough (longer in voice guidance): the
        clock is frozen in the middle of the countdown."""
        voiced = bool(self.access and self.access.get("voice"))
        self.freeze(self.idle["voice" if voiced else "screen"])
        until(self.driver, lambda d: self.warning_shown())

    def freeze(self, idle: float) -> None:
        """The page's clock stopped in the middle of the warning that follows
        ``idle`` seconds without a touch."""
        self.driver.execute_script(
            "const real = window.axeRealNow"
            " || (window.axeRealNow = Date.now.bind(Date));"
            "Date.now = real;"
            "window.kioskPage.markActivity();"
            "const frozen = real() + arguments[0];"
            "Date.now = () => frozen;",
            (idle + self.idle["warning"] / 2) * 1000,
        )

    def leave_warning(self) -> None:
        d = self.driver
        d.execute_script("if (window.axeRealNow) Date.now = window.axeRealNow;")
        if self.at == "warning":
            # its button (hidden by the next tick once the clock is real again)
            d.execute_script("document.querySelector('.idle-extend').click();")
            until(
                d,
                lambda d: d.execute_script(
                    "return document.getElementById('kiosk-idle-warning').hidden"
                ),
            )
            self.at = "briefing"

    def lost(self) -> None:
        """After a failure: the real clock back, and start again from home."""
        self.driver.execute_script(
            "if (window.axeRealNow) Date.now = window.axeRealNow;"
        )
        self.at = None
        self.access = None
        self.lang = None

    # ---- axe ----
    def violations(self) -> list[dict]:
        d = self.driver
        if self.at != "warning":
            settled(d)
        if not d.execute_script("return Boolean(window.axe)"):
            d.execute_script(self.axe)
        d.set_script_timeout(60)
        return d.execute_async_script(RUN_AXE)


@pytest.fixture(scope="module")
def walk(kiosk, directory) -> Iterator[Walk]:
    """One browser walking the shipped kiosk's states."""
    screen = SHIPPED["screen"]
    idle = {
        "screen": screen["idle_seconds"],
        "warning": screen["idle_warning_seconds"],
        "voice": SHIPPED.get("voice", {}).get("idle_seconds", screen["idle_seconds"]),
    }
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    driver = chromium_driver(*ORIENTATIONS["portrait"])
    yield Walk(driver, kiosk.url, directory, idle)
    driver.quit()


def report(found: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}):\n    " + "\n    ".join(v["nodes"]) for v in found
    )


@pytest.mark.parametrize("lang,state,orientation,mode", list(cases()))
def test_no_axe_violations(walk: Walk, lang, state, orientation, mode):
    try:
        walk.use(orientation, lang)
        walk.reach(state, lang)
        walk.modes(MODES[mode])
        found = walk.violations()
    except BaseException:
        walk.lost()
        raise
    assert found == [], report(found)


def test_the_directory_names_its_tabs_keys_and_places_and_says_what_was_found(
    walk: Walk,
):
    """What axe cannot judge: the words a screen reader gets on the directory."""
    d = walk.driver
    walk.use("portrait", "ko")
    walk.reach("search", "ko")
    walk.modes({})
    read = d.execute_script
    # the tab panel is named by the tab that is chosen
    assert (
        read(
            "const panel = document.querySelector('[role=tabpanel]');"
            "return document.getElementById(panel.getAttribute('aria-labelledby'))"
            ".getAttribute('aria-selected')"
            " + ' ' + panel.getAttribute('aria-labelledby');"
        )
        == 'true {"type":"kiosk-dir-mode","value":"search"}'
    )
    back = d.find_element(By.CSS_SELECTOR, 'button[id*=\'"value":"back"\']')
    assert back.get_attribute("aria-label") == "한 글자 지우기"
    status = "return document.querySelector('.directory-status[role=status]')"
    assert read(status + ".textContent") == ""
    tap(d, 'button[id*=\'"value":"ㅇ"\']')
    walk.shows(".result-button")
    listed = len(d.find_elements(By.CSS_SELECTOR, ".result-button"))
    assert read(status + ".textContent") == f"ㅇ · 결과 {listed}건"
    # floors and places name their building: the site has two
    walk.at = "results"
    walk.reach("floor", "ko")
    floors = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".choices button")]
    assert "본관 1층" in floors and "별관 1층" in floors
    wheres = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".result-where")]
    assert wheres and all(w.startswith(floors[0] + " · ") for w in wheres)
    assert read(status + ".textContent") == f"{floors[0]} · 결과 {len(wheres)}건"
