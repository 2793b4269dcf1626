"""``surveybot branch``: what the bot needs to know of a branch (its working week, where it
is), and the list of branches.

Deadlines count in the branch's business hours, and outside them a card arrives silently;
a branch without its own hours follows the escalation rule file (seven days, 09:00-18:00
as shipped). A mystery shopper's shared location is checked against the branch's.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.cli.shared.checks import branch_names
from bot.cli.shared.common import fail, services
from bot.cli.shared.failures import Mistake
from surveys.audits.geo import branch_location, set_branch_location
from surveys.audits.model import AuditError
from surveys.complaints.escalation.week import WeekError, format_week, parse_week
from surveys.i18n import say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.storage.tables import Branch


def business_hours(text: str) -> str | None:
    """The ``--hours`` value, checked and written the one way it is stored
    ("mon-sun 09:00-18:00"); None for "default" (the rule file's)."""
    if text.strip().lower() == "default":
        return None
    try:
        return format_week(*parse_week(text))
    except WeekError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_location(text: str) -> tuple[float, float]:
    """``LAT,LON`` in decimal degrees (``31.2304,121.4737``), as argparse's type."""
    parts = [part.strip() for part in text.replace("，", ",").split(",")]
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not LAT,LON in decimal degrees (e.g. 31.2304,121.4737)"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise argparse.ArgumentTypeError(f"{text!r}: latitude -90..90, longitude -180..180")
    return latitude, longitude


_UNSET = object()


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "branch",
        help="a branch's business hours and location; list the branches",
        description=(
            "Business hours per branch: complaint deadlines count in them, and outside them "
            "a manager's card arrives silently (critical complaints ring at any hour). A "
            "mystery shopper's shared location is checked against the branch's. "
            'Example: surveybot branch set 浦东店 --hours "mon-sun 09:00-18:00" '
            "--location 31.2304,121.4737"
        ),
    )
    actions = parser.add_subparsers(dest="branch_action", required=True, metavar="ACTION")
    setting = actions.add_parser(
        "set",
        help="set a branch's business hours or location",
        description=(
            'Days as a range or a list, then the hours: "mon-sun 09:00-18:00", "mon-fri '
            '08:30-17:30", "mon,wed,sat 10:00-16:00". --hours default goes back to the '
            'rule file\'s. Example: surveybot branch set 浦东店 --hours "mon-sun 09:00-18:00"'
        ),
    )
    setting.add_argument("branch", metavar="BRANCH", help="the branch name, as imported")
    setting.add_argument(
        "--hours",
        default=_UNSET,
        type=business_hours,
        help='working days and hours, e.g. "mon-sun 09:00-18:00", or "default"',
    )
    setting.add_argument(
        "--location",
        type=parse_location,
        metavar="LAT,LON",
        help="where the branch is, in decimal degrees (e.g. 31.2304,121.4737)",
    )
    setting.set_defaults(handler=_set)
    listing = actions.add_parser(
        "list",
        help="list the branches, their business hours and locations",
        description="Every branch, its business hours and location. Example: surveybot branch list",
    )
    listing.set_defaults(handler=_list)


async def _set(args: argparse.Namespace) -> int:
    app = await services()
    language = app.settings.language
    hours_given = args.hours is not _UNSET
    try:
        if not hours_given and args.location is None:
            return fail(say("cli_branch_nothing_to_set", language))
        async with UnitOfWork(app.db) as uow:
            branch = (
                await uow.session.execute(select(Branch).where(Branch.name == args.branch))
            ).scalar_one_or_none()
            if branch is None:
                known = await branch_names(uow)
                raise Mistake("cli_no_branch", name=args.branch, known=known)
            if hours_given:
                branch.hours = args.hours
                await _audit(uow, app.clock.now(), "branch.hours", branch.id)
            if args.location is not None:
                latitude, longitude = args.location
                await set_branch_location(uow, args.branch, latitude, longitude, app.clock.now())
                await _audit(uow, app.clock.now(), "branch.location", branch.id)
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    if hours_given:
        hours = args.hours or say("cli_branch_default_hours", language)
        print(say("cli_branch_hours_set", language, branch=args.branch, hours=hours))
    if args.location is not None:
        lat, lon = args.location
        print(say("cli_branch_located", language, branch=args.branch, lat=lat, lon=lon))
    return 0


async def _audit(uow: UnitOfWork, at: datetime, action: str, branch_id: int) -> None:
    await record(
        uow, at=at, actor=Actor.CLI, action=action, object_type="branch", object_id=branch_id
    )


async def _list(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            rows = (
                await uow.session.execute(
                    select(Branch.id, Branch.name, Branch.hours).order_by(Branch.name)
                )
            ).all()
            places = {row.id: await branch_location(uow, row.id) for row in rows}
        calendar = app.domain.escalation.calendar
    finally:
        await app.close()
    language = app.settings.language
    shipped = format_week(calendar.weekdays, calendar.opens, calendar.closes)
    if not rows:
        print(say("cli_no_branches", language))
    for branch_id, name, hours in rows:
        own = hours or say("cli_branch_rule_file", language, hours=shipped)
        line = say("cli_branch_line", language, branch=name, hours=own)
        place = places[branch_id]
        print(f"{line}  {place[0]},{place[1]}" if place else line)
    return 0
