"""Everything the bot sends, over one mechanism, within one set of limits.

Owns: the mechanism every sender shares (``sending``: leases, the courier, what a send's
result means), the survey sender (``dispatch``), reminders and expiry (``reminders``),
manager cards, customer notices and digests (``notifier``, worded by ``notices``), the
admin's live wave progress (``wave_progress``), replies to inbound updates (``replies``,
``receipts``), our flood control and breaker (``pacing``) and the outbox's states. May
import every domain package below the dialogues; nothing in the domain imports a sender.
"""
