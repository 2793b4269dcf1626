"""mystery-shopper audits: checklists, audits, answers, photos, actions, branch locations

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "branch_locations",
        sa.Column("branch_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["branches.id"],
            name=op.f("fk_branch_locations_branch_id_branches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("branch_id", name=op.f("pk_branch_locations")),
    )
    op.create_table(
        "audit_checklists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checklists")),
        sa.UniqueConstraint("key", "checksum", name=op.f("uq_audit_checklists_key_checksum")),
    )
    op.create_index(op.f("ix_audit_checklists_key"), "audit_checklists", ["key"])
    op.create_table(
        "audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.Column("checklist_key", sa.String(length=64), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("shopper_user_id", sa.BigInteger(), nullable=True),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("open_slot", sa.String(length=120), nullable=True),
        sa.Column("items_only", sa.JSON(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("current_item", sa.String(length=32), nullable=True),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.BigInteger(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("location_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("location_flagged", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["audit_checklists.id"],
            name=op.f("fk_audits_checklist_id_audit_checklists"),
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_audits_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["audits.id"], name=op.f("fk_audits_parent_id_audits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audits")),
        sa.UniqueConstraint("open_slot", name=op.f("uq_audits_open_slot")),
    )
    op.create_index(op.f("ix_audits_branch_id"), "audits", ["branch_id"])
    op.create_index(op.f("ix_audits_shopper_user_id"), "audits", ["shopper_user_id"])
    op.create_index(op.f("ix_audits_opens_at"), "audits", ["opens_at"])
    op.create_index(op.f("ix_audits_status"), "audits", ["status"])
    op.create_table(
        "audit_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audits.id"],
            name=op.f("fk_audit_answers_audit_id_audits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_answers")),
        sa.UniqueConstraint("audit_id", "item_id", name=op.f("uq_audit_answers_audit_id_item_id")),
    )
    op.create_table(
        "audit_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audits.id"],
            name=op.f("fk_audit_photos_audit_id_audits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_photos")),
    )
    op.create_index(op.f("ix_audit_photos_audit_id"), "audit_photos", ["audit_id"])
    op.create_table(
        "audit_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("reaudit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audits.id"],
            name=op.f("fk_audit_actions_audit_id_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_audit_actions_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"], ["audit_photos.id"], name=op.f("fk_audit_actions_photo_id_audit_photos")
        ),
        sa.ForeignKeyConstraint(
            ["reaudit_id"], ["audits.id"], name=op.f("fk_audit_actions_reaudit_id_audits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_actions")),
        sa.UniqueConstraint("audit_id", "item_id", name=op.f("uq_audit_actions_audit_id_item_id")),
    )
    op.create_index(op.f("ix_audit_actions_branch_id"), "audit_actions", ["branch_id"])
    op.create_index(op.f("ix_audit_actions_status"), "audit_actions", ["status"])


def downgrade() -> None:
    op.drop_table("audit_actions")
    op.drop_table("audit_photos")
    op.drop_table("audit_answers")
    op.drop_table("audits")
    op.drop_table("audit_checklists")
    op.drop_table("branch_locations")
