"""Survey questions: one position per place in the questionnaire (a UNIQUE index)

The builder now moves questions up and down; the database keeps every position used once per
survey. Positions were always assigned as the highest plus one, so existing rows comply.

Revision ID: 7d8fef3728d1
Revises: d90a3eccfca0
Create Date: 2026-11-26 15:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7d8fef3728d1"
down_revision = "d90a3eccfca0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_survey_questions_survey_position", ["survey_id", "position"], unique=True
        )


def downgrade():
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index("uq_survey_questions_survey_position")
