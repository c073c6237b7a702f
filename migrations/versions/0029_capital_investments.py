"""The register of capital investments: one public record per funded project (from a poll's
funded projects, a budget hearing's accepted proposals, or made by hand), followed to its end,
with the dated history of its status and its photos. The database keeps its rules: progress
from 0 to 100 %, nothing negative spent, a completed project at 100 %, a cancelled one with its
reason, years and dates in order, and a project of a consultation recorded once (UNIQUE
source). A person follows a project by e-mail through the subscriptions (`investment_id`):
told, in their language, whenever its status changes. A downgrade drops the three tables and
the follows of projects (the photo files stay in the upload folder).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_STATUSES = ("planned", "procurement", "construction", "completed", "cancelled")
_PHOTO_TYPES = ("jpeg", "png")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _given(column: str) -> str:
    return f"CAST({column} AS TEXT) NOT IN ('{{}}', 'null', '', '\"\"')"


def _in_order(earlier: str, later: str) -> str:
    return f"{earlier} IS NULL OR {later} IS NULL OR {later} >= {earlier}"


def upgrade():
    op.create_table(
        "capital_investments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("local_community_id", sa.Integer(), nullable=True),
        sa.Column("directorate_id", sa.Integer(), nullable=True),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=60), nullable=True),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("year_end", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.JSON(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("budget", sa.Numeric(precision=15, scale=4), nullable=False),
        sa.Column("spent", sa.Numeric(precision=15, scale=4), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _one_of("status", _STATUSES), name=op.f("ck_capital_investments_status_known")
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100",
            name=op.f("ck_capital_investments_progress_in_range"),
        ),
        sa.CheckConstraint(
            "status <> 'completed' OR progress = 100",
            name=op.f("ck_capital_investments_completed_at_100"),
        ),
        sa.CheckConstraint(
            f"status <> 'cancelled' OR {_given('cancel_reason')}",
            name=op.f("ck_capital_investments_cancelled_has_reason"),
        ),
        sa.CheckConstraint("budget >= 0", name=op.f("ck_capital_investments_budget_not_negative")),
        sa.CheckConstraint("spent >= 0", name=op.f("ck_capital_investments_spent_not_negative")),
        sa.CheckConstraint(
            "year_start >= 2000 AND year_end <= 2100 AND year_end >= year_start",
            name=op.f("ck_capital_investments_years_in_order"),
        ),
        sa.CheckConstraint(
            _in_order("planned_start", "planned_end"),
            name=op.f("ck_capital_investments_planned_in_order"),
        ),
        sa.CheckConstraint(
            _in_order("actual_start", "actual_end"),
            name=op.f("ck_capital_investments_actual_in_order"),
        ),
        sa.CheckConstraint(_given("title"), name=op.f("ck_capital_investments_title_given")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_capital_investments_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["directorate_id"],
            ["directorates.id"],
            name=op.f("fk_capital_investments_directorate_id_directorates"),
        ),
        sa.ForeignKeyConstraint(
            ["local_community_id"],
            ["local_communities.id"],
            name=op.f("fk_capital_investments_local_community_id_local_communities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capital_investments")),
        sa.UniqueConstraint("source", name=op.f("uq_capital_investments_source")),
    )
    with op.batch_alter_table("capital_investments", schema=None) as batch_op:
        for column in ("consultation_id", "directorate_id", "local_community_id"):
            batch_op.create_index(
                batch_op.f(f"ix_capital_investments_{column}"), [column], unique=False
            )

    op.create_table(
        "capital_investment_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("note", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _one_of("to_status", _STATUSES),
            name=op.f("ck_capital_investment_events_to_status_known"),
        ),
        sa.CheckConstraint(
            _one_of("from_status", _STATUSES),
            name=op.f("ck_capital_investment_events_from_status_known"),
        ),
        sa.CheckConstraint(
            "from_status <> to_status", name=op.f("ck_capital_investment_events_status_changes")
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100",
            name=op.f("ck_capital_investment_events_progress_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["capital_investments.id"],
            name=op.f("fk_capital_investment_events_investment_id_capital_investments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capital_investment_events")),
    )
    with op.batch_alter_table("capital_investment_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capital_investment_events_investment_id"),
            ["investment_id"],
            unique=False,
        )

    op.create_table(
        "capital_investment_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investment_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("photo_type", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("alt", sa.JSON(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _one_of("photo_type", _PHOTO_TYPES),
            name=op.f("ck_capital_investment_photos_photo_type_known"),
        ),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_capital_investment_photos_not_empty")),
        sa.CheckConstraint(_given("alt"), name=op.f("ck_capital_investment_photos_alt_given")),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["capital_investments.id"],
            name=op.f("fk_capital_investment_photos_investment_id_capital_investments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capital_investment_photos")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_capital_investment_photos_stored_name")),
    )
    with op.batch_alter_table("capital_investment_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capital_investment_photos_investment_id"),
            ["investment_id"],
            unique=False,
        )

    # a person follows a project through the e-mail subscriptions (`consult.subscriptions`)
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("investment_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_subscriptions_investment_id"), ["investment_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_subscriptions_investment_id_capital_investments"),
            "capital_investments",
            ["investment_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_subscriptions_investment_scope"),
            "investment_id IS NULL OR directorate_id IS NULL",
        )


def downgrade():
    op.execute("DELETE FROM subscriptions WHERE investment_id IS NOT NULL")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_subscriptions_investment_scope"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_subscriptions_investment_id_capital_investments"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_subscriptions_investment_id"))
        batch_op.drop_column("investment_id")
    with op.batch_alter_table("capital_investment_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capital_investment_photos_investment_id"))
    op.drop_table("capital_investment_photos")
    with op.batch_alter_table("capital_investment_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capital_investment_events_investment_id"))
    op.drop_table("capital_investment_events")
    with op.batch_alter_table("capital_investments", schema=None) as batch_op:
        for column in ("local_community_id", "directorate_id", "consultation_id"):
            batch_op.drop_index(batch_op.f(f"ix_capital_investments_{column}"))
    op.drop_table("capital_investments")
