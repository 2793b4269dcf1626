"""Sends what the engine answered to one update, after its transaction has committed.

The button tap is answered first, so the client stops spinning; if that fails (429,
Telegram down) the answer is already committed and the edit and the next question still
go. A reply that finds Telegram down trips the breaker and waits, a short while, for
Telegram to answer again: a customer is waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from surveys.outbox.receipts import SendReceipts
from surveys.outbox.sending.courier import Courier
from surveys.outbox.sending.outcomes import Outcome, SendOutcome, attempt
from surveys.ports import Messenger, Outgoing, QuestionShown, Reply, SendError

log = logging.getLogger(__name__)


class ReplySender:
    def __init__(
        self,
        messenger: Messenger,
        receipts: SendReceipts,
        courier: Courier | None = None,
        *,
        patience: float = 10.0,
        on_reply: Callable[[], None] | None = None,
    ) -> None:
        self.messenger = messenger
        self.receipts = receipts
        self.courier = courier
        self.patience = patience
        self.on_reply = on_reply
        """Called as a reply starts to go: the effect of the update it answers is committed
        by then, so the intake may confirm that update before the reply's round trips."""

    async def send(self, reply: Reply, callback_id: str | None = None) -> None:
        """Answer the button tap, then send the messages in order."""
        if self.on_reply is not None:
            self.on_reply()
        if reply.duplicate:
            return
        tracks = [message.track for message in reply.messages if message.track is not None]
        for track in tracks:
            self.receipts.sending(track)
        marked: set[QuestionShown] = set()
        try:
            await self._send_all(reply, callback_id, marked)
        finally:
            for track in tracks:
                if track not in marked:
                    self.receipts.not_sent(track)

    async def _send_all(
        self, reply: Reply, callback_id: str | None, marked: set[QuestionShown]
    ) -> None:
        if callback_id is not None:
            try:
                await self.messenger.answer_callback(callback_id, reply.toast, reply.alert)
            except SendError as error:
                log.info("button tap not acknowledged (%r); the reply still goes", error)
        for message in reply.messages:
            outcome = await self._send(message)
            if outcome.outcome is Outcome.GONE:
                log.info("chat %s is unreachable (%s)", message.chat_id, outcome.reason)
                await self.receipts.mark_unreachable(message.chat_id, outcome.reason)
                return
            if not outcome.sent:
                log.warning("reply to chat %s not sent: %s", message.chat_id, outcome.reason)
                continue
            assert outcome.message_id is not None
            if message.track is not None:
                self.receipts.note_shown_soon(message.track, outcome.message_id)
                marked.add(message.track)

    async def drain(self) -> None:
        """At a graceful stop: write the marks of replies sent that still wait for their
        batch (else those questions would be sent again after the restart)."""
        await self.receipts.drain()

    async def _send(self, message: Outgoing) -> SendOutcome:
        deadline = time.monotonic() + self.patience
        while True:
            outcome = await attempt(self.messenger, message)
            if outcome.outcome is not Outcome.DOWN or self.courier is None:
                return outcome
            self.courier.breaker.trip(outcome.reason)
            while not await self.courier.ready():
                if time.monotonic() >= deadline:
                    return outcome
                await asyncio.sleep(0.25)
