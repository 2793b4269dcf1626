"""A database with two branches, three shoppers and the shipped checklists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from surveys.audits.checklists import load_checklists
from surveys.audits.model import AuditRules, ChecklistCatalog
from surveys.staff.roles import Role, add_staff, ensure_branch
from surveys.storage import Database, UnitOfWork

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
SHOPPERS = (7001, 7002, 7003)


@dataclass
class AuditWorld:
    db: Database
    catalog: ChecklistCatalog
    rules: AuditRules
    branches: dict[str, int]


@pytest.fixture
async def world(db: Database) -> AuditWorld:
    catalog = ChecklistCatalog()
    branches: dict[str, int] = {}
    async with UnitOfWork(db) as uow:
        await catalog.sync(uow, load_checklists(), NOW)
        for name in ("浦东店", "Xuhui"):
            branches[name] = await ensure_branch(uow, name, NOW)
        for user_id in SHOPPERS:
            await add_staff(uow, user_id=user_id, role=Role.SHOPPER, branch=None, level=1, now=NOW)
        await add_staff(uow, user_id=8001, role=Role.MANAGER, branch="浦东店", level=1, now=NOW)
    return AuditWorld(db, catalog, AuditRules(zone=ZONE), branches)
