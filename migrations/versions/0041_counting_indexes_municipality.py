"""The two counting indexes hold the municipality (issue #23)

Since every row carries `municipality_id` (0036), every statement of the app is scoped with
`municipality_id = :current`, and the results pages' groupings could no longer be read from
their indexes alone:

* poll ballots, on SQLite (ix_poll_ballots_counting, 0009): SQLite looked each of 100,000
  ballots up in the table (the bench's poll: 16 → 118 ms). Made again with the municipality
  after the poll. PostgreSQL has no such index (no B-tree for `json`).
* survey answers, on both (ix_survey_answers_question_values, 0008): SQLite chose the
  municipality's own index and sorted 300,000 answers in a temporary B-tree (28 → 266 ms).
  Made again with the municipality after the question.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-06 11:30:00

"""

from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

BALLOTS = "ix_poll_ballots_counting"
BALLOT_FACTS = ["choices", "channel", "age_band", "gender", "local_community_id"]
ANSWERS = "ix_survey_answers_question_values"
ANSWER_VALUES = ["choice", "number"]


def _make_again(name: str, table: str, columns: list[str]) -> None:
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _make_again(BALLOTS, "poll_ballots", ["poll_id", "municipality_id", *BALLOT_FACTS])
    _make_again(ANSWERS, "survey_answers", ["question_id", "municipality_id", *ANSWER_VALUES])


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _make_again(BALLOTS, "poll_ballots", ["poll_id", *BALLOT_FACTS])
    _make_again(ANSWERS, "survey_answers", ["question_id", *ANSWER_VALUES])
