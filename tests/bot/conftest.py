"""Fixtures for end-to-end tests of the bot against the sandbox, on every chat framework."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.runtimes import FRAMEWORKS
from tests.support.harness import BotHarness, running_bot


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest) -> str:
    """Each chat framework in turn: one acceptance suite for both runtimes."""
    return str(request.param)


@pytest.fixture
async def harness(database_url: str, framework: str, tmp_path: Path) -> AsyncIterator[BotHarness]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with running_bot(database_url, folder, framework=framework) as running:
        yield running
