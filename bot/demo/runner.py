"""``surveybot demo``: the whole product on this machine, against the local Bot API sandbox.

Imports a sample of customers, starts the sandbox and the real bot over HTTP,
links simulated customers (deep link and shared phone number), sends the
surveys as scheduled waves, lets the customers answer, and reports.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from bot.demo.personas import CAST, Persona
from bot.demo.sample import write_sample
from bot.demo.simulated import SimulatedAdmin, SimulatedCustomer, SimulatedManager
from bot.demo.summary import summarise, write_reports
from bot.demo.transcript import print_transcript
from bot.logs.redaction import SECRETS
from bot.runtimes import FRAMEWORKS, IntakeOptions, Runtime, make_runtime
from bot.settings import load_settings
from bot.wiring import Services, build_services
from surveys.complaints.escalation import load_rules
from surveys.i18n import say
from surveys.importing import open_events
from surveys.importing.service import EventImporter
from surveys.ports import ManualClock
from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from surveys.storage.tables import Wave
from surveys.timemath import local_date
from surveys.waves.model import WaveRequest
from surveys.waves.schedule import AbsoluteWindow
from surveys.waves.service import create_wave

WAVE_DEADLINE_SECONDS = 20.0
ADMIN_ID = 700100
MANAGERS = (
    (700201, "赵主管", "浦东店", 1),
    (700202, "钱总", "浦东店", 2),
    (700203, "孙主管", "闵行店", 1),
)
TEMPLATE_FOR = {"service": "post_service", "sale": "post_sale"}


DEMO_FILES = ("demo-events.csv", "demo-chart.png", "demo-export.csv")
"""What the demo writes next to its database."""


@dataclass
class DemoOptions:
    db_path: Path | None = None
    framework: str = "aiogram"
    out: TextIO | None = None
    token: str | None = None
    """The sandbox bot's token (random when None): the demo's logs can be checked for it."""
    secret: str | None = None
    """Signs the deep links (generated and kept in the database when None)."""
    webhook: bool = False
    """Take updates on a webhook (as ``surveybot serve`` does) instead of long polling."""


def demo_files(db_path: Path) -> list[Path]:
    """Every file a demo with ``--db db_path`` deletes or overwrites."""
    database = [Path(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return database + [db_path.parent / name for name in DEMO_FILES]


class DemoError(RuntimeError):
    pass


def _say(out: TextIO, text: str = "") -> None:
    out.write(text + "\n")
    out.flush()


async def run_demo(options: DemoOptions) -> dict[str, Any]:
    import sys

    from bot.sandbox import Sandbox

    out = options.out or sys.stdout
    started = time.monotonic()
    folder = (
        options.db_path.parent
        if options.db_path
        else Path(tempfile.mkdtemp(prefix="surveybot-demo-"))
    )
    folder.mkdir(parents=True, exist_ok=True)
    db_file = options.db_path or folder / "demo.db"
    _remove_database(db_file)
    sandbox = Sandbox(bot_username="surveybot_demo_bot", token=options.token)
    SECRETS.add_token(sandbox.token)
    base_url = await sandbox.start()
    chosen = {"SURVEYBOT_SECRET": options.secret} if options.secret else {}
    settings = load_settings(
        chosen
        | {
            "SURVEYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db_file}",
            "SURVEYBOT_API_BASE": base_url,
            "SURVEYBOT_TOKEN": sandbox.token,
            "SURVEYBOT_LANGUAGE": "zh",
            # The demo runs whatever the wall clock says.
            "SURVEYBOT_QUIET_HOURS": "off",
            "SURVEYBOT_ADMINS": str(ADMIN_ID),
            "SURVEYBOT_DIGEST_TIME": "off",
        }
    )
    _say(out, f"Local Bot API sandbox at {base_url}; database {db_file}")
    clock = ManualClock(_demo_start(settings))
    app = await build_services(settings, clock=clock)
    runtime_task: asyncio.Task[None] | None = None
    try:
        today = local_date(app.clock.now(), settings.zone)
        visit_day = today - timedelta(days=1)
        sample = write_sample(folder / DEMO_FILES[0], visit_day, settings.zone)
        await _import(app, sample, out)

        runtime = _runtime(app, options.framework, sandbox.token, base_url, options.webhook)
        runtime_task = asyncio.create_task(runtime.run(), name="demo-bot")
        await asyncio.wait_for(runtime.ready.wait(), timeout=30)
        how = "is polling"
        if options.webhook and runtime.intake is not None and runtime.intake.webhook:
            await asyncio.wait_for(runtime.intake.registered.wait(), timeout=30)
            how = f"takes updates on its webhook {runtime.intake.webhook.url}"
        _say(out, f"Bot @{sandbox.bot_info()['username']} {how} ({options.framework}).")

        customers = {p.customer_id: SimulatedCustomer(p, sandbox, _template(app, p)) for p in CAST}
        for persona in CAST:
            sandbox.add_user(
                persona.telegram_id,
                persona.name,
                language_code="zh-hans" if persona.language == "zh" else "en",
            )
        await asyncio.gather(*(_link(app, customers[p.customer_id]) for p in CAST))
        for persona in CAST:
            if persona.opts_out_first:
                await customers[persona.customer_id].say("/stop")
        managers = await _hire_managers(app, sandbox)

        admin = SimulatedAdmin(ADMIN_ID, "王经理", sandbox)
        sandbox.add_user(ADMIN_ID, "王经理", language_code="zh-hans")
        stop_watching = asyncio.Event()
        watcher = asyncio.create_task(admin.watch_progress(stop_watching))
        wizard = ["售后服务回访", "昨天", "全部门店", "立即发送", "✅ 确认发送"]
        if not await admin.run_wizard(wizard):
            raise DemoError("the admin could not schedule the service wave in the chat")
        sale_wave = await _schedule_sale_wave(app, visit_day)
        wave_ids = await _wave_ids(app)
        _say(
            out,
            f"The admin scheduled the service wave in the chat; sale wave #{sale_wave} was "
            f"scheduled as `surveybot wave create` would. Visits of {visit_day:%Y-%m-%d}.",
        )
        answering = [
            customers[p.customer_id].answer_survey()
            for p in CAST
            if p.links_by != "never" and not p.opts_out_first
        ]
        outcomes = await asyncio.gather(*answering)
        await _wait_waves_done(app, wave_ids)
        loop_closed = await _close_the_loop(app, clock, managers, customers)
        await asyncio.sleep(0.5)
        stop_watching.set()
        await watcher
        for customer in customers.values():
            await customer.catch_up()
        conversations = [
            admin.log,
            *(m.log for m in managers.values()),
            *(customers[p.customer_id].log for p in CAST),
        ]
        print_transcript(out, conversations)
        summary = await summarise(app, wave_ids, visit_day)
        summary["complaint_loop"] = loop_closed
        summary.update(await write_reports(app, folder, visit_day, DEMO_FILES))
        _say(out, f"\nChart: {summary['chart']}\nExport: {summary['export']}")
        summary["outcomes"] = dict(Counter(outcomes))
        summary["database"] = str(db_file)
        summary["wall_seconds"] = round(time.monotonic() - started, 2)
        violations = sandbox.violations()
        summary["bot_api_violations"] = len(violations)
        if "stuck" in outcomes:
            raise DemoError("a simulated customer got no answer from the bot")
        return summary
    finally:
        if runtime_task is not None:
            runtime.stop()
            await asyncio.wait_for(runtime_task, timeout=30)
        await app.close()
        await sandbox.stop()


def _demo_start(settings: Any) -> datetime:
    """10:00 on a working day (today, or the next one), so that deadlines and business hours
    behave the same whenever the demo runs."""
    rules = load_rules(settings.rules, zone=settings.zone)
    today = datetime.now(settings.zone).replace(hour=0, minute=0, second=0, microsecond=0)
    opening = rules.calendar.next_open(today)
    return (opening + timedelta(hours=1)).astimezone(UTC)


async def _hire_managers(app: Services, sandbox: Any) -> dict[int, SimulatedManager]:
    """The branches' managers, added as `surveybot staff add` would."""
    managers: dict[int, SimulatedManager] = {}
    async with UnitOfWork(app.db) as uow:
        for user_id, name, branch, level in MANAGERS:
            await add_staff(
                uow,
                user_id=user_id,
                role=Role.MANAGER,
                branch=branch,
                level=level,
                now=app.clock.now(),
                name=name,
            )
            sandbox.add_user(user_id, name, language_code="zh-hans")
            managers[user_id] = SimulatedManager(user_id, name, sandbox)
    return managers


