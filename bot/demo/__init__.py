"""The self-contained demo: sandbox, real bot, simulated customers."""

from bot.demo.runner import DemoError, DemoOptions, demo_files, run_demo

__all__ = ["DemoError", "DemoOptions", "demo_files", "run_demo"]
