"""What a send teaches us, recorded after it: which message shows a question, which chat
is gone. Each is its own short transaction, never held across a Telegram call."""

from __future__ import annotations

from sqlalchemy import update

from surveys.ports import QuestionShown
from surveys.storage.database import Database
from surveys.storage.tables import Customer, Delivery
from surveys.storage.uow import UnitOfWork


class SendReceipts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def note_shown(self, track: QuestionShown, message_id: int) -> None:
        """Remember which message shows the current question (to edit it later)."""
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Delivery)
                .where(
                    Delivery.id == track.delivery_id,
                    Delivery.current_question == track.question_id,
                )
                .values(question_message_id=message_id)
            )

    async def mark_unreachable(self, chat_id: int, reason: str) -> None:
        """The customer blocked the bot or vanished: no wave will try them again."""
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Customer)
                .where(Customer.chat_id == chat_id)
                .values(unreachable=True, unreachable_reason=reason[:32])
            )
