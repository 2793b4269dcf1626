"""``surveybot complaints``: the complaint queue, for people and for scripts."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from bot.cli.shared.common import id_number, print_json, services
from surveys.complaints.states import ACTIVE, UNFINISHED
from surveys.i18n import name_of, names_of, say
from surveys.storage import UnitOfWork
from surveys.storage.tables import Branch, Complaint, Customer
from surveys.timemath import format_local


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "complaints",
        help="list complaints (open ones first)",
        description=(
            "Lists complaints with their customer (id as imported), status, severity, topics, "
            "assignee and deadlines (in the business time zone, SURVEYBOT_TIMEZONE). --json "
            "prints one JSON list for scripts (times in UTC, ISO 8601). "
            "Example: surveybot complaints --status open --branch 浦东店"
        ),
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON list (for scripts) instead of lines"
    )
    parser.add_argument(
        "--status",
        choices=("open", "unfinished", "all"),
        default="all",
        help="open: a manager must act; unfinished: also resolved awaiting the customer",
    )
    parser.add_argument("--branch", help="only this branch")
    parser.add_argument(
        "--limit", type=id_number, default=500, help="show at most this many (default 500)"
    )
    parser.set_defaults(handler=_complaints)


async def _complaints(args: argparse.Namespace) -> int:
    app = await services()
    zone = app.settings.zone
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            query = (
                select(Complaint, Customer.external_id, Branch.name)
                .join(Customer, Customer.id == Complaint.customer_id)
                .outerjoin(Branch, Branch.id == Complaint.branch_id)
                .order_by(Complaint.status.in_(ACTIVE).desc(), Complaint.ack_deadline, Complaint.id)
                .limit(args.limit)
            )
            if args.status == "open":
                query = query.where(Complaint.status.in_(ACTIVE))
            elif args.status == "unfinished":
                query = query.where(Complaint.status.in_(UNFINISHED))
            if args.branch:
                query = query.where(Branch.name == args.branch)
            rows = (await uow.session.execute(query)).all()
    finally:
        await app.close()
    language = app.settings.language
    items = [_item(complaint, customer_id, branch) for complaint, customer_id, branch in rows]
    deadlines = [format_local(complaint.ack_deadline, zone) for complaint, _, _ in rows]
    if args.json:
        print_json(items)
        return 0
    if not items:
        print(say("cli_no_complaints", language))
    for item, deadline in zip(items, deadlines, strict=True):
        print(_line(item, deadline, language))
    return 0


def _line(item: dict[str, Any], deadline: str, language: str) -> str:
    return say(
        "cli_complaint",
        language,
        id=item["id"],
        status=name_of("complaint", item["status"], language),
        severity=name_of("severity", item["severity"], language),
        branch=item["branch"] or "-",
        customer=item["customer_id"],
        assignee=item["assignee"] or "-",
        ack=deadline,
        topics=names_of("topic", item["topics"], language) or "-",
    )


def _item(complaint: Complaint, customer_id: str, branch: str | None) -> dict[str, Any]:
    return {
        "id": complaint.id,
        "customer_id": customer_id,
        "status": complaint.status,
        "severity": complaint.severity,
        "topics": [t for t in (complaint.topics or "").split(",") if t],
        "assignee": complaint.assignee_user_id,
        "branch": branch,
        "source": complaint.source,
        "level": complaint.level,
        "triggers": [t for t in complaint.triggers.split(",") if t],
        "created_at": complaint.created_at.isoformat(),
        "ack_deadline": complaint.ack_deadline.isoformat(),
        "resolve_deadline": complaint.resolve_deadline.isoformat(),
        "resolved_at": complaint.resolved_at.isoformat() if complaint.resolved_at else None,
        "closed_at": complaint.closed_at.isoformat() if complaint.closed_at else None,
        "root_cause": complaint.root_cause,
    }
