"""What a send teaches us, recorded after it: which message shows a question (and so that
the reply a survey owed is paid), which chat is gone. Never held across a Telegram call.

Marks of shown questions come from every reply in flight at once, so they are written by
micro-batches (group commit, every ``window`` seconds): two hundred answers a second cost
a few short transactions a second, not one each, and the reply does not wait for its mark.
A mark lost to a crash only means the question is sent again (replies are sent at least
once); a graceful stop writes the marks still waiting (:meth:`SendReceipts.drain`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, update

from surveys.conversation.states import SurveyState
from surveys.outbox.sending.batching import Batcher
from surveys.ports import QuestionShown
from surveys.storage.database import Database
from surveys.storage.tables import Customer, Delivery
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

DELIVERIES: Table = Delivery.__table__  # type: ignore[assignment]


class SendReceipts:
    def __init__(self, db: Database, *, window: float = 0.1, size: int = 500) -> None:
        self.db = db
        self.in_flight: set[int] = set()
        """Deliveries whose reply this process is sending (or whose mark is not written
        yet): not to be sent again by the ticker, however slow Telegram is today."""
        self._shown: Batcher[tuple[QuestionShown, int], None] = Batcher(
            self._write_shown, window=window, size=size
        )

    async def note_shown(self, track: QuestionShown, message_id: int) -> None:
        """Remember which message shows the current question (to edit it later); the reply
        the survey owed is paid. Returns once it is written."""
        await self._shown.submit((track, message_id))

    def note_shown_soon(self, track: QuestionShown, message_id: int) -> None:
        """The same, written with the next batch; the caller goes on at once."""
        self.in_flight.add(track.delivery_id)
        written = self._shown.offer((track, message_id))
        written.add_done_callback(lambda future: self._written(track, future))

    def sending(self, track: QuestionShown) -> None:
        """This process is sending the reply of ``track`` right now."""
        self.in_flight.add(track.delivery_id)

    def not_sent(self, track: QuestionShown) -> None:
        """The send is over and did not go: the ticker may send it again when it is due."""
        self.in_flight.discard(track.delivery_id)

    def _written(self, track: QuestionShown, future: asyncio.Future[None]) -> None:
        self.in_flight.discard(track.delivery_id)
        _log_failure(future)

    async def drain(self) -> None:
        """Write the marks still waiting (at shutdown)."""
        await self._shown.drain()

    async def _write_shown(self, marks: Sequence[tuple[QuestionShown, int]]) -> list[None]:
        questions: list[dict[str, Any]] = []
        thanks: list[dict[str, Any]] = []
        for track, message_id in marks:
            if track.question_id is None:
                thanks.append({"b_id": track.delivery_id})
            else:
                row = {"b_id": track.delivery_id, "b_q": track.question_id, "b_m": message_id}
                questions.append(row)
        async with UnitOfWork(self.db, inline=True) as uow:
            connection = await uow.session.connection()
            if questions:
                await connection.execute(
                    update(DELIVERIES)
                    .where(
                        DELIVERIES.c.id == bindparam("b_id"),
                        DELIVERIES.c.current_question == bindparam("b_q"),
                    )
                    .values(question_message_id=bindparam("b_m"), reply_due_at=None),
                    questions,
                )
            if thanks:
                await connection.execute(
                    update(DELIVERIES)
                    .where(
                        DELIVERIES.c.id == bindparam("b_id"),
                        DELIVERIES.c.current_question.is_(None),
                        DELIVERIES.c.survey_state == SurveyState.COMPLETED.value,
                    )
                    .values(reply_due_at=None),
                    thanks,
                )
        return [None] * len(marks)

    async def give_up(self, delivery_ids: Sequence[int]) -> None:
        """Replies that can never go (the chat is gone, Telegram refuses the message)."""
        if not delivery_ids:
            return
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Delivery).where(Delivery.id.in_(delivery_ids)).values(reply_due_at=None)
            )

    async def mark_unreachable(self, chat_id: int, reason: str) -> None:
        """The customer blocked the bot or vanished: no wave will try them again, and no
        reply is owed to them any more."""
        async with UnitOfWork(self.db) as uow:
            await uow.session.execute(
                update(Customer)
                .where(Customer.chat_id == chat_id)
                .values(unreachable=True, unreachable_reason=reason[:32])
            )
            await uow.session.execute(
                update(Delivery)
                .where(Delivery.chat_id == chat_id, Delivery.reply_due_at.is_not(None))
                .values(reply_due_at=None)
            )


def _log_failure(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning(
            "marks of replies sent were not written (they will be sent again): %r",
            future.exception(),
        )
