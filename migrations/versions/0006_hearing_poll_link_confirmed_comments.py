"""Budget hearings: a proposal forwarded to a poll links its poll project; budget comments are
e-mail-confirmed and may give a gender; answer reasons are stored per language

Existing reasons were written as one text shown as Albanian, so they become {"sq": text}.
Existing comments were published without confirmation, so they count as confirmed when made.
A proposal only flagged as forwarded (no poll recorded) keeps its note and date but is no longer
a candidate: an officer forwards it again to a real poll.

Revision ID: d90a3eccfca0
Revises: 0f08ed3e910d
Create Date: 2026-11-26 15:20:00.000000

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d90a3eccfca0"
down_revision = "0f08ed3e910d"
branch_labels = None
depends_on = None

ANSWER_HAS_REASON = "outcome IS NULL OR CAST(reason AS TEXT) NOT IN ('{}', 'null', '', '\"\"')"
OLD_ANSWER_HAS_REASON = "outcome IS NULL OR reason <> ''"
TABLES = ("capital_proposals", "hearing_comments")


def _reasons_to_json(table: str) -> None:
    """Copy `reason` (text) into `reason_json` as {"sq": text}, {} when empty."""
    connection = op.get_bind()
    source = sa.table(table, sa.column("id", sa.Integer), sa.column("reason", sa.Text))
    rows = connection.execute(sa.select(source.c.id, source.c.reason)).all()
    target = sa.table(table, sa.column("id", sa.Integer), sa.column("reason_json", sa.JSON))
    for row_id, reason in rows:
        value = {"sq": reason.strip()} if (reason or "").strip() else {}
        connection.execute(target.update().where(target.c.id == row_id).values(reason_json=value))


def _reasons_to_text(table: str) -> None:
    """Copy `reason` ({locale: text}) back into `reason_text`: Albanian, else any language."""
    connection = op.get_bind()
    source = sa.table(table, sa.column("id", sa.Integer), sa.column("reason", sa.JSON))
    target = sa.table(table, sa.column("id", sa.Integer), sa.column("reason_text", sa.Text))
    for row_id, reason in connection.execute(sa.select(source.c.id, source.c.reason)).all():
        if isinstance(reason, str):
            reason = json.loads(reason or "{}")
        reason = reason or {}
        text = reason.get("sq") or next((v for v in reason.values() if v), "")
        connection.execute(target.update().where(target.c.id == row_id).values(reason_text=text))


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("reason_json", sa.JSON(), nullable=True))
        _reasons_to_json(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_answer_has_reason"), type_="check")
            if table == "capital_proposals":
                batch_op.drop_constraint(
                    batch_op.f("ck_capital_proposals_forwarded_only_when_accepted"), type_="check"
                )
                batch_op.drop_column("forwarded_to_poll")
            batch_op.drop_column("reason")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "reason_json", new_column_name="reason", existing_type=sa.JSON(), nullable=False
            )

    with op.batch_alter_table("capital_proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forwarded_project_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_capital_proposals_forwarded_project_id"), ["forwarded_project_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_capital_proposals_forwarded_project_id_poll_projects"),
            "poll_projects",
            ["forwarded_project_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_capital_proposals_answer_has_reason"), ANSWER_HAS_REASON
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_capital_proposals_forwarded_only_when_accepted"),
            "forwarded_project_id IS NULL OR outcome IN ('accepted', 'partly_accepted')",
        )

    with op.batch_alter_table("hearing_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_hearing_comments_answer_has_reason"), ANSWER_HAS_REASON
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_hearing_comments_gender_known"),
            "gender IS NULL OR gender IN ('female', 'male', 'other')",
        )
    op.execute("UPDATE hearing_comments SET confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table("hearing_comments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_hearing_comments_gender_known"), type_="check")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("gender")

    with op.batch_alter_table("capital_proposals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("forwarded_to_poll", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE capital_proposals SET forwarded_to_poll = (forwarded_project_id IS NOT NULL)"
    )
    with op.batch_alter_table("capital_proposals", schema=None) as batch_op:
        batch_op.alter_column("forwarded_to_poll", server_default=None)
        batch_op.drop_constraint(
            batch_op.f("ck_capital_proposals_forwarded_only_when_accepted"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_capital_proposals_forwarded_project_id_poll_projects"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("uq_capital_proposals_forwarded_project_id"), type_="unique"
        )
        batch_op.drop_column("forwarded_project_id")
        batch_op.create_check_constraint(
            batch_op.f("ck_capital_proposals_forwarded_only_when_accepted"),
            "NOT forwarded_to_poll OR outcome IN ('accepted', 'partly_accepted')",
        )

    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("reason_text", sa.Text(), nullable=False, server_default="")
            )
        _reasons_to_text(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_answer_has_reason"), type_="check")
            batch_op.drop_column("reason")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "reason_text",
                new_column_name="reason",
                existing_type=sa.Text(),
                server_default=None,
            )
            batch_op.create_check_constraint(
                batch_op.f(f"ck_{table}_answer_has_reason"), OLD_ANSWER_HAS_REASON
            )
