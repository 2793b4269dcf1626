"""``python -m bot.sandbox`` runs on its own, prints its base URL and serves until stopped."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp
import pytest

from tests.sandbox.sandbox_support import TOKEN

pytestmark = pytest.mark.slow


async def test_runs_as_a_process_and_stops_on_sigterm() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--bot-username",
        "surveybot_demo_bot",
        "--rate-limit",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first_line = await asyncio.wait_for(process.stdout.readline(), 30)
        base_url = first_line.decode().strip()
        assert base_url.startswith("http://127.0.0.1:")
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base_url}/bot{TOKEN}/getMe") as response:
                body = await response.json()
            assert body["result"]["username"] == "surveybot_demo_bot"
            async with http.get(f"{base_url}/_sandbox") as response:
                info = await response.json()
            assert info["rate_limits"]["enabled"] is True
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), 30)
    assert returncode == 0
