"""Response rates against staff numbers, and the language of a citizen's answer.

`staff_counts`: how many staff each directorate had in a year (one row per directorate and
year, never negative), the denominator of the staff survey's response rate.
`survey_responses.language`: the interface locale a citizen response was submitted in; staff
responses (those with a directorate) keep none, and the database refuses one.

The column and its two CHECK constraints are added in one ALTER TABLE ... ADD COLUMN (column
constraints), so SQLite keeps the table as it is (WITHOUT ROWID, in the order of its random
keys) instead of copying it, and drops the column again with ALTER TABLE ... DROP COLUMN
(SQLite 3.35 or later). A downgrade drops the table and the column: the counts and the
languages are lost.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

_LANGUAGES = ("sq", "sr_Latn", "sr", "bs", "en")


def upgrade():
    op.create_table(
        "staff_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_staff_counts_count_not_negative")),
        sa.CheckConstraint(
            "year BETWEEN 2000 AND 2100", name=op.f("ck_staff_counts_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["directorate_id"],
            ["directorates.id"],
            name=op.f("fk_staff_counts_directorate_id_directorates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_counts")),
        sa.UniqueConstraint("directorate_id", "year", name=op.f("uq_staff_counts_directorate_id")),
    )
    op.create_index(
        op.f("ix_staff_counts_directorate_id"), "staff_counts", ["directorate_id"], unique=False
    )
    known = ", ".join(repr(code) for code in _LANGUAGES)
    op.add_column(
        "survey_responses",
        sa.Column(
            "language",
            sa.String(length=10),
            sa.CheckConstraint(
                f"language IS NULL OR language IN ({known})",
                name=op.f("ck_survey_responses_language_known"),
            ),
            sa.CheckConstraint(
                "language IS NULL OR directorate_id IS NULL",
                name=op.f("ck_survey_responses_no_staff_language"),
            ),
            nullable=True,
        ),
    )


def downgrade():
    op.drop_column("survey_responses", "language")
    op.drop_index(op.f("ix_staff_counts_directorate_id"), table_name="staff_counts")
    op.drop_table("staff_counts")
