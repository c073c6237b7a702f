"""Every row that belongs to a municipality says which (issue #22): 68 tables gain
`municipality_id` (NOT NULL, a foreign key to `municipalities`, indexed), every existing row in
the first municipality (id 1). `municipalities` gains `host` (unique, nullable): the host name a
municipality's pages are served under. Two values become unique per municipality instead of
across the install: a directorate's code and an organisation's registration number.

Not owned: `municipalities` itself and `sign_in_backoffs` (keyed by a hash of the address typed
and the client's address: the back-off must look the same whether or not, and wherever, an
account exists).

PostgreSQL: ADD COLUMN ... DEFAULT 1 (a constant default: no table is rewritten, so no row
changes its transaction stamp or place, which the ballot box relies on), then the default is
dropped; the app always writes the column.
SQLite: ALTER TABLE ADD COLUMN, so no table is copied and the WITHOUT ROWID tables and CHECK
constraints stay as they are. SQLite cannot add a NOT NULL column without a default, nor drop a
default without copying the table: there the column keeps DEFAULT 1 (foreign keys are off
during migrations, see env.py, so the REFERENCES clause is allowed). A downgrade copies each
table without the column from its own stored CREATE TABLE text, which keeps WITHOUT ROWID and
every CHECK.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-05 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

#: every table whose rows belong to a municipality
OWNED = (
    "act_version_articles",
    "act_version_comments",
    "act_versions",
    "answers",
    "articles",
    "audience_deliveries",
    "audience_lists",
    "audience_members",
    "audience_pending_imports",
    "audience_recipients",
    "audience_send_lists",
    "audience_sends",
    "audit_log",
    "budget_changes",
    "budget_lines",
    "capital_investment_events",
    "capital_investment_photos",
    "capital_investments",
    "capital_proposals",
    "comments",
    "consultation_notices",
    "consultations",
    "directorates",
    "documents",
    "draft_act_settings",
    "hearing_attendances",
    "hearing_cycles",
    "hearing_reports",
    "held_hearings",
    "invitation_logs",
    "local_communities",
    "meeting_registrations",
    "meetings",
    "organisations",
    "outbox_messages",
    "outreach_log",
    "password_resets",
    "pending_registrations",
    "plan_entries",
    "planned_hearings",
    "poll_ballots",
    "poll_paper_batch_entries",
    "poll_paper_batches",
    "poll_participations",
    "poll_pending_codes",
    "poll_projects",
    "poll_voter_list",
    "polls",
    "programme_names",
    "recorded_breaches",
    "report_review_events",
    "staff_counts",
    "staff_tokens",
    "subscriptions",
    "survey_answers",
    "survey_browser_participations",
    "survey_code_claims",
    "survey_invitations",
    "survey_options",
    "survey_questions",
    "survey_reminder_addresses",
    "survey_reminder_messages",
    "survey_reminders",
    "survey_responses",
    "survey_sections",
    "survey_statements",
    "surveys",
    "users",
)
#: (table, old unique constraint, its column, new constraint per municipality)
PER_MUNICIPALITY = (
    ("directorates", "uq_directorates_code", "code", "uq_directorates_municipality_code"),
    (
        "organisations",
        "uq_organisations_registration_number",
        "registration_number",
        "uq_organisations_municipality_registration_number",
    ),
)
#: what ADD COLUMN appends to a table's CREATE TABLE text on SQLite (see _sqlite_drop_column)
_SQLITE_COLUMN = (
    'municipality_id INTEGER NOT NULL DEFAULT 1 CONSTRAINT "{fk}" REFERENCES municipalities (id)'
)


def _fk(table: str) -> str:
    return f"fk_{table}_municipality_id_municipalities"


def _ix(table: str) -> str:
    return f"ix_{table}_municipality_id"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    sqlite = _sqlite()
    if sqlite:
        with op.batch_alter_table("municipalities", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("host", sa.String(length=253), nullable=True))
            batch_op.create_unique_constraint("uq_municipalities_host", ["host"])
    else:
        op.add_column("municipalities", sa.Column("host", sa.String(length=253), nullable=True))
        op.create_unique_constraint("uq_municipalities_host", "municipalities", ["host"])
    for table in OWNED:
        if sqlite:
            column = _SQLITE_COLUMN.format(fk=_fk(table))
            op.execute(f'ALTER TABLE "{table}" ADD COLUMN {column}')
        else:
            op.add_column(
                table,
                sa.Column("municipality_id", sa.Integer(), nullable=False, server_default="1"),
            )
            op.alter_column(table, "municipality_id", server_default=None)
            op.create_foreign_key(_fk(table), table, "municipalities", ["municipality_id"], ["id"])
        op.create_index(_ix(table), table, ["municipality_id"], unique=False)
    for table, old, column, new in PER_MUNICIPALITY:
        if sqlite:
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.drop_constraint(old, type_="unique")
                batch_op.create_unique_constraint(new, ["municipality_id", column])
        else:
            op.drop_constraint(old, table, type_="unique")
            op.create_unique_constraint(new, table, ["municipality_id", column])


def downgrade():
    sqlite = _sqlite()
    for table, old, column, new in PER_MUNICIPALITY:
        if sqlite:
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.drop_constraint(new, type_="unique")
                batch_op.create_unique_constraint(old, [column])
                batch_op.drop_index(_ix(table))
                batch_op.drop_column("municipality_id")
        else:
            op.drop_constraint(new, table, type_="unique")
            op.create_unique_constraint(old, table, [column])
    for table in OWNED:
        if sqlite and table in {t for t, *_ in PER_MUNICIPALITY}:
            continue  # done above
        if sqlite:
            op.drop_index(_ix(table), table_name=table)
            _sqlite_drop_column(table)
        else:
            op.drop_index(_ix(table), table_name=table)
            op.drop_constraint(_fk(table), table, type_="foreignkey")
            op.drop_column(table, "municipality_id")
    if sqlite:
        with op.batch_alter_table("municipalities", recreate="always") as batch_op:
            batch_op.drop_constraint("uq_municipalities_host", type_="unique")
            batch_op.drop_column("host")
    else:
        op.drop_constraint("uq_municipalities_host", "municipalities", type_="unique")
        op.drop_column("municipalities", "host")


def _sqlite_drop_column(table: str) -> None:
    """Copy `table` without municipality_id (SQLite cannot drop a column with a foreign key):
    its stored CREATE TABLE text minus what ADD COLUMN appended, so WITHOUT ROWID and every
    CHECK stay; then its other indexes again."""
    bind = op.get_bind()
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    added = ", " + _SQLITE_COLUMN.format(fk=_fk(table))
    if added not in create:
        raise RuntimeError(f"{table}: municipality_id is not as migration 0036 added it")
    indexes = (
        bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
        .scalars()
        .all()
    )
    columns = [
        row[1]
        for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')
        if row[1] != "municipality_id"
    ]
    names = ", ".join(f'"{name}"' for name in columns)
    temporary = f"_0036_{table}"
    rest = create.split("(", 1)[1]
    bind.exec_driver_sql(f'CREATE TABLE "{temporary}" (' + rest.replace(added, "", 1))
    copy = f'INSERT INTO "{temporary}" ({names}) SELECT {names} FROM "{table}"'  # noqa: S608
    bind.exec_driver_sql(copy)
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)
