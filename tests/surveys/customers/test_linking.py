"""Linking a chat: printed deep links keep working, a Telegram-verified contact of the phone
on file wins over an earlier deep link, and revoked tokens stop working."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from sqlalchemy import update

from surveys.customers.linking import LinkTokens
from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer
from tests.support.world import SECRET, World

PHONE = "+8613800138000"


async def _customer(world: World, customer_id: int) -> Customer:
    async with UnitOfWork(world.db, readonly=True) as uow:
        row = await uow.session.get(Customer, customer_id)
        assert row is not None
        return row


def _printed_before_versions(customer_id: str) -> str:
    """A token as receipts carry it: "a" + base64url(id) + 16 characters of HMAC-SHA256."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    payload = customer_id.encode()
    digest = hmac.new(SECRET.encode(), b"link:" + payload, hashlib.sha256).digest()
    return "a" + b64(payload) + b64(digest)[:16]


def test_tokens_printed_before_versions_still_read() -> None:
    tokens = LinkTokens(SECRET)
    printed = _printed_before_versions("C-1")
    claim = tokens.claim(printed)
    assert claim is not None
    assert (claim.customer_id, claim.version) == ("C-1", 0)
    assert tokens.issue("C-1") == printed


@pytest.mark.parametrize("version", [1, 7, 12345])
def test_versioned_tokens_round_trip_and_cannot_be_forged(version: int) -> None:
    tokens = LinkTokens(SECRET)
    token = tokens.issue("CUST-000123", version)
    assert len(token) <= 64
    claim = tokens.claim(token)
    assert claim is not None
    assert (claim.customer_id, claim.version) == ("CUST-000123", version)
    assert tokens.claim(token[:-1] + ("x" if token[-1] != "x" else "y")) is None
    assert LinkTokens("another-secret-0123456789").claim(token) is None


async def test_a_verified_contact_wins_over_an_earlier_deep_link(world: World) -> None:
    customer_id = await world.customer("C-1", name="Alex", phone=PHONE, telegram_user_id=None)
    await world.engine.on_start(world.inbound(501), world.links.issue("C-1"))
    assert (await _customer(world, customer_id)).telegram_user_id == 501
    reply = await world.engine.on_contact(world.inbound(601), "8613800138000", 601)
    linked = await _customer(world, customer_id)
    assert (linked.telegram_user_id, linked.chat_id, linked.linked_via) == (601, 601, "contact")
    to_owner = [m for m in reply.messages if m.chat_id == 601]
    to_earlier = [m for m in reply.messages if m.chat_id == 501]
    assert "Alex" in to_owner[0].text
    assert "confirmed it in Telegram" in to_earlier[0].text
    # The deep link no longer gives the record back to the earlier chat.
    again = await world.engine.on_start(world.inbound(501), world.links.issue("C-1"))
    assert "another Telegram account" in again.messages[0].text


async def test_someone_elses_contact_or_a_second_contact_does_not_take_a_link(
    world: World,
) -> None:
    customer_id = await world.customer("C-1", phone=PHONE)
    await world.engine.on_start(world.inbound(501), world.links.issue("C-1"))
    forwarded = await world.engine.on_contact(world.inbound(701), "8613800138000", 999)
    assert "your own" in forwarded.messages[0].text
    await world.engine.on_contact(world.inbound(601), "8613800138000", 601)
    second = await world.engine.on_contact(world.inbound(602), "8613800138000", 602)
    assert "another Telegram account" in second.messages[0].text
    assert (await _customer(world, customer_id)).telegram_user_id == 601


async def test_a_revoked_token_no_longer_links(world: World) -> None:
    await world.customer("C-1")
    old = world.links.issue("C-1")
    async with UnitOfWork(world.db) as uow:
        await uow.session.execute(
            update(Customer).where(Customer.external_id == "C-1").values(link_version=1)
        )
    refused = await world.engine.on_start(world.inbound(501), old)
    assert "not valid" in refused.messages[0].text
    accepted = await world.engine.on_start(world.inbound(501), world.links.issue("C-1", 1))
    assert "Alex" in accepted.messages[0].text
