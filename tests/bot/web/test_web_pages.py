"""The web pages over real HTTP: a survey by link, the desk, and what keeps them safe.

The real bot polls the sandbox and serves its pages on a loopback port; the client is
aiohttp's, with its own cookie jar per "device".
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.web import install_web
from surveys.staff.roles import remove_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Delivery
from tests.bot.web.support import MANAGER, OTHER_BRANCH, WebBot, free_port, web_bot
from tests.support.harness import question_buttons

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
CUSTOMER = 1001


@pytest.fixture
async def bot(database_url: str, tmp_path: Path) -> AsyncIterator[WebBot]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with web_bot(database_url, folder) as running:
        yield running


def device(bot: WebBot) -> aiohttp.ClientSession:
    """A browser of its own: its own cookies (Secure ones too, on loopback)."""
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[bot.base])
    return aiohttp.ClientSession(cookie_jar=jar)


async def page(client: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with client.get(url) as response:
        return response.status, await response.text()


async def post(
    client: aiohttp.ClientSession, url: str, fields: dict[str, str], csrf_from: str
) -> tuple[int, str]:
    found = CSRF.search(csrf_from)
    assert found, csrf_from[:500]
    async with client.post(url, data={"csrf": found.group(1), **fields}) as response:
        return response.status, await response.text()


async def answer(client: aiohttp.ClientSession, url: str, **fields: str) -> str:
    status, before = await page(client, url)
    assert status == 200, before
    question = re.search(r'name="q" value="([^"]+)"', before)
    assert question, before
    status, after = await post(client, url, {"q": question.group(1), **fields}, before)
    assert status == 200, after
    return after


async def test_a_survey_by_link_resumes_elsewhere_and_is_answered_once(bot: WebBot) -> None:
    harness = bot.harness
    await harness.customer("C-1", CUSTOMER, name="王芳", language="zh")
    url = await bot.survey_link("C-1")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{16,}", url)
    phone, laptop = device(bot), device(bot)
    async with phone, laptop:
        async with phone.get(url) as first:
            assert first.status == 200
            assert "script-src 'self'" in first.headers["Content-Security-Policy"]
            assert "'unsafe-inline'" not in first.headers["Content-Security-Policy"]
            assert first.headers["Referrer-Policy"] == "no-referrer"
            cookie = first.headers["Set-Cookie"]
            assert "HttpOnly" in cookie
            assert "Secure" in cookie
            assert "SameSite=Strict" in cookie
            text = await first.text()
        assert "总体来说" in text
        assert 'lang="zh-CN"' in text
        after = await answer(phone, url, v="1")
        assert "推荐" in after
        assert "第 2 题" in after
        _, elsewhere = await page(laptop, url)
        assert "推荐" in elsewhere, "another device resumes where the customer left"
        back = await answer(laptop, url, op="back")
        assert "总体来说" in back
        await answer(laptop, url, v="1")
        await answer(phone, url, v="2")
        for _ in range(5):
            await answer(phone, url, op="skip")
        await answer(phone, url, v="1")
        done = await answer(phone, url, text="服务态度太差，等了三个小时，没人理我")
        assert "Pudong的负责人将在" in done, "the unhappy customer is told who calls, by when"
        status, refused = await page(laptop, url)
        assert status == 404, "the link answered its survey: it opens nothing now"
        assert "此链接无法打开问卷" in refused
    [complaint] = await bot.complaints()
    assert complaint.branch_id is not None
    await harness.tick()
    await harness.tick()
    cards = [m for m in harness.sandbox.messages(MANAGER) if f"#{complaint.id}" in (m.text or "")]
    assert cards, "the complaint's card reaches the manager's chat"
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        delivery = await uow.session.get(Delivery, complaint.delivery_id)
        assert delivery is not None
        assert delivery.survey_state == "completed"


async def test_forged_expired_and_guessed_tokens_are_refused(bot: WebBot) -> None:
    harness = bot.harness
    await harness.customer("C-2", 1002, link=False)
    url = await bot.survey_link("C-2")
    token = url.rsplit("/", 1)[1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    client = device(bot)
    async with client:
        assert (await page(client, f"{bot.base}/s/{forged}"))[0] == 404
        status, _shown = await page(client, url)
        assert status == 200
        async with client.post(url, data={"q": "overall", "v": "5"}) as no_csrf:
            assert no_csrf.status == 403
        harness.clock.advance(timedelta(days=8))
        assert (await page(client, url))[0] == 404, "an expired link opens nothing"
        statuses = [(await page(client, f"{bot.base}/s/{forged}"))[0] for _ in range(12)]
        assert statuses[-1] == 429, statuses


async def test_the_desk_signs_in_by_link_and_shows_only_ones_branch(bot: WebBot) -> None:
    harness = bot.harness
    await harness.customer("C-3", CUSTOMER, language="zh")
    url = await bot.survey_link("C-3")
    visitor = device(bot)
    async with visitor:
        await answer(visitor, url, v="1")
        await answer(visitor, url, v="0")
        for _ in range(6):
            await answer(visitor, url, op="skip")
        await answer(visitor, url, text="太差了，态度恶劣")
    [complaint] = await bot.complaints()
    await harness.tick()
    [chat_card] = [
        m for m in harness.sandbox.messages(MANAGER) if f"#{complaint.id}" in (m.text or "")
    ]
    link = await bot.desk_link(MANAGER)
    manager, other = device(bot), device(bot)
    async with manager, other:
        status, confirm = await page(manager, link)
        assert status == 200
        status, queue = await post(manager, link, {}, confirm)
        assert status == 200
        assert f"#{complaint.id}" in queue
        assert (await post(manager, link, {}, confirm))[0] == 404, "a sign-in link works once"
        other_severity = "low" if complaint.severity != "low" else "critical"
        _, filtered = await page(manager, f"{bot.base}/desk?severity={other_severity}&status=")
        assert f"/desk/c/{complaint.id}" not in filtered
        _, kept = await page(manager, f"{bot.base}/desk?severity={complaint.severity}")
        assert f"/desk/c/{complaint.id}" in kept
        case = f"{bot.base}/desk/c/{complaint.id}"
        _, card = await page(manager, case)
        status, claimed = await post(manager, case, {"action": "claim"}, card)
        assert status == 200
        assert "claimed" in claimed
        await harness.tick()

        def edited() -> bool | None:
            current = next(
                m for m in harness.sandbox.messages(MANAGER) if m.message_id == chat_card.message_id
            )
            return True if current.edits else None

        await harness.sandbox.wait_for(edited, 5.0, "the chat card updated after the desk's claim")
        status, resolved = await post(
            manager,
            case,
            {"action": "resolve", "note": "道歉并退款", "cause": "staff_attitude"},
            claimed,
        )
        assert status == 200
        assert "resolved" in resolved
        [done] = await bot.complaints()
        assert (done.status, done.assignee_user_id, done.root_cause) == (
            "resolved",
            MANAGER,
            "staff_attitude",
        )

        other_link = await bot.desk_link(OTHER_BRANCH)
        _, confirm = await page(other, other_link)
        _, their_queue = await post(other, other_link, {}, confirm)
        assert f"#{complaint.id}" not in their_queue
        assert (await page(other, case))[0] == 404
        status, _ = await post(other, case, {"action": "claim"}, their_queue)
        assert status == 404

        status, report = await page(manager, f"{bot.base}/desk/report?period=7&compare=s")
        assert status == 200
        assert "data:image/png;base64," in report
        async with manager.get(f"{bot.base}/desk/export?period=30") as exported:
            assert exported.status == 200
            assert "attachment" in exported.headers["Content-Disposition"]
            rows = (await exported.text()).splitlines()
        assert len(rows) == 2, "the survey answered by link is in the export as any other"
        assert ",C-3," in rows[1]
        assert "太差了，态度恶劣" in rows[1]

        _, queue = await page(manager, f"{bot.base}/desk")
        assert (await post(manager, f"{bot.base}/desk/out", {}, queue))[0] == 200
        assert (await page(manager, f"{bot.base}/desk"))[0] == 401
    seen = len(harness.sandbox.messages(CUSTOMER))
    await harness.tick()
    asked = await harness.next_message(CUSTOMER, seen)
    assert asked.inline_keyboard, "the customer is asked whether it is solved"


async def test_the_chat_and_the_page_share_one_survey_and_answer_it_once(bot: WebBot) -> None:
    harness = bot.harness
    await harness.customer("C-4", CUSTOMER, language="en")
    await harness.wave_now()
    opening = await harness.next_message(CUSTOMER, 1)
    url = await bot.survey_link("C-4")
    phone, laptop = device(bot), device(bot)
    async with phone, laptop:
        _, stale = await page(laptop, url)
        await answer(phone, url, v="4")
        question = re.search(r'name="q" value="([^"]+)"', stale)
        assert question
        status, told = await post(laptop, url, {"q": question.group(1), "v": "1"}, stale)
        assert status == 422
        assert "You already answered this question" in told
    toast = await harness.tap_and_wait(CUSTOMER, opening, question_buttons(opening)["1"])
    assert toast == "You already answered this question. Thank you!"
    async with UnitOfWork(harness.services.db, readonly=True) as uow:
        [delivery] = (await uow.session.execute(select(Delivery))).scalars()
        answers = (
            await uow.session.execute(select(Answer).where(Answer.delivery_id == delivery.id))
        ).scalars()
        assert [(a.question_id, a.value_int) for a in answers] == [("overall", 4)]


async def test_desk_sessions_are_locked_down_and_expire(bot: WebBot) -> None:
    harness = bot.harness
    seen = len(harness.sandbox.messages(CUSTOMER))
    harness.sandbox.add_user(CUSTOMER, "Alex", language_code="en")
    harness.sandbox.send_text(CUSTOMER, "/desk")
    refusal = await harness.next_message(CUSTOMER, seen)
    assert refusal.text == "Sorry, this is for staff only."
    link = await bot.desk_link(MANAGER)
    manager = device(bot)
    async with manager:
        _, confirm = await page(manager, link)
        found = CSRF.search(confirm)
        assert found
        async with manager.post(link, data={"csrf": found.group(1)}, allow_redirects=False) as r:
            assert r.status == 303
            cookie = r.headers["Set-Cookie"]
        assert "sb_desk=" in cookie
        assert "HttpOnly" in cookie
        assert "Secure" in cookie
        assert "SameSite=Lax" in cookie
        assert (await page(manager, f"{bot.base}/desk"))[0] == 200
        harness.clock.advance(timedelta(hours=9))
        assert (await page(manager, f"{bot.base}/desk"))[0] == 401, "a session expires"

    other = device(bot)
    async with other:
        link = await bot.desk_link(OTHER_BRANCH)
        _, confirm = await page(other, link)
        assert (await post(other, link, {}, confirm))[0] == 200
        async with UnitOfWork(harness.services.db) as uow:
            await remove_staff(uow, user_id=OTHER_BRANCH)
        status, _ = await page(other, f"{bot.base}/desk")
        assert status == 401, "leaving the staff ends what the session may see at once"


async def test_scores_and_words_that_disagree_are_asked_about_on_the_last_page(
    bot: WebBot,
) -> None:
    await bot.harness.customer("C-6", 1006, language="en", link=False)
    url = await bot.survey_link("C-6")
    visitor = device(bot)
    async with visitor:
        await answer(visitor, url, v="5")
        await answer(visitor, url, v="9")
        for _ in range(5):
            await answer(visitor, url, op="skip")
        asked = await answer(visitor, url, text="Terrible, I waited four hours for an oil change.")
        assert "manager to contact" in asked
        assert await bot.complaints() == []
        told = await answer(visitor, url, v="1")
        assert "will contact you by" in told
        assert (await page(visitor, url))[0] == 404, "the survey is over: the link is spent"
    [complaint] = await bot.complaints()
    assert "asked_for_contact" in complaint.triggers


async def test_the_pages_mount_beside_other_routes(bot: WebBot) -> None:
    """What ``serve`` does: the webhook's application also serves the pages."""

    async def webhook(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    install_web(app, bot.harness.services)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with aiohttp.ClientSession() as client:
            async with client.post(f"http://127.0.0.1:{port}/webhook") as hook:
                assert await hook.json() == {"ok": True}
            async with client.get(f"http://127.0.0.1:{port}/desk") as desk:
                assert desk.status == 401
                assert "default-src 'none'" in desk.headers["Content-Security-Policy"]
    finally:
        await runner.cleanup()
