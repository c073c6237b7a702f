"""Complex acts: `consultations.complex_act`, set by an officer on a draft act where the
standards profile has a longer period for complex acts (Albania's Law 146/2014: up to 40
working days instead of 20). Every existing consultation is not complex. A downgrade drops the
column: the marks are lost, and such consultations count against the ordinary period again.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-10 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("complex_act", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("complex_act")
