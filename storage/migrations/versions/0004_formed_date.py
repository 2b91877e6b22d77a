"""Issue 10: the organisation's official e-mail domains (addresses on them are not personal data).

The 成文日期-against-the-text finding is stored with the version's findings, so it needs no table of its own.

Revision ID: 0004_formed_date
Revises: 0003_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_formed_date"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("official_domains", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("official_domains")
