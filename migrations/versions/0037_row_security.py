"""Row-level security on PostgreSQL (issue #22): the database's own wall between
municipalities, behind the app's scoping of every query (`consult.core.tenancy`).

Every table with `municipality_id` (the tables of 0036) gets a policy that shows, changes and
accepts only rows whose `municipality_id` is the transaction's `consult.municipality` setting;
without the setting the policy refuses to run (the cast of an empty or unknown setting fails),
so a forgotten setting shows nothing rather than everything. The policies bind the role the app
serves with when it neither owns the tables nor bypasses row security (README "Security": one
role owns the schema and runs `flask db upgrade`, another serves). SQLite has no such wall:
nothing is done there.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

POLICY = "consult_municipality"
CONDITION = "municipality_id = current_setting('consult.municipality')::integer"


def _owned_tables() -> list[str]:
    """The tables of the current schema that have a `municipality_id` column."""
    query = sa.text(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'municipality_id' "
        "ORDER BY table_name"
    )
    return list(op.get_bind().scalars(query))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _owned_tables():
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "{table}" USING ({CONDITION}) WITH CHECK ({CONDITION})'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _owned_tables():
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
