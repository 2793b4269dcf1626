"""``surveybot wave``: schedule, inspect and stop survey waves (the running bot sends them)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from bot.cli.common import fail, print_json, services
from surveys.i18n import explain, name_of, say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
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
        help="schedule a wave; prints its id as the last line",
        description=(
            "Examples: wave create --template post_service --event-type service "
            "--window yesterday --now; wave create --template post_sale --event-type sale "
            "--since 2026-11-01 --until 2026-11-07 --branch 浦东店 --at '2026-11-09 10:00'; "
            "wave create --template post_service --event-type service --window yesterday "
            "--at 10:00 --every day"
        ),
    )
    create.add_argument("--template", required=True, help="survey template key, e.g. post_service")
    create.add_argument("--event-type", choices=("sale", "service"), help="default: by template")
    create.add_argument("--since", help="first visit date, YYYY-MM-DD (with --until)")
    create.add_argument("--until", help="last visit date, YYYY-MM-DD, inclusive")
    create.add_argument(
        "--window", help="relative window: yesterday, today, last_7_days, last_week, last_month"
    )
    create.add_argument("--branch", help="only events of this branch")
    create.add_argument("--staff", help="only events of this staff member")
    when = create.add_mutually_exclusive_group(required=True)
    when.add_argument("--now", action="store_true", help="send as soon as possible")
    when.add_argument("--at", help="'YYYY-MM-DD HH:MM' or 'HH:MM' in business time")
    create.add_argument(
        "--every",
        help="repeat: 'day', 'weekday' or day names (needs --window and --at HH:MM)",
    )
    create.add_argument("--no-reminder", action="store_true", help="do not send a reminder")
    create.add_argument("--preview", action="store_true", help="only show who would be reached")
    create.set_defaults(handler=_create)

    listing = actions.add_parser("list", help="recent waves with their progress")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(handler=_list)

    for name, handler, text in (
        ("show", _show, "one wave with its counts"),
        ("pause", _pause, "stop sending until resumed"),
        ("resume", _resume, "continue a paused wave"),
        ("cancel", _cancel, "stop a wave for good (surveys already sent stay open)"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", type=int)
        if name == "show":
            action.add_argument("--json", action="store_true")
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
    else:
        send_at = parse_send_at("now" if args.now else args.at, now, zone)
    return WaveRequest(
        template_key=args.template,
        event_kind=event_kind,
        window=window,
        send_at=send_at,
        recurrence=recurrence,
        branch=args.branch,
        staff=args.staff,
        remind=not args.no_reminder,
    )


async def _create(args: argparse.Namespace) -> int:
    app = await services()
    try:
        now = app.clock.now()
        try:
            request = _request(args, now, app.settings.zone)
            async with UnitOfWork(app.db) as uow:
                report = await preview_request(uow, request, app.rules, now)
                if args.preview:
                    wave_id = None
                else:
                    wave = await create_wave(uow, app.catalog, request, app.settings.zone, now)
                    wave_id = wave.id
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
        print(wave_id)
    return 0


def _skipped(counts: Mapping[str, int], language: str) -> str:
    """Skip reasons and their counts, e.g. "opted out 2, surveyed recently 1"."""
    shown = [f"{name_of('skip', reason, language)} {n}" for reason, n in sorted(counts.items())]
    return ", ".join(shown) or say("cli_none", language)


def _line(view: WaveView, language: str) -> str:
    c = view.counts
    when = view.recurrence or view.send_at.strftime("%Y-%m-%d %H:%M UTC")
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
        print(_line(view, language))
    return 0


async def _show(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            view = await view_wave(uow, args.id)
    except WaveError as error:
        return fail(error.say(app.settings.language), 1)
    finally:
        await app.close()
    if args.json:
        print_json(view.as_dict())
        return 0
    language = app.settings.language
    print(_line(view, language))
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
        return fail(error.say(app.settings.language), 1)
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
