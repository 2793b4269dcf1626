"""The admin's wave wizard in the chat: template, window, branch, send time, confirm.

Wizard state lives in the database (``wizard_drafts``), so a restart in the middle of
it loses nothing. The confirmation shows how many customers the wave reaches and who
is skipped, and why, from the same code that later writes the deliveries.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import delete, select

from surveys.conversation.catalog import TemplateCatalog
from surveys.dialogues.admin_gate import AdminGate
from surveys.i18n import explain, say
from surveys.ports import Button, Clock, InlineKeyboard, Outgoing, Reply, Sender, WizardAction
from surveys.staff.audit import Actor, record
from surveys.storage.tables import Branch, WizardDraft
from surveys.storage.uow import UnitOfWork
from surveys.waves.audience import AudienceReport
from surveys.waves.model import DEFAULT_EVENT_KIND, AudienceRules, WaveError, WaveRequest
from surveys.waves.schedule import Recurrence, ScheduleError, parse_window, resolve
from surveys.waves.service import create_wave, preview_request

WINDOWS = ("yesterday", "today", "last_7_days", "last_week")
SEND_CHOICES = ("now", "next", "every")
DEFAULT_SEND_TIME = time(10, 0)
MAX_BRANCH_BUTTONS = 20
STEPS = {"t": "template", "w": "window", "b": "branch", "s": "send"}
"""The wizard's steps in order (code on the button, key in the draft); "c" confirms."""


