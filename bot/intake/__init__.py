"""Updates in: our own long polling and the webhook server, for both chat frameworks.

Neither framework's own intake is used. aiogram's webhook answers 200 before handling and
its polling confirms an offset before the batch is handled; python-telegram-bot's drops
what it holds at shutdown. Here an update is confirmed (an offset passed on, a 200
answered) only once its effect is committed, one chat's updates go in order while other
chats go in parallel with bounded concurrency (:mod:`.lanes`), and an update the framework
cannot read is recorded, logged once and skipped (:mod:`.rejects`). The framework only
routes an update to our handlers, through a :class:`~bot.intake.feeding.Feeder`.
"""

from bot.intake.feeding import Feeder, Malformed
from bot.intake.lanes import Lanes

__all__ = ["Feeder", "Lanes", "Malformed"]
