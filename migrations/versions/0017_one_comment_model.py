"""One comment model: budget comments join draft-act comments in `comments`, and their answers
join `answers`.

- `comments` gains `cycle_id` (the hearing cycle) and `line_id` (the budget line commented on),
  with two CHECKs: a comment is on a draft act or on a draft budget, never both, and a budget
  line belongs to a cycle;
- every row of `hearing_comments` becomes a row of `comments` (new ids, in the old order; the
  consultation is the cycle's; `recorded_by_id` becomes `user_id`), an answered one also a row
  of `answers` (an answer with no time keeps the comment's), and the audit log's
  `hearing_comment:<old id>` targets become `comment:<new id>`;
- `answers` gets the CHECK the hearing answers had: a reason in at least one language;
- `hearing_comments` is dropped.

A confirmation link mailed before the upgrade names an old id; the budget comment's links are
signed with a new salt, so such a link confirms nothing (the comment stays unconfirmed, as an
expired link would leave it). The downgrade moves the budget comments back.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 23:40:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")
ANSWER_HAS_REASON = "outcome IS NULL OR CAST(reason AS TEXT) NOT IN ('{}', 'null', '', '\"\"')"
#: the columns both comment tables share, under the same name
SHARED = (
    "line_id",
    "author_kind",
    "meeting_id",
    "author_name",
    "author_email",
    "language",
    "text",
    "gender",
    "created_at",
    "confirmed_at",
    "hidden",
    "hidden_reason",
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _tables() -> tuple[sa.Table, sa.Table, sa.Table, sa.Table, sa.Table]:
    """Light descriptions of the tables the data moves between."""
    metadata = sa.MetaData()
    comments = sa.Table(
        "comments",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("consultation_id", sa.Integer),
        sa.Column("cycle_id", sa.Integer),
        sa.Column("show_name", sa.Boolean),
        sa.Column("user_id", sa.Integer),
        *(sa.Column(name) for name in SHARED),
    )
    hearing_comments = sa.Table(
        "hearing_comments",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle_id", sa.Integer),
        sa.Column("recorded_by_id", sa.Integer),
        sa.Column("outcome", sa.String),
        sa.Column("reason", sa.Text),
        sa.Column("answered_at", sa.DateTime),
        sa.Column("answered_by_id", sa.Integer),
        *(sa.Column(name) for name in SHARED),
    )
    answers = sa.Table(
        "answers",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("comment_id", sa.Integer),
        sa.Column("outcome", sa.String),
        sa.Column("reason", sa.JSON),
        sa.Column("answered_by_id", sa.Integer),
        sa.Column("answered_at", sa.DateTime),
    )
    cycles = sa.Table(
        "hearing_cycles",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("consultation_id", sa.Integer),
    )
    audit = sa.Table(
        "audit_log",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("target", sa.String),
    )
    return comments, hearing_comments, answers, cycles, audit


def _reason(value: object) -> dict:
    """A stored reason as a dict, whether the driver handed back JSON text or a dict."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else {}
    return value if isinstance(value, dict) else {}


def _retarget(connection: sa.Connection, audit: sa.Table, moved: dict[str, str]) -> None:
    """Rewrite the audit log's targets named in `moved` (old target -> new)."""
    for old, new in moved.items():
        connection.execute(audit.update().where(audit.c.target == old).values(target=new))


def _create_hearing_comments() -> None:
    op.create_table(
        "hearing_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=True),
        sa.Column("author_kind", sa.String(length=20), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "NOT hidden OR hidden_reason <> ''", name=op.f("ck_hearing_comments_hidden_with_reason")
        ),
        sa.CheckConstraint(
            "author_kind != 'meeting' OR meeting_id IS NOT NULL",
            name=op.f("ck_hearing_comments_floor_comment_has_meeting"),
        ),
        sa.CheckConstraint(
            "author_kind IN ('citizen', 'meeting')",
            name=op.f("ck_hearing_comments_author_kind_known"),
        ),
        sa.CheckConstraint(
            _one_of("language", LOCALES), name=op.f("ck_hearing_comments_language_known")
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('accepted', 'partly_accepted', 'rejected')",
            name=op.f("ck_hearing_comments_outcome_known"),
        ),
        sa.CheckConstraint(ANSWER_HAS_REASON, name=op.f("ck_hearing_comments_answer_has_reason")),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ('female', 'male', 'other')",
            name=op.f("ck_hearing_comments_gender_known"),
        ),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_hearing_comments_text_not_empty")),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_hearing_comments_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["hearing_cycles.id"],
            name=op.f("fk_hearing_comments_cycle_id_hearing_cycles"),
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["budget_lines.id"], name=op.f("fk_hearing_comments_line_id_budget_lines")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_hearing_comments_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_hearing_comments_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_comments")),
    )
    with op.batch_alter_table("hearing_comments", schema=None) as batch_op:
        for column in ("cycle_id", "line_id", "meeting_id"):
            batch_op.create_index(batch_op.f(f"ix_hearing_comments_{column}"), [column])


