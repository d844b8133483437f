"""The config.yaml shape of each feed type, as pydantic models.

``FeedConfig`` is the discriminated union (on ``type``) that ``Config.feeds`` uses.
Keys never appear here: a feed that needs one names the environment variable
holding it (``key_env``, or ``url_env`` for a whole URL) and reads it at fetch
time; the validators below refuse anything that looks like a literal secret.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kiosk_core.sections import EnvName, Identifier, Section, TimeZone

from .secrecy import looks_opaque, secret_name, url_secret

FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,59}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
# a header value carrying credentials whatever the header's name
_SCHEME_VALUE = re.compile(r"\s*(bearer|basic|token|digest)\s+\S", re.IGNORECASE)


# what to do instead of writing a secret, by where it was found
KEY_ADVICE = (
    "keys never go in config.yaml: use key_env to name the environment variable "
    "that holds the key (with key_param or key_header to say where it goes), or "
    "url_env to name one that holds the whole url"
)
URL_ADVICE = (
    "keys and passwords never go in config.yaml: put the whole url in an "
    "environment variable and name it with url_env"
)
SERVICE_KEY_ADVICE = (
    "keys never go in config.yaml: the service key is read from the environment "
    "variable named by key_env, and base_url needs none"
)


def _no_secret_in(values: Mapping[str, str], where: str, advice: str) -> None:
    """Raise when a literal parameter or header looks like it holds a secret."""
    for name, value in values.items():
        if secret_name(name):
            raise ValueError(f"'{name}' in {where} looks like a secret: {advice}")
        if looks_opaque(str(value)) or _SCHEME_VALUE.match(str(value)):
            raise ValueError(
                f"the value of '{name}' in {where} looks like a key or token: {advice}"
            )


def _no_secret_in_url(url: str, advice: str) -> str:
    """A URL with no password, key or token in its user part, query or path."""
    problem = url_secret(url)
    if problem:
        raise ValueError(f"{problem}: {advice}")
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
    def secret_envs(self) -> tuple[str, ...]:
        """The environment variables holding this feed's secrets (key, url)."""
        names = (getattr(self, "key_env", None), getattr(self, "url_env", None))
        return tuple(name for name in names if name)


Path300 = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class ColumnSpec(Section):
    """One column of a CSV file: its name (``path``), unit, and whether it is text."""

    path: Path300
    unit: str = ""
    text: bool = False  # keep the value as text (a notice) instead of a number


class FieldSpec(Section):
    """Where one field's value is found in a source, and its unit.

    ``path`` alone: the value there. With ``items`` (a list, or data.go.kr's
    ``items`` whose ``item`` is a list, one object or "" for none): a count of
    the records, or ``path`` in each of them taken as the first, last, lowest,
    highest or sum; ``match`` keeps only records whose keys have these values.
    """

    path: Path300 | None = None
    unit: str = ""
    text: bool = False  # keep the value as text (a notice) instead of a number
    items: Path300 | None = None
    aggregate: Literal["count", "first", "last", "min", "max", "sum"] | None = None
    match: dict[str, str] = {}
    scale: float = Field(1.0, gt=0)  # e.g. 0.016667 for seconds in minutes

    @model_validator(mode="after")
    def _shape(self) -> FieldSpec:
        if self.items is None:
            if self.aggregate is not None or self.match:
                raise ValueError("aggregate and match need items (the list's path)")
            if self.path is None:
                raise ValueError("give path (where the value is)")
            return self
        if self.aggregate is None:
            raise ValueError(
                "with items, give aggregate: count, first, last, min, max or sum"
            )
        if self.aggregate != "count" and self.path is None:
            raise ValueError(
                f"aggregate {self.aggregate} needs path (the value in each record)"
            )
        if self.text and self.aggregate not in ("first", "last"):
            raise ValueError("a text field can only take the first or last record")
        return self


class DemoFeedConfig(FeedBase):
    """Deterministic simulated city-platform data: the embedded default."""

    type: Literal["demo"]
    seed: int = 0
    backfill_days: int = Field(30, ge=0, le=400)


