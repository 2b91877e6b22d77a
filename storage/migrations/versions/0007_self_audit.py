"""The yearly self-audit: one audit per organisation and year, and its items.

Revision ID: 0007_self_audit
Revises: 0003_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_self_audit"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=True),
        sa.Column("spot_check", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "year"),
    )
    with op.batch_alter_table("self_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_audit_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "self_audit_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("subject_key", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("attribute", sa.String(length=16), nullable=True),
        sa.Column("applicants", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("target_attribute", sa.String(length=16), nullable=True),
        sa.Column("decision_reason", sa.String(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["audit_id"], ["self_audit.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("audit_id", "document_id"),
        sa.UniqueConstraint("audit_id", "subject_key"),
    )
    with op.batch_alter_table("self_audit_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_audit_item_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("self_audit_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_audit_item_document_id"))
    op.drop_table("self_audit_item")
    with op.batch_alter_table("self_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_audit_organisation_id"))
    op.drop_table("self_audit")
