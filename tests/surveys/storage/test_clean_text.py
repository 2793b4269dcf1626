"""Stored text is cleaned at the storage boundary, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import String, insert, select

from surveys.inputs import TEXT_LIMIT, clean_text
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import Base, Branch, Customer, PendingInput
from surveys.storage.types import CleanString

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_every_text_column_is_cleaned() -> None:
    """A raw VARCHAR or TEXT would let one database refuse what the other keeps."""
    raw = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String) and not isinstance(column.type, CleanString)
    ]
    assert raw == []


@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0), max_size=50))
def test_clean_text_keeps_only_what_utf8_can_store(text: str) -> None:
    cleaned = clean_text(text, 20)
    cleaned.encode("utf-8")  # no lone surrogate left: this would raise
    assert "\x00" not in cleaned
    assert len(cleaned) <= 20
    assert (
        cleaned
        == "".join(ch for ch in text if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)[:20]
    )


async def test_nul_surrogates_and_long_text_are_stored_the_same_everywhere(db: Database) -> None:
    hostile = "ok\x00 \ud83d then " + "x" * 300
    async with UnitOfWork(db) as uow:
        uow.session.add(Branch(name=hostile, created_at=NOW))
        uow.session.add(
            Customer(external_id="C-\x00-1", name=hostile, created_at=NOW, updated_at=NOW)
        )
        await uow.session.execute(
            insert(PendingInput).values(
                user_id=7, kind="call_me", payload="a\x00" * TEXT_LIMIT, created_at=NOW
            )
        )
    async with UnitOfWork(db, readonly=True) as uow:
        branch = (await uow.session.execute(select(Branch.name))).scalar_one()
        customer = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-\x00-1"))
        ).scalar_one()
        payload = (await uow.session.execute(select(PendingInput.payload))).scalar_one()
    assert branch == ("ok  then " + "x" * 300)[:200]
    assert (customer.external_id, customer.name) == ("C--1", branch)
    assert payload == "a" * TEXT_LIMIT
