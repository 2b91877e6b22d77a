"""Disclosure requests (依申请公开): the request and its reply clock, linked documents, consultations.

Revision ID: 0002_requests
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_requests"
down_revision = "0001"
branch_labels = None
depends_on = None


def _text(length: int | None = None) -> sa.String:
    return sa.String(length=length)


def upgrade() -> None:
    op.create_table(
        "disclosure_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_name", _text(200), nullable=False),
        sa.Column("applicant_type", _text(16), nullable=False),
        sa.Column("applicant_key", _text(200), nullable=False),
        sa.Column("applicant_contact", _text(500), nullable=True),
        sa.Column("channel", _text(16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("subject", _text(), nullable=False),
        sa.Column("subject_key", _text(200), nullable=False),
        sa.Column("state", _text(24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("clock_start", sa.Date(), nullable=False),
        sa.Column("correction_requested_on", sa.Date(), nullable=True),
        sa.Column("corrected_on", sa.Date(), nullable=True),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", _text(), nullable=True),
        sa.Column("result", _text(64), nullable=True),
        sa.Column("result_detail", sa.JSON(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("applicant_key", "applicant_type", "received_on", "replied_on", "result", "state", "subject_key"):
        op.create_index(f"ix_disclosure_request_{column}", "disclosure_request", [column])

    op.create_table(
        "request_document",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["disclosure_request.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("request_id", "document_id"),
    )
    op.create_index("ix_request_document_document_id", "request_document", ["document_id"])

    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("party", _text(200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["disclosure_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consultation_request_id", "consultation", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_consultation_request_id", table_name="consultation")
    op.drop_table("consultation")
    op.drop_index("ix_request_document_document_id", table_name="request_document")
    op.drop_table("request_document")
    for column in ("applicant_key", "applicant_type", "received_on", "replied_on", "result", "state", "subject_key"):
        op.drop_index(f"ix_disclosure_request_{column}", table_name="disclosure_request")
    op.drop_table("disclosure_request")
