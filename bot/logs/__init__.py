"""Logging for people who run the bot: one set-up, lines worth reading, no secret in any.

Owns the set-up of handlers, levels and the JSON format (``setup``) and the filter that
masks tokens, secrets and passwords wherever a line would show them (``redaction``).
"""
