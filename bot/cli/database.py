"""``surveybot db``: schema migrations."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.shared.common import check_database, database_shown, said, settings
from bot.cli.shared.failures import Mistake
from surveys.storage import Database
from surveys.storage.migrate import current_revision, downgrade, head_revision, upgrade


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "db",
        help="create or migrate the database schema",
        description=(
            "The database schema, by Alembic revision. `surveybot db upgrade` creates the "
            "database (a SQLite file is created here, and only here or by run, import and "
            "demo) or brings it up to date; `surveybot run` does the same on start. "
            "Example: SURVEYBOT_DATABASE_URL=sqlite+aiosqlite:////srv/surveybot/surveybot.db "
            "surveybot db upgrade"
        ),
    )
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    up = actions.add_parser(
        "upgrade",
        help="apply migrations (default: to the newest)",
        description="Creates the database if needed and applies migrations. Example: "
        "surveybot db upgrade",
    )
    up.add_argument("revision", nargs="?", default="head", help="target revision (default head)")
    up.set_defaults(handler=_upgrade)
    down = actions.add_parser(
        "downgrade",
        help="undo migrations down to REVISION (deletes data: asks first)",
        description=(
            "Undoes migrations; `base` deletes every table with all its rows. Asks for "
            "confirmation on a terminal; scripts pass --yes. Example: surveybot db downgrade "
            "base --yes"
        ),
    )
    down.add_argument("revision", help="target revision, or base for an empty database")
    down.add_argument("--yes", action="store_true", help="do not ask: delete what it deletes")
    down.set_defaults(handler=_downgrade)
    current = actions.add_parser(
        "current",
        help="show the schema revision",
        description="Prints the database's revision and whether it is the newest. Example: "
        "surveybot db current",
    )
    current.set_defaults(handler=_current)


def _known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from surveys.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in script.walk_revisions()]


def _check_revision(revision: str) -> None:
    known = _known_revisions()
    if revision not in ("head", "base", "heads") and revision not in known:
        raise Mistake("cli_no_revision", revision=revision, known=", ".join(known))


async def _upgrade(args: argparse.Namespace) -> int:
    _check_revision(args.revision)
    current = settings()
    check_database(current.database_url, create=True)
    db = Database(current.database_url)
    try:
        await upgrade(db, args.revision)
        revision = await current_revision(db) or said("cli_database_empty")
        print(said("cli_database_at", revision=revision))
    finally:
        await db.dispose()
    return 0


def _confirmed(what: str, yes: bool) -> bool:
    """``--yes``, or a person at a terminal who typed yes; a script without --yes is refused."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise Mistake("cli_downgrade_needs_yes", what=what)
    answer = input(said("cli_downgrade_prompt", what=what))
    return answer.strip().lower() in ("yes", "y", "是")


async def _downgrade(args: argparse.Namespace) -> int:
    _check_revision(args.revision)
    current = settings()
    check_database(current.database_url, create=False)
    db = Database(current.database_url)
    try:
        scope = (
            said("cli_downgrade_all")
            if args.revision == "base"
            else said("cli_downgrade_some", revision=args.revision)
        )
        what = said(
            "cli_downgrade_what",
            revision=args.revision,
            what=scope,
            database=database_shown(current.database_url),
        )
        if not _confirmed(what, args.yes):
            print(said("cli_downgrade_kept"))
            return 1
        await downgrade(db, args.revision)
        revision = await current_revision(db) or said("cli_database_empty")
        print(said("cli_database_at", revision=revision))
    finally:
        await db.dispose()
    return 0


async def _current(_args: argparse.Namespace) -> int:
    current = settings()
    check_database(current.database_url, create=False)
    db = Database(current.database_url)
    try:
        revision = await current_revision(db)
        head = head_revision()
        shown = revision or said("cli_database_empty")
        if revision == head:
            print(said("cli_database_current", revision=shown))
        else:
            print(said("cli_database_behind", revision=shown, head=head))
    finally:
        await db.dispose()
    return 0