class WaveWizard:
    def __init__(
        self, gate: AdminGate, catalog: TemplateCatalog, clock: Clock, rules: AudienceRules
    ) -> None:
        self.gate = gate
        self.catalog = catalog
        self.clock = clock
        self.rules = rules

    async def start(self, uow: UnitOfWork, sender: Sender) -> Reply:
        await uow.session.execute(delete(WizardDraft).where(WizardDraft.user_id == sender.user_id))
        draft = WizardDraft(user_id=sender.user_id, data={}, created_at=self.clock.now())
        uow.session.add(draft)
        await uow.session.flush()
        return await self._step(uow, sender, draft, None)

    async def wizard(
        self, uow: UnitOfWork, sender: Sender, action: WizardAction, message_id: int | None
    ) -> Reply:
        if not await self.gate.allowed(uow, sender, "wave.wizard"):
            return self.gate.refused(sender, toast=True)
        language = self.gate.language(sender)
        draft = await uow.session.get(WizardDraft, action.draft_id)
        if draft is None or draft.user_id != sender.user_id:
            return Reply(toast=say("stale_tap", language))
        data = dict(draft.data)
        options = await self._options(uow, action.step, language)
        if not 0 <= action.choice < len(options):
            return Reply(toast=say("stale_tap", language))
        value = options[action.choice][0]
        if action.step == "c":
            if value == "cancel":
                await uow.session.delete(draft)
                text = say("wizard_cancelled", language)
                return Reply(messages=(Outgoing(sender.chat_id, text, edit_message_id=message_id),))
            if value == "paid":
                draft.data = {**data, "paid": True}
            return await self._confirm(uow, sender, draft, message_id)
        data[STEPS[action.step]] = value
        draft.data = data
        await uow.session.flush()
        return await self._step(uow, sender, draft, message_id)

    async def _options(self, uow: UnitOfWork, step: str, language: str) -> list[tuple[Any, str]]:
        if step == "t":
            keys = await self.catalog.keys(uow)
            labelled = []
            for key in keys:
                _, template = await self.catalog.latest(uow, key)
                labelled.append((key, template.title.get(language)))
            return labelled
        if step == "w":
            return [(name, say(f"window_{name}", language)) for name in WINDOWS]
        if step == "b":
            names = (
                await uow.session.execute(
                    select(Branch.name).order_by(Branch.name).limit(MAX_BRANCH_BUTTONS)
                )
            ).scalars()
            return [(None, say("all_branches", language)), *((n, n) for n in names)]
        if step == "s":
            at = DEFAULT_SEND_TIME.strftime("%H:%M")
            return [
                ("now", say("send_now", language)),
                ("next", say("send_next", language, at=at)),
                ("every", say("send_every_day", language, at=at)),
            ]
        return [
            ("confirm", say("confirm_send", language)),
            ("cancel", say("cancel", language)),
            ("paid", say("confirm_paid", language)),
        ]

    async def _step(
        self, uow: UnitOfWork, sender: Sender, draft: WizardDraft, message_id: int | None
    ) -> Reply:
        language = self.gate.language(sender)
        data = draft.data
        step = next((code for code, key in STEPS.items() if key not in data), "c")
        options = await self._options(uow, step, language)
        buttons = [
            Button(label, WizardAction(draft.id, step, index))
            for index, (_, label) in enumerate(options)
        ]
        rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        if step == "c":
            text = await self._confirmation_text(uow, data, language)
        else:
            text = say(f"wizard_{step}", language)
        return Reply(
            messages=(
                Outgoing(sender.chat_id, text, InlineKeyboard(rows), edit_message_id=message_id),
            ),
            toast="✔" if message_id is not None else None,
        )

    def _request(self, data: dict[str, Any], sender: Sender | None, now: datetime) -> WaveRequest:
        window = parse_window(str(data["window"]))
        recurrence = None
        send_at = None
        if data["send"] == "every":
            recurrence = Recurrence(DEFAULT_SEND_TIME)
        elif data["send"] == "next":
            send_at = Recurrence(DEFAULT_SEND_TIME).next_after(now, self.rules.zone)
        else:
            send_at = now
        key = str(data["template"])
        return WaveRequest(
            template_key=key,
            event_kind=DEFAULT_EVENT_KIND.get(key, "service"),
            window=window,
            send_at=send_at,
            recurrence=recurrence,
            branch=data.get("branch"),
            created_by=sender.user_id if sender else None,
            progress_chat_id=sender.chat_id if sender else None,
            progress_language=self.gate.language(sender) if sender else None,
            paid_broadcast=bool(data.get("paid")),
        )

    async def _confirmation_text(self, uow: UnitOfWork, data: dict[str, Any], language: str) -> str:
        now = self.clock.now()
        request = self._request(data, None, now)
        report = await preview_request(uow, request, self.rules, now)
        first, last = resolve(request.window, now, self.rules.zone)
        days = f"{first}" if first == last else f"{first}..{last}"
        _, template = await self.catalog.latest(uow, request.template_key)
        send = {
            "now": say("send_now", language),
            "next": say("send_next", language, at=DEFAULT_SEND_TIME.strftime("%H:%M")),
            "every": say("send_every_day", language, at=DEFAULT_SEND_TIME.strftime("%H:%M")),
        }[str(data["send"])]
        lines = [
            say("confirm_title", language),
            say("confirm_template", language, title=template.title.get(language)),
            say(
                "confirm_window",
                language,
                window=say(f"window_{data['window']}", language),
                days=days,
            ),
            say(
                "confirm_branch",
                language,
                branch=data.get("branch") or say("all_branches", language),
            ),
            say("confirm_send_at", language, send=send),
            "",
            _reach_text(report, language),
        ]
        quiet = self.rules.quiet_hours
        if quiet is not None and data["send"] == "now" and quiet.contains(now, self.rules.zone):
            lines.append(say("quiet_now", language, quiet=str(quiet)))
        return "\n".join(lines)

    async def _confirm(
        self, uow: UnitOfWork, sender: Sender, draft: WizardDraft, message_id: int | None
    ) -> Reply:
        language = self.gate.language(sender)
        now = self.clock.now()
        try:
            request = self._request(dict(draft.data), sender, now)
            wave = await create_wave(uow, self.catalog, request, self.rules.zone, now)
        except (WaveError, ScheduleError) as error:
            return Reply(toast=explain(error, language), alert=True)
        await uow.session.delete(draft)
        await record(
            uow,
            at=now,
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action="wave.create",
            object_type="wave",
            object_id=wave.id,
        )
        text = say("wave_created", language, id=wave.id)
        return Reply(
            messages=(Outgoing(sender.chat_id, text, edit_message_id=message_id),), toast="✔"
        )


def _reach_text(report: AudienceReport, language: str) -> str:
    skipped = ", ".join(
        f"{say('skip_' + reason, language)} {number}"
        for reason, number in sorted(report.skipped.items())
    )
    text = say("reaches", language, count=report.eligible)
    if skipped:
        text += "\n" + say("wave_skipped", language, reasons=skipped)
    if report.merged:
        text += "\n" + say("merged_visits", language, count=report.merged)
    return text
