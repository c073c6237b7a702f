"""Versions of a draft act: the text put to consultation, the revised drafts published after
it closed and the text the Municipal Assembly adopted (its date, decision number and PDF),
each article of each version in every language, and the comments that led to each change.
Nothing exists before the upgrade; a downgrade drops the versions (the articles put to
consultation stay in `articles`).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

_KINDS = ("consulted", "revised", "adopted")
_WORKING = sa.text("published_at IS NULL")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "act_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("decision_number", sa.String(length=60), nullable=True),
        sa.Column("pdf_stored_name", sa.String(length=64), nullable=True),
        sa.Column("pdf_original_name", sa.String(length=255), nullable=True),
        sa.Column("pdf_size_bytes", sa.Integer(), nullable=True),
        sa.CheckConstraint("number >= 1", name=op.f("ck_act_versions_version_number_positive")),
        sa.CheckConstraint(
            _one_of("kind", _KINDS), name=op.f("ck_act_versions_version_kind_known")
        ),
        sa.CheckConstraint(
            "kind != 'consulted' OR number = 1", name=op.f("ck_act_versions_consulted_is_first")
        ),
        sa.CheckConstraint(
            "(published_at IS NULL) = (published_on IS NULL)",
            name=op.f("ck_act_versions_published_with_date"),
        ),
        sa.CheckConstraint(
            "kind = 'adopted' OR (adopted_on IS NULL AND decision_number IS NULL "
            "AND pdf_stored_name IS NULL)",
            name=op.f("ck_act_versions_adoption_only_when_adopted"),
        ),
        sa.CheckConstraint(
            "kind != 'adopted' OR published_at IS NULL OR (adopted_on IS NOT NULL "
            "AND decision_number IS NOT NULL AND decision_number != '')",
            name=op.f("ck_act_versions_adopted_with_decision"),
        ),
        sa.CheckConstraint(
            "(pdf_stored_name IS NULL) = (pdf_size_bytes IS NULL) AND "
            "(pdf_size_bytes IS NULL OR pdf_size_bytes > 0)",
            name=op.f("ck_act_versions_pdf_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_act_versions_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_versions")),
        sa.UniqueConstraint("consultation_id", "number", name="consultation_version_number"),
        sa.UniqueConstraint("pdf_stored_name", name=op.f("uq_act_versions_pdf_stored_name")),
    )
    with op.batch_alter_table("act_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_act_versions_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            "one_working_version",
            ["consultation_id"],
            unique=True,
            sqlite_where=_WORKING,
            postgresql_where=_WORKING,
        )

    op.create_table(
        "act_version_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("heading", sa.JSON(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "number >= 1", name=op.f("ck_act_version_articles_version_article_number_positive")
        ),
        sa.CheckConstraint(
            "lineage >= 1", name=op.f("ck_act_version_articles_version_article_lineage_positive")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_act_version_articles_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["act_versions.id"],
            name=op.f("fk_act_version_articles_version_id_act_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_version_articles")),
        sa.UniqueConstraint("version_id", "lineage", name="version_article_lineage"),
        sa.UniqueConstraint("version_id", "number", name="version_article_number"),
    )
    with op.batch_alter_table("act_version_articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_act_version_articles_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "act_version_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_act_version_comments_comment_id_comments"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["act_versions.id"],
            name=op.f("fk_act_version_comments_version_id_act_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_version_comments")),
        sa.UniqueConstraint("version_id", "lineage", "comment_id", name="version_comment_once"),
    )
    with op.batch_alter_table("act_version_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_act_version_comments_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_act_version_comments_version_id"), ["version_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("act_version_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_act_version_comments_version_id"))
        batch_op.drop_index(batch_op.f("ix_act_version_comments_comment_id"))
    op.drop_table("act_version_comments")
    with op.batch_alter_table("act_version_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_act_version_articles_version_id"))
    op.drop_table("act_version_articles")
    with op.batch_alter_table("act_versions", schema=None) as batch_op:
        batch_op.drop_index("one_working_version")
        batch_op.drop_index(batch_op.f("ix_act_versions_consultation_id"))
    op.drop_table("act_versions")
