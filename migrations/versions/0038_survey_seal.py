"""Surveys: used codes, browser records and responses get `sealed` (issue #23). On PostgreSQL
a submission rewrites only the survey's unsealed rows, in tumbling groups of at least
SURVEY_SEAL_BATCH (consult/surveys/services.py, `seal`), instead of every used code and the
day's responses.

PostgreSQL: `ADD COLUMN ... NOT NULL DEFAULT false` only changes the catalogue (no table is
rewritten, however many responses it holds); the partial indexes find the unsealed rows of a
survey. Rows stored before the upgrade are unsealed: the first submission to a survey after it
rewrites them once (sealing all but B), as every submission did before; a closed survey's
stay as they are, already in groups of a day or more. SQLite: the columns only (it seals
nothing).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-07 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

#: table → the condition of its rows the next submission rewrites
UNSEALED = {
    "staff_tokens": "used AND NOT sealed",
    "survey_browser_participations": "NOT sealed",
    "survey_responses": "NOT sealed",
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    for table in UNSEALED:
        op.add_column(
            table, sa.Column("sealed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    if _postgresql():
        for table, condition in UNSEALED.items():
            op.create_index(
                f"ix_{table}_unsealed", table, ["survey_id"], postgresql_where=sa.text(condition)
            )


def downgrade() -> None:
    if _postgresql():
        for table in UNSEALED:
            op.drop_index(f"ix_{table}_unsealed", table_name=table)
    for table in UNSEALED:
        op.drop_column(table, "sealed")
