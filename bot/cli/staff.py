"""``surveybot staff``: who is an admin or a branch manager (by Telegram user id)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.shared.checks import branch_names, known_branch
from bot.cli.shared.common import fail, id_number, print_json, services, user_id_number
from bot.cli.shared.failures import Mistake
from surveys.i18n import name_of, say
from surveys.staff.audit import Actor, record
from surveys.staff.roles import Role, StaffError, add_staff, list_staff, remove_staff
from surveys.storage import UnitOfWork


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "staff",
        help="add, list or remove admins and branch managers",
        description=(
            "Admins (all branches) and branch managers, by Telegram user id. A person finds "
            "their id by sending /whoami to the bot. Example: surveybot staff add --user-id "
            "234567890 --role manager --branch 浦东店"
        ),
    )
    actions = parser.add_subparsers(dest="staff_action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="give a Telegram user a role",
        description=(
            "Gives a role; the branch must exist (imported events create branches) unless "
            "--create-branch is given. The person's user id: they send /whoami to the bot. "
            "Example: surveybot staff add --user-id 234567890 --role manager --branch 浦东店 "
            "--level 1"
        ),
    )
    add.add_argument(
        "--user-id",
        type=user_id_number,
        required=True,
        help="Telegram user id, a number (the person sends /whoami to the bot to learn it)",
    )
    add.add_argument(
        "--role",
        choices=[r.value for r in Role],
        required=True,
        help="admin, manager or shopper (a mystery shopper: no branch)",
    )
    add.add_argument("--branch", help="branch name (required for managers)")
    add.add_argument(
        "--create-branch", action="store_true", help="create the branch if it does not exist"
    )
    add.add_argument("--level", type=id_number, default=1, help="escalation level, 1 = told first")
    add.add_argument("--name", help="display name")
    add.set_defaults(handler=_add)
    listing = actions.add_parser(
        "list",
        help="list staff and their roles",
        description="Every role of every staff member. Example: surveybot staff list --json",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON list (for scripts)")
    listing.set_defaults(handler=_list)
    remove = actions.add_parser(
        "remove",
        help="take a user's roles away",
        description=(
            "Removes roles; the person's open complaints go back to their branch queue. "
            "Example: surveybot staff remove --user-id 234567890 --branch 浦东店"
        ),
    )
    remove.add_argument("--user-id", type=user_id_number, required=True, help="Telegram user id")
    remove.add_argument("--branch", help="only the role in this branch")
    remove.set_defaults(handler=_remove)


async def _add(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db) as uow:
            if args.role == Role.SHOPPER.value and args.branch:
                raise StaffError("shopper_no_branch")
            if args.branch and not args.create_branch and not await known_branch(uow, args.branch):
                known = await branch_names(uow)
                raise Mistake("cli_no_branch_create", name=args.branch, known=known)
            row = await add_staff(
                uow,
                user_id=args.user_id,
                role=Role(args.role),
                branch=args.branch,
                level=args.level,
                now=app.clock.now(),
                name=args.name,
            )
            await record(
                uow,
                at=app.clock.now(),
                actor=Actor.CLI,
                action="staff.add",
                object_type="staff",
                object_id=args.user_id,
            )
    except StaffError as error:
        return fail(error.say(app.settings.language))
    finally:
        await app.close()
    language = app.settings.language
    print(
        say(
            "cli_staff_added",
            language,
            user=row.user_id,
            role=name_of("role", row.role, language),
            branch=row.branch
            or say(
                "shopper_branch_none" if row.role == Role.SHOPPER.value else "all_branches",
                language,
            ),
            level=row.level,
        )
    )
    return 0


async def _list(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            rows = await list_staff(uow)
    finally:
        await app.close()
    if args.json:
        print_json([_row(r) for r in rows])
        return 0
    language = app.settings.language
    if not rows:
        print(say("cli_no_staff", language))
    for row in rows:
        line = say(
            "cli_staff",
            language,
            user=row.user_id,
            role=name_of("role", row.role, language),
            branch=row.branch or say("all_branches", language),
            level=row.level,
            name=row.name or "",
        )
        print(line.rstrip())
    return 0


def _row(row: Any) -> dict[str, Any]:
    return {
        "user_id": row.user_id,
        "role": row.role,
        "branch": row.branch,
        "level": row.level,
        "name": row.name,
    }


async def _remove(args: argparse.Namespace) -> int:
    app = await services()
    returned: list[int] = []
    try:
        async with UnitOfWork(app.db) as uow:
            removed = await remove_staff(uow, user_id=args.user_id, branch=args.branch)
            if removed:
                returned = await app.desk.return_to_queue(uow, args.user_id, app.clock.now())
                await record(
                    uow,
                    at=app.clock.now(),
                    actor=Actor.CLI,
                    action="staff.remove",
                    object_type="staff",
                    object_id=args.user_id,
                )
    except StaffError as error:
        return fail(error.say(app.settings.language))
    finally:
        await app.close()
    language = app.settings.language
    if not removed:
        return fail(say("no_such_role", language, user=args.user_id))
    print(say("cli_staff_removed", language, count=removed, user=args.user_id))
    if returned:
        ids = ", ".join(f"#{i}" for i in returned)
        print(say("cli_back_in_queue", language, ids=ids))
    return 0
