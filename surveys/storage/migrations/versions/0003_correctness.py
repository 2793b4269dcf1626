"""business hours per branch; revocable deep links; complaints parked at the top level;
a customer's later words on an open complaint; cards delivered silently at night

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("branches") as branches:
        branches.add_column(sa.Column("hours", sa.String(length=64), nullable=True))
    with op.batch_alter_table("customers") as customers:
        customers.add_column(
            sa.Column("link_version", sa.Integer(), nullable=False, server_default="0")
        )
        customers.add_column(sa.Column("linked_via", sa.String(length=16), nullable=True))
    with op.batch_alter_table("complaints") as complaints:
        complaints.alter_column(
            "escalate_at", existing_type=sa.DateTime(timezone=True), nullable=True
        )
    with op.batch_alter_table("notifications") as notifications:
        notifications.add_column(
            sa.Column("silent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "complaint_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("paged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_words_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_complaint_words_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_words")),
    )
    with op.batch_alter_table("complaint_words") as words:
        words.create_index(words.f("ix_complaint_words_complaint_id"), ["complaint_id"])
        words.create_index(words.f("ix_complaint_words_customer_id"), ["customer_id"])


def downgrade() -> None:
    op.drop_table("complaint_words")
    with op.batch_alter_table("notifications") as notifications:
        notifications.drop_column("silent")
    # A parked complaint has no next step; give it its resolve deadline back.
    op.execute("UPDATE complaints SET escalate_at = resolve_deadline WHERE escalate_at IS NULL")
    with op.batch_alter_table("complaints") as complaints:
        complaints.alter_column(
            "escalate_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
    with op.batch_alter_table("customers") as customers:
        customers.drop_column("linked_via")
        customers.drop_column("link_version")
    with op.batch_alter_table("branches") as branches:
        branches.drop_column("hours")
