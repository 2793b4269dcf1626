"""The self-contained demo: sandbox, real bot, simulated customers."""

from bot.demo.runner import DemoError, DemoOptions, run_demo

__all__ = ["DemoError", "DemoOptions", "run_demo"]
