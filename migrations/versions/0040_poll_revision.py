"""Polls gain `revision` (issue #23): a random token renewed in the transaction of every change
to the poll, its consultation, its projects or the local communities, which each worker
compares with the copy of the poll it keeps for the voting pages (consult/polls/voting_cache.py).

The column is added in place on both databases with the constant server default "0", the
token of a row written by SQL that is not the app's, which the cache never trusts; every
existing poll then gets a random token of its own, so that it is cached from the first vote.
The downgrade drops the column in place: the tokens are lost, and nothing else.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

#: 16 random hexadecimal digits, as `consult.polls.models.new_revision` makes them
RANDOM_TOKEN = {
    "sqlite": "lower(hex(randomblob(8)))",
    "postgresql": "substr(md5(random()::text || id::text), 1, 16)",
}


def upgrade() -> None:
    op.add_column(
        "polls", sa.Column("revision", sa.String(16), nullable=False, server_default="0")
    )
    token = RANDOM_TOKEN[op.get_bind().dialect.name]
    op.execute(f"UPDATE polls SET revision = {token}")  # noqa: S608 - a constant of this file


def downgrade() -> None:
    # in place on both (SQLite 3.35+ drops a column without copying the table, which keeps
    # its CHECK constraints that a batch copy would have to reflect)
    op.drop_column("polls", "revision")
