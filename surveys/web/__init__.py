"""The web: a survey by link for customers without Telegram, and the managers' desk.

Owns: signed single-use links and desk sessions (``keys``), the link a customer gets for
their latest visit (``links``), a survey answered on a page (``survey``), the desk's queue,
complaint and actions (``desk``, ``desk_actions``) and signing in (``sign_in``). It sits
beside the engine: it may import every domain package, the outbox and the dialogues, and
knows nothing of HTTP (``bot/web`` serves the pages).
"""
