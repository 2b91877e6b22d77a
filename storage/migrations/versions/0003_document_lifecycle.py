"""The issuance lifecycle: document versions, finding resolutions, lifecycle details, interpretations, 索引号 sequences.

Revision ID: 0003_lifecycle
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_lifecycle"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("metadata_read", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["file_sha256"], ["stored_file.sha256"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "number"),
    )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_version_document_id"), ["document_id"], unique=False)

    op.create_table(
        "finding_resolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding_resolution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_resolution_document_id"), ["document_id"], unique=False)

    op.create_table(
        "document_lifecycle",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("subject_matched", sa.JSON(), nullable=False),
        sa.Column("plan_sha256", sa.String(length=64), nullable=True),
        sa.Column("plan_name", sa.String(length=255), nullable=True),
        sa.Column("signed_by", sa.String(length=64), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("published_on_time", sa.Boolean(), nullable=True),
        sa.Column("validity", sa.String(length=16), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["plan_sha256"], ["stored_file.sha256"]),
        sa.PrimaryKeyConstraint("document_id"),
    )

    op.create_table(
        "interpretation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["file_sha256"], ["stored_file.sha256"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interpretation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interpretation_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interpretation_published_on"), ["published_on"], unique=False)

    op.create_table(
        "index_sequence",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("organisation_id", "year"),
    )


def downgrade() -> None:
    op.drop_table("index_sequence")
    with op.batch_alter_table("interpretation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interpretation_published_on"))
        batch_op.drop_index(batch_op.f("ix_interpretation_document_id"))
    op.drop_table("interpretation")
    op.drop_table("document_lifecycle")
    with op.batch_alter_table("finding_resolution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_resolution_document_id"))
    op.drop_table("finding_resolution")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_version_document_id"))
    op.drop_table("document_version")
