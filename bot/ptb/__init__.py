"""The python-telegram-bot 22 runtime: thin handlers over the survey engine."""

from bot.ptb.runtime import PtbRuntime

__all__ = ["PtbRuntime"]
