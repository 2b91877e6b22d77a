"""The daily sweep: notify targets (apprise URLs) and the reminders sent, one per deadline, level and URL.

Revision ID: 0006_reminders
Revises: 0003_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_reminders"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_tried_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"]),
        sa.ForeignKeyConstraint(["target_id"], ["notify_target.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("deadline_id", "level", "target_id"),
    )
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_sent_deadline_id"), ["deadline_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_sent_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_sent_target_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_sent_deadline_id"))
    op.drop_table("reminder_sent")
    op.drop_table("notify_target")
