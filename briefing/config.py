"""The ``briefing:`` section of config.yaml.

The defaults give the offline path: the template writer and espeak-ng, so a
kiosk with no network and no key still speaks a briefing every weekday morning.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlsplit

from pydantic import Field, StringConstraints, field_validator, model_validator

from kiosk_core.sections import EnvName, Section, TimeZone
from kiosk_core.text import Language

Clock = Annotated[
    str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
]
_SECRET_PARAM = re.compile(r"key|token|secret|password|auth", re.IGNORECASE)


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _crontab_days(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday, 1 = Monday) in day names:
    APScheduler 3 counts numbers from Monday, so "1-5" would mean Tue-Sat."""
    parts = []
    for item in field.split(","):
        match = re.fullmatch(r"(\d)(?:-(\d))?", item)
        if not match:
            parts.append(item)
            continue
        first, last = int(match[1]), int(match[2] or match[1])
        if first > 7 or last > 7 or first > last:
            raise ValueError(f"day of week {item!r} is not 0-7 or a range of them")
        parts.extend(_DAY_NAMES[day] for day in range(first, last + 1))
    return ",".join(dict.fromkeys(parts))


def crontab_fields(line: str) -> dict[str, str]:
    """CronTrigger arguments for a standard five-field crontab line."""
    fields = line.split()
    if len(fields) != 5:
        raise ValueError(
            "a crontab line has five fields: minute hour day month day-of-week"
        )
    minute, hour, day, month, weekdays = fields
    return {
        "minute": minute,
        "hour": hour,
        "day": day,
        "month": month,
        "day_of_week": _crontab_days(weekdays),
    }


OutputMode = Literal["json_schema", "json_object", "none"]
OUTPUT_MODES: tuple[OutputMode, ...] = ("json_schema", "json_object", "none")


class OpenAIWriterConfig(Section):
    """An OpenAI-compatible chat endpoint (the key comes from an env variable).

    ``response_format`` lists the structured-output modes to try, in order:
    ``json_schema`` (OpenAI, vLLM: the answer follows the schema),
    ``json_object`` (llama.cpp servers: JSON, with the schema attached), and
    ``none`` (the prompt alone asks for JSON). When the endpoint refuses a
    mode, the next one is used for the rest of the job (and ``check --online``
    says which modes it takes).
    """

    base_url: Annotated[
        str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)
    ] = "https://api.openai.com/v1"
    model: Annotated[str, StringConstraints(min_length=1, max_length=200)] = (
        "gpt-4o-mini"
    )
    temperature: float = Field(0.3, ge=0, le=2)
    # one request's limit; the whole job is bounded by briefing.deadline_minutes
    timeout_seconds: float = Field(120, gt=0, le=6 * 3600)
    # the variable holding the key; null, "" or none: the server needs no key
    # (a llama.cpp or vLLM server in the building)
    api_key_env: EnvName | None = "OPENAI_API_KEY"
    max_retries: int = Field(0, ge=0, le=5)  # the SDK's own retries; 0 bounds waits
    response_format: list[OutputMode] = Field(
        default_factory=lambda: list(OUTPUT_MODES), min_length=1
    )
    # the answer's limit in tokens: a 90-second briefing is about 400-700
    max_tokens: int = Field(1500, ge=200, le=8000)
    # the model's context window, when known: check warns when the prompt and
    # max_tokens do not fit in it
    context_tokens: int | None = Field(None, ge=512, le=2_000_000)

    @field_validator("api_key_env", mode="before")
    @classmethod
    def _no_key(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("", "none", "null"):
            return None
        return value

    @field_validator("response_format", mode="before")
    @classmethod
    def _modes(cls, value: object) -> object:
        if isinstance(value, str):
            return [value]  # one mode, as older config files write it
        return value

    @field_validator("response_format")
    @classmethod
    def _unique_modes(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each mode once")
        return value

    @field_validator("base_url")
    @classmethod
    def _no_secret(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.password or any(
            _SECRET_PARAM.search(name) for name, _ in parse_qsl(parts.query)
        ):
            raise ValueError(
                "the url carries a secret: keys never go in config.yaml; name the "
                "environment variable holding it with api_key_env"
            )
        return value


class SpeechConfig(Section):
    """Speech engines tried in order; when all fail the briefing is subtitles only."""

    engines: list[Literal["gtts", "espeak-ng"]] = ["espeak-ng"]
    timeout_seconds: float = Field(20, gt=0, le=300)  # per engine, whole briefing
    gtts_tld: Annotated[
        str, StringConstraints(pattern=r"^[a-z]{2,3}(\.[a-z]{2})?$")
    ] = "com"
    # espeak-ng voice by language, where the locale's default does not suit
    # (ko: ko, en: en-us, zh: cmn, vi: vi)
    espeak_voices: dict[Language, str] = {}
    # 200 keeps a 14-tile briefing within 60-90 s in both languages
    espeak_words_per_minute: int = Field(200, ge=80, le=400)
    pause_seconds: float = Field(0.3, ge=0, le=3)  # silence between sentences
    mp3_bitrate_kbps: Literal[32, 40, 48, 56, 64, 80, 96, 112, 128] = 48


class ScheduleConfig(Section):
    """When the briefing is made: days and a local time, or a crontab line."""

    days: Annotated[str, StringConstraints(pattern=r"^[a-z0-9,*\-]{1,40}$")] = "mon-fri"
    time: Clock = "08:00"
    cron: str | None = None  # e.g. "0 8 * * 1-5"; overrides days and time
    timezone: TimeZone | None = None  # else site.timezone
    catch_up: bool = True  # started after the time with no briefing today: make one

    @model_validator(mode="after")
    def _valid_trigger(self) -> ScheduleConfig:
        from apscheduler.triggers.cron import CronTrigger

        try:
            if self.cron:
                CronTrigger(**crontab_fields(self.cron))
            else:
                CronTrigger(day_of_week=self.days)
        except ValueError as err:
            raise ValueError(f"not a valid schedule: {err}") from None
        return self


class BriefingConfig(Section):
    """The daily spoken briefing."""

    enabled: bool = True
    writer: Literal["openai", "template"] = "template"
    openai: OpenAIWriterConfig = OpenAIWriterConfig()
    speech: SpeechConfig = SpeechConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    # the languages built every day (default: every language the site offers)
    languages: Annotated[list[Language], Field(min_length=1)] | None = None
    retention_days: int = Field(30, ge=1, le=3650)
    autoplay_times: list[Clock] = []  # local times the screen plays it by itself
    muted: bool = False  # subtitles on screen, no sound
    # spoken length: asked of the writer; above the upper bound the figures of
    # the lowest briefing_priority (a tile's) are left out first
    target_seconds: tuple[int, int] = (60, 90)
    # the whole job, every language, retries included: a model on a CPU may
    # need an hour; the job starts this long before schedule.time
    deadline_minutes: float = Field(10, gt=0, le=6 * 60)
    # fact ids (tile ids) every briefing must cover: when the model leaves one
    # out, the template's sentence for it is added
    required_facts: list[str] = []

    @field_validator("target_seconds")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 10 <= value[0] <= value[1] <= 600:
            raise ValueError("two lengths in seconds, shorter first, within 10-600")
        return value

    @field_validator("languages")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("each language once")
        return value
