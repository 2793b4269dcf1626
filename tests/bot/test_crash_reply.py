"""kill -9 between an answer's commit and its reply: after a restart the next question
arrives. The bot runs as ``surveybot run`` in a subprocess against the sandbox, on both
frameworks and both databases."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.chat.callbacks import decode
from bot.sandbox import ChatMessage, Sandbox
from bot.settings import load_settings
from bot.wiring import Services, build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.ports import AnswerAction, SkipAction
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Customer, Delivery
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave

FIRST_USER = 60_000
HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)
REFUSED = frozenset({"sendMessage", "editMessageText"})

pytestmark = pytest.mark.slow


def _env(database_url: str, sandbox: Sandbox) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEYBOT_")}
    env.update(
        SURVEYBOT_DATABASE_URL=database_url,
        SURVEYBOT_API_BASE=sandbox.base_url,
        SURVEYBOT_TOKEN=sandbox.token,
        SURVEYBOT_SECRET="crash-reply-secret-0123456789",
        SURVEYBOT_QUIET_HOURS="off",
        SURVEYBOT_RATE_LIMIT="0",
        SURVEYBOT_REPLY_RETRY_SECONDS="1",
        SURVEYBOT_DIGEST_TIME="off",
        SURVEYBOT_LOG_LEVEL="WARNING",
    )
    return env


async def _start(env: dict[str, str], log: Path, framework: str) -> asyncio.subprocess.Process:
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot", "run", "--framework", framework, "--tick", "0.3"),
            env=env,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )


async def _kill_9(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGKILL)
    await process.wait()


async def _surveyed(services: Services, sandbox: Sandbox, count: int, folder: Path) -> list[int]:
    """``count`` linked customers with a visit yesterday and a wave due now."""
    zone, now = services.settings.zone, services.clock.now()
    day = local_date(now, zone)
    rows = [
        f"R-{n},service,{day} 00:{n % 60:02d},RC-{n},Customer {n},137{n:08d},en,Pudong,Li,X"
        for n in range(count)
    ]
    path = folder / "events.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    with open_events(path, timezone=zone, default_region="CN", now=now) as events:
        await EventImporter(services.db, services.clock.now).run(events)
    users = [FIRST_USER + n for n in range(count)]
    async with UnitOfWork(services.db) as uow:
        for n, user in enumerate(users):
            await uow.session.execute(
                update(Customer)
                .where(Customer.external_id == f"RC-{n}")
                .values(telegram_user_id=user, chat_id=user, linked_at=now)
            )
        request = WaveRequest("post_service", "service", AbsoluteWindow(day, day), send_at=now)
        await create_wave(uow, services.catalog, request, zone, now)
    for user in users:
        sandbox.add_user(user, f"Customer {user}", language_code="en")
    return users


def _latest_question(sandbox: Sandbox, user: int) -> ChatMessage | None:
    with_buttons = [m for m in sandbox.messages(user) if m.inline_keyboard]
    return with_buttons[-1] if with_buttons else None


def _top_button(message: ChatMessage) -> str:
    buttons = {b["text"]: b["callback_data"] for row in message.inline_keyboard for b in row}
    return (
        next((buttons[label] for label in ("10", "5") if label in buttons), "")
        or list(buttons.values())[-1]
    )


def _refused(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.requests() if r.status == 502)


async def _answers(services: Services) -> int:
    async with UnitOfWork(services.db, readonly=True) as uow:
        return int((await uow.session.execute(select(func.count(Answer.id)))).scalar_one())


async def _on_screen_matches(services: Services, sandbox: Sandbox, users: list[int]) -> list[str]:
    """What is wrong: customers whose latest question on screen is not the one the survey
    waits for (or who never got the thanks of a survey they finished)."""
    wrong: list[str] = []
    async with UnitOfWork(services.db, readonly=True) as uow:
        for user in users:
            delivery = (
                await uow.session.execute(select(Delivery).where(Delivery.chat_id == user))
            ).scalar_one()
            template = await services.catalog.get(uow, delivery.template_id)
            if delivery.current_question is None:
                if not any("Thank you" in (m.text or "") for m in sandbox.messages(user)[2:]):
                    wrong.append(f"{user}: finished, no thanks")
                continue
            latest = _latest_question(sandbox, user)
            action = decode(latest.inline_keyboard[0][0]["callback_data"]) if latest else None
            assert action is None or isinstance(action, AnswerAction | SkipAction)
            shown = template.questions[action.question].id if action else None
            if shown != delivery.current_question:
                wrong.append(f"{user}: waits for {delivery.current_question}, shows {shown}")
    return wrong


async def _until_on_screen(services: Services, sandbox: Sandbox, users: list[int]) -> None:
    wrong: list[str] = []
    for _ in range(150):
        wrong = await _on_screen_matches(services, sandbox, users)
        if not wrong:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("after the restart, not every customer sees their question: " + str(wrong))


async def test_kill_9_after_the_answers_commit_then_the_next_question_arrives(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    """The answers are committed while Telegram refuses every reply (as if the bot died
    right after each commit); kill -9; Telegram answers again; restart: each customer gets
    the question that follows their answer, and can answer it."""
    sandbox = Sandbox(bot_username="crash_reply_bot")
    await sandbox.start()
    env = _env(database_url, sandbox)
    services = await build_services(load_settings(env))
    log = tmp_path / "bot.log"
    try:
        users = await _surveyed(services, sandbox, 5, tmp_path)
        first = await _start(env, log, framework)
        try:
            openings = [(await sandbox.wait_for_message(user, 1, timeout=60))[0] for user in users]
            sandbox.inject(None, "server_error", status=502, seconds=600, methods=REFUSED)
            for user, opening in zip(users, openings, strict=True):
                sandbox.tap(user, opening.message_id, _top_button(opening))
            for _ in range(200):
                if await _answers(services) == len(users):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the answers were not stored:\n" + log.read_text())
        finally:
            await _kill_9(first)
        assert all(len(sandbox.messages(user)) == 1 for user in users)
        sandbox.clear_failures()

        second = await _start(env, log, framework)
        try:
            for user in users:
                messages = await sandbox.wait_for_message(user, 2, timeout=30)
                assert messages[1].inline_keyboard, messages[1].text
            await _until_on_screen(services, sandbox, users)
            for user in users:
                question = _latest_question(sandbox, user)
                assert question is not None
                before = len(sandbox.messages(user))
                sandbox.tap(user, question.message_id, _top_button(question))
                await sandbox.wait_for_message(user, before + 1, timeout=30)
            assert await _answers(services) == 2 * len(users)
        finally:
            second.terminate()
            await second.wait()
    finally:
        await services.close()
        await sandbox.stop()


async def test_kill_9_while_customers_answer_leaves_nobody_without_a_question(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    """Twenty customers answering at once; kill -9 at some moment; restart: every customer
    has the question their survey waits for on screen (or the thanks), within seconds."""
    sandbox = Sandbox(bot_username="crash_reply_bot")
    await sandbox.start()
    env = _env(database_url, sandbox)
    services = await build_services(load_settings(env))
    log = tmp_path / "bot.log"
    try:
        users = await _surveyed(services, sandbox, 20, tmp_path)
        first = await _start(env, log, framework)
        stop = asyncio.Event()

        async def answering(user: int) -> None:
            while not stop.is_set():
                question = _latest_question(sandbox, user)
                if question is None:
                    await asyncio.sleep(0.02)
                    continue
                count = len(sandbox.messages(user))
                sandbox.tap(user, question.message_id, _top_button(question))
                try:
                    await sandbox.wait_for_message(user, count + 1, timeout=2)
                except TimeoutError:
                    return

        try:
            await asyncio.gather(*(sandbox.wait_for_message(u, 1, timeout=60) for u in users))
            customers = [asyncio.create_task(answering(user)) for user in users]
            for _ in range(400):
                if await _answers(services) >= 30:
                    break
                await asyncio.sleep(0.02)
            # A few replies refused just before the kill: committed answers, replies owed.
            sandbox.inject(None, "server_error", status=502, count=8, methods=REFUSED)
            await sandbox.wait_for(lambda: _refused(sandbox) >= 8 or None, 30, "8 refusals")
        finally:
            await _kill_9(first)
        stop.set()
        await asyncio.gather(*customers)
        assert 0 < await _answers(services) < 8 * len(users)

        second = await _start(env, log, framework)
        try:
            await _until_on_screen(services, sandbox, users)
        finally:
            second.terminate()
            await second.wait()
    finally:
        await services.close()
        await sandbox.stop()
