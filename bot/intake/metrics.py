"""What a worker shows Prometheus at ``GET /metrics`` (on its own ``--metrics-port``).

Counters and the latency histogram are kept by this process; the outbox and the
complaints are read from the database when Prometheus asks (so every worker shows the
same figures for them, and a worker just started shows them right away). Nothing here
names a customer or holds their words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select

from surveys.complaints.states import ACTIVE
from surveys.outbox.pacing.ratelimit import LimiterStats
from surveys.outbox.states import SendStatus
from surveys.storage.database import Database
from surveys.storage.tables import Complaint, Delivery
from surveys.storage.uow import UnitOfWork

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One worker's metrics, in a registry of its own (tests make several)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "surveybot_updates",
            "Updates taken in, by kind and outcome",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "surveybot_handler_seconds",
            "Seconds from taking an update to its effect committed and its reply sent",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.rejected_webhook_calls = Counter(
            "surveybot_webhook_refused",
            "Webhook calls refused for a missing or wrong secret",
            registry=self.registry,
        )
        self.live: list[_Live] = []

    def update_done(self, kind: str, outcome: str, seconds: float) -> None:
        self.updates.labels(kind, outcome).inc()
        self.latency.observe(seconds)

    def watch(
        self,
        db: Database,
        now: Callable[[], datetime],
        limiter: Callable[[], LimiterStats | None],
    ) -> None:
        """Read the outbox, the complaints and the limiter whenever Prometheus asks."""
        live = _Live(db, now, limiter)
        self.registry.register(live)
        self.live.append(live)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _Live:
    """A collector that reads the database at each scrape (prometheus-client's own way)."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime],
        limiter: Callable[[], LimiterStats | None],
    ) -> None:
        self.db = db
        self.now = now
        self.limiter = limiter
        self.latest: list[Metric] = []

    def collect(self) -> Iterable[Metric]:
        # prometheus-client collects synchronously: the figures are read by
        # :func:`refresh` just before, in the event loop.
        return list(self.latest)

    async def refresh(self) -> None:
        now = self.now()
        async with UnitOfWork(self.db, readonly=True) as uow:
            by_status = (
                await uow.session.execute(
                    select(Delivery.status, func.count()).group_by(Delivery.status)
                )
            ).all()
            oldest = (
                await uow.session.execute(
                    select(func.min(Delivery.due_at)).where(
                        Delivery.status == SendStatus.PENDING.value, Delivery.due_at <= now
                    )
                )
            ).scalar_one()
            complaints = (
                await uow.session.execute(
                    select(
                        func.count(),
                        func.count().filter(Complaint.resolve_deadline < now),
                    ).where(Complaint.status.in_(ACTIVE))
                )
            ).one()
        sends = GaugeMetricFamily(
            "surveybot_sends", "Surveys in the outbox, by outcome so far", labels=["outcome"]
        )
        for status, count in by_status:
            sends.add_metric([str(status)], float(count))
        depth = sum(count for status, count in by_status if status == SendStatus.PENDING.value)
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        family: list[Metric] = [
            sends,
            GaugeMetricFamily("surveybot_outbox_depth", "Surveys waiting to go", value=depth),
            GaugeMetricFamily(
                "surveybot_outbox_oldest_seconds", "Age of the oldest due survey", value=age
            ),
            GaugeMetricFamily(
                "surveybot_complaints_open",
                "Complaints a manager must act on",
                value=float(complaints[0]),
            ),
            GaugeMetricFamily(
                "surveybot_complaints_overdue",
                "Open complaints past their deadline",
                value=float(complaints[1]),
            ),
        ]
        stats = self.limiter()
        if stats is not None:
            family += [
                GaugeMetricFamily(
                    "surveybot_limiter_waited_seconds",
                    "Seconds sends waited for the rate limiter, in total",
                    value=stats.waited_seconds,
                ),
                GaugeMetricFamily(
                    "surveybot_limiter_waiting",
                    "Sends waiting for a slot now",
                    value=float(stats.waiting),
                ),
                GaugeMetricFamily(
                    "surveybot_limiter_pauses",
                    "Pauses after Telegram said 429",
                    value=float(stats.pauses),
                ),
            ]
        self.latest = family


def metrics_app(metrics: Metrics) -> web.Application:
    """``GET /metrics``, for a port of its own (never the public webhook's)."""

    async def scrape(request: web.Request) -> web.Response:
        for collector in metrics.live:
            await collector.refresh()
        body = metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    return app
