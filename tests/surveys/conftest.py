"""Fixtures for domain tests."""

from __future__ import annotations

import pytest

from surveys.storage import Database
from tests.support.world import World, make_world


@pytest.fixture
async def world(db: Database) -> World:
    return await make_world(db)
