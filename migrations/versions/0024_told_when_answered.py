"""Told when answered (issue #20): a commenter's or proposer's request to be e-mailed the
answer (a proposer's confirmed by an e-mail link), subscriptions to one consultation, the steps
each consultation's subscribers were told of, and the one-click unsubscribe address an outbox
message carries to the mail server (RFC 8058).

Comments confirmed before this revision with an address were promised their answer by e-mail
("The answer will be e-mailed to you"): they keep it (`notify_answer` true); every comment and
proposal after it is told only when its author ticks the box.

Revision ID: 0024
Revises: 0023
Create Date: 2027-01-10 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_answer", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        sa.text(
            "UPDATE comments SET notify_answer = :yes "
            "WHERE author_email != '' AND confirmed_at IS NOT NULL"
        ).bindparams(yes=True)
    )

    with op.batch_alter_table("capital_proposals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_answer", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("notify_confirmed_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_capital_proposals_notice_confirmed_when_asked"),
            "notify_confirmed_at IS NULL OR notify_answer",
        )

    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("answers_noticed_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_subscriptions_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_subscriptions_consultation_id_consultations"),
            "consultations",
            ["consultation_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_subscriptions_one_scope"),
            "directorate_id IS NULL OR consultation_id IS NULL",
        )

    op.create_table(
        "consultation_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("noticed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "event IN ('open', 'closed', 'reported')",
            name=op.f("ck_consultation_notices_event_known"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_notices_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_notices")),
        sa.UniqueConstraint("consultation_id", "event", name="one_notice_per_step"),
    )

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_unsubscribe", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("list_unsubscribe")

    op.drop_table("consultation_notices")

    op.execute("DELETE FROM subscriptions WHERE consultation_id IS NOT NULL")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_subscriptions_one_scope"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_subscriptions_consultation_id_consultations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_subscriptions_consultation_id"))
        batch_op.drop_column("answers_noticed_at")
        batch_op.drop_column("consultation_id")

    with op.batch_alter_table("capital_proposals", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_capital_proposals_notice_confirmed_when_asked"), type_="check"
        )
        batch_op.drop_column("notify_confirmed_at")
        batch_op.drop_column("notify_answer")

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("notify_answer")
