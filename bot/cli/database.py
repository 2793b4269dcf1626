"""``surveybot db``: schema migrations."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import settings
from surveys.storage import Database
from surveys.storage.migrate import current_revision, downgrade, head_revision, upgrade


def register(sub: Any) -> None:
    parser = sub.add_parser("db", help="create or migrate the database schema")
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    up = actions.add_parser("upgrade", help="apply migrations (default: to the newest)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=_upgrade)
    down = actions.add_parser("downgrade", help="undo migrations down to REVISION")
    down.add_argument("revision")
    down.set_defaults(handler=_downgrade)
    current = actions.add_parser("current", help="show the schema revision")
    current.set_defaults(handler=_current)


async def _upgrade(args: argparse.Namespace) -> int:
    db = Database(settings().database_url)
    try:
        await upgrade(db, args.revision)
        print(f"database at revision {await current_revision(db)}")
    finally:
        await db.dispose()
    return 0


async def _downgrade(args: argparse.Namespace) -> int:
    db = Database(settings().database_url)
    try:
        await downgrade(db, args.revision)
        print(f"database at revision {await current_revision(db)}")
    finally:
        await db.dispose()
    return 0


async def _current(_args: argparse.Namespace) -> int:
    db = Database(settings().database_url)
    try:
        revision = await current_revision(db)
        head = head_revision()
        state = "up to date" if revision == head else f"newest is {head}"
        print(f"{revision or 'empty'} ({state})")
    finally:
        await db.dispose()
    return 0
