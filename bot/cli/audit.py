"""``surveybot audit``: schedule mystery-shopper audits, review them, and follow them up."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.cli.shared.common import fail, output_folder, positive_days, print_json, services
from surveys.audits.actions import schedule_reaudit
from surveys.audits.assignments import AuditRequest, cancel_audit, create_audit
from surveys.audits.model import AuditError
from surveys.audits.reports import calibration
from surveys.audits.review import approve, send_back
from surveys.i18n import name_of, say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.storage.tables import Audit, AuditPhoto, Branch


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
    cancel.add_argument(
        "audit_id", type=int, metavar="ID", help="the audit's id (surveybot audit list)"
    )
    cancel.set_defaults(handler=_cancel)
    review = actions.add_parser(
        "review",
        help="approve a submitted audit, or send it back with a note",
        description=(
            "Approving makes the audit count and opens an improvement action for each failed "
            "item. Example: surveybot audit review 12 --approve"
        ),
    )
    review.add_argument(
        "audit_id", type=int, metavar="ID", help="the audit's id (surveybot audit list)"
    )
    verdict = review.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help="the audit counts")
    verdict.add_argument("--send-back", metavar="NOTE", help="back to the shopper, with a note")
    review.set_defaults(handler=_review)
    reaudit = actions.add_parser(
        "reaudit",
        help="schedule a re-audit of an audit's failed items; prints its id as the last line",
        description=(
            "After the improvement deadline, the failed items are audited again. Example: "
            "surveybot audit reaudit 12 --window 2026-12-28..2026-12-31"
        ),
    )
    reaudit.add_argument(
        "audit_id", type=int, metavar="ID", help="the audit's id (surveybot audit list)"
    )
    reaudit.add_argument(
        "--window", required=True, type=parse_window, metavar="FIRST..LAST", help="local dates"
    )
    reaudit.add_argument("--shopper", type=int, metavar="TELEGRAM_USER_ID", help="who goes")
    reaudit.set_defaults(handler=_reaudit)
    calibrate = actions.add_parser(
        "calibration",
        help="how often two shoppers read each checklist item alike",
        description=(
            "Pairs of audits of one branch by two shoppers within "
            "SURVEYBOT_AUDIT_CALIBRATION_DAYS, item by item. Example: surveybot audit "
            "calibration --days 90"
        ),
    )
    calibrate.add_argument("--days", type=positive_days, default=90, help="look back this far")
    calibrate.add_argument("--json", action="store_true", help="print one JSON list")
    calibrate.set_defaults(handler=_calibration)
    photos = actions.add_parser(
        "photos",
        help="write an audit's photos (items and fixes) to a folder",
        description="Example: surveybot audit photos 12 --out audit-12/",
    )
    photos.add_argument(
        "audit_id", type=int, metavar="ID", help="the audit's id (surveybot audit list)"
    )
    photos.add_argument("--out", type=Path, required=True, help="an existing folder")
    photos.set_defaults(handler=_photos)


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


async def _review(args: argparse.Namespace) -> int:
    app = await services()
    language, now = app.settings.language, app.clock.now()
    try:
        async with UnitOfWork(app.db) as uow:
            if args.approve:
                opened = await approve(
                    uow, app.checklists, app.audit_rules, args.audit_id, None, now
                )
                audit = await uow.session.get_one(Audit, args.audit_id)
                score = "-" if audit.score is None else f"{audit.score:.1f}"
                text = say(
                    "audit_review_approved",
                    language,
                    id=args.audit_id,
                    score=score,
                    count=len(opened),
                )
            else:
                await send_back(uow, args.audit_id, None, args.send_back, now)
                text = say("audit_review_sent_back", language, id=args.audit_id)
            action = "audit.approve" if args.approve else "audit.send_back"
            await record(
                uow,
                at=now,
                actor=Actor.CLI,
                action=action,
                object_type="audit",
                object_id=args.audit_id,
            )
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    print(text)
    return 0


async def _reaudit(args: argparse.Namespace) -> int:
    app = await services()
    language, now = app.settings.language, app.clock.now()
    try:
        async with UnitOfWork(app.db) as uow:
            audit = await schedule_reaudit(
                uow, app.checklists, app.audit_rules, args.audit_id, args.window, args.shopper, now
            )
            await record(
                uow,
                at=now,
                actor=Actor.CLI,
                action="audit.reaudit",
                object_type="audit",
                object_id=audit.id,
            )
            audit_id, shopper = audit.id, audit.shopper_user_id
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    first, last = args.window
    print(say("cli_audit_created", language, shopper=shopper, first=first, last=last))
    print(audit_id)
    return 0


async def _calibration(args: argparse.Namespace) -> int:
    app = await services()
    language, now = app.settings.language, app.clock.now()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            found = await calibration(
                uow, app.checklists, app.audit_rules, now - timedelta(days=args.days), now
            )
    finally:
        await app.close()
    rows: list[dict[str, Any]] = [
        {
            "checklist": a.checklist,
            "item": a.item,
            "pairs": a.pairs,
            "agreed": a.agreed,
            "rate": round(a.rate, 3),
        }
        for a in found
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(say("cli_calibration_line", language, **row, percent=round(100 * row["rate"])))
    if not rows:
        print(say("cli_calibration_none", language))
    return 0


async def _photos(args: argparse.Namespace) -> int:
    output_folder("--out", args.out / "x")
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            rows = list(
                (
                    await uow.session.execute(
                        select(AuditPhoto)
                        .where(AuditPhoto.audit_id == args.audit_id)
                        .order_by(AuditPhoto.id)
                    )
                ).scalars()
            )
    finally:
        await app.close()
    written = 0
    for photo in rows:
        if photo.data is None:
            continue
        subject = f"item-{photo.item_id}" if photo.item_id else f"fix-{photo.action_id}"
        (args.out / f"audit-{args.audit_id}-{photo.id}-{subject}.jpg").write_bytes(photo.data)
        written += 1
    purged = sum(1 for photo in rows if photo.data is None)
    print(
        say("cli_audit_photos", app.settings.language, count=written, purged=purged, path=args.out)
    )
    return 0
