"""Component ids, in one place, shared by layouts, callbacks, JS and tests.

Which screen owns which of them (its state stores, its components) is declared
with the screen in ``layouts/registry.py``; the rest belong to the frame
around every screen (``layouts/screen.py``).
"""

# state kept in the browser
VIEW = "kiosk-view"  # a screen id from layouts/registry.py
LANG = "kiosk-lang"  # a language code
KIOSK = "kiosk-id"
CONFIG_VERSION = "kiosk-config-version"  # set by the page's beat (assets/kiosk.js)
SCREEN_SETTINGS = "kiosk-screen-settings"  # idle seconds, default language

# timers
IDLE_TICK = "kiosk-idle-tick"

# screen parts
HEADER = "kiosk-header"
TITLE = "kiosk-title"
CLOCK = "kiosk-clock"
LANG_PICKER = "kiosk-lang-picker"  # the language buttons
LANG_PICK = "kiosk-lang-pick"  # {"type": LANG_PICK, "value": code}
PAGE = "kiosk-page"
TICKER = "kiosk-ticker"
OFFLINE = "kiosk-offline"
IDLE_WARNING = "kiosk-idle-warning"  # "Need more time?" before the idle reset
IDLE_EXTEND = "kiosk-idle-extend"
SLEEP = "kiosk-sleep"  # black, or a dim clock, outside opening hours
ATTRACT = "kiosk-attract"  # the attract loop's slides (on the home screen)

# navigation buttons are pattern-matched: {"type": NAV, "target": view}
NAV = "kiosk-nav"

# the tile area (pattern-matched: only present on the home screen)
TILE_GRID = "kiosk-tile-grid"
TILE_REFRESH = "kiosk-tile-refresh"

# wayfinding
DIR_STATE = "kiosk-directory-state"  # {"mode", "floor", "bureau", "query"}
ROUTE = "kiosk-route"  # {"target", "step_free"}
DIR_MODE = "kiosk-dir-mode"  # pattern-matched buttons: {"type": ..., "value": ...}
DIR_FLOOR = "kiosk-dir-floor"
DIR_BUREAU = "kiosk-dir-bureau"
DIR_KEY = "kiosk-dir-key"
DIR_GO = "kiosk-dir-go"  # {"type": DIR_GO, "target": id, "n": index}
DIR_PANEL = "kiosk-dir-panel"  # the tab panel (what the chosen tab shows)
# the building overview's floor rows are DIR_FLOOR buttons; each row's chips
# (what describes it) are "<this>-<building>-<floor>"
DIR_OVERVIEW_CHIPS = "kiosk-dir-overview-chips"
STEP_FREE = "kiosk-step-free"  # {"type": STEP_FREE, "value": "toggle"}
ROUTE_GRAPH = "kiosk-route-graph"
ROUTE_AUDIO = "kiosk-route-audio"

# briefing
BRIEFING_DAY = "kiosk-briefing-day"  # the past day chosen, or None for the latest
BRIEFING_PICK = "kiosk-briefing-pick"  # pattern-matched: {"type": ..., "value": day}
BRIEFING_AUDIO = "kiosk-briefing-audio"
BRIEFING_PLAY = "kiosk-briefing-play"

# accessibility (lower screen for wheelchair users, larger text)
ROOT = "kiosk-root"
# the modes: {"voice", "low", "contrast", "paused": bool, "text": 0, 150 or 200}
ACCESS = "kiosk-access"
ACCESS_BUTTON = "kiosk-access-button"  # pattern-matched: {"type": ..., "value": ...}
ACCESS_BAR = "kiosk-access-bar"
