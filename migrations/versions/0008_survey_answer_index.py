"""Survey answers: an index by question and value for the report's grouped count

Revision ID: 3c1e9a7b52d4
Revises: 7d8fef3728d1
Create Date: 2026-11-26 16:25:00

"""

from alembic import op

revision = "3c1e9a7b52d4"
down_revision = "7d8fef3728d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_survey_answers_question_values",
        "survey_answers",
        ["question_id", "choice", "number"],
    )


def downgrade():
    op.drop_index("ix_survey_answers_question_values", table_name="survey_answers")
