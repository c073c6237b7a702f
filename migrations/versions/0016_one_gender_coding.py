"""One gender coding: polls store "female"/"male" as comments do, surveys' standard question too.

- `poll_voter_list.gender` and `poll_ballots.gender` were "f"/"m" in one letter; they become
  "female"/"male" (six letters), the ballots' CHECK constraint with them;
- the standard survey question keyed `gender` offered "woman"/"man"; its options and the
  answers given become "female"/"male" ("not_said" stays: it is an answer, not a gender).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 20:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

#: old poll code -> new, and old survey code -> new
_POLL = {"f": "female", "m": "male"}
_SURVEY = {"woman": "female", "man": "male"}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _recode_polls(codes: dict[str, str]) -> None:
    for name in ("poll_voter_list", "poll_ballots"):
        table = sa.table(name, sa.column("gender", sa.String))
        for old, new in codes.items():
            op.execute(table.update().where(table.c.gender == old).values(gender=new))


def _recode_survey(codes: dict[str, str]) -> None:
    """The options of, the answers to and the conditions on every question keyed `gender`."""
    connection = op.get_bind()
    questions = sa.table(
        "survey_questions",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("show_if", sa.JSON),
    )
    options = sa.table(
        "survey_options", sa.column("question_id", sa.Integer), sa.column("value", sa.String)
    )
    answers = sa.table(
        "survey_answers",
        sa.column("question_id", sa.Integer),
        sa.column("item", sa.String),
        sa.column("choice", sa.String),
    )
    asked = sa.select(questions.c.id).where(questions.c.key == "gender").scalar_subquery()
    for old, new in codes.items():
        op.execute(
            options.update()
            .where(options.c.question_id.in_(asked), options.c.value == old)
            .values(value=new)
        )
        op.execute(
            answers.update()
            .where(answers.c.question_id.in_(asked), answers.c.choice == old)
            .values(choice=new)
        )
        op.execute(
            answers.update()
            .where(answers.c.question_id.in_(asked), answers.c.item == old)
            .values(item=new)
        )
    conditional = sa.select(questions.c.id, questions.c.show_if).where(
        questions.c.show_if.is_not(None)
    )
    for number, condition in connection.execute(conditional).all():
        if not isinstance(condition, dict) or condition.get("question") != "gender":
            continue
        values = [codes.get(v, v) for v in condition.get("values") or []]
        connection.execute(
            questions.update()
            .where(questions.c.id == number)
            .values(show_if={**condition, "values": values})
        )


def upgrade():
    for name in ("poll_voter_list", "poll_ballots"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(
                "gender", type_=sa.String(length=6), existing_type=sa.String(length=1)
            )
            if name == "poll_ballots":
                batch_op.drop_constraint(op.f("ck_poll_ballots_gender_known"), type_="check")
    _recode_polls(_POLL)
    with op.batch_alter_table("poll_ballots", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_poll_ballots_gender_known"),
            "gender IS NULL OR " + _one_of("gender", tuple(_POLL.values())),
        )
    _recode_survey(_SURVEY)


def downgrade():
    _recode_survey({new: old for old, new in _SURVEY.items()})
    with op.batch_alter_table("poll_ballots", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_poll_ballots_gender_known"), type_="check")
    _recode_polls({new: old for old, new in _POLL.items()})
    for name in ("poll_voter_list", "poll_ballots"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(
                "gender", type_=sa.String(length=1), existing_type=sa.String(length=6)
            )
            if name == "poll_ballots":
                batch_op.create_check_constraint(
                    op.f("ck_poll_ballots_gender_known"),
                    "gender IS NULL OR " + _one_of("gender", tuple(_POLL)),
                )
