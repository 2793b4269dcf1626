"""One rate budget for every worker, through Redis: each limiter stands for a worker."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.fleet.shared_limiter import SharedLimiter
from surveys.ports import Priority


def _workers(redis: Any, count: int, rate: float, chat_interval: float = 1.0) -> list[Any]:
    return [
        SharedLimiter(redis, redis.test_prefix, rate, chat_interval=chat_interval)
        for _ in range(count)
    ]


async def test_the_overall_rate_holds_across_workers(redis_client: Any) -> None:
    rate, per_worker = 50.0, 25
    workers = _workers(redis_client, 3, rate)
    stamps: list[float] = []

    async def send(limiter: SharedLimiter, chat: int) -> None:
        await limiter.acquire(chat, Priority.REPLY)
        stamps.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(
        *(send(w, 10_000 * n + i) for n, w in enumerate(workers) for i in range(per_worker))
    )
    elapsed = time.monotonic() - started
    total = 3 * per_worker
    # Alone, each worker would send its 25 at 50/s in 0.5 s; together they take 1.5 s.
    assert elapsed >= (total - 1) / rate * 0.95
    stamps.sort()
    window = [b - a for a, b in zip(stamps, stamps[10:], strict=False)]
    assert min(window) >= 10 / rate * 0.8  # never a burst above the rate


async def test_one_notice_a_second_per_chat_across_workers(redis_client: Any) -> None:
    first, second = _workers(redis_client, 2, 1000.0, chat_interval=0.3)
    started = time.monotonic()
    await first.acquire(7, Priority.NOTICE)
    await second.acquire(7, Priority.NOTICE)
    await first.acquire(7, Priority.NOTICE)
    assert time.monotonic() - started >= 0.55
    other = time.monotonic()
    await second.acquire(8, Priority.NOTICE)  # another chat is not held back
    assert time.monotonic() - other < 0.1


async def test_a_429_pauses_every_worker(redis_client: Any) -> None:
    first, second = _workers(redis_client, 2, 1000.0)
    first.pause(0.4)
    await asyncio.sleep(0.05)  # the pause reaches Redis
    started = time.monotonic()
    await second.acquire(1, Priority.REPLY)
    assert time.monotonic() - started >= 0.3
    await second.wait_resumed()


async def test_replies_go_before_notices_of_other_workers(redis_client: Any) -> None:
    first, second = _workers(redis_client, 2, 20.0)
    order: list[str] = []

    async def send(limiter: SharedLimiter, chat: int, priority: Priority, name: str) -> None:
        await limiter.acquire(chat, priority)
        order.append(name)

    await asyncio.gather(
        *(send(first, 100 + i, Priority.REPLY, "reply") for i in range(6)),
        *(send(second, 200 + i, Priority.NOTICE, "notice") for i in range(3)),
    )
    assert order[:6].count("reply") >= 5
