"""Several workers on one database: what they share and what keeps them apart.

``guard`` lets one ``run`` (or one ``serve`` without Redis) own a database and refuses a
second with one line; ``shared_limiter`` is one rate budget for every worker, kept in
Redis behind the :class:`~surveys.outbox.pacing.ratelimit.RateLimiter` every sender
already uses; ``health`` is what ``GET /healthz`` asks.
"""
