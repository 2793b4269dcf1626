"""Where a branch is, and how far a shopper's shared location is from it."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select

from surveys.audits.model import AuditError
from surveys.storage.tables import Branch, BranchLocation
from surveys.storage.uow import UnitOfWork

EARTH_RADIUS_M = 6_371_008.8
"""The mean radius of the earth (IUGG), in metres."""


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): good to well under a metre at a branch's scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def check_coordinates(latitude: float, longitude: float) -> None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise AuditError("audit_bad_location")


async def set_branch_location(
    uow: UnitOfWork, branch: str, latitude: float, longitude: float, now: datetime
) -> int:
    """Store where ``branch`` is; returns its id."""
    check_coordinates(latitude, longitude)
    branch_id = (
        await uow.session.execute(select(Branch.id).where(Branch.name == branch))
    ).scalar_one_or_none()
    if branch_id is None:
        raise AuditError("audit_no_branch", name=branch)
    row = await uow.session.get(BranchLocation, branch_id)
    if row is None:
        uow.session.add(
            BranchLocation(
                branch_id=branch_id, latitude=latitude, longitude=longitude, updated_at=now
            )
        )
    else:
        row.latitude, row.longitude, row.updated_at = latitude, longitude, now
    return branch_id


async def branch_location(uow: UnitOfWork, branch_id: int) -> tuple[float, float] | None:
    row = await uow.session.get(BranchLocation, branch_id)
    return None if row is None else (row.latitude, row.longitude)
