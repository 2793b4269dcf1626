"""The aiogram 3 runtime: thin handlers over the survey engine."""

from bot.aiogram.runtime import AiogramRuntime

__all__ = ["AiogramRuntime"]
