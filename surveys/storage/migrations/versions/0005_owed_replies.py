"""the reply a survey owes its customer (the next question or the thanks), until it is sent

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as deliveries:
        deliveries.add_column(sa.Column("reply_due_at", sa.DateTime(timezone=True), nullable=True))
        deliveries.create_index("ix_deliveries_reply_due_at", ["reply_due_at"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as deliveries:
        deliveries.drop_index("ix_deliveries_reply_due_at")
        deliveries.drop_column("reply_due_at")
