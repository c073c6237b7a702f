"""Programme names in every language: the finance directorate's file names a budget line's
programme (in Albanian); the back office adds its name in the other languages, per cycle,
keyed by the file's name so that a new import of the draft keeps them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["hearing_cycles.id"],
            name=op.f("fk_programme_names_cycle_id_hearing_cycles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_names")),
        sa.UniqueConstraint("cycle_id", "programme", name="cycle_programme_unique"),
    )
    with op.batch_alter_table("programme_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_names_cycle_id"), ["cycle_id"], unique=False)


def downgrade():
    with op.batch_alter_table("programme_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_names_cycle_id"))
    op.drop_table("programme_names")
