"""Logs worth reading: secrets masked everywhere, JSON lines on demand, quiet libraries."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs.redaction import SECRETS, Redactor
from bot.logs.setup import configure_logging, parse_level

TOKEN = "7000000007:AAsecretsecretsecretsecretsecret123"
LINK_SECRET = "link-secret-of-the-test-0123456789"
WEBHOOK_SECRET = "webhook-secret-of-the-test-42"
DB_PASSWORD = "db-pass-word-xyz"
REDIS_PASSWORD = "redis-pass-word-xyz"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("DEBUG", "text", stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        SECRETS.clear()


def test_the_token_is_masked_in_messages_arguments_and_tracebacks(captured: io.StringIO) -> None:
    SECRETS.add_token(TOKEN)
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST http://127.0.0.1/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("failed")
    text = captured.getvalue()
    assert TOKEN not in text
    assert TOKEN.partition(":")[2] not in text
    assert "bot7000000007:***/getMe" in text
    assert "The token `7000000007:***` was rejected" in text


def test_passwords_in_urls_are_masked_even_when_unknown(captured: io.StringIO) -> None:
    logging.getLogger("bot").warning(
        "cannot connect to postgresql+asyncpg://surveybot:%s@db:5432/x or redis://:%s@cache/0",
        DB_PASSWORD,
        REDIS_PASSWORD,
    )
    text = captured.getvalue()
    assert DB_PASSWORD not in text
    assert REDIS_PASSWORD not in text
    assert "postgresql+asyncpg://surveybot:***@db:5432/x" in text
    assert "redis://:***@cache/0" in text


def test_a_url_encoded_secret_is_masked_too() -> None:
    redactor = Redactor()
    redactor.add("s3cret/with:colon")
    assert redactor("a=s3cret%2Fwith%3Acolon&b=s3cret/with:colon") == "a=***&b=***"
    redactor.add("abc")  # too short to be a secret: masking it would garble every line
    assert redactor("abc") == "abc"


def test_json_lines_have_time_level_logger_and_message() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("INFO", "json", stream=stream)
        logging.getLogger("surveybot").info("@%s is polling", "demo_bot")
        logging.getLogger("httpx").info("HTTP Request: per request, held back at INFO")
        logging.getLogger("apscheduler.executors.default").info("Running job, held back")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert set(entry) == {"time", "level", "logger", "message"}
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "INFO",
        "surveybot",
        "@demo_bot is polling",
    )


def test_the_bot_still_says_which_bot_polls_at_warning() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("WARNING", "text", stream=stream)
        logging.getLogger("surveybot").info("@demo_bot is polling")
        logging.getLogger("bot.wiring").info("not at warning")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert stream.getvalue().count("\n") == 1
    assert "@demo_bot is polling" in stream.getvalue()


@pytest.mark.parametrize(
    ("written", "level"), [("debug", "DEBUG"), (" Info ", "INFO"), ("warn", "WARNING")]
)
def test_levels_are_case_insensitive(written: str, level: str) -> None:
    assert parse_level(written) == level


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
def test_a_demo_at_debug_never_logs_a_secret(framework: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    env.update(
        SURVEYBOT_LOG_LEVEL="debug",
        SURVEYBOT_TOKEN=TOKEN,
        SURVEYBOT_SECRET=LINK_SECRET,
        SURVEYBOT_WEBHOOK_SECRET=WEBHOOK_SECRET,
        SURVEYBOT_DATABASE_URL=f"postgresql+asyncpg://surveybot:{DB_PASSWORD}@127.0.0.1:1/x",
        SURVEYBOT_REDIS_URL=f"redis://:{REDIS_PASSWORD}@127.0.0.1:1/0",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--framework", framework, "--db", "d/demo.db"],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    logs = result.stdout + result.stderr
    assert " DEBUG " in logs  # the demo did log at DEBUG
    for secret in (TOKEN, TOKEN.partition(":")[2], LINK_SECRET, WEBHOOK_SECRET):
        assert secret not in logs
    for password in (DB_PASSWORD, REDIS_PASSWORD):
        assert password not in logs
