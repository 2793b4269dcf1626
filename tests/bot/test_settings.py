"""Settings: defaults, parsing, and one-line errors that name the variable."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.api_base_url == "https://api.telegram.org"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.timezone == "Asia/Shanghai"
    assert (settings.language, settings.default_region, settings.admins) == ("zh", "CN", ())
    assert settings.token is None
    assert settings.secret is None


def test_values_are_parsed() -> None:
    settings = load_settings(
        {
            "SURVEYBOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678",
            "SURVEYBOT_API_BASE": "http://127.0.0.1:8081/",
            "SURVEYBOT_DATABASE_URL": "postgresql://u@h/db",
            "SURVEYBOT_TIMEZONE": "Europe/Berlin",
            "SURVEYBOT_ADMINS": "111, 222,333",
            "SURVEYBOT_LANGUAGE": "en",
            "SURVEYBOT_DEFAULT_REGION": "de",
            "SURVEYBOT_SECRET": "s" * 20,
            "OTHER": "ignored",
        }
    )
    assert settings.api_base_url == "http://127.0.0.1:8081"
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert settings.admins == (111, 222, 333)
    assert settings.default_region == "DE"
    assert settings.zone.key == "Europe/Berlin"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SURVEYBOT_TIMEZONE", "Mars/Olympus", "'Mars/Olympus' is not a known IANA time zone"),
        ("SURVEYBOT_ADMINS", "12,abc", "'abc' is not a Telegram user id"),
        ("SURVEYBOT_LANGUAGE", "fr", "Input should be 'zh' or 'en'"),
        ("SURVEYBOT_DEFAULT_REGION", "XX", "is not a two-letter region code"),
        ("SURVEYBOT_TOKEN", "not-a-token", "does not look like a bot token"),
        ("SURVEYBOT_DATABASE_URL", "mysql://x@y/z", "unsupported database 'mysql'"),
        ("SURVEYBOT_API_BASE", "not a url", "URL"),
        ("SURVEYBOT_SECRET", "short", "at least 16 characters"),
    ],
)
def test_bad_values_are_one_line_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({variable: value})
    text = str(caught.value)
    assert text.startswith(f"{variable}: ")
    assert message in text
    assert "\n" not in text
