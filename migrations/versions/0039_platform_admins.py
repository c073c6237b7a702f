"""Platform admins (issue #22): `users.platform_admin`, the flag that lets an account open the
pages that create and configure the municipalities of the install and the national view
(`consult.platform`). Every existing account starts without it; `flask users platform-admin
EMAIL` grants it.

A column with a server default is added in place on both databases (SQLite's ADD COLUMN
accepts a constant default), so no table is copied; the downgrade drops it in place too.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-08 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("platform_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # in place on both (SQLite 3.35+ drops a column without copying the table, which keeps
    # its CHECK constraints that a batch copy would have to reflect)
    op.drop_column("users", "platform_admin")
