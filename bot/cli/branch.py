"""``surveybot branch``: a branch's own working week, and the list of branches.

Deadlines count in the branch's business hours, and outside them a card arrives silently;
a branch without its own hours follows the escalation rule file (seven days, 09:00-18:00
as shipped).
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from bot.cli.shared.checks import branch_names
from bot.cli.shared.common import services
from bot.cli.shared.failures import Mistake
from surveys.complaints.escalation.week import WeekError, format_week, parse_week
from surveys.i18n import say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.storage.tables import Branch


def business_hours(text: str) -> str:
    """The ``--hours`` value, checked and written the one way it is stored
    ("mon-sun 09:00-18:00")."""
    try:
        return format_week(*parse_week(text))
    except WeekError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "branch",
        help="a branch's business hours; list the branches",
        description=(
            "Business hours per branch: complaint deadlines count in them, and outside them "
            "a manager's card arrives silently (critical complaints ring at any hour). "
            'Example: surveybot branch set 浦东店 --hours "mon-sun 09:00-18:00"'
        ),
    )
    actions = parser.add_subparsers(dest="branch_action", required=True, metavar="ACTION")
    setting = actions.add_parser(
        "set",
        help="set a branch's business hours",
        description=(
            'Days as a range or a list, then the hours: "mon-sun 09:00-18:00", "mon-fri '
            '08:30-17:30", "mon,wed,sat 10:00-16:00". --hours default goes back to the '
            'rule file\'s. Example: surveybot branch set 浦东店 --hours "mon-sun 09:00-18:00"'
        ),
    )
    setting.add_argument("branch", help="the branch name, as imported")
    setting.add_argument(
        "--hours",
        required=True,
        type=lambda text: None if text.strip().lower() == "default" else business_hours(text),
        help='working days and hours, e.g. "mon-sun 09:00-18:00", or "default"',
    )
    setting.set_defaults(handler=_set)
    listing = actions.add_parser(
        "list",
        help="list the branches and their business hours",
        description="Every branch and its business hours. Example: surveybot branch list",
    )
    listing.set_defaults(handler=_list)


async def _set(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db) as uow:
            branch = (
                await uow.session.execute(select(Branch).where(Branch.name == args.branch))
            ).scalar_one_or_none()
            if branch is None:
                known = await branch_names(uow)
                raise Mistake("cli_no_branch", name=args.branch, known=known)
            branch.hours = args.hours
            await record(
                uow,
                at=app.clock.now(),
                actor=Actor.CLI,
                action="branch.hours",
                object_type="branch",
                object_id=branch.id,
            )
    finally:
        await app.close()
    language = app.settings.language
    hours = args.hours or say("cli_branch_default_hours", language)
    print(say("cli_branch_hours_set", language, branch=args.branch, hours=hours))
    return 0


async def _list(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            rows = (
                await uow.session.execute(select(Branch.name, Branch.hours).order_by(Branch.name))
            ).all()
        calendar = app.domain.escalation.calendar
    finally:
        await app.close()
    language = app.settings.language
    shipped = format_week(calendar.weekdays, calendar.opens, calendar.closes)
    if not rows:
        print(say("cli_no_branches", language))
    for name, hours in rows:
        own = hours or say("cli_branch_rule_file", language, hours=shipped)
        print(say("cli_branch_line", language, branch=name, hours=own))
    return 0
