"""A simulated customer: reads what the bot sent in the sandbox and answers like a person."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.demo.personas import Choose, Persona, Skip, Stop, Tap, Type
from bot.sandbox import ChatMessage, Sandbox
from surveys.conversation.definitions import QuestionType, Template

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
        self._read = 0

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
        self._read = len(self._sent())
        return reply

    async def share_contact(self, phone: str) -> ChatMessage | None:
        seen = len(self._sent())
        self.log.customer(f"📱 shares contact {phone}")
        self.sandbox.share_contact(self.chat, phone)
        reply = await self._next_message(seen)
        if reply is not None:
            self.log.bot(reply.text or "")
        self._read = len(self._sent())
        return reply

    async def catch_up(self) -> None:
        """Log what the bot sent after the customer stopped reading (e.g. a manager will call)."""
        for message in self._sent()[self._read :]:
            self.log.bot(f"{message.text}\n{_buttons(message)}".rstrip())
        self._read = len(self._sent())

    async def answer_solved(self, solved: bool) -> bool:
        """Answer "Was your problem solved?" when it arrives."""
        await self.catch_up()

        def asked() -> ChatMessage | None:
            return next(
                (
                    m
                    for m in self._sent()[self._read :]
                    if any(":y:" in data for data in m.callback_data())
                ),
                None,
            )

        try:
            question = await self.sandbox.wait_for(asked, WAIT, "the question whether it is solved")
        except TimeoutError:
            return False
        await self.catch_up()
        label, data = next(
            (b["text"], b["callback_data"])
            for row in question.inline_keyboard
            for b in row
            if b["callback_data"].endswith(":1" if solved else ":0")
        )
        seen = len(self._sent())
        self.log.customer(f"▸ taps [{label}]")
        self.sandbox.tap(self.chat, question.message_id, data)
        reply = await self._next_message(seen)
        if reply is not None:
            self.log.bot(reply.text or "")
        self._read = len(self._sent())
        return reply is not None

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
                self._read = len(self._sent())
                return self.log.outcome
            self.log.bot(f"{message.text}\n{_buttons(message)}")
            question = self.template.questions[index]
            move = self.persona.move_for(question.id, question.type.value)
            if isinstance(move, Stop):
                reply = await self.say("/stop")
                self.log.outcome = "stopped" if reply is not None else "stuck"
                self._read = len(self._sent())
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


class SimulatedManager:
    """A branch manager who handles escalation cards in the chat."""

    def __init__(self, user_id: int, name: str, sandbox: Sandbox) -> None:
        self.user_id = user_id
        self.sandbox = sandbox
        self.log = Conversation(
            Persona("MANAGER", name, "", "zh", "service", "", "", "", user_id),
            title=f" {name} (manager, zh) ",
        )

    def _message(self, message_id: int) -> ChatMessage:
        return next(m for m in self.sandbox.messages(self.user_id) if m.message_id == message_id)

    async def card_about(self, customer: str, timeout: float = WAIT) -> ChatMessage | None:  # noqa: ASYNC109
        def find() -> ChatMessage | None:
            return next(
                (
                    m
                    for m in self.sandbox.messages(self.user_id)
                    if "投诉 #" in (m.text or "") and customer in (m.text or "")
                ),
                None,
            )

        try:
            card = await self.sandbox.wait_for(find, timeout, f"a card about {customer}")
        except TimeoutError:
            return None
        self.log.bot(f"{card.text}\n{_buttons(card)}")
        return card

    async def tap(self, message: ChatMessage, label: str) -> ChatMessage | None:
        """Tap a button on ``message`` and return it as edited (None if nothing happened)."""
        data = {b["text"]: b["callback_data"] for row in message.inline_keyboard for b in row}
        if label not in data:
            return None
        before = len(self._message(message.message_id).edits)
        sent = len(self.sandbox.messages(self.user_id))
        self.log.customer(f"▸ taps [{label}]")
        self.sandbox.tap(self.user_id, message.message_id, data[label])

        def changed() -> ChatMessage | None:
            current = self._message(message.message_id)
            if len(current.edits) > before:
                return current
            messages = self.sandbox.messages(self.user_id)
            return messages[-1] if len(messages) > sent else None

        try:
            result = await self.sandbox.wait_for(changed, WAIT, "the bot's answer")
        except TimeoutError:
            return None
        self.log.bot(f"{result.text}\n{_buttons(result)}".rstrip())
        return result

    async def write(self, text: str) -> ChatMessage | None:
        sent = len(self.sandbox.messages(self.user_id))
        self.log.customer(text)
        self.sandbox.send_text(self.user_id, text)
        try:
            messages = await self.sandbox.wait_for_message(self.user_id, sent + 1, timeout=WAIT)
        except TimeoutError:
            return None
        reply = messages[sent]
        self.log.bot(f"{reply.text}\n{_buttons(reply)}".rstrip())
        return reply
