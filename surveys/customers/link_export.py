"""Deep links and QR codes for every customer who has not linked a chat yet.

Unlinked customers are the biggest gap in practice: the survey cannot reach
them. The export gives the dealership what it needs to close the gap: one PNG
QR code per customer (for the receipt, the SMS or the service desk) and one
CSV listing them all (UTF-8 with BOM, so Excel shows Chinese names correctly).
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import segno
from sqlalchemy import select

from surveys.customers.linking import LinkTokens, TokenTooLong, deep_link
from surveys.storage.database import Database
from surveys.storage.tables import Customer
from surveys.storage.uow import UnitOfWork

BATCH = 1000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class LinkExport:
    written: int = 0
    too_long: int = 0
    csv_path: Path | None = None


def qr_file_name(customer_id: str) -> str:
    """A file name that is safe on every file system and unique per customer id."""
    safe = _UNSAFE.sub("_", customer_id).strip("._") or "customer"
    if safe != customer_id:
        digest = hashlib.sha256(customer_id.encode()).hexdigest()[:8]
        safe = f"{safe}-{digest}"
    return f"{safe}.png"


def _prepare(out: Path) -> Path:
    (out / "qr").mkdir(parents=True, exist_ok=True)
    return out / "unlinked_customers.csv"


def _write_qr(path: Path, link: str) -> None:
    segno.make(link, error="m").save(str(path), scale=8, border=3)


async def export_unlinked(
    db: Database, links: LinkTokens, bot_username: str, out: Path
) -> LinkExport:
    """Write ``out/unlinked_customers.csv`` and ``out/qr/<customer>.png``; files go through a
    worker thread so the event loop is not blocked."""
    csv_path = await asyncio.to_thread(_prepare, out)
    result = LinkExport(csv_path=csv_path)
    rows_out: list[list[str]] = [["customer_id", "name", "phone", "link", "qr_file"]]
    last_id = 0
    while True:
        async with UnitOfWork(db, readonly=True) as uow:
            rows = (
                await uow.session.execute(
                    select(
                        Customer.id,
                        Customer.external_id,
                        Customer.name,
                        Customer.phone,
                        Customer.link_version,
                    )
                    .where(
                        Customer.id > last_id,
                        Customer.telegram_user_id.is_(None),
                        Customer.forgotten_at.is_(None),
                        Customer.opted_out.is_(False),
                    )
                    .order_by(Customer.id)
                    .limit(BATCH)
                )
            ).all()
        if not rows:
            break
        for row_id, external_id, name, phone, version in rows:
            last_id = row_id
            try:
                link = deep_link(bot_username, links.issue(external_id, version))
            except TokenTooLong:
                result.too_long += 1
                continue
            file_name = qr_file_name(external_id)
            await asyncio.to_thread(_write_qr, out / "qr" / file_name, link)
            rows_out.append([external_id, name, phone or "", link, f"qr/{file_name}"])
            result.written += 1
    await asyncio.to_thread(_write_csv, csv_path, rows_out)
    return result


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
