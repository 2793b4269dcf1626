"""Waves in the admin's chat: ``/waves``, ``/wave ID`` and the pause, resume and cancel
buttons under a wave's progress."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from surveys.dialogues.admin_gate import AdminGate
from surveys.i18n import explain, say
from surveys.ports import Button, Clock, InlineKeyboard, Outgoing, Reply, Sender, WaveControlAction
from surveys.staff.audit import Actor, record
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import WaveError
from surveys.waves.service import cancel_wave, pause_wave, resume_wave
from surveys.waves.views import WaveView, list_waves, render_progress, view_wave


class WaveControl:
    def __init__(self, gate: AdminGate, clock: Clock, zone: ZoneInfo) -> None:
        self.gate = gate
        self.clock = clock
        self.zone = zone

    async def list(self, uow: UnitOfWork, sender: Sender) -> Reply:
        language = self.gate.language(sender)
        views = await list_waves(uow, 10)
        if not views:
            return Reply.of(Outgoing(sender.chat_id, say("no_waves", language)))
        lines = [_summary_line(view, language, self.zone) for view in views]
        buttons = [Button(f"#{v.id}", WaveControlAction(v.id, "v")) for v in views]
        rows = tuple(tuple(buttons[i : i + 5]) for i in range(0, len(buttons), 5))
        return Reply.of(Outgoing(sender.chat_id, "\n".join(lines), InlineKeyboard(rows)))

    async def show(
        self, uow: UnitOfWork, sender: Sender, wave_id: int, message_id: int | None
    ) -> Reply:
        language = self.gate.language(sender)
        try:
            view = await view_wave(uow, wave_id)
        except WaveError as error:
            return Reply.of(Outgoing(sender.chat_id, explain(error, language)))
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
        if not await self.gate.allowed(uow, sender, f"wave.{name}", action.wave_id):
            return self.gate.refused(sender, toast=True)
        now = self.clock.now()
        try:
            if action.op == "p":
                await pause_wave(uow, action.wave_id)
            elif action.op == "r":
                await resume_wave(uow, action.wave_id)
            elif action.op == "c":
                await cancel_wave(uow, action.wave_id, now)
        except WaveError as error:
            return Reply(toast=explain(error, self.gate.language(sender)))
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
        shown = await self.show(uow, sender, action.wave_id, message_id)
        return Reply(messages=shown.messages, toast="✔")


def _summary_line(view: WaveView, language: str, zone: ZoneInfo) -> str:
    counts = view.counts
    status = say(f"wave_status_{view.status}", language)
    # Stored in UTC, shown on the business's clock.
    when = view.recurrence or view.send_at.astimezone(zone).strftime("%m-%d %H:%M")
    return (
        f"#{view.id} {view.template} · {view.window} · {when} · {status} · "
        f"{counts.sent}/{counts.total}"
    )
