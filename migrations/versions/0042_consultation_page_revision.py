"""Consultations gain `page_revision` (issue #23): a random token renewed in the transaction of
every change to what a worker keeps of the consultation's public page (the draft act's
articles, comments, answers and versions: consult/consultations/page_cache.py).

As for the polls' `revision` (0040): the column is added in place on both databases with the
constant server default "0", the token of a row written by SQL that is not the app's, which
the cache never trusts; every existing consultation then gets a random token of its own. The
downgrade drops the column in place: the tokens are lost, and nothing else.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

#: 16 random hexadecimal digits, as `consult.core.revisions.new_revision` makes them
RANDOM_TOKEN = {
    "sqlite": "lower(hex(randomblob(8)))",
    "postgresql": "substr(md5(random()::text || id::text), 1, 16)",
}


def upgrade() -> None:
    op.add_column(
        "consultations",
        sa.Column("page_revision", sa.String(16), nullable=False, server_default="0"),
    )
    token = RANDOM_TOKEN[op.get_bind().dialect.name]
    op.execute(f"UPDATE consultations SET page_revision = {token}")  # noqa: S608 - a constant


def downgrade() -> None:
    # in place on both (SQLite 3.35+ drops a column without copying the table)
    op.drop_column("consultations", "page_revision")
