"""An audit item as the shopper sees it: its words and the buttons its type needs."""

from __future__ import annotations

from surveys.audits.checklists import ItemType
from surveys.audits.fieldwork import Step
from surveys.i18n import say
from surveys.ports import AuditButton, Button, InlineKeyboard, Outgoing

SCALE = (1, 2, 3, 4, 5)


def step_message(chat_id: int, step: Step, language: str) -> Outgoing:
    """The item being asked, its photo if one is due, or the summary before submitting."""
    audit_id = step.audit.id
    pause = Button(say("audit_btn_pause", language), AuditButton(audit_id, "p"))
    if step.item is None:
        lines = [say("audit_done", language, count=len(step.items))]
        if step.needs_location:
            lines.append(say("audit_ask_location", language))
            return Outgoing(chat_id, "\n".join(lines), InlineKeyboard(((pause,),)))
        submit = Button(say("audit_btn_submit", language), AuditButton(audit_id, "b"))
        return Outgoing(chat_id, "\n".join(lines), InlineKeyboard(((submit, pause),)))
    item, position = step.item, step.position
    section = next(s for s in step.checklist.sections if s.id == item.section)
    lines = [
        say(
            "audit_item",
            language,
            position=position,
            total=len(step.items),
            section=section.title.get(language),
        ),
        item.text.get(language),
    ]
    rows: list[tuple[Button, ...]] = []
    if step.needs_photo:
        lines.append(say("audit_item_photo", language))
    elif item.type is ItemType.PASS_FAIL:
        rows.append(
            (
                Button(say("audit_btn_pass", language), AuditButton(audit_id, "a", position, 1)),
                Button(say("audit_btn_fail", language), AuditButton(audit_id, "a", position, 0)),
            )
        )
    elif item.type is ItemType.SCALE:
        rows.append(tuple(Button(str(v), AuditButton(audit_id, "a", position, v)) for v in SCALE))
    elif item.type is ItemType.NUMBER:
        lines.append(say("audit_item_number", language))
    else:
        lines.append(say("audit_item_text", language))
    if item.photo and not step.needs_photo:
        lines.append(say("audit_item_photo_after", language))
    if step.needs_location and position == 1:
        lines.append(say("audit_ask_location", language))
    rows.append((pause,))
    return Outgoing(chat_id, "\n".join(lines), InlineKeyboard(tuple(rows)))
