"""The config.yaml shape of each feed type, as pydantic models.

``FeedConfig`` is the discriminated union (on ``type``) that ``Config.feeds`` uses.
Keys never appear here: a feed that needs one names the environment variable
holding it (``key_env``) and reads it at fetch time.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlsplit

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kiosk_app.config.types import EnvName, Identifier, Section, TimeZone

FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,59}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]


SECRET_NAME = re.compile(
    r"service_?key|api_?key|access_?token|token|secret|password|passwd|"
    r"authorization|^key$",
    re.IGNORECASE,
)


def _secret_names(names: object, where: str) -> None:
    """Raise when a literal parameter or header name looks like a secret."""
    for name in names or ():  # type: ignore[attr-defined]
        if SECRET_NAME.search(str(name)):
            raise ValueError(
                f"'{name}' in {where} looks like a secret: keys never go in "
                "config.yaml; use key_env to name the environment variable that "
                "holds it (with key_param or key_header to say where it goes)"
            )


def _no_secret_in_url(url: str) -> str:
    """A URL whose query string and user part carry no secret."""
    parts = urlsplit(url)
    _secret_names((k for k, _ in parse_qsl(parts.query)), "the url")
    if parts.password:
        raise ValueError(
            "the url contains a password: name an environment variable holding "
            "the whole url with url_env instead"
        )
    return url


class FeedBase(Section):
    """Settings every feed has: how often, how long to wait, how old is too old."""

    interval_seconds: int = Field(60, ge=1, le=86400)
    timeout_seconds: float = Field(10, gt=0, le=300)
    max_age_minutes: float = Field(120, gt=0, le=10080)

    @property
    def interval(self) -> dt.timedelta:
        """interval_seconds as a timedelta."""
        return dt.timedelta(seconds=self.interval_seconds)

    @property
    def timeout(self) -> dt.timedelta:
        """timeout_seconds as a timedelta."""
        return dt.timedelta(seconds=self.timeout_seconds)

    @property
    def max_age(self) -> dt.timedelta:
        """max_age_minutes as a timedelta."""
        return dt.timedelta(minutes=self.max_age_minutes)

    @property
    def secret_env(self) -> str | None:
        """The environment variable holding this feed's secret, if any."""
        return getattr(self, "key_env", None) or getattr(self, "url_env", None)


class FieldSpec(Section):
    """Where one field's value is found in a source, and its unit."""

    path: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    unit: str = ""
    text: bool = False  # keep the value as text (a notice) instead of a number


class DemoFeedConfig(FeedBase):
    """Deterministic simulated city-platform data: the embedded default."""

    type: Literal["demo"]
    seed: int = 0
    backfill_days: int = Field(30, ge=0, le=400)


class CsvFeedConfig(FeedBase):
    """A CSV file an office drops: the last row, one column per field."""

    type: Literal["csv"]
    path: Path
    columns: dict[FieldName, FieldSpec]
    as_of_column: str | None = None  # else the file's modification time
    timezone: TimeZone = "Asia/Seoul"  # for as_of values without an offset
    encoding: str = "utf-8-sig"  # Excel exports in Korea are often "cp949"
    delimiter: Annotated[str, StringConstraints(min_length=1, max_length=1)] = ","


class HttpJsonFeedConfig(FeedBase):
    """Any REST endpoint answering JSON, with a path per field."""

    type: Literal["http_json"]
    url: Url
    params: dict[str, str] = {}
    headers: dict[str, str] = {}
    fields: dict[FieldName, FieldSpec]
    as_of_path: str | None = None  # else the time of the fetch
    timezone: TimeZone = "Asia/Seoul"
    key_env: EnvName | None = None
    key_param: str | None = None
    key_header: str | None = None
    key_prefix: str = ""  # e.g. "Bearer "

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _no_secret_in_url(value)

    @field_validator("params")
    @classmethod
    def _params(cls, value: dict[str, str]) -> dict[str, str]:
        _secret_names(value, "params")
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        _secret_names(value, "headers")
        return value

    @model_validator(mode="after")
    def _key_target(self) -> HttpJsonFeedConfig:
        targets = (self.key_param is not None) + (self.key_header is not None)
        if self.key_env and targets != 1:
            raise ValueError(
                "with key_env, give exactly one of key_param or key_header"
            )
        if not self.key_env and targets:
            raise ValueError("key_param/key_header need key_env (the variable's name)")
        return self


