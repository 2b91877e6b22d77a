"""The annual report's records: review and litigation cases, hand-entered figures, written sections.

Revision ID: 0008_reports
Revises: 0003_lifecycle (and needs 0002_requests)
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_reports"
down_revision = ("0002_requests", "0003_lifecycle")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["disclosure_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_case_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_case_filed_on"), ["filed_on"], unique=False)
    op.create_table(
        "report_figure",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("year", "item"),
    )
    op.create_table(
        "report_section",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("year", "section"),
    )


def downgrade() -> None:
    op.drop_table("report_section")
    op.drop_table("report_figure")
    with op.batch_alter_table("review_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_case_filed_on"))
        batch_op.drop_index(batch_op.f("ix_review_case_request_id"))
    op.drop_table("review_case")
