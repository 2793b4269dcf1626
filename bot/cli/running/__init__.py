"""The commands that run the bot: ``run`` (long polling) and ``demo`` (the bot against
the local sandbox, no token needed). Each imports its framework only when it runs."""
