"""An index for the open deadlines of one kind of subject: the queues and the requests list sort by the earliest
open deadline (subject_type, active, met_on), then join on subject_id and read due, from the index alone.

Revision ID: 0010_deadline_open
Revises: 0003_lifecycle
"""

from alembic import op

revision = "0010_deadline_open"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None

COLUMNS = ["subject_type", "active", "met_on", "subject_id", "due"]


def upgrade() -> None:
    op.create_index("ix_deadline_open", "deadline", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_deadline_open", table_name="deadline")
