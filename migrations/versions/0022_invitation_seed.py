"""A survey invitation's code is made, and its hash registered, when the officer queues it:
the worker derives the code from the invitation's random seed and the access-code key, so a
retry sends the same code and no send writes to the codes table. The seed is erased with the
address once the mail has left. Invitations still waiting at the upgrade were queued without a
registered code: they are marked failed with an explanation, for the officer to queue again.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 13:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

#: what the back office shows for an invitation queued before the upgrade (the words of
#: `consult.surveys.services.CODE_NOT_REGISTERED`, which keeps "Try them again" off it)
WAITING_AT_UPGRADE = "its code is not registered: queue the address again"


def upgrade():
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("seed", sa.String(length=64), nullable=False, server_default="")
        )
    invitations = sa.table(
        "survey_invitations",
        sa.column("sent_at", sa.DateTime),
        sa.column("attempts", sa.Integer),
        sa.column("last_error", sa.Text),
    )
    op.execute(
        invitations.update()
        .where(invitations.c.sent_at.is_(None))
        .values(attempts=5, last_error=WAITING_AT_UPGRADE)
    )


def downgrade():
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.drop_column("seed")
