"""``surveybot link CUSTOMER_ID``: the deep link that connects a customer's chat."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from bot.cli.common import fail, services
from bot.wiring import BOT_USERNAME_KEY, read_state
from surveys.linking import TokenTooLong, deep_link
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "link",
        help="print a customer's deep-link token (and t.me link when the bot is known)",
    )
    parser.add_argument("customer_id", help="the customer id as imported")
    parser.set_defaults(handler=_link)


async def _link(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db, readonly=True) as uow:
            customer = (
                await uow.session.execute(
                    select(Customer).where(Customer.external_id == args.customer_id)
                )
            ).scalar_one_or_none()
        if customer is None:
            return fail(f"no customer with id {args.customer_id!r} (import them first)", 1)
        try:
            token = app.links.issue(customer.external_id)
        except TokenTooLong as error:
            return fail(str(error), 1)
        username = await read_state(app.db, BOT_USERNAME_KEY)
    finally:
        await app.close()
    print(token)
    if username:
        print(deep_link(username, token))
    return 0
