"""The outreach log of every consultation: each channel an officer used to reach people (a
local community's notice board, an e-mail list, the website, Facebook, radio, TV, the village
council, SMS, a press release, a meeting, or another one described in a note), on which day,
with an optional count and note. Empty after the upgrade; a downgrade drops it.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

_CHANNELS = (
    "notice_board",
    "email_list",
    "website",
    "facebook",
    "radio",
    "tv",
    "village_council",
    "sms",
    "press_release",
    "meeting",
    "other",
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "outreach_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("local_community_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _one_of("channel", _CHANNELS), name=op.f("ck_outreach_log_channel_known")
        ),
        sa.CheckConstraint(
            "channel <> 'notice_board' OR local_community_id IS NOT NULL",
            name=op.f("ck_outreach_log_notice_board_has_community"),
        ),
        sa.CheckConstraint(
            "channel <> 'other' OR length(trim(note)) > 0",
            name=op.f("ck_outreach_log_other_has_note"),
        ),
        sa.CheckConstraint(
            "quantity IS NULL OR (quantity >= 1 AND quantity <= 100000)",
            name=op.f("ck_outreach_log_quantity_in_range"),
        ),
        sa.CheckConstraint("length(note) <= 500", name=op.f("ck_outreach_log_note_not_too_long")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_outreach_log_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["local_community_id"],
            ["local_communities.id"],
            name=op.f("fk_outreach_log_local_community_id_local_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_outreach_log_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_log")),
    )
    with op.batch_alter_table("outreach_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_log_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("outreach_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_log_consultation_id"))
    op.drop_table("outreach_log")
