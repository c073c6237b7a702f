"""Audience lists: the e-mail lists the Public Information Office keeps for the audiences of
the communication strategy, their members with the record of each one's consent, the
invitations and newsletters sent to them, who each message went to (ids and the hash of its
unsubscribe token, linked to the outbox message that holds the address), and the CSV files
previewed and not yet imported. A downgrade drops them all (and the addresses with them).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

_AUDIENCES = (
    "cso",
    "village_council",
    "business",
    "professional",
    "youth",
    "disability",
    "women",
    "media",
    "diaspora",
    "citizens",
)
_SECTORS = (
    "youth",
    "women",
    "business",
    "education",
    "health",
    "social",
    "disability",
    "communities",
    "culture",
    "environment",
    "agriculture",
    "human_rights",
    "other",
)
_CONSENT_WAYS = ("web", "paper", "email_request", "public_contact")
_LOCALES = ("sq", "sr_Latn", "sr", "bs", "en")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "audience_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=30), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=True),
        sa.Column("open_to_public", sa.Boolean(), nullable=False),
        sa.Column("unsubscribed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _one_of("audience", _AUDIENCES), name=op.f("ck_audience_lists_audience_known")
        ),
        sa.CheckConstraint(
            f"sector IS NULL OR {_one_of('sector', _SECTORS)}",
            name=op.f("ck_audience_lists_sector_known"),
        ),
        sa.CheckConstraint(
            "sector IS NULL OR audience = 'cso'",
            name=op.f("ck_audience_lists_sector_of_organisations"),
        ),
        sa.CheckConstraint(
            "unsubscribed >= 0", name=op.f("ck_audience_lists_unsubscribed_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_lists")),
    )

    op.create_table(
        "audience_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("consent_how", sa.String(length=20), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirm_hash", sa.String(length=64), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            _one_of("locale", _LOCALES), name=op.f("ck_audience_members_locale_known")
        ),
        sa.CheckConstraint(
            _one_of("consent_how", _CONSENT_WAYS),
            name=op.f("ck_audience_members_consent_how_known"),
        ),
        sa.CheckConstraint(
            "(consent_how = 'web' AND recorded_by_id IS NULL)"
            " OR (consent_how <> 'web' AND recorded_by_id IS NOT NULL)",
            name=op.f("ck_audience_members_web_consent_given_in_person"),
        ),
        sa.CheckConstraint(
            "confirmed_at IS NOT NULL OR (consent_how = 'web' AND confirm_hash IS NOT NULL)",
            name=op.f("ck_audience_members_confirmable"),
        ),
        sa.CheckConstraint(
            "confirmed_at IS NULL OR consent_on IS NOT NULL",
            name=op.f("ck_audience_members_consent_dated"),
        ),
        sa.CheckConstraint("length(email) > 2", name=op.f("ck_audience_members_email_not_empty")),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["audience_lists.id"],
            name=op.f("fk_audience_members_list_id_audience_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_audience_members_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_members")),
        sa.UniqueConstraint("list_id", "email", name="list_email_unique"),
    )
    with op.batch_alter_table("audience_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_members_confirm_hash"), ["confirm_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audience_members_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audience_members_list_id"), ["list_id"], unique=False)

    op.create_table(
        "audience_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=True),
        sa.Column("queued_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "consultation_id IS NULL OR meeting_id IS NULL",
            name=op.f("ck_audience_sends_about_one_thing_at_most"),
        ),
        sa.CheckConstraint(
            "(queued_at IS NULL) = (queued_by_id IS NULL)",
            name=op.f("ck_audience_sends_queued_by_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_audience_sends_consultation_id_consultations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_audience_sends_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_audience_sends_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["queued_by_id"], ["users.id"], name=op.f("fk_audience_sends_queued_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_sends")),
    )
    with op.batch_alter_table("audience_sends", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_sends_queued_at"), ["queued_at"], unique=False
        )

    op.create_table(
        "audience_send_lists",
        sa.Column("send_id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["audience_lists.id"],
            name=op.f("fk_audience_send_lists_list_id_audience_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["send_id"],
            ["audience_sends.id"],
            name=op.f("fk_audience_send_lists_send_id_audience_sends"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("send_id", "list_id", name=op.f("pk_audience_send_lists")),
    )
    with op.batch_alter_table("audience_send_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_send_lists_list_id"), ["list_id"], unique=False
        )

    op.create_table(
        "audience_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("send_id", sa.Integer(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("unsubscribe_hash", sa.String(length=64), nullable=False),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_audience_recipients_outbox_message_id_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["send_id"],
            ["audience_sends.id"],
            name=op.f("fk_audience_recipients_send_id_audience_sends"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_recipients")),
        sa.UniqueConstraint(
            "outbox_message_id", name=op.f("uq_audience_recipients_outbox_message_id")
        ),
        sa.UniqueConstraint(
            "unsubscribe_hash", name=op.f("uq_audience_recipients_unsubscribe_hash")
        ),
    )
    with op.batch_alter_table("audience_recipients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_recipients_send_id"), ["send_id"], unique=False
        )

    op.create_table(
        "audience_deliveries",
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["audience_lists.id"],
            name=op.f("fk_audience_deliveries_list_id_audience_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["audience_members.id"],
            name=op.f("fk_audience_deliveries_member_id_audience_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["audience_recipients.id"],
            name=op.f("fk_audience_deliveries_recipient_id_audience_recipients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recipient_id", "list_id", name=op.f("pk_audience_deliveries")),
    )
    with op.batch_alter_table("audience_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_deliveries_list_id"), ["list_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audience_deliveries_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "audience_pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["audience_lists.id"],
            name=op.f("fk_audience_pending_imports_list_id_audience_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audience_pending_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audience_pending_imports")),
    )
    with op.batch_alter_table("audience_pending_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audience_pending_imports_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audience_pending_imports_list_id"), ["list_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audience_pending_imports_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("audience_pending_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_pending_imports_user_id"))
        batch_op.drop_index(batch_op.f("ix_audience_pending_imports_list_id"))
        batch_op.drop_index(batch_op.f("ix_audience_pending_imports_created_at"))
    op.drop_table("audience_pending_imports")
    with op.batch_alter_table("audience_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_deliveries_member_id"))
        batch_op.drop_index(batch_op.f("ix_audience_deliveries_list_id"))
    op.drop_table("audience_deliveries")
    with op.batch_alter_table("audience_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_recipients_send_id"))
    op.drop_table("audience_recipients")
    with op.batch_alter_table("audience_send_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_send_lists_list_id"))
    op.drop_table("audience_send_lists")
    with op.batch_alter_table("audience_sends", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_sends_queued_at"))
    op.drop_table("audience_sends")
    with op.batch_alter_table("audience_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audience_members_list_id"))
        batch_op.drop_index(batch_op.f("ix_audience_members_created_at"))
        batch_op.drop_index(batch_op.f("ix_audience_members_confirm_hash"))
    op.drop_table("audience_members")
    op.drop_table("audience_lists")
