"""``/desk``: the managers' desk. Sign-in by a one-time link from the chat, the queue with
its filters, a complaint with its timeline and the card's actions, the report and the
export, each exactly as far as the person's role and branches reach in the chat.

Opening a sign-in link shows a button: only the POST spends the link, so a link
preview fetched by a chat app cannot use it up. Every form carries the session's CSRF
value; the session id lives only in an HttpOnly, Secure, SameSite=Lax cookie.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy import select

from bot.web.app import PARTS, WebParts, html, page_language
from bot.web.security import (
    FORM_COOKIE,
    SESSION_COOKIE,
    client_of,
    form_key,
    same,
    set_cookie,
)
from surveys.complaints.cards import topic_names
from surveys.complaints.escalation import TOPIC_NAMES
from surveys.complaints.states import ROOT_CAUSES
from surveys.dialogues.stats import DEFAULT_PERIOD, PERIODS, StatsRequest
from surveys.i18n import pick_language
from surveys.ports import Sender
from surveys.staff.roles import permissions
from surveys.storage.tables import Staff, WebSession
from surveys.storage.uow import UnitOfWork
from surveys.web.desk import (
    SEVERITIES,
    STATUSES,
    QueueFilter,
    branches_of,
    complaint_page,
    queue,
    severity_name,
    status_name,
    topic_name,
    visible,
)
from surveys.web.desk_actions import DeskRequest
from surveys.web.keys import Purpose


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/in/{token}", sign_in_page)
    router.add_post("/desk/in/{token}", sign_in)
    router.add_post("/desk/out", sign_out)
    router.add_get("/desk", queue_page)
    router.add_get("/desk/c/{id:[0-9]{1,12}}", complaint)
    router.add_post("/desk/c/{id:[0-9]{1,12}}", act)
    router.add_get("/desk/report", report)
    router.add_get("/desk/export", export)


def _message(
    parts: WebParts, request: web.Request, key: str, status: int, **values: Any
) -> web.Response:
    language = page_language(request, parts.default_language)
    values.setdefault("sign_in", False)
    values.setdefault("form_key", "")
    return html(parts, "desk_message.html", language, status, message_key=key, **values)


# ------------------------------------------------------------------ signing in


async def sign_in_page(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    client = client_of(request)
    if parts.throttle.blocked(client):
        return _message(parts, request, "web_too_many", 429)
    token = request.match_info["token"]
    async with UnitOfWork(parts.db, readonly=True) as uow:
        row = await parts.keys.find(uow, token, Purpose.DESK, parts.clock.now())
    if row is None:
        parts.throttle.missed(client)
        return _message(parts, request, "web_sign_in_refused", 404)
    key, fresh = form_key(request)
    response = _message(parts, request, "web_sign_in_here", 200, sign_in=True, form_key=key)
    if fresh:
        set_cookie(response, FORM_COOKIE, key, same_site="Strict")
    return response


async def sign_in(request: web.Request) -> web.StreamResponse:
    parts = request.app[PARTS]
    client = client_of(request)
    if parts.throttle.blocked(client):
        return _message(parts, request, "web_too_many", 429)
    form = await request.post()
    if not same(str(form.get("csrf", "")), request.cookies.get(FORM_COOKIE, "")):
        return _message(parts, request, "web_form_expired", 403)
    async with UnitOfWork(parts.db) as uow:
        signed = await parts.sign_in.redeem(uow, request.match_info["token"])
    if signed is None:
        parts.throttle.missed(client)
        return _message(parts, request, "web_sign_in_refused", 404)
    response = web.HTTPSeeOther("/desk")
    set_cookie(response, SESSION_COOKIE, signed.session_id, same_site="Lax")
    raise response


async def _session(parts: WebParts, request: web.Request, uow: UnitOfWork) -> WebSession:
    found = await parts.sign_in.session(uow, request.cookies.get(SESSION_COOKIE, ""))
    if found is None or not (await permissions(uow, found.staff_user_id)).is_staff:
        language = page_language(request, parts.default_language)
        page = parts.render(
            "desk_message.html", language, message_key="web_signed_out", sign_in=False, form_key=""
        )
        raise web.HTTPUnauthorized(text=page, content_type="text/html")
    return found


async def _staff_language(parts: WebParts, uow: UnitOfWork, user_id: int) -> str:
    known = (
        await uow.session.execute(
            select(Staff.language)
            .where(Staff.telegram_user_id == user_id, Staff.language.is_not(None))
            .limit(1)
        )
    ).scalar_one_or_none()
    return pick_language(known, default=parts.default_language)


async def sign_out(request: web.Request) -> web.StreamResponse:
    parts = request.app[PARTS]
    form = await request.post()
    async with UnitOfWork(parts.db) as uow:
        found = await parts.sign_in.session(uow, request.cookies.get(SESSION_COOKIE, ""))
        if found is not None and same(str(form.get("csrf", "")), found.csrf):
            await parts.sign_in.end(uow, found)
    response = _message(parts, request, "web_signed_out", 200)
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


# ---------------------------------------------------------------------- pages


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _wanted(request: web.Request) -> QueueFilter:
    query = request.query
    branch = query.get("branch", "")
    return QueueFilter(
        branch_id=int(branch) if branch.isdigit() and len(branch) < 12 else None,
        severity=query.get("severity", ""),
        status=query.get("status", "active"),
        topic=query.get("topic", "") if query.get("topic", "") in TOPIC_NAMES else "",
        since=_day(query.get("since", "")),
        until=_day(query.get("until", "")),
    )


def _namers(language: str) -> dict[str, Any]:
    return {
        "severity_name": lambda code: severity_name(code, language),
        "status_name": lambda code: status_name(code, language),
        "topic_name": lambda code: topic_name(code, language),
        "topic_names": lambda codes: topic_names(codes, language) or "—",
    }


async def queue_page(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    async with UnitOfWork(parts.db, readonly=True) as uow:
        session = await _session(parts, request, uow)
        language = await _staff_language(parts, uow, session.staff_user_id)
        rights = await permissions(uow, session.staff_user_id)
        wanted = _wanted(request)
        rows = await queue(uow, rights, wanted, parts.links.zone, parts.clock.now())
        branches = await branches_of(uow, rights)
    return html(
        parts,
        "desk_queue.html",
        language,
        csrf=session.csrf,
        rows=rows,
        wanted=wanted,
        branches=branches,
        severities=SEVERITIES,
        statuses=STATUSES,
        topics=tuple(TOPIC_NAMES),
        **_namers(language),
    )


async def _complaint_response(
    parts: WebParts, request: web.Request, uow: UnitOfWork, session: WebSession, notice: str
) -> web.Response:
    language = await _staff_language(parts, uow, session.staff_user_id)
    now = parts.clock.now()
    number = int(request.match_info["id"])
    allowed = await visible(uow, session.staff_user_id, number, "complaint.view", now)
    if allowed is None:
        return html(parts, "refused.html", language, 404, message_key="web_not_found")
    page = await complaint_page(uow, allowed[0], language, parts.links.zone, now)
    return html(
        parts,
        "desk_complaint.html",
        language,
        csrf=session.csrf,
        page=page,
        notice=notice,
        causes=ROOT_CAUSES,
    )


async def complaint(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    async with UnitOfWork(parts.db) as uow:  # a refused look is audited
        session = await _session(parts, request, uow)
        return await _complaint_response(parts, request, uow, session, "")


async def act(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    form = await request.post()
    async with UnitOfWork(parts.db) as uow:
        session = await _session(parts, request, uow)
        if not same(str(form.get("csrf", "")), session.csrf):
            return _message(parts, request, "web_form_expired", 403)
        language = await _staff_language(parts, uow, session.staff_user_id)
        to = str(form.get("to", ""))
        wanted = DeskRequest(
            action=str(form.get("action", "")),
            to_user=int(to) if to.isdigit() and len(to) < 20 else None,
            note=str(form.get("note", ""))[:2000],
            cause=str(form.get("cause", "")),
        )
        number = int(request.match_info["id"])
        found, told = await parts.actions.act(uow, session.staff_user_id, number, wanted, language)
        if not found:
            return html(parts, "refused.html", language, 404, message_key="web_not_found")
    async with UnitOfWork(parts.db, readonly=True) as uow:
        return await _complaint_response(parts, request, uow, session, told)


def _sender(session: WebSession, language: str) -> Sender:
    return Sender(session.staff_user_id, session.staff_user_id, language_code=language)


async def report(request: web.Request) -> web.Response:
    parts = request.app[PARTS]
    async with UnitOfWork(parts.db, readonly=True) as uow:
        session = await _session(parts, request, uow)
        language = await _staff_language(parts, uow, session.staff_user_id)
    period = request.query.get("period", DEFAULT_PERIOD)
    period = period if period in PERIODS else DEFAULT_PERIOD
    compare = "s" if request.query.get("compare") == "s" else "b"
    reply = await parts.stats.stats(_sender(session, language), StatsRequest(period, compare))
    lines: list[str] = []
    chart = ""
    for message in reply.messages:
        lines.extend(message.text.split("\n"))
        if message.attachment is not None and message.attachment.kind == "photo":
            chart = base64.b64encode(message.attachment.data).decode()
    return html(
        parts,
        "desk_report.html",
        language,
        csrf=session.csrf,
        lines=lines,
        chart=chart,
        period=period,
        compare=compare,
        periods=tuple(PERIODS.items()),
    )


async def export(request: web.Request) -> web.StreamResponse:
    parts = request.app[PARTS]
    async with UnitOfWork(parts.db, readonly=True) as uow:
        session = await _session(parts, request, uow)
        language = await _staff_language(parts, uow, session.staff_user_id)
    period = request.query.get("period", DEFAULT_PERIOD)
    days = str(PERIODS.get(period, PERIODS[DEFAULT_PERIOD]))
    reply = await parts.stats.export(_sender(session, language), days)
    for message in reply.messages:
        if message.attachment is not None:
            name = message.attachment.file_name
            return web.Response(
                body=message.attachment.data,
                content_type="text/csv" if name.endswith(".csv") else "application/octet-stream",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
    lines = [m.text for m in reply.messages]
    return html(
        parts,
        "desk_report.html",
        language,
        csrf=session.csrf,
        lines=lines,
        chart="",
        period=period,
        compare="b",
        periods=tuple(PERIODS.items()),
    )