class CsvFeedConfig(FeedBase):
    """A CSV file an office drops: the last row, one column per field."""

    type: Literal["csv"]
    path: Path
    columns: dict[FieldName, ColumnSpec]
    as_of_column: str | None = None  # else the file's modification time
    timezone: TimeZone = "Asia/Seoul"  # for as_of values without an offset
    encoding: str = "utf-8-sig"  # Excel exports in Korea are often "cp949"
    delimiter: Annotated[str, StringConstraints(min_length=1, max_length=1)] = ","


class HttpJsonFeedConfig(FeedBase):
    """Any REST endpoint answering JSON, with a path per field."""

    type: Literal["http_json"]
    url: Url | None = None
    url_env: EnvName | None = None  # when the URL itself holds a key or token
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
    def _url(cls, value: str | None) -> str | None:
        return _no_secret_in_url(value, KEY_ADVICE) if value else value

    @field_validator("params")
    @classmethod
    def _params(cls, value: dict[str, str]) -> dict[str, str]:
        _no_secret_in(value, "params", KEY_ADVICE)
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        _no_secret_in(value, "headers", KEY_ADVICE)
        return value

    @model_validator(mode="after")
    def _key_target(self) -> HttpJsonFeedConfig:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of url or url_env")
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
        return _no_secret_in_url(value, URL_ADVICE) if value else value

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


class PortalFeedBase(FeedBase):
    """A Korean public API (data.go.kr, KMA's API hub): where it is, and the
    environment variable holding its service key (either portal form)."""

    base_url: Url
    key_env: EnvName

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return _no_secret_in_url(value, SERVICE_KEY_ADVICE)


class AirKoreaFeedConfig(PortalFeedBase):
    """AirKorea real-time air quality of one station (hourly)."""

    type: Literal["airkorea"]
    interval_seconds: int = Field(900, ge=60, le=86400)
    max_age_minutes: float = Field(180, gt=0, le=10080)
    station: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "동문동"
    base_url: Url = "https://apis.data.go.kr/B552584/ArpltnInforInqireSvc"
    key_env: EnvName = "AIRKOREA_KEY"
    # values read (pm10/pm25: the last hour; pm10_24h/pm25_24h: AirKorea's
    # 24-hour averages, the basis of its own grades); a "-" fails that field
    fields: list[
        Literal[
            "pm10", "pm25", "pm10_24h", "pm25_24h", "o3", "no2", "co", "so2", "khai"
        ]
    ] = [
        "pm10",
        "pm25",
        "o3",
        "no2",
        "khai",
    ]


class KmaFeedConfig(PortalFeedBase):
    """KMA ultra-short-term nowcast (초단기실황) for one grid point (hourly)."""

    type: Literal["kma"]
    interval_seconds: int = Field(600, ge=60, le=86400)
    max_age_minutes: float = Field(180, gt=0, le=10080)
    nx: int = Field(51, ge=1, le=200)
    ny: int = Field(110, ge=1, le=300)
    # KMA's API hub: https://apihub.kma.go.kr/api/typ02/openApi/VilageFcstInfoService_2.0
    base_url: Url = "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
    key_env: EnvName = "KMA_KEY"
    # the query parameter of the key: serviceKey on data.go.kr, authKey on
    # the API hub (chosen from base_url when not given)
    key_param: Literal["serviceKey", "authKey"] | None = None
    # an hour's observation is asked for this many minutes past the hour
    available_after_minutes: int = Field(10, ge=0, le=59)
    # hours to go back when the service answers NO_DATA (03) all the same
    no_data_fallback_hours: int = Field(1, ge=0, le=3)
    # categories that must be present with a value (T1H temperature, REH humidity,
    # WSD wind speed, RN1 rain, PTY precipitation type, VEC wind direction)
    required: list[Literal["T1H", "REH", "WSD", "RN1", "PTY", "VEC"]] = [
        "T1H",
        "REH",
        "WSD",
    ]

    @property
    def key_parameter(self) -> str:
        """Where the key goes: ``key_param``, else by the host of ``base_url``."""
        if self.key_param:
            return self.key_param
        host = urlsplit(self.base_url).hostname or ""
        return "authKey" if host.startswith("apihub.") else "serviceKey"


