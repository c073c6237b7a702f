"""Sign-in: a back-off per account name and client address instead of the account lock; a
session token on every account so that signing out, a new password or deactivation end every
session on the server; organisation registrations wait for their e-mail address to be confirmed

Every existing account gets a random session token, so sessions signed in before this
migration end (their cookies carry the bare user id) and everyone signs in once more.
A downgrade gives every account an unlocked lock again and forgets the back-off and the
registrations not yet confirmed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _give_every_account_a_session_token() -> None:
    connection = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_token=secrets.token_hex(16))
        )


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_users_failed_logins_not_negative"), type_="check")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
    _give_every_account_a_session_token()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)

    op.create_table(
        "sign_in_backoffs",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "failures >= 0", name=op.f("ck_sign_in_backoffs_failures_not_negative")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_backoffs")),
    )
    with op.batch_alter_table("sign_in_backoffs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sign_in_backoffs_last_failure_at"), ["last_failure_at"], unique=False
        )

    op.create_table(
        "pending_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("registration_number", sa.String(length=40), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("representative", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_registrations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pending_registrations_token_hash")),
    )
    with op.batch_alter_table("pending_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_registrations_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("pending_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_registrations_created_at"))
    op.drop_table("pending_registrations")
    with op.batch_alter_table("sign_in_backoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_backoffs_last_failure_at"))
    op.drop_table("sign_in_backoffs")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_users_failed_logins_not_negative"), "failed_logins >= 0"
        )
        batch_op.drop_column("session_token")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("failed_logins", existing_type=sa.Integer(), server_default=None)
