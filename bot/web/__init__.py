"""The web pages: a survey by link for customers, and the desk for managers.

``make_web_app(services)`` is the aiohttp Application (serve it with ``serve_web``);
``install_web(app, services)`` adds the same pages to an application that already serves
the webhook; ``WebAccessLogger`` logs requests without tokens.
"""

from bot.web.app import install_web, make_web_app
from bot.web.security import WebAccessLogger
from bot.web.server import serve_web

__all__ = ["WebAccessLogger", "install_web", "make_web_app", "serve_web"]
