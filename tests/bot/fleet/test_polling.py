"""Our long polling against the sandbox: an offset passes only committed updates (and
does so once the effect is committed, while its reply is still on its way), one chat in
order, an unreadable update skipped and recorded while the rest are handled, and no poll
that could only bring back what is in hand."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.intake import Malformed
from bot.intake.feeding import Raw, chat_of
from bot.intake.handling import Handling, effect_committed
from bot.intake.polling import ENOUGH_IN_HAND, Poller
from bot.runtimes import ALLOWED_UPDATES
from bot.sandbox import Sandbox
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Fault
from tests.support.harness import running_bot


class RecordingFeeder:
    """Stands in for a framework: records what it is fed; an update whose text is
    "unreadable" is malformed. What waits for ``release``: chat 1 by default; with
    ``replying`` every chat, after committing its effect (a reply on its way); with
    ``holding`` every chat, before committing anything."""

    def __init__(self, *, replying: bool = False, holding: bool = False) -> None:
        self.started: list[int] = []
        self.done: list[int] = []
        self.release = asyncio.Event()
        self.replying = replying
        self.holding = holding

    async def feed(self, update: Raw) -> None:
        if update.get("message", {}).get("text") == "unreadable":
            raise Malformed("test")
        self.started.append(update["update_id"])
        if self.replying:
            effect_committed()
        if self.replying or self.holding or chat_of(update) == 1:
            await self.release.wait()
        self.done.append(update["update_id"])


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox() as running:
        for user in (1, 2):
            running.add_user(user, f"User {user}")
        yield running


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    from surveys.storage.migrate import upgrade

    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}")
    await upgrade(database)
    yield database
    await database.dispose()


def _poller(sandbox: Sandbox, db: Database, feeder: RecordingFeeder) -> Poller:
    handling = Handling(feeder, db, lambda: datetime.now(UTC))
    return Poller(
        sandbox.base_url, sandbox.token, handling, allowed_updates=list(ALLOWED_UPDATES), timeout=1
    )


async def test_an_offset_never_passes_an_update_in_hand(sandbox: Sandbox, db: Database) -> None:
    a = sandbox.send_text(1, "first of chat 1")["update_id"]
    b = sandbox.send_text(2, "chat 2")["update_id"]
    c = sandbox.send_text(1, "second of chat 1")["update_id"]
    feeder = RecordingFeeder()
    stop = asyncio.Event()
    task = asyncio.create_task(_poller(sandbox, db, feeder).run(stop))
    await sandbox.wait_for(lambda: b in feeder.done or None, 5.0, "chat 2's update")
    await asyncio.sleep(0.3)
    assert feeder.started == [a, b]  # chat 1's second update waits for its first
    assert sandbox.pending_updates() == 3  # nothing confirmed past the one in hand
    task.cancel()  # the worker dies holding ``a``
    with suppress(asyncio.CancelledError):
        await task
    assert sandbox.pending_updates() == 3

    again = RecordingFeeder()
    again.release.set()
    stop = asyncio.Event()
    task = asyncio.create_task(_poller(sandbox, db, again).run(stop))
    await sandbox.wait_for(lambda: c in again.done or None, 5.0, "the redelivered updates")
    assert again.done.index(a) < again.done.index(c)
    stop.set()
    await task
    assert sandbox.pending_updates() == 0  # a graceful stop confirmed what it handled


async def test_another_chat_is_handled_at_once_while_an_update_is_in_hand(
    sandbox: Sandbox, db: Database
) -> None:
    feeder = RecordingFeeder()
    stop = asyncio.Event()
    poller = _poller(sandbox, db, feeder)
    poller.timeout = 20
    task = asyncio.create_task(poller.run(stop))
    slow = sandbox.send_text(1, "held in hand")["update_id"]
    await sandbox.wait_for(lambda: slow in feeder.started or None, 5.0, "the slow update")
    for n in range(3):
        started = time.monotonic()
        other: int = sandbox.send_text(2, f"chat 2, message {n}")["update_id"]

        def handled(update_id: int = other) -> bool | None:
            return update_id in feeder.done or None

        await sandbox.wait_for(handled, 5.0, "chat 2's update")
        assert time.monotonic() - started < 1.0
    feeder.release.set()
    stop.set()
    await task
    assert sandbox.pending_updates() == 0


async def test_an_update_is_confirmed_once_committed_while_its_reply_goes(
    sandbox: Sandbox, db: Database
) -> None:
    first = sandbox.send_text(1, "first")["update_id"]
    second = sandbox.send_text(1, "second")["update_id"]
    feeder = RecordingFeeder(replying=True)
    stop = asyncio.Event()
    task = asyncio.create_task(_poller(sandbox, db, feeder).run(stop))
    await sandbox.wait_for(lambda: sandbox.pending_updates() == 1 or None, 5.0, "a confirm")
    # The first is confirmed though its reply has not gone; the chat's second waits.
    assert feeder.started == [first]
    feeder.release.set()
    await sandbox.wait_for(lambda: second in feeder.done or None, 5.0, "the second update")
    stop.set()
    await task
    assert feeder.done == [first, second]
    assert sandbox.pending_updates() == 0


async def test_no_poll_while_enough_is_in_hand(sandbox: Sandbox, db: Database) -> None:
    """Telegram repeats every unconfirmed update in each answer: with half a batch in
    hand, asking again would mostly read those again."""
    held = ENOUGH_IN_HAND + 5
    for user in range(10, 10 + held):
        sandbox.add_user(user, f"User {user}")
        sandbox.send_text(user, "hello")
    feeder = RecordingFeeder(holding=True)
    stop = asyncio.Event()
    task = asyncio.create_task(_poller(sandbox, db, feeder).run(stop))
    await sandbox.wait_for(lambda: len(feeder.started) == held or None, 5.0, "all in hand")
    polls = len(sandbox.requests("getUpdates"))
    await asyncio.sleep(0.8)
    assert len(sandbox.requests("getUpdates")) == polls
    feeder.release.set()
    await sandbox.wait_for(lambda: len(feeder.done) == held or None, 5.0, "all handled")
    stop.set()
    await task
    assert sandbox.pending_updates() == 0


async def test_an_unreadable_update_is_recorded_and_the_rest_handled(
    sandbox: Sandbox, db: Database
) -> None:
    bad = sandbox.send_text(2, "unreadable")["update_id"]
    good = sandbox.send_text(2, "fine")["update_id"]
    feeder = RecordingFeeder()
    stop = asyncio.Event()
    task = asyncio.create_task(_poller(sandbox, db, feeder).run(stop))
    await sandbox.wait_for(lambda: good in feeder.done or None, 5.0, "the good update")
    stop.set()
    await task
    assert feeder.done == [good]
    assert sandbox.pending_updates() == 0
    async with UnitOfWork(db, readonly=True) as uow:
        faults = (await uow.session.execute(select(Fault))).scalars().all()
    assert [(f.subject, f.subject_id, f.stage, f.set_aside) for f in faults] == [
        ("update", bad, "read", True)
    ]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_malformed_update_in_a_batch_stops_nobody(
    database_url: str, framework: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The real framework: a message whose fields have the wrong types, in one batch with
    a customer's /help."""
    async with running_bot(database_url, tmp_path, framework=framework) as harness:
        sandbox = harness.sandbox
        sandbox.add_user(1003, "Ann", language_code="en")
        bot = sandbox.world.bots[int(sandbox.token.partition(":")[0])]
        broken = {"message_id": "not a number", "chat": "nowhere", "date": "yesterday"}
        bad, _ = bot.updates.push("message", broken)
        sandbox.send_text(1003, "/help")
        await sandbox.wait_for_message(1003, 1)
        await harness.settle()
        async with UnitOfWork(harness.services.db, readonly=True) as uow:
            stages = (
                (
                    await uow.session.execute(
                        select(Fault.stage).where(Fault.subject_id == bad["update_id"])
                    )
                )
                .scalars()
                .all()
            )
        assert list(stages) == ["read"]
    said = [r for r in caplog.records if f"update {bad['update_id']} " in r.getMessage()]
    assert len(said) == 1  # logged once, without its content
    assert "not a number" not in said[0].getMessage()
