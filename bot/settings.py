"""Settings, from the environment or a ``.env`` file, all prefixed ``SURVEYBOT_``.

A missing or malformed setting is reported as one line naming the variable
(:class:`SettingsError`), never as a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import time
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import AnyHttpUrl, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.logs.setup import parse_format, parse_level
from surveys.complaints.escalation import RulesError, load_rules
from surveys.storage.database import DatabaseURLError, normalize_url
from surveys.waves.schedule import QuietHours, ScheduleError, parse_quiet_hours, parse_time_of_day

PREFIX = "SURVEYBOT_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///surveybot.db"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    token: str | None = Field(default=None, description="Bot token from @BotFather")
    framework: Literal["aiogram", "ptb"] = Field(default="aiogram", description="chat framework")
    api_base: AnyHttpUrl = Field(
        default=AnyHttpUrl("https://api.telegram.org"), description="Bot API base URL"
    )
    database_url: str = Field(default=DEFAULT_DATABASE_URL)
    timezone: str = Field(default="Asia/Shanghai", description="IANA time zone of the business")
    admins: Annotated[tuple[int, ...], NoDecode] = Field(default=())
    language: Literal["zh", "en"] = "zh"
    default_region: str = "CN"
    secret: str | None = None
    templates: str | None = Field(default=None, description="directory of extra survey templates")
    fatigue_days: int = Field(default=30, ge=0, le=365)
    rate_limit: float = Field(default=30.0, ge=0, le=1000)
    quiet_hours: str = "21:00-09:00"
    remind_after_hours: float = Field(default=24.0, ge=0, le=24 * 30)
    expire_after_hours: float = Field(default=72.0, gt=0, le=24 * 60)
    lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    reply_retry_seconds: float = Field(default=5.0, ge=0.5, le=600)
    paid_rate_limit: float = Field(default=1000.0, ge=1, le=1000)
    probe_first_seconds: float = Field(default=1.0, gt=0, le=600)
    probe_max_seconds: float = Field(default=5.0, gt=0, le=600)
    outage_notice_seconds: float = Field(default=60.0, ge=0, le=86400)
    flood_per_minute: float = Field(default=60.0, gt=0, le=6000)
    rules: str | None = Field(default=None, description="escalation rules file (YAML)")
    close_after_hours: float = Field(default=72.0, gt=0, le=24 * 60)
    pages_per_day: int = Field(
        default=5, ge=1, le=100, description="times a customer may alert staff in 24 hours"
    )
    digest_time: str = "09:00"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = Field(default="text", description="text or json lines")
    bot_username: str | None = Field(default=None, description="for t.me links before first run")
    web_url: str = Field(
        default="http://127.0.0.1:8080",
        description="where the survey links and the desk are served (BASE/s/..., BASE/desk)",
    )
    checklists: str | None = Field(
        default=None, description="directory of extra mystery-shopper checklists"
    )
    audit_shopper_gap_days: int = Field(default=90, ge=0, le=3650)
    audit_radius_meters: float = Field(default=500.0, gt=0, le=100_000)
    audit_photo_days: int = Field(default=365, ge=1, le=3650)
    audit_action_days: int = Field(default=7, ge=1, le=365)
    audit_calibration_days: int = Field(default=14, ge=0, le=365)
    webhook_url: str | None = Field(default=None, description="public URL given to setWebhook")
    webhook_secret: str | None = Field(default=None, description="secret_token of the webhook")
    redis_url: str | None = Field(default=None, description="Redis shared by serve workers")

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        head, _, tail = value.partition(":")
        if not head.isdigit() or len(tail) < 20:
            raise ValueError("does not look like a bot token ('123456:ABC...')")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return parse_level(value) if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: Any) -> Any:
        return parse_format(value) if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        try:
            return normalize_url(value).render_as_string(hide_password=False)
        except DatabaseURLError as error:
            raise ValueError(str(error)) from None
        except Exception:
            raise ValueError(f"{value!r} is not a database URL") from None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known IANA time zone") from None
        return value

    @field_validator("admins", mode="before")
    @classmethod
    def _admins(cls, value: Any) -> tuple[int, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
        elif isinstance(value, list | tuple):
            parts = [str(p).strip() for p in value]
        else:
            parts = [str(value)]
        ids: list[int] = []
        for part in parts:
            if not part.isdigit():
                raise ValueError(f"{part!r} is not a Telegram user id (comma-separated numbers)")
            ids.append(int(part))
        return tuple(ids)

    @field_validator("default_region")
    @classmethod
    def _region(cls, value: str) -> str:
        region = value.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{value!r} is not a two-letter region code such as CN or US")
        return region

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        try:
            parse_quiet_hours(value)
        except ScheduleError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("digest_time")
    @classmethod
    def _digest(cls, value: str) -> str:
        if value.strip().lower() == "off":
            return "off"
        try:
            parse_time_of_day(value)
        except ScheduleError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("rules")
    @classmethod
    def _rules(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            load_rules(value)
        except (RulesError, OSError) as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        if value is not None and len(value) < 16:
            raise ValueError("must be at least 16 characters")
        return value or None

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL such as https://bot.example.com/tg")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not WEBHOOK_SECRET.fullmatch(value):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("is not a Redis URL such as redis://127.0.0.1:6379/0")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def digest(self) -> time | None:
        return None if self.digest_time == "off" else parse_time_of_day(self.digest_time)

    @property
    def quiet(self) -> QuietHours | None:
        return parse_quiet_hours(self.quiet_hours)

    @property
    def api_base_url(self) -> str:
        return str(self.api_base).rstrip("/")


def _variable(location: tuple[int | str, ...]) -> str:
    return PREFIX + str(location[0]).upper() if location else PREFIX + "?"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Read settings from ``environ`` (default: the process environment and ``.env``)."""
    try:
        if environ is None:
            return Settings(**overrides)
        values: dict[str, Any] = {
            key[len(PREFIX) :].lower(): value
            for key, value in environ.items()
            if key.startswith(PREFIX)
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ")
        raise SettingsError(f"{_variable(first['loc'])}: {message}") from None


def environment_without_settings() -> dict[str, str]:
    """The process environment minus our variables (for child processes that set their own)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
