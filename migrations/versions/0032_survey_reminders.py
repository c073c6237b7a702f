"""Reminders of staff surveys: the list of invited addresses, kept apart from the codes until
the survey closes (`survey_reminder_addresses`: survey, address, language; a random key and no
link to an invitation, a seed, a code or a time; WITHOUT ROWID on SQLite so the rows lie in the
order of their random keys), each reminder sent (`survey_reminders`: the n-th of a survey,
UNIQUE, with its time and number of recipients) and the outbox messages that carry reminders
(`survey_reminder_messages`), deleted when the survey closes. A downgrade drops the three
tables: the lists and the count of reminders are lost.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_reminder_addresses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_reminder_addresses_survey_id_surveys"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_reminder_addresses")),
        sa.UniqueConstraint(
            "survey_id", "address", name=op.f("uq_survey_reminder_addresses_survey_id")
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("survey_reminder_addresses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_reminder_addresses_survey_id"), ["survey_id"], unique=False
        )
    op.create_table(
        "survey_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_survey_reminders_number_positive")),
        sa.CheckConstraint(
            "recipients >= 0", name=op.f("ck_survey_reminders_recipients_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_survey_reminders_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_reminders")),
        sa.UniqueConstraint("survey_id", "number", name=op.f("uq_survey_reminders_survey_id")),
    )
    with op.batch_alter_table("survey_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_reminders_survey_id"), ["survey_id"], unique=False
        )
    op.create_table(
        "survey_reminder_messages",
        sa.Column("outbox_message_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_survey_reminder_messages_outbox_message_id_outbox_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_reminder_messages_survey_id_surveys"),
        ),
        sa.PrimaryKeyConstraint("outbox_message_id", name=op.f("pk_survey_reminder_messages")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("survey_reminder_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_reminder_messages_survey_id"), ["survey_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("survey_reminder_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_reminder_messages_survey_id"))
    op.drop_table("survey_reminder_messages")
    with op.batch_alter_table("survey_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_reminders_survey_id"))
    op.drop_table("survey_reminders")
    with op.batch_alter_table("survey_reminder_addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_reminder_addresses_survey_id"))
    op.drop_table("survey_reminder_addresses")
