"""``surveybot``: the command line. Each subcommand lives in its own module.

Heavy imports (aiogram takes seconds to import) happen only inside the
subcommands that need them, so ``surveybot --help`` and the data commands
start fast. Every failure ends as one line on stderr (:mod:`bot.cli.shared.failures`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import NoReturn

from bot.cli import (
    audit,
    branch,
    complaints,
    database,
    importer,
    link,
    reports,
    staff,
    wave,
)
from bot.cli.running import run, serve
from bot.cli.shared.common import context, early_logging, language
from bot.cli.shared.failures import EXPECTED, UNEXPECTED, crash_log, explain
from bot.logs.redaction import redact
from surveys.i18n import Text, say

COMMANDS = (run, serve, wave, complaints, reports, importer, link, staff, branch, audit, database)
BROKEN_PIPE = 141
"""What a shell reports for a program whose reader went away (128 + SIGPIPE)."""


def _version() -> str:
    try:
        return version("surveybot")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


class Parser(argparse.ArgumentParser):
    """A mistake in the arguments is one line too, pointing at the command's help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="surveybot",
        description=(
            "Satisfaction surveys after every sale and service visit, in Telegram; "
            "unhappy answers become complaints a manager must close."
        ),
        epilog=(
            "First time? `surveybot demo` shows everything on this machine, no token needed; "
            "`surveybot COMMAND --help` explains each command, with an example."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    from bot.cli.running import demo

    demo.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    early_logging(getattr(args, "command_log_level", "WARNING"))
    try:
        result = asyncio.run(args.handler(args))
        sys.stdout.flush()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE
    except Exception as error:
        return _report(error, arguments)
    return int(result or 0)


def _report(error: Exception, arguments: list[str]) -> int:
    words = explain(error, context())
    if words is not None:
        line = words.say(language()) if isinstance(words, Text) else words
        print(redact(f"surveybot: {line}"), file=sys.stderr)
        return EXPECTED
    path = crash_log(error, arguments)
    first = (str(error).strip().splitlines() or [""])[0]
    described = f"{type(error).__name__}: {first}" if first else type(error).__name__
    print(
        redact("surveybot: " + say("cli_crash", language(), error=described, path=path)),
        file=sys.stderr,
    )
    return UNEXPECTED


def _discard_stdout() -> None:
    """The reader of our output went away (``| head -1``): say nothing more, anywhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
