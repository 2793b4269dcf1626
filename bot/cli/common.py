"""Helpers shared by the subcommands."""

from __future__ import annotations

import json
import sys
from typing import Any

from bot.settings import Settings, load_settings
from bot.wiring import Services, build_services


def settings(**overrides: Any) -> Settings:
    return load_settings(**overrides)


async def services(current: Settings | None = None, **kwargs: Any) -> Services:
    return await build_services(current or settings(), **kwargs)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> int:
    print(f"surveybot: {message}", file=sys.stderr)
    return code
