"""``surveybot``: the command line. Each subcommand lives in its own module.

Heavy imports (aiogram takes seconds to import) happen only inside the
subcommands that need them, so ``surveybot --help`` and the data commands
start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.cli import complaints, database, importer, link, reports, run, staff, wave
from bot.settings import SettingsError

COMMANDS = (run, wave, complaints, reports, importer, link, staff, database)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="surveybot",
        description=(
            "Satisfaction surveys after every sale and service visit, in Telegram; "
            "unhappy answers become complaints a manager must close."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    from bot.cli import demo

    demo.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        result = asyncio.run(args.handler(args))
    except SettingsError as error:
        print(f"surveybot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
