"""Poll ballots: on SQLite, the counting index also holds the municipality (issue #23)

Since every row carries `municipality_id` (0036), every statement of the app is scoped with
`municipality_id = :current`, and the results page's grouping of the ballots could no longer
be read from ix_poll_ballots_counting alone (0009): SQLite looked each of 100,000 ballots up
in the table (the bench's poll: 16 → 118 ms). The index is made again with the municipality
after the poll, so the grouping reads it alone and in its order. PostgreSQL has no such index
(no B-tree for `json`).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-06 11:30:00

"""

from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

NAME = "ix_poll_ballots_counting"
FACTS = ["choices", "channel", "age_band", "gender", "local_community_id"]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _make_again(columns: list[str]) -> None:
    if _sqlite():
        op.drop_index(NAME, table_name="poll_ballots")
        op.create_index(NAME, "poll_ballots", columns)


def upgrade():
    _make_again(["poll_id", "municipality_id", *FACTS])


def downgrade():
    _make_again(["poll_id", *FACTS])
