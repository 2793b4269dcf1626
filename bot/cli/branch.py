"""``surveybot branch``: facts about a branch that the bot needs, such as where it is."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.shared.common import fail, services
from surveys.audits.geo import set_branch_location
from surveys.audits.model import AuditError
from surveys.i18n import say
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork


def parse_location(text: str) -> tuple[float, float]:
    """``LAT,LON`` in decimal degrees (``31.2304,121.4737``), as argparse's type."""
    parts = [part.strip() for part in text.replace("，", ",").split(",")]
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not LAT,LON in decimal degrees (e.g. 31.2304,121.4737)"
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise argparse.ArgumentTypeError(f"{text!r}: latitude -90..90, longitude -180..180")
    return latitude, longitude


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "branch",
        help="set facts about a branch (where it is)",
        description="Facts about a branch. Example: surveybot branch set 浦东店 --location "
        "31.2304,121.4737",
    )
    actions = parser.add_subparsers(dest="branch_action", required=True, metavar="ACTION")
    setting = actions.add_parser(
        "set",
        help="set a branch's location",
        description=(
            "A mystery shopper's shared location is checked against the branch's. "
            "Example: surveybot branch set 浦东店 --location 31.2304,121.4737"
        ),
    )
    setting.add_argument("branch", metavar="BRANCH", help="branch name, as imported")
    setting.add_argument(
        "--location",
        type=parse_location,
        metavar="LAT,LON",
        help="where the branch is, in decimal degrees (e.g. 31.2304,121.4737)",
    )
    setting.set_defaults(handler=_set)


async def _set(args: argparse.Namespace) -> int:
    app = await services()
    language = app.settings.language
    try:
        if args.location is None:
            return fail(say("cli_branch_nothing_to_set", language))
        latitude, longitude = args.location
        async with UnitOfWork(app.db) as uow:
            branch_id = await set_branch_location(
                uow, args.branch, latitude, longitude, app.clock.now()
            )
            await record(
                uow,
                at=app.clock.now(),
                actor=Actor.CLI,
                action="branch.location",
                object_type="branch",
                object_id=branch_id,
            )
    except AuditError as error:
        return fail(error.say(language))
    finally:
        await app.close()
    print(say("cli_branch_located", language, branch=args.branch, lat=latitude, lon=longitude))
    return 0
