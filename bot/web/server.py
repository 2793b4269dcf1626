"""Serving the web application on its own port (``surveybot run --web-port``)."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.web.app import make_web_app
from bot.web.security import WebAccessLogger
from bot.wiring import Services

ACCESS_LOG = "bot.web.access"
"""One INFO line per request (shown at SURVEYBOT_LOG_LEVEL=INFO), never a token."""


async def serve_web(services: Services, port: int, host: str = "127.0.0.1") -> web.AppRunner:
    """Start the pages on ``host:port`` (0: any free port); the caller cleans the runner up."""
    runner = web.AppRunner(
        make_web_app(services),
        access_log_class=WebAccessLogger,
        access_log=logging.getLogger(ACCESS_LOG),
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port the runner listens on (useful after asking for port 0)."""
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("the web server is not listening")
