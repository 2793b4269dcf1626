"""Sends what the engine answered to one update, after its transaction has committed."""

from __future__ import annotations

import logging

from surveys.outbox.outcomes import Outcome, attempt
from surveys.outbox.receipts import SendReceipts
from surveys.ports import Messenger, Reply

log = logging.getLogger(__name__)


class ReplySender:
    def __init__(self, messenger: Messenger, receipts: SendReceipts) -> None:
        self.messenger = messenger
        self.receipts = receipts

    async def send(self, reply: Reply, callback_id: str | None = None) -> None:
        """Answer the button tap (always, so the client stops spinning), then send in order."""
        if reply.duplicate:
            return
        if callback_id is not None:
            await self.messenger.answer_callback(callback_id, reply.toast, reply.alert)
        for message in reply.messages:
            outcome = await attempt(self.messenger, message)
            if outcome.outcome is Outcome.GONE:
                log.info("chat %s is unreachable (%s)", message.chat_id, outcome.reason)
                await self.receipts.mark_unreachable(message.chat_id, outcome.reason)
                return
            if not outcome.sent:
                log.warning("reply to chat %s not sent: %r", message.chat_id, outcome.error)
                continue
            assert outcome.message_id is not None
            if message.track is not None:
                await self.receipts.note_shown(message.track, outcome.message_id)
