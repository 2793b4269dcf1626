"""The web: a survey by link for customers without Telegram, and the managers' desk.

Owns: signed single-use links (``keys``), which survey a link opens (``links``, and
``wave_links`` for the customers of a wave without a chat), a survey answered on a page
(``survey``, recording through ``answering``), the desk's queue and complaint (``desk``),
its actions (``desk_actions``) and signing in (``sign_in``). It sits beside the dialogues:
it may import every domain package, the outbox and the dialogues, and knows nothing of
HTTP (``bot/web`` serves the pages).
"""
