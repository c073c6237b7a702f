"""The municipality as a row (`municipalities`): its name, official languages and languages in
official use, standards profile, colour and contacts. Today's install becomes the first
municipality, `istog`, with every setting empty, so that each is still read from the
configuration (environment) as before; `flask municipalities set` writes settings into the row.
A downgrade drops the table and with it whatever was set there.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-05 20:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    municipalities = op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.JSON(), nullable=True),
        sa.Column("official_languages", sa.JSON(), nullable=True),
        sa.Column("languages_in_use", sa.JSON(), nullable=True),
        sa.Column("standards_profile", sa.String(length=40), nullable=True),
        sa.Column("brand_colour", sa.String(length=7), nullable=True),
        sa.Column("contact_address", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("slug <> ''", name=op.f("ck_municipalities_slug_not_empty")),
        sa.CheckConstraint(
            "brand_colour IS NULL OR length(brand_colour) = 7",
            name=op.f("ck_municipalities_colour_rrggbb"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("slug", name=op.f("uq_municipalities_slug")),
    )
    # No id given: the first row of a new table is 1 and PostgreSQL's sequence moves past it.
    op.execute(municipalities.insert().values(slug="istog", created_at=sa.func.now()))


def downgrade():
    op.drop_table("municipalities")
