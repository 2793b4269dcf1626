"""``/s/TOKEN``: the survey by link, one question per screen, readable without JavaScript.

GET shows where the survey is (so another phone resumes it); POST takes one answer, a
skip, "back", "stop" or a language, then redirects to GET. The page that closes the
survey is shown straight from the POST and spends the link: opening it again is refused.
Refused links are counted per address; too many and every guess is refused for a while.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.app import PARTS, WebParts, html, page_language
from bot.web.security import FORM_COOKIE, client_of, form_key, same, set_cookie
from surveys.storage.tables import Delivery, WebToken
from surveys.storage.uow import UnitOfWork
from surveys.web.keys import Purpose
from surveys.web.survey import Submitted, SurveyPage

CLOSED = ("done", "stopped", "expired")


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/s/{token}", show)
    router.add_post("/s/{token}", post)


def _refused(parts: WebParts, request: web.Request, status: int = 404) -> web.Response:
    language = page_language(request, parts.default_language)
    key = "web_too_many" if status == 429 else "web_refused"
    return html(parts, "refused.html", language, status, message_key=key)


async def _open(
    parts: WebParts, request: web.Request, uow: UnitOfWork, *, stopping: bool = False
) -> tuple[WebToken, Delivery] | web.Response:
    client = client_of(request)
    if parts.throttle.blocked(client):
        return _refused(parts, request, 429)
    token = request.match_info["token"]
    row = await parts.keys.find(uow, token, Purpose.SURVEY, parts.clock.now(), allow_used=stopping)
    delivery = await uow.session.get(Delivery, row.delivery_id) if row and row.delivery_id else None
    if row is None or delivery is None:
        parts.throttle.missed(client)
        return _refused(parts, request)
    return row, delivery


def _page(
    parts: WebParts, request: web.Request, page: SurveyPage, status: int = 200
) -> web.Response:
    key, fresh = form_key(request)
    response = html(parts, "survey.html", page.language, status, page=page, form_key=key)
    if fresh:
        set_cookie(response, FORM_COOKIE, key, same_site="Strict")
    return response


async def show(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    async with UnitOfWork(parts.db, readonly=True) as uow:
        opened = await _open(parts, request, uow)
        if isinstance(opened, web.Response):
            return opened
        _, delivery = opened
        page = await parts.survey.page(uow, delivery)
    return _page(parts, request, page)


def _submitted(data: dict[str, str]) -> Submitted:
    value = data.get("v", "")
    return Submitted(
        question_id=data.get("q", ""),
        value=int(value) if value.lstrip("-").isdigit() and len(value) < 4 else None,
        text=data.get("text") if "text" in data else None,
        skip=data.get("op") == "skip",
    )


async def post(request: web.Request) -> web.StreamResponse:
    parts = request.app[PARTS]
    form = await request.post()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    if not same(data.get("csrf", ""), request.cookies.get(FORM_COOKIE, "")):
        language = page_language(request, parts.default_language)
        return html(parts, "refused.html", language, 403, message_key="web_form_expired")
    async with UnitOfWork(parts.db) as uow:
        op = data.get("op", "answer")
        opened = await _open(parts, request, uow, stopping=op == "stop")
        if isinstance(opened, web.Response):
            return opened
        row, delivery = opened
        survey = parts.survey
        if op == "lang":
            await survey.choose_language(uow, delivery, data.get("lang", ""))
            page = await survey.page(uow, delivery)
        elif op == "back":
            page = await survey.back(uow, delivery)
        elif op == "stop":
            page = await survey.stop(uow, delivery, parts.clock.now())
        else:
            page = await survey.answer(uow, delivery, _submitted(data))
        if page.kind in CLOSED:
            await parts.keys.spend(uow, row, parts.clock.now())
    if page.kind in CLOSED:
        return _page(parts, request, page)
    if page.notice:
        return _page(parts, request, page, 422)
    raise web.HTTPSeeOther(request.path)
