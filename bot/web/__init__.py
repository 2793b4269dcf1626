"""The web pages: a survey by link for customers, and the desk for managers.

``make_web_app(services)`` is the aiohttp Application (mount it, or serve it with
``serve_web``); ``WebAccessLogger`` logs requests without tokens.
"""

from bot.web.app import make_web_app
from bot.web.security import WebAccessLogger
from bot.web.server import serve_web

__all__ = ["WebAccessLogger", "make_web_app", "serve_web"]
