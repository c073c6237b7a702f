"""Meetings for every audience: a meeting needs no consultation any more (the Mayor's meetings
with local communities, information sessions, the Assembly's sessions), and gets an organising
directorate, a title, a format (in person, online, hybrid), an end time, accessibility notes,
an online link and a stream or recording link, optional registration with a seat limit, and
its cancellation. The people who register for a seat get a table of their own.

Existing meetings become in-person meetings without registration; their audiences are checked
against the lists of the meeting form and the hearing plan. A downgrade drops the
registrations and the new columns, and refuses while a meeting has no consultation.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

_FORMATS = ("in_person", "online", "hybrid")
_AUDIENCES = (
    "general",
    "village_council",
    "business",
    "youth",
    "women",
    "disability",
    "cso",
    "diaspora",
    "professional",
)
_LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _web_link(column: str) -> str:
    return f"{column} IS NULL OR {column} LIKE 'https://%' OR {column} LIKE 'http://%'"


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("consultation_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("directorate_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("title", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("format", sa.String(length=10), nullable=False, server_default="in_person")
        )
        batch_op.add_column(sa.Column("ends_at", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("stream_url", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("accessibility", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(
            sa.Column("registration", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("seat_limit", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_directorate_id_directorates"),
            "directorates",
            ["directorate_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_format_known"), _one_of("format", _FORMATS)
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_audience_known"), _one_of("audience", _AUDIENCES)
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_ends_after_start"),
            "ends_at IS NULL OR (starts_at IS NOT NULL AND ends_at > starts_at)",
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_online_url_is_web"), _web_link("online_url")
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_stream_url_is_web"), _web_link("stream_url")
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_seat_limit_positive"), "seat_limit IS NULL OR seat_limit > 0"
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_seat_limit_with_registration"), "seat_limit IS NULL OR registration"
        )
        batch_op.create_check_constraint(
            op.f("ck_meetings_cancelled_once_announced"),
            "cancelled_at IS NULL OR announced_on IS NOT NULL",
        )

    op.create_table(
        "meeting_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("confirm_hash", sa.String(length=64), nullable=True),
        sa.Column("cancel_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            _one_of("locale", _LOCALES), name=op.f("ck_meeting_registrations_locale_known")
        ),
        sa.CheckConstraint(
            "length(name) > 0", name=op.f("ck_meeting_registrations_name_not_empty")
        ),
        sa.CheckConstraint(
            "confirmed_at IS NOT NULL OR confirm_hash IS NOT NULL",
            name=op.f("ck_meeting_registrations_confirmable"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_registrations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_registrations")),
        sa.UniqueConstraint("cancel_hash", name=op.f("uq_meeting_registrations_cancel_hash")),
        sa.UniqueConstraint("confirm_hash", name=op.f("uq_meeting_registrations_confirm_hash")),
        sa.UniqueConstraint("meeting_id", "email", name="meeting_email_unique"),
    )
    with op.batch_alter_table("meeting_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_registrations_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_registrations_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    bind = op.get_bind()
    standalone = bind.execute(
        sa.text("SELECT count(*) FROM meetings WHERE consultation_id IS NULL")
    ).scalar()
    if standalone:
        raise RuntimeError(
            f"{standalone} meeting(s) have no consultation; delete them before this downgrade."
        )
    with op.batch_alter_table("meeting_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_registrations_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_registrations_created_at"))
    op.drop_table("meeting_registrations")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        for name in (
            "cancelled_once_announced",
            "seat_limit_with_registration",
            "seat_limit_positive",
            "stream_url_is_web",
            "online_url_is_web",
            "ends_after_start",
            "audience_known",
            "format_known",
        ):
            batch_op.drop_constraint(op.f(f"ck_meetings_{name}"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_meetings_directorate_id_directorates"), type_="foreignkey"
        )
        for column in (
            "cancel_reason",
            "cancelled_at",
            "seat_limit",
            "registration",
            "accessibility",
            "stream_url",
            "online_url",
            "ends_at",
            "format",
            "title",
            "directorate_id",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column("consultation_id", existing_type=sa.Integer(), nullable=False)
