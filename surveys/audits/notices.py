"""What the outbox says about audits, rendered when sent, in the reader's language: the
shopper's assignment (only once its window has opened), send-backs and approvals, the
review card for admins, and improvement actions for the branch's managers.

Kinds: ``au_told``, ``au_back``, ``au_ok``, ``au_review`` (an audit id) and ``ac_open``,
``ac_remind``, ``ac_late`` (an action id), as ``kind:id``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from surveys.audits.model import ChecklistCatalog
from surveys.audits.review import scores_of
from surveys.audits.states import ActionStatus, AuditStatus
from surveys.i18n import say
from surveys.ports import AuditButton, Button, InlineKeyboard, Outgoing, Priority
from surveys.storage.tables import Audit, AuditAction, AuditPhoto, Branch
from surveys.storage.uow import UnitOfWork
from surveys.timemath import format_local

KINDS = ("au_told", "au_back", "au_ok", "au_review", "ac_open", "ac_remind", "ac_late")


def is_audit_notice(kind: str) -> bool:
    return kind.partition(":")[0] in KINDS


def start_button(audit_id: int, language: str, key: str = "audit_btn_start") -> InlineKeyboard:
    return InlineKeyboard(((Button(say(key, language), AuditButton(audit_id, "s")),),))


def review_buttons(audit_id: int, language: str) -> InlineKeyboard:
    return InlineKeyboard(
        (
            (
                Button(say("audit_btn_approve", language), AuditButton(audit_id, "v")),
                Button(say("audit_btn_send_back", language), AuditButton(audit_id, "n")),
            ),
        )
    )


def fix_button(action_id: int, language: str) -> InlineKeyboard:
    return InlineKeyboard(
        ((Button(say("action_btn_fix", language), AuditButton(action_id, "f")),),)
    )


class AuditNotices:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.catalog = ChecklistCatalog()

    async def render(
        self, uow: UnitOfWork, chat_id: int, kind: str, language: str
    ) -> Outgoing | None:
        name, _, number = kind.partition(":")
        if not number.isdigit():
            return None
        if name.startswith("ac_"):
            return await self._action(uow, chat_id, name, int(number), language)
        audit = await uow.session.get(Audit, int(number))
        if audit is None:
            return None
        checklist = await self.catalog.get(uow, audit.checklist_id)
        branch = (await uow.session.get_one(Branch, audit.branch_id)).name
        values = {
            "id": audit.id,
            "checklist": checklist.title.get(language),
            "branch": branch,
            "first": audit.window_start.isoformat(),
            "last": audit.window_end.isoformat(),
        }
        if name == "au_told":
            if audit.status != AuditStatus.ASSIGNED.value:
                return None
            return self._out(
                chat_id, say("audit_told", language, **values), start_button(audit.id, language)
            )
        if name == "au_back":
            if audit.status != AuditStatus.RETURNED.value:
                return None
            text = say("audit_sent_back", language, note=audit.review_note or "", **values)
            return self._out(chat_id, text, start_button(audit.id, language, "audit_btn_resume"))
        if name == "au_ok":
            return self._out(chat_id, say("audit_approved_shopper", language, **values))
        if name == "au_review" and audit.status == AuditStatus.SUBMITTED.value:
            return self._out(
                chat_id,
                await self.review_text(uow, audit, language, values),
                review_buttons(audit.id, language),
            )
        return None

    async def review_text(
        self, uow: UnitOfWork, audit: Audit, language: str, values: dict[str, object]
    ) -> str:
        scores = await scores_of(uow, self.catalog, audit)
        photos = (
            await uow.session.execute(
                select(func.count()).select_from(AuditPhoto).where(AuditPhoto.audit_id == audit.id)
            )
        ).scalar_one()
        if audit.distance_m is None:
            where = say(
                "audit_location_unknown" if audit.latitude is None else "audit_branch_unplaced",
                language,
            )
        else:
            key = "audit_location_far" if audit.location_flagged else "audit_location_near"
            where = say(key, language, meters=round(audit.distance_m))
        lines = [
            say("audit_review_title", language, **values),
            say("audit_review_shopper", language, shopper=audit.shopper_user_id or "-"),
            say(
                "audit_review_score",
                language,
                score=_score(scores.overall),
                failed=len(scores.failed_items),
                photos=photos,
            ),
            where,
        ]
        return "\n".join(lines)

    async def _action(
        self, uow: UnitOfWork, chat_id: int, name: str, action_id: int, language: str
    ) -> Outgoing | None:
        action = await uow.session.get(AuditAction, action_id)
        if action is None or action.status != ActionStatus.OPEN.value:
            return None
        audit = await uow.session.get_one(Audit, action.audit_id)
        checklist = await self.catalog.get(uow, audit.checklist_id)
        item = checklist.item(action.item_id)
        branch = (await uow.session.get_one(Branch, action.branch_id)).name
        text = say(
            {
                "ac_open": "action_opened",
                "ac_remind": "action_reminder",
                "ac_late": "action_overdue",
            }[name],
            language,
            id=action.id,
            branch=branch,
            item=item.text.get(language),
            deadline=format_local(action.deadline_at, self.zone),
        )
        return self._out(chat_id, text, fix_button(action.id, language))

    @staticmethod
    def _out(chat_id: int, text: str, markup: InlineKeyboard | None = None) -> Outgoing:
        return Outgoing(chat_id, text, markup, priority=Priority.NOTICE)


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