class SqlFeedConfig(FeedBase):
    """A SQL query (SQLAlchemy URL): rows of field/value, or one row of columns."""

    type: Literal["sql"]
    url: str | None = None
    url_env: EnvName | None = None  # when the URL holds a password
    query: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    shape: Literal["rows", "columns"] = "rows"
    units: dict[FieldName, str] = {}
    required: list[FieldName] = []  # fields that must be present and numeric
    timezone: TimeZone = "Asia/Seoul"

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and "@" in value and ":" in value.split("://", 1)[-1].split("@")[0]:
            raise ValueError(
                "the url contains a password: put the whole url in an environment "
                "variable and name it with url_env"
            )
        return value

    @field_validator("query")
    @classmethod
    def _read_only(cls, value: str) -> str:
        if not re.match(r"\s*(select|with)\b", value, re.IGNORECASE):
            raise ValueError("the query must be a SELECT (feeds only read)")
        return value

    @model_validator(mode="after")
    def _one_url(self) -> SqlFeedConfig:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of url or url_env")
        return self


class AirKoreaFeedConfig(FeedBase):
    """AirKorea real-time air quality of one station (hourly)."""

    type: Literal["airkorea"]
    interval_seconds: int = Field(900, ge=60, le=86400)
    max_age_minutes: float = Field(180, gt=0, le=10080)
    station: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "동문동"
    base_url: Url = "https://apis.data.go.kr/B552584/ArpltnInforInqireSvc"
    key_env: EnvName = "AIRKOREA_KEY"
    # values read; a "-" in any of them fails the refresh (the others are kept)
    fields: list[Literal["pm10", "pm25", "o3", "no2", "co", "so2", "khai"]] = [
        "pm10", "pm25", "o3", "no2", "khai"
    ]


class KmaFeedConfig(FeedBase):
    """KMA ultra-short-term nowcast (초단기실황) for one grid point (hourly)."""

    type: Literal["kma"]
    interval_seconds: int = Field(600, ge=60, le=86400)
    max_age_minutes: float = Field(180, gt=0, le=10080)
    nx: int = Field(51, ge=1, le=200)
    ny: int = Field(110, ge=1, le=300)
    base_url: Url = "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
    key_env: EnvName = "KMA_KEY"
    available_after_minutes: int = Field(10, ge=0, le=59)
    # categories that must be present with a value (T1H temperature, REH humidity,
    # WSD wind speed, RN1 rain, PTY precipitation type, VEC wind direction)
    required: list[Literal["T1H", "REH", "WSD", "RN1", "PTY", "VEC"]] = [
        "T1H", "REH", "WSD"
    ]


class QueueFeedConfig(FeedBase):
    """Civil-service counters (번호표): per task the number called and waiting."""

    type: Literal["queue"]
    interval_seconds: int = Field(15, ge=1, le=86400)
    max_age_minutes: float = Field(30, gt=0, le=10080)
    path: Path | None = None
    url: Url | None = None
    format: Literal["json", "csv"] | None = None  # else from the file suffix
    items_path: str = "tasks"  # JSON: where the list of tasks is
    task_key: str = "task"
    called_key: str = "called"
    waiting_key: str = "waiting"
    as_of_key: str | None = "updated"  # JSON top level; else the time of the fetch
    tasks: dict[str, Identifier] = {}  # vendor task name -> field name part
    timezone: TimeZone = "Asia/Seoul"
    encoding: str = "utf-8-sig"

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _no_secret_in_url(value) if value else value

    @model_validator(mode="after")
    def _one_source(self) -> QueueFeedConfig:
        if (self.path is None) == (self.url is None):
            raise ValueError("give exactly one of path or url")
        return self


FeedConfig = Annotated[
    DemoFeedConfig
    | CsvFeedConfig
    | HttpJsonFeedConfig
    | SqlFeedConfig
    | AirKoreaFeedConfig
    | KmaFeedConfig
    | QueueFeedConfig,
    Field(discriminator="type"),
]
