"""``surveybot wave``: schedule, inspect and stop survey waves (the running bot sends them)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.shared.checks import check_branch, check_staff_name, check_template
from bot.cli.shared.common import fail, id_number, print_json, services
from bot.cli.shared.failures import Mistake
from bot.cli.shared.send_time import SendPlan, check_send_time
from bot.cli.web_links import write_wave_links
from surveys.i18n import explain, name_of, say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.timemath import format_local
from surveys.waves.model import DEFAULT_EVENT_KIND, WaveError, WaveRequest
from surveys.waves.schedule import (
    ScheduleError,
    parse_dates,
    parse_recurrence,
    parse_send_at,
    parse_window,
)
from surveys.waves.service import cancel_wave, create_wave, pause_wave, preview_request, resume_wave
from surveys.waves.views import WaveView, list_waves, view_wave


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "wave",
        help="create, list, show, pause, resume or cancel survey waves",
        description=(
            "A wave sends a survey template to the customers of sale or service events in a "
            "window of local dates, at a time in the business time zone. The running bot "
            "(surveybot run) picks new waves up at its next tick."
        ),
    )
    actions = parser.add_subparsers(dest="wave_action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="schedule a wave; prints when it sends, then its id as the last line",
        description=(
            "Schedules a wave and prints whom it reaches, when it sends (business time, "
            "with the zone) and, as the last line, the wave's id. A time that has passed "
            "today or falls inside the quiet hours is refused unless --yes confirms it. "
            "Examples: wave create --template post_service --event-type service "
            "--window yesterday --now; wave create --template post_sale --event-type sale "
            "--since 2026-11-01 --until 2026-11-07 --branch 浦东店 --at '2026-11-09 10:00'; "
            "wave create --template post_service --event-type service --window yesterday "
            "--at 10:00 --every day; wave create --template post_service --window yesterday "
            "--preview"
        ),
    )
    create.add_argument("--template", required=True, help="survey template key, e.g. post_service")
    create.add_argument(
        "--event-type", choices=("sale", "service"), help="which visits (default: by template)"
    )
    create.add_argument("--since", help="first visit date, YYYY-MM-DD (with --until)")
    create.add_argument("--until", help="last visit date, YYYY-MM-DD, inclusive")
    create.add_argument(
        "--window", help="relative window: yesterday, today, last_7_days, last_week, last_month"
    )
    create.add_argument("--branch", help="only events of this branch (as imported)")
    create.add_argument("--staff", help="only events of this staff member (as imported)")
    when = create.add_mutually_exclusive_group()
    when.add_argument("--now", action="store_true", help="send as soon as possible")
    when.add_argument("--at", help="'YYYY-MM-DD HH:MM' or 'HH:MM' in business time")
    create.add_argument(
        "--every",
        help="repeat: 'day', 'weekday' or day names (needs --window and --at HH:MM)",
    )
    create.add_argument("--no-reminder", action="store_true", help="do not send a reminder")
    create.add_argument(
        "--paid-broadcast",
        action="store_true",
        help="send faster than 30 messages/s with Telegram's paid broadcast (Stars per message; "
        "rate SURVEYBOT_PAID_RATE_LIMIT)",
    )
    create.add_argument(
        "--preview", action="store_true", help="only show who would be reached (needs no time)"
    )
    create.add_argument(
        "--channel",
        choices=("chat", "web"),
        default="chat",
        help="web: also write a survey link for each customer without a chat (--out FILE.csv)",
    )
    create.add_argument("--out", type=Path, help="the CSV of links for --channel web")
    create.add_argument(
        "--yes",
        action="store_true",
        help="confirm a time that has passed today (it moves to tomorrow) or is in quiet hours",
    )
    create.set_defaults(handler=_create)

    listing = actions.add_parser(
        "list",
        help="recent waves with their progress",
        description="The newest waves first, with send times in the business time zone. "
        "Example: surveybot wave list --limit 5",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON list (for scripts)")
    listing.add_argument(
        "--limit", type=id_number, default=20, help="show at most this many waves (default 20)"
    )
    listing.set_defaults(handler=_list)

    for name, handler, text in (
        ("show", _show, "one wave with its counts"),
        ("pause", _pause, "stop sending until resumed"),
        ("resume", _resume, "continue a paused wave"),
        ("cancel", _cancel, "stop a wave for good (surveys already sent stay open)"),
    ):
        action = actions.add_parser(
            name,
            help=text,
            description=f"{text[0].upper()}{text[1:]}. Example: surveybot wave {name} 12",
        )
        action.add_argument("id", type=id_number, help="the wave's id (see surveybot wave list)")
        if name == "show":
            action.add_argument("--json", action="store_true", help="print one JSON object")
        action.set_defaults(handler=handler)


def _request(args: argparse.Namespace, now: Any, zone: Any) -> WaveRequest:
    if args.window and (args.since or args.until):
        raise WaveError("cli_window_or_dates")
    if args.window:
        window: Any = parse_window(args.window)
    elif args.since and args.until:
        window = parse_dates(args.since, args.until)
    else:
        raise WaveError("cli_window_needed")
    event_kind = args.event_type or DEFAULT_EVENT_KIND.get(args.template)
    if event_kind is None:
        raise WaveError("cli_event_type_needed", template=args.template)
    recurrence = None
    send_at = None
    if args.every:
        if args.now or not args.at or not args.window:
            raise WaveError("cli_every_needs")
        recurrence = parse_recurrence(f"every {args.every} at {args.at}")
    elif args.now or args.at:
        send_at = parse_send_at("now" if args.now else args.at, now, zone)
    elif args.preview:
        send_at = now
    else:
        raise Mistake("cli_wave_needs_when")
    return WaveRequest(
        template_key=args.template,
        event_kind=event_kind,
        window=window,
        send_at=send_at,
        recurrence=recurrence,
        branch=args.branch,
        staff=args.staff,
        remind=not args.no_reminder,
        paid_broadcast=args.paid_broadcast,
    )


def _plan(args: argparse.Namespace, request: WaveRequest, now: Any, app: Any) -> SendPlan:
    """When the wave starts; refuses a passed or quiet --at unless --yes (see send_time)."""
    zone = app.settings.zone
    if request.recurrence is not None:
        asked = request.recurrence.next_after(now - timedelta(seconds=1), zone)
    else:
        assert request.send_at is not None
        asked = request.send_at
    return check_send_time(
        asked,
        at=None if args.now or args.preview else args.at,
        now=now,
        zone=zone,
        quiet=app.rules.quiet_hours,
        confirmed=args.yes,
        standing=request.recurrence is not None,
    )


async def _create(args: argparse.Namespace) -> int:
    if args.channel == "web" and args.out is None and not args.preview:
        return fail("--channel web needs --out FILE.csv for the links")
    links: int | None = None
    app = await services()
    try:
        now = app.clock.now()
        try:
            request = _request(args, now, app.settings.zone)
            async with UnitOfWork(app.db) as uow:
                await check_template(uow, request.template_key)
                await check_branch(uow, request.branch)
                await check_staff_name(uow, request.staff)
                plan = _plan(args, request, now, app)
                report = await preview_request(uow, request, app.rules, now)
                if args.preview:
                    wave_id = None
                else:
                    wave = await create_wave(uow, app.catalog, request, app.settings.zone, now)
                    wave_id = wave.id
                    if args.channel == "web":
                        links = await write_wave_links(uow, app, request, args.out)
                    await record(
                        uow,
                        at=now,
                        actor=Actor.CLI,
                        action="wave.create",
                        object_type="wave",
                        object_id=wave_id,
                    )
        except (WaveError, ScheduleError) as error:
            return fail(explain(error, app.settings.language))
    finally:
        await app.close()
    language = app.settings.language
    skipped = _skipped(report.skipped, language)
    print(
        say(
            "cli_wave_reaches",
            language,
            count=report.eligible,
            skipped=skipped,
            merged=report.merged,
        )
    )
    if wave_id is not None:
        when = format_local(plan.starts, app.settings.zone)
        if request.recurrence is not None:
            print(say("cli_wave_first_run", language, when=when, recurrence=request.recurrence))
        else:
            print(say("cli_wave_sends_at", language, when=when))
        if links is not None:
            print(say("cli_wave_web_links", language, count=links, path=str(args.out)))
        print(wave_id)
    return 0


def _skipped(counts: Mapping[str, int], language: str) -> str:
    """Skip reasons and their counts, e.g. "opted out 2, surveyed recently 1"."""
    shown = [f"{name_of('skip', reason, language)} {n}" for reason, n in sorted(counts.items())]
    return ", ".join(shown) or say("cli_none", language)


def _line(view: WaveView, language: str, zone: ZoneInfo) -> str:
    c = view.counts
    when = view.recurrence or format_local(view.send_at, zone)
    return say(
        "cli_wave",
        language,
        id=view.id,
        status=name_of("wave_status", view.status, language),
        template=view.template,
        kind=name_of("kind", view.event_kind, language),
        window=view.window,
        when=when,
        sent=c.sent,
        pending=c.pending,
        failed=c.failed,
        uncertain=c.uncertain,
        answered=c.answered,
    )


async def _list(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            views = await list_waves(uow, args.limit)
    finally:
        await app.close()
    if args.json:
        print_json([v.as_dict() for v in views])
        return 0
    language = app.settings.language
    if not views:
        print(say("cli_no_waves", language))
    for view in views:
        print(_line(view, language, app.settings.zone))
    return 0


async def _show(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            view = await view_wave(uow, args.id)
    except WaveError as error:
        return fail(error.say(app.settings.language))
    finally:
        await app.close()
    if args.json:
        print_json(view.as_dict())
        return 0
    language = app.settings.language
    print(_line(view, language, app.settings.zone))
    skipped = _skipped(view.counts.skipped, language)
    print(say("cli_wave_skipped", language, skipped=skipped, completed=view.counts.completed))
    return 0


async def _control(args: argparse.Namespace, action: str) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db) as uow:
            now = app.clock.now()
            if action == "pause":
                wave = await pause_wave(uow, args.id)
            elif action == "resume":
                wave = await resume_wave(uow, args.id)
            else:
                wave = await cancel_wave(uow, args.id, now)
            await record(
                uow,
                at=now,
                actor=Actor.CLI,
                action=f"wave.{action}",
                object_type="wave",
                object_id=args.id,
            )
            status = wave.status
    except WaveError as error:
        return fail(error.say(app.settings.language))
    finally:
        await app.close()
    language = app.settings.language
    print(say("cli_wave_is", language, id=args.id, status=name_of("wave_status", status, language)))
    return 0


async def _pause(args: argparse.Namespace) -> int:
    return await _control(args, "pause")


async def _resume(args: argparse.Namespace) -> int:
    return await _control(args, "resume")


async def _cancel(args: argparse.Namespace) -> int:
    return await _control(args, "cancel")
