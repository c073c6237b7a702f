"""Municipalities gain `pages_revision` (issue #23): a random token renewed in the transaction
of every change to what a worker keeps of the municipality's home page (the consultations and
the directorates it lists: consult/public/home_cache.py). The request reads it with the
municipality, before its view, at no cost of its own.

As for 0040 and 0042: the column is added in place on both databases with the constant server
default "0", which the cache never trusts; every existing municipality then gets a random token
of its own. The downgrade drops the column in place: the tokens are lost, and nothing else.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None

#: 16 random hexadecimal digits, as `consult.core.revisions.new_revision` makes them
RANDOM_TOKEN = {
    "sqlite": "lower(hex(randomblob(8)))",
    "postgresql": "substr(md5(random()::text || id::text), 1, 16)",
}


def upgrade() -> None:
    op.add_column(
        "municipalities",
        sa.Column("pages_revision", sa.String(16), nullable=False, server_default="0"),
    )
    token = RANDOM_TOKEN[op.get_bind().dialect.name]
    op.execute(f"UPDATE municipalities SET pages_revision = {token}")  # noqa: S608 - a constant


def downgrade() -> None:
    # in place on both (SQLite 3.35+ drops a column without copying the table)
    op.drop_column("municipalities", "pages_revision")
