"""Approved audits as rows, for the export beside the survey export: one row per answered
item, with its score, its time and the number of photos kept for it.

Written as CSV in UTF-8 with a BOM (cells Excel would run as formulas get a leading
apostrophe, as in the survey export). The shopper's id is included only for admins.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select

from surveys.audits.fieldwork import audit_items
from surveys.audits.model import ChecklistCatalog
from surveys.audits.review import answers_of
from surveys.audits.scoring import item_score
from surveys.audits.states import AuditStatus
from surveys.i18n import name_of, say
from surveys.reports.scope import ReportScope
from surveys.storage.tables import Audit, AuditAnswer, AuditPhoto, Branch
from surveys.storage.uow import UnitOfWork

COLUMNS = (
    "audit",
    "checklist",
    "branch",
    "submitted",
    "shopper",
    "section",
    "item",
    "touchpoint",
    "value",
    "score",
    "text",
    "answered",
    "photos",
)


def _local(instant: datetime | None, scope: ReportScope) -> str:
    return "" if instant is None else f"{instant.astimezone(scope.zone):%Y-%m-%d %H:%M:%S}"


async def audit_rows(
    uow: UnitOfWork,
    catalog: ChecklistCatalog,
    scope: ReportScope,
    language: str,
    *,
    include_shopper: bool = False,
) -> list[list[Any]]:
    """The rows, headed by the columns' names in ``language``; [] when no audit counts."""
    start, end = scope.bounds()
    query = (
        select(Audit, Branch.name)
        .join(Branch, Branch.id == Audit.branch_id)
        .where(
            Audit.status == AuditStatus.APPROVED.value,
            Audit.submitted_at >= start,
            Audit.submitted_at < end,
        )
        .order_by(Audit.id)
    )
    if scope.branch_ids:
        query = query.where(Audit.branch_id.in_(scope.branch_ids))
    rows: list[list[Any]] = []
    for audit, branch in (await uow.session.execute(query)).all():
        checklist = await catalog.get(uow, audit.checklist_id)
        values = await answers_of(uow, audit.id)
        answers = {
            a.item_id: a
            for a in (
                await uow.session.execute(
                    select(AuditAnswer).where(AuditAnswer.audit_id == audit.id)
                )
            ).scalars()
        }
        photos = Counter(
            (
                await uow.session.execute(
                    select(AuditPhoto.item_id).where(AuditPhoto.audit_id == audit.id)
                )
            ).scalars()
        )
        sections = {s.id: s.title.get(language) for s in checklist.sections}
        for item in audit_items(checklist, audit):
            answer = answers.get(item.id)
            if answer is None:
                continue
            score = item_score(item, values.get(item.id))
            rows.append(
                [
                    audit.id,
                    checklist.title.get(language),
                    branch,
                    _local(audit.submitted_at, scope),
                    audit.shopper_user_id if include_shopper else "",
                    sections[item.section],
                    item.text.get(language),
                    name_of("touchpoint", item.touchpoint, language),
                    "" if answer.value is None else answer.value,
                    "" if score is None else round(score, 1),
                    answer.text or "",
                    _local(answer.answered_at, scope),
                    photos.get(item.id, 0),
                ]
            )
    if not rows:
        return []
    return [[say(f"audit_column_{c}", language) for c in COLUMNS], *rows]


def audit_csv(rows: list[list[Any]]) -> bytes:
    from surveys.reports.export.csv_file import csv_cell  # the export package loads openpyxl

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")
