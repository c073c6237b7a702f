"""The secret of two-step sign-in is kept sealed (Fernet, under SECOND_FACTOR_KEY or a key
derived from SECRET_KEY), so that a database administrator or a stolen backup cannot make the
codes: the column grows for the sealed form and the secrets stored plain by 0021 are sealed. A
downgrade opens them again (a secret whose key has changed is turned off).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 14:00:00

"""

import sqlalchemy as sa
from alembic import op

from consult.auth.services import SecondFactorUnreadable, open_totp_secret, seal_totp_secret

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _rewrite(change) -> None:
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    ).all()
    for user_id, secret in stored:
        connection.execute(
            users.update().where(users.c.id == user_id).values(totp_secret=change(secret))
        )


def _opened(sealed: str) -> str | None:
    try:
        return open_totp_secret(sealed)
    except SecondFactorUnreadable:
        return None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255)
        )
    _rewrite(seal_totp_secret)


def downgrade():
    _rewrite(_opened)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64)
        )