class QueueFeedConfig(FeedBase):
    """Civil-service counters (번호표): per task the number called and waiting."""

    type: Literal["queue"]
    interval_seconds: int = Field(15, ge=1, le=86400)
    max_age_minutes: float = Field(30, gt=0, le=10080)
    path: Path | None = None
    url: Url | None = None
    url_env: EnvName | None = None  # when the URL holds a key or token
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
        return _no_secret_in_url(value, URL_ADVICE) if value else value

    @model_validator(mode="after")
    def _one_source(self) -> QueueFeedConfig:
        given = (self.path, self.url, self.url_env)
        if sum(source is not None for source in given) != 1:
            raise ValueError("give exactly one of path, url or url_env")
        return self


class TagoFeedConfig(PortalFeedBase):
    """Bus arrivals at one stop (TAGO 정류소별 도착예정정보, every minute)."""

    type: Literal["tago"]
    interval_seconds: int = Field(60, ge=15, le=86400)
    max_age_minutes: float = Field(10, gt=0, le=10080)
    # TAGO's city code (34050: Seosan) and the stop's nodeId (e.g. from
    # BusSttnInfoInqireService/getSttnNoList)
    city_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,6}$")] = "34050"
    node_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    # route number as the answer gives it (routeno) -> field id part:
    # bus_<id>_minutes
    routes: dict[str, Identifier] = {}
    base_url: Url = "https://apis.data.go.kr/1613000/ArvlInfoInqireService"
    key_env: EnvName = "TAGO_KEY"


class PopulationFeedConfig(PortalFeedBase):
    """Registered population and households by 읍·면·동 (행정안전부, monthly)."""

    type: Literal["mois_population"]
    interval_seconds: int = Field(86400, ge=3600, le=86400)
    # a month's figures are dated the end of that month and published some
    # days into the next: about 70 days before they count as old
    max_age_minutes: float = Field(100800, gt=0, le=400000)
    # 행정기관코드 of the city (10 digits; Seosan 4421000000)
    admm_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")] = "4421000000"
    # 읍·면·동 name as the answer gives it (dongNm) -> field id part:
    # population_<id>, households_<id>
    dongs: dict[str, Identifier] = {}
    # months asked for, ending with the last complete month (the API allows
    # a short period only); the newest month published is used
    months_back: int = Field(3, ge=1, le=3)
    base_url: Url = "https://apis.data.go.kr/1741000/admmPpltnHhStus"
    key_env: EnvName = "MOIS_KEY"


class ParkingFeedConfig(FeedBase):
    """Parking lots from the national standard parking data (a CSV file)."""

    type: Literal["parking_csv"]
    interval_seconds: int = Field(3600, ge=60, le=86400)
    # the standard data is dated (데이터기준일자) when the city last updated
    # it, often months ago: 400 days before a lot's figures count as old
    max_age_minutes: float = Field(576000, gt=0, le=1100000)
    path: Path
    # the file as downloaded from data.go.kr is cp949; UTF-8 (with or
    # without a BOM) is recognised whatever this says
    encoding: str = "cp949"
    # 주차장명 or 주차장관리번호 -> field id part: parking_<id>_spaces, ...
    lots: dict[str, Identifier]


FeedConfig = Annotated[
    DemoFeedConfig
    | CsvFeedConfig
    | HttpJsonFeedConfig
    | SqlFeedConfig
    | AirKoreaFeedConfig
    | KmaFeedConfig
    | QueueFeedConfig
    | TagoFeedConfig
    | PopulationFeedConfig
    | ParkingFeedConfig,
    Field(discriminator="type"),
]
