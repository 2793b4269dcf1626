"""No personal data at any log level: at DEBUG a customer's name, phone and words stay out
of the log, on both frameworks and both databases (SQL rows and Bot API bodies included)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs.setup import configure_logging
from tests.support.harness import running_bot

CUSTOMER = 8101
NAME = "Zbigniew Quoxley"
PHONE = "13912345678"
WORDS = "the mechanic scratched my door badly"


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("DEBUG", "text", stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


async def test_debug_logs_hold_no_personal_data(
    database_url: str, framework: str, tmp_path: Path, debug_log: io.StringIO
) -> None:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, language="en", framework=framework) as bot:
        await bot.customer("C-1", CUSTOMER, name=NAME, phone=PHONE)
        await bot.wave_now()
        await bot.next_message(CUSTOMER, 1)
        for answer in ["2", "2", "skip", "skip", "skip", "skip", "skip", "1", WORDS]:
            seen = len(bot.sandbox.messages(CUSTOMER))
            bot.sandbox.send_text(CUSTOMER, answer)
            await bot.next_message(CUSTOMER, seen)
        bot.sandbox.send_text(CUSTOMER, "/status")
        await bot.settle()
    logs = debug_log.getvalue()
    assert " DEBUG " in logs
    leaks = [
        line[:200]
        for line in logs.splitlines()
        if any(p in line for p in (NAME, "Zbigniew", PHONE, WORDS))
    ]
    assert leaks == []
