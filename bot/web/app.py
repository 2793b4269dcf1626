"""The web application: survey pages under ``/s/``, the desk under ``/desk``.

:func:`make_web_app` builds an aiohttp Application from the services the bot already
has (same database, engine and clock), so ``surveybot run --web-port`` serves it on its
own port and ``serve`` can mount it beside the webhook. Pages are rendered on the server
from Jinja2 templates; the little JavaScript there is ships in the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import jinja2
from aiohttp import web

from bot.web.security import Throttle, secure_headers
from bot.wiring import Services
from surveys.dialogues.stats import StatsChat
from surveys.i18n import pick_language, say
from surveys.ports import Clock
from surveys.storage.database import Database
from surveys.web.desk_actions import DeskActions
from surveys.web.keys import WebKeys
from surveys.web.links import LinkPolicy
from surveys.web.sign_in import DeskSignIn
from surveys.web.survey import WebSurvey

STATIC = files("bot.web.static")
ASSETS = {"web.css": "text/css", "web.js": "text/javascript"}


@dataclass
class WebParts:
    """Everything the pages use, built once per application."""

    db: Database
    clock: Clock
    survey: WebSurvey
    sign_in: DeskSignIn
    actions: DeskActions
    stats: StatsChat
    keys: WebKeys
    links: LinkPolicy
    default_language: str
    pages: jinja2.Environment
    throttle: Throttle = field(default_factory=Throttle)

    def render(self, name: str, language: str, **values: Any) -> str:
        def t(key: str, **more: Any) -> str:
            return say(key, language, **more)

        return self.pages.get_template(name).render(language=language, t=t, **values)


PARTS: web.AppKey[WebParts] = web.AppKey("web_parts", WebParts)


def page_language(request: web.Request, default: str) -> str:
    wanted = [
        part.split(";")[0].strip() for part in request.headers.get("Accept-Language", "").split(",")
    ]
    return pick_language(*wanted, default=default)


def html(
    parts: WebParts, name: str, language: str, status: int = 200, **values: Any
) -> web.Response:
    return web.Response(
        text=parts.render(name, language, **values),
        status=status,
        content_type="text/html",
        charset="utf-8",
    )


def web_parts(services: Services) -> WebParts:
    domain = services.domain
    assert domain.web_keys is not None
    assert domain.sign_in is not None
    settings = services.settings
    survey = WebSurvey(
        services.catalog,
        domain.progress,
        domain.intake,
        domain.progress.scorer,
        services.clock,
        settings.zone,
    )
    pages = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return WebParts(
        db=services.db,
        clock=services.clock,
        survey=survey,
        sign_in=domain.sign_in,
        actions=DeskActions(domain.desk, services.clock),
        stats=domain.engine.dialogues.stats,
        keys=domain.web_keys,
        links=LinkPolicy(settings.zone, settings.language),
        default_language=settings.language,
        pages=pages,
    )


async def _asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in ASSETS:
        raise web.HTTPNotFound()
    return web.Response(
        text=(STATIC / name).read_text(encoding="utf-8"),
        content_type=ASSETS[name],
        charset="utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def install_web(app: web.Application, services: Services) -> None:
    """Add the pages to an application that serves other routes too (the webhook's, in
    ``serve``); call before the application starts."""
    from bot.web import desk_pages, survey_pages

    app.middlewares.append(secure_headers)
    app[PARTS] = web_parts(services)
    app.router.add_get("/web-static/{name}", _asset)
    survey_pages.register(app.router)
    desk_pages.register(app.router)


def make_web_app(services: Services) -> web.Application:
    """The survey pages and the desk, over ``services``, as an application of their own."""
    app = web.Application(client_max_size=64 * 1024)
    install_web(app, services)
    return app
