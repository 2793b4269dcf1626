"""The one mechanism every sender uses: rows leased from a table, sent by the courier,
their results read one way.

Owns the lease-based outbox over any table (``lease``), what a send's result means
(``outcomes``), the courier that keeps as many calls in flight as rate and round trip
need (``courier``) and the micro-batches that write its marks and outcomes
(``batching``). May import ``surveys.ports``, ``surveys.storage`` and the outbox's
``pacing``.
"""
