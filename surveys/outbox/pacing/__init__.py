"""How fast the bot may send: our own flood control, ahead of Telegram's 429.

Owns the rate limiter (overall pace, per-chat pace for notices, replies first, a global
pause after 429) and the messenger wrapper that keeps every send inside it. May import
only ``surveys.ports``.
"""
