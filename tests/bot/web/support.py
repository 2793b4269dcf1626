"""The bot polling the sandbox with its web pages served on a loopback port, and the staff
of two branches: what the web tests (HTTP and browser) share."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from bot.web import serve_web
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Complaint, Customer
from surveys.web.links import LinkPolicy, survey_link
from tests.support.harness import BotHarness, running_bot

MANAGER = 5001  # Pudong
OTHER_BRANCH = 5003  # Minhang
LINK = re.compile(r"(https?://\S+/desk/in/[A-Za-z0-9_-]+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WebBot:
    harness: BotHarness
    base: str

    async def survey_link(self, customer_id: str) -> str:
        """What ``surveybot link --web CUSTOMER_ID`` prints."""
        services = self.harness.services
        keys = services.domain.web_keys
        assert keys is not None
        policy = LinkPolicy(services.settings.zone, services.settings.language)
        async with UnitOfWork(services.db) as uow:
            customer = (
                await uow.session.execute(
                    select(Customer).where(Customer.external_id == customer_id)
                )
            ).scalar_one()
            made = await survey_link(
                uow, keys, services.catalog, policy, customer, self.harness.clock.now()
            )
        return f"{self.base}/s/{made.token}"

    async def desk_link(self, user_id: int) -> str:
        """Send /desk in the chat as ``user_id`` and read the link the bot answers with."""
        sandbox = self.harness.sandbox
        seen = len(sandbox.messages(user_id))
        sandbox.send_text(user_id, "/desk")
        message = await self.harness.next_message(user_id, seen)
        found = LINK.search(message.text or "")
        assert found, message.text
        return found.group(1)

    async def complaints(self) -> list[Complaint]:
        async with UnitOfWork(self.harness.services.db, readonly=True) as uow:
            return list((await uow.session.execute(select(Complaint))).scalars())


async def _staff(harness: BotHarness) -> None:
    now = harness.clock.now()
    async with UnitOfWork(harness.services.db) as uow:
        await add_staff(
            uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now, name="Li"
        )
        await add_staff(
            uow,
            user_id=OTHER_BRANCH,
            role=Role.MANAGER,
            branch="Minhang",
            level=1,
            now=now,
            name="Sun",
        )
    harness.sandbox.add_user(MANAGER, "Li", language_code="zh")
    harness.sandbox.add_user(OTHER_BRANCH, "Sun", language_code="zh")


@asynccontextmanager
async def web_bot(database_url: str, folder: Path) -> AsyncIterator[WebBot]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with running_bot(database_url, folder, web_url=base) as harness:
        await _staff(harness)
        runner = await serve_web(harness.services, port)
        try:
            yield WebBot(harness, base)
        finally:
            await runner.cleanup()
