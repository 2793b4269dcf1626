"""One update through the framework, with what the intake does when that fails.

The effect of an update is committed before its reply goes (a survey's next question is
owed in that transaction, so one lost on the way is sent again): :func:`effect_committed`,
called by the reply sender, tells whoever handed the update in, so long polling can
confirm it without waiting for the reply's round trips.

* handled: its effect is committed (the engine records its id with it);
* unreadable (:class:`~bot.intake.feeding.Malformed`): recorded as a fault set aside at
  once, logged once (its id and the error's class, never its content), and skipped;
* failed: a strike is counted; after three strikes of one update it is set aside and
  skipped, before that it is tried again (the database may just be down). A strike that
  cannot be recorded counts as nothing: the update is tried again later.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime

from bot.intake.feeding import Feeder, Malformed, Raw, kind_of, update_id_of
from bot.intake.metrics import Metrics
from surveys.storage.database import Database
from surveys.storage.faults import STRIKES, strike
from surveys.storage.sql import insert_ignore
from surveys.storage.tables import Fault
from surveys.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

SUBJECT = "update"

_committed: ContextVar[Callable[[], None] | None] = ContextVar(
    "surveybot_update_committed", default=None
)


def effect_committed() -> None:
    """The update being handled in this context has its effect committed (a no-op
    outside an update, or when nobody asked to know)."""
    hook = _committed.get()
    if hook is not None:
        hook()


class Outcome(enum.Enum):
    HANDLED = "handled"
    REJECTED = "rejected"  # unreadable: skipped for good
    SET_ASIDE = "set_aside"  # failed three times: skipped for good
    FAILED = "failed"  # try again

    @property
    def final(self) -> bool:
        return self is not Outcome.FAILED


class Handling:
    def __init__(
        self,
        feeder: Feeder,
        db: Database,
        now: Callable[[], datetime],
        metrics: Metrics | None = None,
    ) -> None:
        self.feeder = feeder
        self.db = db
        self.now = now
        self.metrics = metrics

    async def handle(self, update: Raw, committed: Callable[[], None] | None = None) -> Outcome:
        """Handle ``update``; ``committed`` is called once its effect is committed, if its
        handler gets that far (and before the handler's reply is sent)."""
        started = time.perf_counter()
        token = _committed.set(committed)
        try:
            outcome = await self._handle(update)
        finally:
            _committed.reset(token)
        if self.metrics is not None:
            self.metrics.update_done(kind_of(update), outcome.value, time.perf_counter() - started)
        return outcome

    async def _handle(self, update: Raw) -> Outcome:
        update_id = update_id_of(update)
        try:
            await self.feeder.feed(update)
            return Outcome.HANDLED
        except Malformed as error:
            cause = error.__cause__ or error
            log.warning("update %s cannot be read (%s): skipped", update_id, type(cause).__name__)
            if update_id is not None:
                await self._reject(update_id, cause)
            return Outcome.REJECTED
        except Exception as error:
            if update_id is None:
                log.exception("an update without an id failed: skipped")
                return Outcome.REJECTED
            try:
                aside = await strike(
                    self.db,
                    subject=SUBJECT,
                    subject_id=update_id,
                    stage="handle",
                    error=error,
                    at=self.now(),
                )
            except Exception:
                log.exception("update %s failed, and so did counting it", update_id)
                return Outcome.FAILED
            return Outcome.SET_ASIDE if aside else Outcome.FAILED

    async def _reject(self, update_id: int, error: BaseException) -> None:
        at = self.now()
        try:
            async with UnitOfWork(self.db) as uow:
                await uow.session.execute(
                    insert_ignore(
                        uow.dialect,
                        Fault.__table__,  # type: ignore[arg-type]
                        ["subject", "subject_id", "stage"],
                        {
                            "subject": SUBJECT,
                            "subject_id": update_id,
                            "stage": "read",
                            "reason": type(error).__name__[:200],
                            "strikes": STRIKES,
                            "set_aside": True,
                            "first_at": at,
                            "last_at": at,
                        },
                    )
                )
        except Exception:  # the database is down: the log line is the record
            log.exception("update %s: could not record that it cannot be read", update_id)
