"""``surveybot demo --play``: try the bot yourself, as a customer, a manager or an admin.

A small local web page over the sandbox: pick a person, read their chat, type and tap
buttons, and watch the real bot answer. Everything runs on this machine (127.0.0.1): the
sandbox, the bot, a SQLite database, and the page with its few lines of plain JavaScript
(no CDN). The page talks only to :mod:`bot.play.web`, which drives the sandbox in
process, so the sandbox needs no hook of its own.
"""

from bot.play.session import PlayOptions, PlaySession, open_play
from bot.play.web import make_app, serve_play

__all__ = ["PlayOptions", "PlaySession", "make_app", "open_play", "serve_play"]
