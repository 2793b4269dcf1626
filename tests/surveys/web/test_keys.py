"""Signed single-use tokens: a table of what is refused, and the limit on guesses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.web.security import Throttle, redact
from surveys.storage import Database, UnitOfWork
from surveys.web.keys import SHAPE, Purpose, WebKeys

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
KEYS = WebKeys("a-deployment-secret-0123456789")


def test_a_token_is_url_safe_long_enough_and_has_no_dots() -> None:
    tokens = {KEYS.new_token(Purpose.SURVEY) for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert SHAPE.match(token)
        assert len(token) >= 16
        assert "." not in token


@pytest.mark.parametrize(
    ("change", "genuine"),
    [
        (lambda t: t, True),
        (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), False),  # signature forged
        (lambda t: ("A" if t[0] != "A" else "B") + t[1:], False),  # random part changed
        (lambda t: t[:-1], False),  # too short
        (lambda t: t + "A", False),  # too long
        (lambda t: t[:10] + "." + t[11:], False),  # not URL-safe
        (lambda t: "", False),
    ],
)
def test_only_tokens_minted_here_are_genuine(change: Callable[[str], str], genuine: bool) -> None:
    token = KEYS.new_token(Purpose.SURVEY)
    assert KEYS.genuine(change(token), Purpose.SURVEY) is genuine


def test_a_token_is_genuine_for_its_purpose_and_secret_only() -> None:
    token = KEYS.new_token(Purpose.SURVEY)
    assert not KEYS.genuine(token, Purpose.DESK)
    assert not WebKeys("another-deployment-secret-0123").genuine(token, Purpose.SURVEY)


async def test_a_token_expires_is_spent_once_and_is_stored_only_as_a_hash(db: Database) -> None:
    async with UnitOfWork(db) as uow:
        token = await KEYS.mint(uow, Purpose.DESK, NOW, timedelta(minutes=10), staff_user_id=7)
    async with UnitOfWork(db) as uow:
        row = await KEYS.find(uow, token, Purpose.DESK, NOW + timedelta(minutes=9))
        assert row is not None
        assert token not in row.token_hash
        assert await KEYS.find(uow, token, Purpose.SURVEY, NOW) is None
        assert await KEYS.find(uow, token, Purpose.DESK, NOW + timedelta(minutes=10)) is None
        assert await KEYS.spend(uow, row, NOW) is True
        assert await KEYS.spend(uow, row, NOW) is False
    async with UnitOfWork(db) as uow:
        assert await KEYS.find(uow, token, Purpose.DESK, NOW) is None
        assert await KEYS.find(uow, token, Purpose.DESK, NOW, allow_used=True) is not None


def test_guesses_are_limited_per_address_for_a_window() -> None:
    clock = [0.0]
    throttle = Throttle(limit=3, window=60.0, now=lambda: clock[0])
    for _ in range(3):
        assert not throttle.blocked("10.0.0.1")
        throttle.missed("10.0.0.1")
    assert throttle.blocked("10.0.0.1")
    assert not throttle.blocked("10.0.0.2"), "another address is not held back"
    clock[0] = 61.0
    assert not throttle.blocked("10.0.0.1"), "the window passed"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/s/abcDEF123_-xyz", "/s/…"),
        ("/desk/in/abcDEF123_-xyz", "/desk/in/…"),
        ("/desk/c/12", "/desk/c/12"),
        ("/web-static/web.css", "/web-static/web.css"),
    ],
)
def test_the_access_log_never_writes_a_token(path: str, logged: str) -> None:
    assert redact(path) == logged