def upgrade():
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cycle_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("line_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_comments_cycle_id_hearing_cycles"),
            "hearing_cycles",
            ["cycle_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_comments_line_id_budget_lines"), "budget_lines", ["line_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_comments_cycle_id"), ["cycle_id"])
        batch_op.create_index(batch_op.f("ix_comments_line_id"), ["line_id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_comments_one_kind_of_subject"), "article_id IS NULL OR cycle_id IS NULL"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_comments_line_has_cycle"), "line_id IS NULL OR cycle_id IS NOT NULL"
        )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_answers_answer_has_reason"), ANSWER_HAS_REASON
        )

    connection = op.get_bind()
    comments, hearing_comments, answers, cycles, audit = _tables()
    rows = connection.execute(
        sa.select(hearing_comments, cycles.c.consultation_id)
        .join(cycles, cycles.c.id == hearing_comments.c.cycle_id)
        .order_by(hearing_comments.c.id)
    ).mappings()
    moved = {}
    for row in rows.all():
        new_id = connection.execute(
            comments.insert().values(
                consultation_id=row["consultation_id"],
                cycle_id=row["cycle_id"],
                show_name=False,
                user_id=row["recorded_by_id"],
                **{name: row[name] for name in SHARED},
            )
        ).inserted_primary_key[0]
        moved[f"hearing_comment:{row['id']}"] = f"comment:{new_id}"
        if row["outcome"] is not None:
            connection.execute(
                answers.insert().values(
                    comment_id=new_id,
                    outcome=row["outcome"],
                    reason=_reason(row["reason"]),
                    answered_by_id=row["answered_by_id"],
                    answered_at=row["answered_at"] or row["created_at"],
                )
            )
    _retarget(connection, audit, moved)

    with op.batch_alter_table("hearing_comments", schema=None) as batch_op:
        for column in ("meeting_id", "line_id", "cycle_id"):
            batch_op.drop_index(batch_op.f(f"ix_hearing_comments_{column}"))
    op.drop_table("hearing_comments")


def downgrade():
    _create_hearing_comments()
    connection = op.get_bind()
    comments, hearing_comments, answers, _cycles, audit = _tables()
    rows = connection.execute(
        sa.select(
            comments,
            answers.c.outcome,
            answers.c.reason,
            answers.c.answered_at,
            answers.c.answered_by_id,
        )
        .outerjoin(answers, answers.c.comment_id == comments.c.id)
        .where(comments.c.cycle_id.is_not(None))
        .order_by(comments.c.id)
    ).mappings()
    moved = {}
    for row in rows.all():
        reason = _reason(row["reason"]) if row["outcome"] is not None else {}
        old_id = connection.execute(
            hearing_comments.insert().values(
                cycle_id=row["cycle_id"],
                recorded_by_id=row["user_id"],
                outcome=row["outcome"],
                reason=json.dumps(reason),
                answered_at=row["answered_at"],
                answered_by_id=row["answered_by_id"],
                **{name: row[name] for name in SHARED},
            )
        ).inserted_primary_key[0]
        moved[f"comment:{row['id']}"] = f"hearing_comment:{old_id}"
    budget_comments = sa.select(comments.c.id).where(comments.c.cycle_id.is_not(None))
    connection.execute(answers.delete().where(answers.c.comment_id.in_(budget_comments)))
    connection.execute(comments.delete().where(comments.c.cycle_id.is_not(None)))
    _retarget(connection, audit, moved)

    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_answers_answer_has_reason"), type_="check")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_comments_line_has_cycle"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_comments_one_kind_of_subject"), type_="check")
        batch_op.drop_index(batch_op.f("ix_comments_line_id"))
        batch_op.drop_index(batch_op.f("ix_comments_cycle_id"))
        batch_op.drop_constraint(batch_op.f("fk_comments_line_id_budget_lines"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_comments_cycle_id_hearing_cycles"), type_="foreignkey"
        )
        batch_op.drop_column("line_id")
        batch_op.drop_column("cycle_id")
