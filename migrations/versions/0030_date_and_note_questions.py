"""Two more question types: a date (the answer stored as ISO text, YYYY-MM-DD) and a note (a
text shown among the questions, with no answer). The CHECK `type_known` of `survey_questions`
is widened (SQLite: the table is copied in batch mode; PostgreSQL: the constraint is dropped and
made again).

A downgrade refuses while any question is a date or a note: it would have to delete them with
their answers, and it never deletes what people answered. Delete those questions first.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

_BEFORE = (
    "single_choice",
    "multiple_choice",
    "likert",
    "likert_matrix",
    "ranking",
    "number",
    "rating",
    "short_text",
    "long_text",
)
_ADDED = ("date", "note")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _set_types(types: tuple[str, ...]) -> None:
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_survey_questions_type_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_survey_questions_type_known"), _one_of("type", types)
        )


def upgrade():
    _set_types(_BEFORE + _ADDED)


def downgrade():
    questions = sa.table("survey_questions", sa.column("type", sa.String))
    count = (
        op.get_bind()
        .execute(
            sa.select(sa.func.count()).select_from(questions).where(questions.c.type.in_(_ADDED))
        )
        .scalar()
    )
    if count:
        raise RuntimeError(
            f"{count} survey question(s) are dates or notes, which the schema before 0030_lss "
            "cannot hold; delete them (and their answers) before this downgrade."
        )
    _set_types(_BEFORE)
