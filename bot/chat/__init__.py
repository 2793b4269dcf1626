"""What both chat frameworks share about Telegram, so that each adapter stays thin.

Owns the callback-data codec (``callbacks``), the command menus (``commands``) and the
staff members' own menus (``staff_menus``), routing a message to the engine
(``routing``), captions and why a recipient is gone (``sending``), and what Telegram's
errors mean to the outbox (``errors``). May import ``surveys``; never aiogram or
python-telegram-bot.
"""
