"""Everything the bot sends that nobody just asked for, and the limits it sends within.

Owns: the survey dispatcher (``dispatch``), reminders and expiry (``reminders``), manager
cards, customer notices and digests (``notifier``), the admin's live wave progress
(``wave_progress``), our rate limiter (``ratelimit``, ``limited``), the sender of replies
to inbound updates (``replies``) and the outbox's states. May import every domain
package below the dialogues; nothing in the domain imports a sender.
"""
