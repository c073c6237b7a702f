"""The outbox says which consultation a message is about (an answer, a report, a notice), so
that the consultation's back office counts its e-mail waiting, sent and refused. Messages
queued before have none. A downgrade drops the column.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_consultation_id_consultations"),
            "consultations",
            ["consultation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_consultation_id_consultations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_messages_consultation_id"))
        batch_op.drop_column("consultation_id")
