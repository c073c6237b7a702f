"""Polls: participations and ballots get `sealed` (PostgreSQL rewrites the unsealed ones on
every vote, consult/polls/ballot_box.py); one-time voting codes wait on the server

On PostgreSQL the upgrade also rewrites every participation and ballot already stored, in
key order, so that the ballots cast before it no longer share a transaction stamp (`xmin`) or
their place in the table with their voter's participation: they all carry the upgrade's.
A downgrade drops the flag and forgets the codes being waited for.

Revision ID: 0010
Revises: 5b2f8d41c9e7
Create Date: 2026-12-01 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "5b2f8d41c9e7"
branch_labels = None
depends_on = None

#: table → its columns, and its primary key (the order rows are written back in)
STORED = {
    "poll_participations": (
        ["poll_id", "identity_hash", "channel", "day", "sealed"],
        ["poll_id", "identity_hash"],
    ),
    "poll_ballots": (
        [
            "id",
            "poll_id",
            "day",
            "channel",
            "choices",
            "receipt_hash",
            "age_band",
            "gender",
            "local_community_id",
            "sealed",
        ],
        ["id"],
    ),
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    for table in STORED:
        op.add_column(
            table, sa.Column("sealed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "poll_pending_codes",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=5), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "step IN ('sms', 'email')", name=op.f("ck_poll_pending_codes_step_known")
        ),
        sa.CheckConstraint("tries >= 0", name=op.f("ck_poll_pending_codes_tries_not_negative")),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_pending_codes_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_pending_codes")),
    )
    op.create_index(op.f("ix_poll_pending_codes_expires_at"), "poll_pending_codes", ["expires_at"])
    if _postgresql():
        for table in STORED:
            op.create_index(
                f"ix_{table}_unsealed", table, ["poll_id"], postgresql_where=sa.text("NOT sealed")
            )
            _rewrite_in_key_order(table)


def _rewrite_in_key_order(table: str) -> None:
    columns, key = (", ".join(names) for names in STORED[table])
    op.execute(
        f"WITH moved AS (DELETE FROM {table} RETURNING {columns}) "  # noqa: S608 - constants
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM moved ORDER BY {key}"
    )


def downgrade():
    if _postgresql():
        for table in STORED:
            op.drop_index(f"ix_{table}_unsealed", table_name=table)
    op.drop_index(op.f("ix_poll_pending_codes_expires_at"), table_name="poll_pending_codes")
    op.drop_table("poll_pending_codes")
    for table in STORED:
        op.drop_column(table, "sealed")
