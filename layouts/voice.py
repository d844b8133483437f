"""What voice guidance and the keypad need on the page, in one language.

The browser's scripts (assets/keypad.js, assets/voice.js) read this from the
screen settings: the key map, the words said around names (a switch's state,
help, start and stop), each screen's description, and where clips are.
"""

from __future__ import annotations

from .registry import SCREENS
from .settings import ScreenConfig

# where the web process serves prepared clips (kiosk_app/voice/routes.py)
CLIPS_PATH = "/_kiosk/voice/"


def voice_settings(config: ScreenConfig, lang: str) -> dict:
    """Voice guidance's settings and words in ``lang``, for the page."""
    voice, labels = config.voice, config.labels
    words = {
        "started": labels.voice_started,
        "stopped": labels.voice_stopped,
        "help": labels.voice_help,
        "on": labels.voice_on,
        "off": labels.voice_off,
        "selected": labels.voice_selected,
        "louder": labels.voice_louder,
        "quieter": labels.voice_quieter,
        "faster": labels.voice_faster,
        "slower": labels.voice_slower,
    }
    return {
        "keys": voice.keys.model_dump(),
        "words": {name: text.get(lang) for name, text in words.items()},
        "screens": {spec.id: spec.description_in(config, lang) for spec in SCREENS},
        "idle_seconds": voice.idle_seconds,
        "tone_on_keys": voice.tone_on_keys,
        "tone_on_touch": voice.tone_on_touch,
        "volume": voice.volume,
        "rate": voice.rate,
        "output_device": voice.output_device or "",
        "clips": CLIPS_PATH,
    }


def fixed_words(config: ScreenConfig, lang: str) -> list[str]:
    """Every fixed sentence voice guidance may say in ``lang`` beside the
    names on the screens: to be prepared as clips ahead of time."""
    settings = voice_settings(config, lang)
    said = [*settings["words"].values(), *settings["screens"].values()]
    return [text for text in said if text]
