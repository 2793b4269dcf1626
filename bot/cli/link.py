"""``surveybot link``: deep links that connect customers' chats to their records."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.cli.shared.common import fail, services
from bot.wiring import BOT_USERNAME_KEY, link_secret, read_state
from surveys.customers.link_export import export_unlinked
from surveys.customers.linking import TokenTooLong, deep_link
from surveys.staff.audit import Actor, record
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "link",
        help="deep links (and QR codes) that connect customers' chats",
        description=(
            "surveybot link CUSTOMER_ID prints the customer's deep-link token, and the "
            "t.me link when the bot's username is known (after `surveybot run` has started "
            "once, or from SURVEYBOT_BOT_USERNAME). surveybot link --all --out DIR writes a "
            "QR code PNG for every customer who has not linked a chat yet, and one CSV "
            "listing them. surveybot link --revoke CUSTOMER_ID makes every earlier link of "
            "the customer stop working and prints the new one. "
            "Example: surveybot link --all --out links/"
        ),
    )
    parser.add_argument("customer_id", nargs="?", help="the customer id as imported")
    parser.add_argument("--all", action="store_true", help="every unlinked customer")
    parser.add_argument(
        "--web",
        action="store_true",
        help="print a survey link (SURVEYBOT_WEB_URL/s/TOKEN) for the customer's latest "
        "visit instead: a new survey if the visit has none",
    )
    parser.add_argument(
        "--qr", type=Path, metavar="FILE.png", help="with --web: also write the link as a QR code"
    )
    parser.add_argument("--out", type=Path, help="output folder for --all")
    parser.add_argument(
        "--revoke", action="store_true", help="invalidate the customer's earlier links"
    )
    parser.set_defaults(handler=_link)
    unlink = sub.add_parser(
        "unlink",
        help="disconnect a customer's chat from their record",
        description=(
            "surveybot unlink CUSTOMER_ID disconnects the chat linked to the customer (for "
            "a link opened by the wrong person); the customer can link again with a new "
            "deep link or by sharing their phone number. Example: surveybot unlink C-1001"
        ),
    )
    unlink.add_argument("customer_id", help="the customer id as imported")
    unlink.set_defaults(handler=_unlink)


async def _link(args: argparse.Namespace) -> int:
    if args.all == bool(args.customer_id):
        return fail("give either a CUSTOMER_ID or --all --out DIR")
    if args.all and args.out is None:
        return fail("--all needs --out DIR")
    if args.all and args.revoke:
        return fail("--revoke works on one CUSTOMER_ID")
    if args.web:
        if args.all:
            return fail("--web prints one customer's link: give a CUSTOMER_ID")
        return await _web_link(args.customer_id, args.qr)
    app = await services()
    try:
        username = app.settings.bot_username or await read_state(app.db, BOT_USERNAME_KEY)
        if args.all:
            if not username:
                return fail(
                    "the bot's username is not known yet: start `surveybot run` once, "
                    "or set SURVEYBOT_BOT_USERNAME"
                )
            result = await export_unlinked(app.db, app.links, username, args.out)
            print(
                f"{result.written} unlinked customers: {result.csv_path}, QR codes in "
                f"{args.out / 'qr'}"
            )
            if result.too_long:
                print(f"{result.too_long} customer ids too long for a deep link were left out")
            return 0
        async with UnitOfWork(app.db, readonly=not args.revoke) as uow:
            customer = await _customer(uow, args.customer_id)
            if customer is not None and args.revoke:
                customer.link_version += 1
                await _audit(uow, "customer.link_revoke", customer.id, app.clock.now())
        if customer is None:
            return fail(f"no customer with id {args.customer_id!r} (import them first)")
        if args.revoke:
            print(f"earlier links of {customer.external_id} no longer work; the new one:")
        try:
            token = app.links.issue(customer.external_id, customer.link_version)
        except TokenTooLong as error:
            return fail(str(error))
    finally:
        await app.close()
    print(token)
    if username:
        print(deep_link(username, token))
    return 0


async def _customer(uow: UnitOfWork, external_id: str) -> Customer | None:
    return (
        await uow.session.execute(select(Customer).where(Customer.external_id == external_id))
    ).scalar_one_or_none()


async def _audit(uow: UnitOfWork, action: str, customer_id: int, now: datetime) -> None:
    await record(
        uow, at=now, actor=Actor.CLI, action=action, object_type="customer", object_id=customer_id
    )


async def _unlink(args: argparse.Namespace) -> int:
    app = await services()
    try:
        async with UnitOfWork(app.db) as uow:
            customer = await _customer(uow, args.customer_id)
            if customer is None:
                return fail(f"no customer with id {args.customer_id!r} (import them first)")
            linked = customer.telegram_user_id is not None
            customer.telegram_user_id = None
            customer.chat_id = None
            customer.linked_at = None
            customer.linked_via = None
            customer.updated_at = app.clock.now()
            if linked:
                await _audit(uow, "customer.unlink", customer.id, app.clock.now())
    finally:
        await app.close()
    print(f"{args.customer_id}: {'chat disconnected' if linked else 'no chat was linked'}")
    return 0


async def _web_link(customer_id: str, qr: Path | None) -> int:
    """A survey link for one customer, for an SMS, an e-mail or a printed receipt."""
    from surveys.web.keys import WebKeys
    from surveys.web.links import LinkError, LinkPolicy, survey_link

    app = await services()
    try:
        settings = app.settings
        keys = app.domain.web_keys or WebKeys(await link_secret(app.db, settings.secret))
        policy = LinkPolicy(settings.zone, settings.language)
        async with UnitOfWork(app.db) as uow:
            customer = await _customer(uow, customer_id)
            if customer is None:
                return fail(f"no customer with id {customer_id!r} (import them first)")
            try:
                link = await survey_link(uow, keys, app.catalog, policy, customer, app.clock.now())
            except LinkError as error:
                return fail(str(error))
    finally:
        await app.close()
    url = f"{app.settings.web_url.rstrip('/')}/s/{link.token}"
    if qr is not None:
        import segno

        qr.parent.mkdir(parents=True, exist_ok=True)
        segno.make(url, error="m").save(str(qr), scale=8, border=3)
    print(url)
    return 0
