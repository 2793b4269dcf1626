"""``surveybot audit``: schedule mystery-shopper audits, review them, and follow them up."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.cli.shared.common import fail, print_json, services
from surveys.audits.assignments import AuditRequest, cancel_audit, create_audit
from surveys.audits.model import AuditError
from surveys.i18n import name_of, say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit, Branch


def parse_window(text: str) -> tuple[date, date]:
    """``2026-12-10..2026-12-20`` (local dates, both inclusive), or one date."""
    first, _, last = text.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last else start
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not FIRST..LAST as dates (e.g. 2026-12-10..2026-12-20)"
        ) from None
    if end < start:
        raise argparse.ArgumentTypeError(f"{text!r} ends before it starts")
    return start, end


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "audit",
        help="schedule, list, review and cancel mystery-shopper audits",
        description=(
            "Mystery-shopper audits of a branch against a checklist (pre_sale, after_sale). "
            "Example: surveybot audit create --checklist pre_sale --branch 浦东店 "
            "--window 2026-12-10..2026-12-20"
        ),
    )
    actions = parser.add_subparsers(dest="audit_action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="schedule an audit; prints its id as the last line",
        description=(
            "Schedules an audit. The shopper is told when the window opens, never before; "
            "without --shopper the free shopper with the fewest open audits goes. Example: "
            "surveybot audit create --checklist pre_sale --branch 浦东店 --window "
            "2026-12-10..2026-12-20 --shopper 345678901"
        ),
    )
    create.add_argument("--checklist", required=True, help="checklist key, e.g. pre_sale")
    create.add_argument("--branch", required=True, help="branch name, as imported")
    create.add_argument(
        "--window", required=True, type=parse_window, metavar="FIRST..LAST", help="local dates"
    )
    create.add_argument("--shopper", type=int, metavar="TELEGRAM_USER_ID", help="who goes")
    create.set_defaults(handler=_create)
    listing = actions.add_parser(
        "list",
        help="list audits",
        description="Every audit with its status. Example: surveybot audit list --json",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON list (for scripts)")
    listing.set_defaults(handler=_list)
    cancel = actions.add_parser(
        "cancel",
        help="cancel an open audit",
        description="Example: surveybot audit cancel 12",
    )
    cancel.add_argument("audit_id", type=int, metavar="ID")
    cancel.set_defaults(handler=_cancel)


async def _create(args: argparse.Namespace) -> int:
    app = await services()
    language = app.settings.language
    first, last = args.window
    try:
        now = app.clock.now()
        async with UnitOfWork(app.db) as uow:
            request = AuditRequest(args.checklist, args.branch, first, last, args.shopper)
            audit = await create_audit(uow, app.checklists, app.audit_rules, request, now)
            await record(
                uow,
                at=now,
                actor=Actor.CLI,
                action="audit.create",
                object_type="audit",
                object_id=audit.id,
            )
            audit_id, shopper = audit.id, audit.shopper_user_id
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    print(say("cli_audit_created", language, shopper=shopper, first=first, last=last))
    print(audit_id)
    return 0


async def _list(args: argparse.Namespace) -> int:
    app = await services()
    language = app.settings.language
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            rows = (
                await uow.session.execute(
                    select(Audit, Branch.name)
                    .join(Branch, Branch.id == Audit.branch_id)
                    .order_by(Audit.id)
                )
            ).all()
    finally:
        await app.close()
    listed = [
        {
            "id": audit.id,
            "checklist": audit.checklist_key,
            "branch": branch,
            "window": f"{audit.window_start}..{audit.window_end}",
            "shopper": audit.shopper_user_id,
            "status": audit.status,
            "score": audit.score,
            "location_flagged": audit.location_flagged,
        }
        for audit, branch in rows
    ]
    if args.json:
        print_json(listed)
        return 0
    for row in listed:
        score = "" if row["score"] is None else f" · {row['score']:.1f}"
        status = name_of("audit_status", str(row["status"]), language)
        print(
            f"#{row['id']} · {row['checklist']} · {row['branch']} · {row['window']} · "
            f"{row['shopper']} · {status}{score}"
        )
    if not listed:
        print(say("cli_audits_none", language))
    return 0


async def _cancel(args: argparse.Namespace) -> int:
    app = await services()
    language = app.settings.language
    try:
        async with UnitOfWork(app.db) as uow:
            await cancel_audit(uow, args.audit_id)
            await record(
                uow,
                at=app.clock.now(),
                actor=Actor.CLI,
                action="audit.cancel",
                object_type="audit",
                object_id=args.audit_id,
            )
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    print(say("cli_audit_cancelled", language, id=args.audit_id))
    return 0
