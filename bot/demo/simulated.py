"""A simulated customer: reads what the bot sent in the sandbox and answers like a person."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.demo.personas import Choose, Persona, Skip, Stop, Tap, Type
from bot.sandbox import ChatMessage, Sandbox
from surveys.definitions import QuestionType, Template

WAIT = 15.0


@dataclass
class Conversation:
    """What one customer saw and did, in order, for the transcript."""

    persona: Persona
    lines: list[tuple[str, str]] = field(default_factory=list)
    outcome: str = "no survey"
    title: str | None = None

    def bot(self, text: str) -> None:
        self.lines.append(("bot", text))

    def customer(self, text: str) -> None:
        self.lines.append((self.persona.name, text))


def _question_index(message: ChatMessage) -> int | None:
    """The question index a message asks, read from its buttons' callback data."""
    for data in message.callback_data():
        parts = data.split(":")
        if len(parts) >= 4 and parts[0] == "1" and parts[1] in ("a", "s"):
            return int(parts[3])
    return None


def _buttons(message: ChatMessage) -> str:
    labels = [f"[{b.get('text', '')}]" for row in message.inline_keyboard for b in row]
    return " ".join(labels)


class SimulatedCustomer:
    def __init__(self, persona: Persona, sandbox: Sandbox, template: Template) -> None:
        self.persona = persona
        self.sandbox = sandbox
        self.template = template
        self.chat = persona.telegram_id
        self.log = Conversation(persona)

    def _sent(self) -> list[ChatMessage]:
        return self.sandbox.messages(self.chat)

    async def _next_message(self, seen: int) -> ChatMessage | None:
        try:
            messages = await self.sandbox.wait_for_message(self.chat, seen + 1, timeout=WAIT)
        except TimeoutError:
            return None
        return messages[seen]

    async def say(self, text: str) -> ChatMessage | None:
        seen = len(self._sent())
        self.log.customer(text)
        self.sandbox.send_text(self.chat, text)
        reply = await self._next_message(seen)
        if reply is not None:
            self.log.bot(reply.text or "")
        return reply

    async def share_contact(self, phone: str) -> ChatMessage | None:
        seen = len(self._sent())
        self.log.customer(f"📱 shares contact {phone}")
        self.sandbox.share_contact(self.chat, phone)
        reply = await self._next_message(seen)
        if reply is not None:
            self.log.bot(reply.text or "")
        return reply

    async def answer_survey(self) -> str:
        """Answer the survey that arrives, question by question, until thanked or stopped."""
        seen = len(self._sent())
        message = await self._next_message(seen)
        if message is None:
            self.log.outcome = "no survey"
            return self.log.outcome
        while True:
            seen = len(self._sent())
            index = _question_index(message)
            if index is None:
                self.log.bot(message.text or "")
                self.log.outcome = "completed"
                return self.log.outcome
            self.log.bot(f"{message.text}\n{_buttons(message)}")
            question = self.template.questions[index]
            move = self.persona.move_for(question.id, question.type.value)
            if isinstance(move, Stop):
                reply = await self.say("/stop")
                self.log.outcome = "stopped" if reply is not None else "stuck"
                return self.log.outcome
            self._act(message, question.type, move)
            following = await self._next_message(seen)
            if following is None:
                self.log.outcome = "stuck"
                return self.log.outcome
            message = following

    def _act(
        self, message: ChatMessage, kind: QuestionType, move: Tap | Choose | Type | Skip
    ) -> None:
        first = message.callback_data()[0].split(":")
        prefix = ":".join(first[:4])
        if isinstance(move, Type):
            self.log.customer(move.text)
            self.sandbox.send_text(self.chat, move.text)
            return
        if isinstance(move, Skip):
            data = next(d for d in message.callback_data() if d.split(":")[1] == "s")
            self.log.customer("▸ taps [skip]")
        elif isinstance(move, Choose):
            question = self.template.questions[int(first[3])]
            option = next(i for i, o in enumerate(question.options) if o.id == move.option)
            data = f"{prefix}:{option}"
            label = question.options[option].label.get(self.persona.language)
            self.log.customer(f"▸ taps [{label}]")
        else:
            data = f"{prefix}:{move.value}"
            shown = {1: "yes", 0: "no"}.get(move.value) if kind is QuestionType.YESNO else None
            self.log.customer(f"▸ taps [{shown or move.value}]")
        self.sandbox.tap(self.chat, message.message_id, data)


class SimulatedAdmin:
    """A branch admin who schedules a wave with the chat wizard and watches its progress."""

    def __init__(self, user_id: int, name: str, sandbox: Sandbox) -> None:
        self.user_id = user_id
        self.sandbox = sandbox
        self.log = Conversation(
            Persona("ADMIN", name, "", "zh", "service", "", "", "", user_id),
            title=f" {name} (admin, zh) ",
        )

    def _message(self, message_id: int) -> ChatMessage:
        return next(m for m in self.sandbox.messages(self.user_id) if m.message_id == message_id)

    async def run_wizard(self, choices: list[str]) -> bool:
        """Send /newwave and tap ``choices`` in order; True when the wave was scheduled."""
        self.log.customer("/newwave")
        self.sandbox.send_text(self.user_id, "/newwave")
        try:
            [message] = await self.sandbox.wait_for_message(self.user_id, 1, timeout=WAIT)
        except TimeoutError:
            return False
        for label in choices:
            self.log.bot(f"{message.text}\n{_buttons(message)}")
            data = {
                b["text"]: b["callback_data"] for row in message.inline_keyboard for b in row
            }.get(label)
            if data is None:
                return False
            before = len(message.edits)
            self.log.customer(f"▸ taps [{label}]")
            self.sandbox.tap(self.user_id, message.message_id, data)
            try:
                message = await self.sandbox.wait_for(
                    lambda m=message, n=before: (  # type: ignore[misc]
                        self._message(m.message_id)
                        if len(self._message(m.message_id).edits) > n
                        else None
                    ),
                    WAIT,
                    "the wizard's next step",
                )
            except TimeoutError:
                return False
        self.log.bot(message.text or "")
        return True

    async def watch_progress(self, stop: asyncio.Event) -> None:
        """Record each new text of the admin's progress message until ``stop`` is set."""
        seen: set[str] = set()

        def latest() -> str | None:
            messages = self.sandbox.messages(self.user_id)[1:]
            text = messages[-1].text if messages else None
            return text if text and text not in seen else None

        while not stop.is_set():
            try:
                text = await self.sandbox.wait_for(latest, 0.5, "progress")
            except TimeoutError:
                continue
            seen.add(text)
            self.log.bot(text)
