"""Pabulib fidelity: amounts with decimals, every rule of the archive, what the city funded.

- `polls.budget` and `poll_projects.cost` become NUMERIC(15, 4): a file's fractional budget
  (1,681,173.70) is kept exactly instead of being refused;
- `polls.rule` may also be greedy-exclusive, equalshares, equalshares-comparison and
  equalshares/add1-comparison;
- `polls.ordinal_scoring`: how a ranking's places become points (positions or borda);
- `poll_projects.city_selection`: the file's `selected` code (0-3: 2 and 3 are projects the
  city funded outside its rule), `poll_projects.exclusive_group` for greedy-exclusive.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_OLD_RULES = ("greedy", "greedy-no-skip", "greedy-threshold", "equalshares/add1")
_RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-exclusive",
    "equalshares",
    "equalshares/add1",
    "equalshares-comparison",
    "equalshares/add1-comparison",
)
_AMOUNT = sa.Numeric(15, 4)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.alter_column(
            "budget", type_=_AMOUNT, existing_type=sa.Integer(), existing_nullable=False
        )
        batch_op.add_column(
            sa.Column(
                "ordinal_scoring", sa.String(length=12), server_default="positions", nullable=False
            )
        )
        batch_op.drop_constraint(op.f("ck_polls_rule_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_polls_rule_known"), _one_of("rule", _RULES))
        batch_op.create_check_constraint(
            op.f("ck_polls_ordinal_scoring_known"),
            _one_of("ordinal_scoring", ("positions", "borda")),
        )
    with op.batch_alter_table("poll_projects", schema=None) as batch_op:
        batch_op.alter_column(
            "cost", type_=_AMOUNT, existing_type=sa.Integer(), existing_nullable=False
        )
        batch_op.add_column(sa.Column("city_selection", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("exclusive_group", sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_poll_projects_city_selection_known"),
            "city_selection IS NULL OR city_selection IN (0, 1, 2, 3)",
        )


def downgrade():
    polls = sa.table("polls", sa.column("rule", sa.String))
    op.execute(polls.update().where(polls.c.rule.notin_(_OLD_RULES)).values(rule="greedy"))
    with op.batch_alter_table("poll_projects", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_poll_projects_city_selection_known"), type_="check")
        batch_op.drop_column("exclusive_group")
        batch_op.drop_column("city_selection")
        batch_op.alter_column(
            "cost",
            type_=sa.Integer(),
            existing_type=_AMOUNT,
            existing_nullable=False,
            postgresql_using="ceil(cost)::integer",
        )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_polls_ordinal_scoring_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_polls_rule_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_polls_rule_known"), _one_of("rule", _OLD_RULES))
        batch_op.drop_column("ordinal_scoring")
        batch_op.alter_column(
            "budget",
            type_=sa.Integer(),
            existing_type=_AMOUNT,
            existing_nullable=False,
            postgresql_using="floor(budget)::integer",
        )
