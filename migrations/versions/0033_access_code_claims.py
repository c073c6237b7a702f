"""Access codes claimed when they are entered: `survey_code_claims` holds, for each code being
answered, the code's HMAC (its key, and a reference to `staff_tokens` that is deleted with the
code), the HMAC of a random id kept in the holder's claim cookie, and when the claim lapses.
No response and no answer refers to it, and it refers to none; its rows are deleted in the
transaction that marks the code used, or once they lapse. WITHOUT ROWID on SQLite, so the rows
lie in the order of their keys. A downgrade drops the table: codes being answered at that
moment can then be entered in a second browser again.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_code_claims",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["token_hash"],
            ["staff_tokens.token_hash"],
            name=op.f("fk_survey_code_claims_token_hash_staff_tokens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_survey_code_claims")),
        sqlite_with_rowid=False,
    )


def downgrade():
    op.drop_table("survey_code_claims")
