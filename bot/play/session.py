"""A playground: the sandbox, the real bot and the demo's people, on the wall clock.

Like ``surveybot demo`` it imports the sample customers (visits of yesterday), hires the
branch managers and links the customers who link in the demo; unlike it, nobody is
scripted: the person at the page plays whoever they pick, and waves go out when the admin
schedules them in the chat (``/newwave``).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bot.demo.runner import ADMIN_ID
from bot.demo.sample import write_sample
from bot.logs.redaction import SECRETS
from bot.play.people import Person, cast
from bot.runtimes import Runtime, make_runtime
from bot.sandbox import Sandbox
from bot.settings import load_settings
from bot.wiring import Services, build_services
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.timemath import local_date

TICK_SECONDS = 1.0


@dataclass
class PlayOptions:
    folder: Path | None = None  # where the database lives (default: a new temporary folder)
    framework: str = "aiogram"
    language: str = "zh"


@dataclass
class PlaySession:
    """What the page drives: the sandbox, the bot's services, and the people."""

    sandbox: Sandbox
    services: Services
    runtime: Runtime
    people: tuple[Person, ...]
    database: Path
    by_id: dict[int, Person] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {person.user_id: person for person in self.people}

    def deep_link_payload(self, person: Person) -> str:
        """The ``/start`` payload of the customer's receipt link."""
        assert person.persona is not None
        return self.services.links.issue(person.persona.customer_id)


async def _prepare(
    app: Services, sandbox: Sandbox, people: tuple[Person, ...], folder: Path
) -> None:
    zone = app.settings.zone
    visit_day = local_date(app.clock.now(), zone) - timedelta(days=1)
    sample = write_sample(folder / "play-events.csv", visit_day, zone)
    with open_events(
        sample, timezone=zone, default_region=app.settings.default_region, now=app.clock.now()
    ) as events:
        await EventImporter(app.db, app.clock.now).run(events)
    async with UnitOfWork(app.db) as uow:
        for person in people:
            if person.role == "manager":
                await add_staff(
                    uow,
                    user_id=person.user_id,
                    role=Role.MANAGER,
                    branch=person.branch,
                    level=person.level,
                    now=app.clock.now(),
                    name=person.name,
                )
    for person in people:
        sandbox.add_user(person.user_id, person.name, language_code=person.language)


async def _link(session: PlaySession) -> None:
    """Customers who link in the demo start linked (their chats show how); one never does."""
    sandbox = session.sandbox
    for person in session.people:
        if person.persona is None or person.persona.links_by == "never":
            continue
        sandbox.press_start(person.user_id, session.deep_link_payload(person))
        await sandbox.wait_for_message(person.user_id, 1, timeout=20)


@asynccontextmanager
async def open_play(options: PlayOptions) -> AsyncIterator[PlaySession]:
    """The playground, running until the block ends."""
    folder = options.folder or Path(tempfile.mkdtemp(prefix="surveybot-play-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "play.db"
    sandbox = Sandbox(bot_username="surveybot_demo_bot")
    SECRETS.add_token(sandbox.token)
    base_url = await sandbox.start()
    settings = load_settings(
        {
            "SURVEYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "SURVEYBOT_API_BASE": base_url,
            "SURVEYBOT_TOKEN": sandbox.token,
            "SURVEYBOT_LANGUAGE": options.language,
            "SURVEYBOT_QUIET_HOURS": "off",  # playing happens whenever the person plays
            "SURVEYBOT_ADMINS": str(ADMIN_ID),
            "SURVEYBOT_DIGEST_TIME": "off",
        }
    )
    app = await build_services(settings)
    runtime = make_runtime(
        options.framework,
        app,
        token=sandbox.token,
        api_base=base_url,
        tick_seconds=TICK_SECONDS,
        polling_timeout=1,
    )
    people = cast()
    task: asyncio.Task[None] | None = None
    try:
        await _prepare(app, sandbox, people, folder)
        task = asyncio.create_task(runtime.run(), name="play-bot")
        await asyncio.wait_for(runtime.ready.wait(), timeout=30)
        session = PlaySession(sandbox, app, runtime, people, database)
        await _link(session)
        yield session
    finally:
        if task is not None:
            runtime.stop()
            await asyncio.wait_for(task, timeout=30)
        await app.close()
        await sandbox.stop()