async def _close_the_loop(
    app: Services,
    clock: ManualClock,
    managers: dict[int, SimulatedManager],
    customers: dict[str, SimulatedCustomer],
) -> dict[str, Any]:
    """A manager claims, calls and resolves one complaint and the customer confirms; another
    complaint is left unclaimed until its deadline passes and the next level is told."""
    zhao, qian = managers[MANAGERS[0][0]], managers[MANAGERS[1][0]]
    result: dict[str, Any] = {"resolved_and_confirmed": False, "escalated_to_level_2": False}
    card = await zhao.card_about("李强")
    if card is None:
        raise DemoError("the branch manager got no card about the unhappy customer")
    for label in ("✋ 认领", "📞 已联系"):
        edited = await zhao.tap(card, label)
        if edited is None:
            raise DemoError(f"the manager's [{label}] did nothing")
        card = edited
    if await zhao.tap(card, "✅ 已解决") is None:
        raise DemoError("the manager could not start resolving")
    causes = await zhao.write("已致电客户道歉，下次保养优先安排并赠送一次免费洗车。")
    if causes is None or await zhao.tap(causes, "等待时间") is None:
        raise DemoError("the manager could not resolve the complaint")
    result["resolved_and_confirmed"] = await customers["C1002"].answer_solved(True)
    # Nobody claims James Wu's complaint; a working day later it goes up a level.
    clock.advance(timedelta(days=1, hours=1))
    escalated = await qian.card_about("James Wu", timeout=20)
    result["escalated_to_level_2"] = escalated is not None
    return result


