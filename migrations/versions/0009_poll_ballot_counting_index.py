"""Poll ballots: on SQLite, an index holding every column the results page groups by

Revision ID: 5b2f8d41c9e7
Revises: 3c1e9a7b52d4
Create Date: 2026-11-26 18:30:00

"""

from alembic import op

revision = "5b2f8d41c9e7"
down_revision = "3c1e9a7b52d4"
branch_labels = None
depends_on = None

COLUMNS = ["poll_id", "choices", "channel", "age_band", "gender", "local_community_id"]


def _sqlite() -> bool:
    # PostgreSQL has no B-tree operator class for json (consult/polls/models.py: Ballot)
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    if _sqlite():
        op.create_index("ix_poll_ballots_counting", "poll_ballots", COLUMNS)


def downgrade():
    if _sqlite():
        op.drop_index("ix_poll_ballots_counting", table_name="poll_ballots")
