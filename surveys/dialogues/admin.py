"""Admins in the chat: the wave wizard, wave control, and importing a file by upload.

Every action is checked against the user's role by Telegram user id and
written to the audit log; refusals are audited too. Wizard state lives in the
database (``wizard_drafts``), so a restart in the middle of it loses nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from surveys.conversation.catalog import TemplateCatalog
from surveys.i18n import Text, explain, pick_language, say
from surveys.importing import ImportFileError, open_events
from surveys.importing.service import EventImporter, ImportReport
from surveys.ports import (
    Button,
    Clock,
    InlineKeyboard,
    Outgoing,
    Reply,
    Sender,
    WaveControlAction,
    WizardAction,
)
from surveys.staff.audit import Actor, record
from surveys.staff.roles import permissions
from surveys.storage.database import Database
from surveys.storage.tables import Branch, WizardDraft
from surveys.storage.uow import UnitOfWork
from surveys.waves.audience import AudienceReport
from surveys.waves.model import DEFAULT_EVENT_KIND, AudienceRules, WaveError, WaveRequest
from surveys.waves.schedule import Recurrence, ScheduleError, parse_window, resolve
from surveys.waves.service import cancel_wave, create_wave, pause_wave, preview_request, resume_wave
from surveys.waves.views import WaveView, list_waves, view_wave

WINDOWS = ("yesterday", "today", "last_7_days", "last_week")
SEND_CHOICES = ("now", "next", "every")
DEFAULT_SEND_TIME = time(10, 0)
MAX_BRANCH_BUTTONS = 20
SHOWN_IMPORT_ERRORS = 15

ADMIN_COMMANDS = frozenset({"newwave", "waves", "wave"})

FetchFile = Callable[[], Awaitable[Path]]


@dataclass(frozen=True, slots=True)
class AdminConfig:
    default_language: str
    default_region: str


class Admin:
    def __init__(
        self,
        db: Database,
        catalog: TemplateCatalog,
        clock: Clock,
        rules: AudienceRules,
        config: AdminConfig,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.rules = rules
        self.config = config

    # ------------------------------------------------------------------ access

    def language(self, sender: Sender) -> str:
        return pick_language(sender.language_code, default=self.config.default_language)

    async def allowed(self, uow: UnitOfWork, sender: Sender, action: str, obj: Any = None) -> bool:
        """Whether ``sender`` is an admin; a refusal is audited."""
        if (await permissions(uow, sender.user_id)).admin:
            return True
        await record(
            uow,
            at=self.clock.now(),
            actor=Actor.STAFF,
            user_id=sender.user_id,
            action=action,
            object_type="wave" if obj is not None else None,
            object_id=obj,
            allowed=False,
        )
        return False

    def refused(self, sender: Sender, *, toast: bool = False) -> Reply:
        text = say("staff_only", self.language(sender))
        if toast:
            return Reply(toast=text, alert=True)
        return Reply.of(Outgoing(sender.chat_id, text))

    # ---------------------------------------------------------------- commands

    async def command(self, uow: UnitOfWork, sender: Sender, name: str, args: str | None) -> Reply:
        if not await self.allowed(uow, sender, f"admin.{name}"):
            return self.refused(sender)
        if name == "newwave":
            return await self._start_wizard(uow, sender)
        if name == "waves":
            return await self._list(uow, sender)
        if args and args.strip().lstrip("#").isdigit():
            return await self._show(uow, sender, int(args.strip().lstrip("#")), None)
        return Reply.of(Outgoing(sender.chat_id, say("wave_usage", self.language(sender))))

    async def _list(self, uow: UnitOfWork, sender: Sender) -> Reply:
        language = self.language(sender)
        views = await list_waves(uow, 10)
        if not views:
            return Reply.of(Outgoing(sender.chat_id, say("no_waves", language)))
        lines = [_summary_line(view, language) for view in views]
        buttons = [Button(f"#{v.id}", WaveControlAction(v.id, "v")) for v in views]
        rows = tuple(tuple(buttons[i : i + 5]) for i in range(0, len(buttons), 5))
        return Reply.of(Outgoing(sender.chat_id, "\n".join(lines), InlineKeyboard(rows)))

    async def _show(
        self, uow: UnitOfWork, sender: Sender, wave_id: int, message_id: int | None
    ) -> Reply:
        language = self.language(sender)
        try:
            view = await view_wave(uow, wave_id)
        except WaveError as error:
            return Reply.of(Outgoing(sender.chat_id, explain(error, language)))
        from surveys.outbox.wave_progress import render_progress

        text = render_progress(view, language)
        controls: list[Button] = []
        if view.status in ("scheduled", "sending"):
            controls.append(Button(say("pause", language), WaveControlAction(wave_id, "p")))
        if view.status == "paused":
            controls.append(Button(say("resume", language), WaveControlAction(wave_id, "r")))
        if view.status in ("scheduled", "sending", "paused"):
            controls.append(Button(say("cancel_wave", language), WaveControlAction(wave_id, "c")))
        controls.append(Button("↻", WaveControlAction(wave_id, "v")))
        keyboard = InlineKeyboard((tuple(controls),))
        return Reply.of(Outgoing(sender.chat_id, text, keyboard, edit_message_id=message_id))

    async def control(
        self, uow: UnitOfWork, sender: Sender, action: WaveControlAction, message_id: int | None
    ) -> Reply:
        name = {"v": "view", "p": "pause", "r": "resume", "c": "cancel"}[action.op]
        if not await self.allowed(uow, sender, f"wave.{name}", action.wave_id):
            return self.refused(sender, toast=True)
        now = self.clock.now()
        try:
            if action.op == "p":
                await pause_wave(uow, action.wave_id)
            elif action.op == "r":
                await resume_wave(uow, action.wave_id)
            elif action.op == "c":
                await cancel_wave(uow, action.wave_id, now)
        except WaveError as error:
            return Reply(toast=explain(error, self.language(sender)))
        if action.op != "v":
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action=f"wave.{name}",
                object_type="wave",
                object_id=action.wave_id,
            )
            await uow.session.flush()
        shown = await self._show(uow, sender, action.wave_id, message_id)
        return Reply(messages=shown.messages, toast="✔")

    # ------------------------------------------------------------------ wizard

    async def _start_wizard(self, uow: UnitOfWork, sender: Sender) -> Reply:
        await uow.session.execute(delete(WizardDraft).where(WizardDraft.user_id == sender.user_id))
        draft = WizardDraft(user_id=sender.user_id, data={}, created_at=self.clock.now())
        uow.session.add(draft)
        await uow.session.flush()
        return await self._step(uow, sender, draft, None)

    async def wizard(
        self, uow: UnitOfWork, sender: Sender, action: WizardAction, message_id: int | None
    ) -> Reply:
        if not await self.allowed(uow, sender, "wave.wizard"):
            return self.refused(sender, toast=True)
        language = self.language(sender)
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
            return await self._confirm(uow, sender, draft, message_id)
        data[{"t": "template", "w": "window", "b": "branch", "s": "send"}[action.step]] = value
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
        return [("confirm", say("confirm_send", language)), ("cancel", say("cancel", language))]

    async def _step(
        self, uow: UnitOfWork, sender: Sender, draft: WizardDraft, message_id: int | None
    ) -> Reply:
        language = self.language(sender)
        data = draft.data
        step = next(
            (
                code
                for code, key in (
                    ("t", "template"),
                    ("w", "window"),
                    ("b", "branch"),
                    ("s", "send"),
                )
                if key not in data
            ),
            "c",
        )
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
            progress_language=self.language(sender) if sender else None,
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
        language = self.language(sender)
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

    # ------------------------------------------------------------------ import

    async def document(self, uow: UnitOfWork, sender: Sender, file_name: str) -> Reply | None:
        """None when the sender may import (the caller then fetches and imports)."""
        if await self.allowed(uow, sender, "import.file"):
            return None
        return self.refused(sender)

    async def import_file(self, sender: Sender, file_name: str, fetch: FetchFile) -> Reply:
        language = self.language(sender)
        path = await fetch()
        now = self.clock.now()
        try:
            with open_events(
                path,
                timezone=self.rules.zone,
                default_region=self.config.default_region,
                now=now,
            ) as events:
                report = await EventImporter(self.db, self.clock.now).run(events)
                warnings = list(events.warnings)
        except ImportFileError as error:
            return Reply.of(
                Outgoing(
                    sender.chat_id,
                    say(
                        "import_unreadable",
                        language,
                        name=file_name,
                        error=explain(error, language),
                    ),
                )
            )
        async with UnitOfWork(self.db) as uow:
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="import.file",
            )
        return Reply.of(
            Outgoing(sender.chat_id, _import_text(file_name, report, warnings, language))
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


def _summary_line(view: WaveView, language: str) -> str:
    counts = view.counts
    status = say(f"wave_status_{view.status}", language)
    when = view.recurrence or view.send_at.strftime("%m-%d %H:%M")
    return (
        f"#{view.id} {view.template} · {view.window} · {when} · {status} · "
        f"{counts.sent}/{counts.total}"
    )


def _import_text(name: str, report: ImportReport, warnings: list[Text], language: str) -> str:
    lines = [
        say(
            "import_done",
            language,
            name=name,
            rows=report.rows,
            good=report.good_rows,
            bad=len(report.errors),
            events=report.events_new,
            customers=report.customers_new,
        )
    ]
    lines.extend(f"⚠️ {warning.say(language)}" for warning in warnings)
    for error in report.errors[:SHOWN_IMPORT_ERRORS]:
        lines.append(say("import_line", language, line=error.line, reason=error.reason))
    hidden = len(report.errors) - SHOWN_IMPORT_ERRORS
    if hidden > 0:
        lines.append(say("import_more", language, count=hidden))
    return "\n".join(lines)