def _remove_database(db_file: Path) -> None:
    """The demo starts from an empty database; the CLI asks for --force before an old one
    named by ``--db`` is deleted."""
    for path in demo_files(db_file)[:3]:
        path.unlink(missing_ok=True)


def _runtime(
    app: Services, framework: str, token: str, base_url: str, webhook: bool = False
) -> Runtime:
    if framework not in FRAMEWORKS:
        raise DemoError(f"unknown framework {framework!r}")
    options = None
    if webhook:
        import secrets
        import socket

        from bot.intake.running import WebhookConfig
        from bot.logs.redaction import SECRETS

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        secret = secrets.token_urlsafe(24)
        SECRETS.add(secret)
        url = f"http://127.0.0.1:{port}/telegram"
        options = IntakeOptions(webhook=WebhookConfig(url=url, secret=secret, port=port))
    return make_runtime(
        framework,
        app,
        token=token,
        api_base=base_url,
        tick_seconds=0.2,
        polling_timeout=1,
        options=options,
    )


def _template(app: Services, persona: Persona) -> Any:
    from surveys.conversation.definitions import load_templates

    return load_templates()[TEMPLATE_FOR[persona.event]]


async def _import(app: Services, sample: Path, out: TextIO) -> None:
    with open_events(
        sample,
        timezone=app.settings.zone,
        default_region=app.settings.default_region,
        now=app.clock.now(),
    ) as events:
        report = await EventImporter(app.db, app.clock.now).run(events)
    _say(
        out,
        say(
            "demo_imported",
            "en",
            name=sample.name,
            rows=report.rows,
            events=report.events_new,
            customers=report.customers_new,
            count=len(report.errors),
        ),
    )
    for error in report.errors:
        _say(out, f"  line {error.line}: {error.reason}")


async def _link(app: Services, customer: SimulatedCustomer) -> None:
    persona = customer.persona
    if persona.links_by == "never":
        await customer.say("/start")
        return
    if persona.links_by == "deep_link":
        token = app.links.issue(persona.customer_id)
        await customer.say(f"/start {token}")
        return
    await customer.say("/start")
    digits = "86" + persona.phone.lstrip("+").removeprefix("86")
    await customer.share_contact(("+" + digits) if persona.links_by == "contact_plus" else digits)


async def _schedule_sale_wave(app: Services, visit_day: date) -> int:
    now = app.clock.now()
    request = WaveRequest("post_sale", "sale", AbsoluteWindow(visit_day, visit_day), send_at=now)
    async with UnitOfWork(app.db) as uow:
        wave = await create_wave(uow, app.catalog, request, app.settings.zone, now)
        return wave.id


async def _wave_ids(app: Services) -> list[int]:
    async with UnitOfWork(app.db, readonly=True) as uow:
        return list((await uow.session.execute(select(Wave.id).order_by(Wave.id))).scalars())


async def _wait_waves_done(app: Services, wave_ids: list[int]) -> None:
    deadline = time.monotonic() + WAVE_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        async with UnitOfWork(app.db, readonly=True) as uow:
            statuses = (
                (await uow.session.execute(select(Wave.status).where(Wave.id.in_(wave_ids))))
                .scalars()
                .all()
            )
        if all(status == "done" for status in statuses):
            return
        await asyncio.sleep(0.1)
    raise DemoError("the survey waves did not finish in time")
