"""Surveys gain `revision` (issue #23): a random token renewed in the transaction of every
change to the survey or its questionnaire (sections, questions, options, statements), so each
worker may keep the questionnaire its pages read (consult/surveys/questionnaire_cache.py). The
request reads it with the survey, which every page of the questionnaire reads anyway.

As for 0040, 0042 and 0043: the column is added in place on both databases with the constant
server default "0", which the cache never trusts; every existing survey then gets a random
token of its own. The downgrade drops the column in place: the tokens are lost, and nothing
else.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

#: 16 random hexadecimal digits, as `consult.core.revisions.new_revision` makes them
RANDOM_TOKEN = {
    "sqlite": "lower(hex(randomblob(8)))",
    "postgresql": "substr(md5(random()::text || id::text), 1, 16)",
}


def upgrade() -> None:
    op.add_column(
        "surveys", sa.Column("revision", sa.String(16), nullable=False, server_default="0")
    )
    token = RANDOM_TOKEN[op.get_bind().dialect.name]
    op.execute(f"UPDATE surveys SET revision = {token}")  # noqa: S608 - a constant


def downgrade() -> None:
    # in place on both (SQLite 3.35+ drops a column without copying the table)
    op.drop_column("surveys", "revision")
