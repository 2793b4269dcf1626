"""Everything that sends, for one chat framework's messenger: limits, the breaker, the
courier, and every sender over them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.intake.handling import effect_committed
from bot.wiring.services import Services
from surveys.audits.clockwork import AuditClockwork
from surveys.complaints.clockwork import ComplaintClockwork
from surveys.outbox.dispatch import DispatchConfig, Dispatcher
from surveys.outbox.notices import OUTAGE_NOTICE_REASONS, queue_outage_notice
from surveys.outbox.notifier import Notifier, NotifierConfig
from surveys.outbox.owed_replies import OwedReplies
from surveys.outbox.pacing.breaker import Breaker, BreakerConfig, Outage
from surveys.outbox.pacing.limited import LimitedMessenger
from surveys.outbox.pacing.ratelimit import RateLimiter
from surveys.outbox.receipts import SendReceipts
from surveys.outbox.reminders import Reminders
from surveys.outbox.replies import ReplySender
from surveys.outbox.sending.courier import Courier
from surveys.outbox.wave_progress import WaveProgress
from surveys.ports import Messenger
from surveys.ticker import Ticker
from surveys.waves.runner import WaveRunner

log = logging.getLogger(__name__)


@dataclass
class Outbound:
    """Everything that sends, for one chat framework's messenger."""

    limiter: RateLimiter
    replies: ReplySender
    ticker: Ticker
    courier: Courier


LimiterFactory = Callable[[str, float | None], RateLimiter]
"""Makes the limiter of a budget (``"messages"`` or ``"paid"``) at a rate: shared by every
worker through Redis in ``serve`` (:mod:`bot.fleet.shared_limiter`), this process's own
otherwise."""


def own_limiter(budget: str, per_second: float | None) -> RateLimiter:
    return RateLimiter(per_second)


def assemble_outbound(
    services: Services, messenger: Messenger, make_limiter: LimiterFactory = own_limiter
) -> Outbound:
    """Our own sender, rate limits, breaker and outcome policy, the same for every framework."""
    settings = services.settings
    domain = services.domain
    limiter = make_limiter("messages", settings.rate_limit or None)
    paid = make_limiter("paid", settings.paid_rate_limit)
    breaker = Breaker(
        BreakerConfig(settings.probe_first_seconds, settings.probe_max_seconds),
        on_close=lambda outage: tell_admins_of_outage(services, outage),
    )
    courier = Courier(messenger, breaker)
    receipts = SendReceipts(services.db)
    replies = ReplySender(
        LimitedMessenger(messenger, limiter), receipts, courier, on_reply=effect_committed
    )
    quiet = services.rules.quiet_hours
    dispatcher = Dispatcher(
        services.db,
        domain.progress,
        domain.catalog,
        courier,
        services.clock,
        DispatchConfig(
            quiet_hours=quiet,
            zone=settings.zone,
            expire_after=timedelta(hours=settings.expire_after_hours),
            lease=timedelta(seconds=settings.lease_seconds),
        ),
        limiter=limiter,
        paid_limiter=paid,
    )
    remind_after = timedelta(hours=settings.remind_after_hours)
    reminders = Reminders(
        services.db,
        domain.progress,
        domain.intake,
        receipts,
        courier,
        services.clock,
        remind_after=remind_after if remind_after > timedelta(0) else None,
        zone=settings.zone,
        quiet_hours=quiet,
        limiter=limiter,
    )
    progress = WaveProgress(
        services.db, courier, services.clock, language=settings.language, limiter=limiter
    )
    notifier = Notifier(
        services.db,
        courier,
        services.clock,
        domain.desk,
        NotifierConfig(
            zone=settings.zone,
            default_language=settings.language,
            lease=timedelta(seconds=settings.lease_seconds),
        ),
        limiter=limiter,
    )
    complaints = ComplaintClockwork(
        services.db,
        domain.desk,
        services.clock,
        settings.zone,
        digest_at=settings.digest,
    )
    owed = OwedReplies(
        services.db,
        domain.progress,
        receipts,
        courier,
        services.clock,
        lease=timedelta(seconds=settings.reply_retry_seconds),
        limiter=limiter,
    )
    ticker = Ticker(
        services.engine,
        WaveRunner(services.db, services.clock, services.rules),
        dispatcher,
        reminders,
        progress,
        complaints,
        notifier,
        services.clock,
        audits=AuditClockwork(services.db, services.clock, services.audit_rules),
        owed=owed,
    )
    return Outbound(limiter, replies, ticker, courier)


async def tell_admins_of_outage(services: Services, outage: Outage) -> None:
    """A refused token or a wrong Bot API address that lasted: once the bot can reach the
    admins again, they are told how long and why nothing went out."""
    if outage.reason not in OUTAGE_NOTICE_REASONS:
        return
    if outage.seconds < services.settings.outage_notice_seconds:
        return
    await queue_outage_notice(services.db, services.clock.now(), outage)
