"""The chair's review of reports becomes one history of events for every kind of consultation
(consult/core/review_models.py): a report is submitted when published, then received for the
Assembly, or sent back with a note and answered and resubmitted by the officers

Every published draft-act report and hearing report gets a "submitted" event on the day it was
published; the draft acts' `report_reviews` rows and the hearing reports' `received_*` columns
become "received" events (with the chair's note), and then go. A downgrade puts the "received"
events back where they were and forgets the rest of the history (reports sent back and their
answers).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 10:00:00

"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ONCE = sa.text("kind IN ('submitted', 'received')")

consultations = sa.table(
    "consultations",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("report_published_at", sa.Date),
)
hearing_cycles = sa.table(
    "hearing_cycles", sa.column("id", sa.Integer), sa.column("consultation_id", sa.Integer)
)
events = sa.table(
    "report_review_events",
    sa.column("consultation_id", sa.Integer),
    sa.column("step", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("actor_id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("note", sa.Text),
)
report_reviews = sa.table(
    "report_reviews",
    sa.column("consultation_id", sa.Integer),
    sa.column("chair_id", sa.Integer),
    sa.column("note", sa.Text),
    sa.column("received_at", sa.DateTime),
)
hearing_reports = sa.table(
    "hearing_reports",
    sa.column("cycle_id", sa.Integer),
    sa.column("published_on", sa.Date),
    sa.column("published_by_id", sa.Integer),
    sa.column("received_at", sa.DateTime),
    sa.column("received_by_id", sa.Integer),
    sa.column("received_note", sa.Text),
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _midnight(day: dt.date | dt.datetime | None) -> dt.datetime | None:
    if day is None or isinstance(day, dt.datetime):
        return day
    return dt.datetime.combine(day, dt.time())


def _copy_into_events() -> None:
    """Each published report: "submitted" on its publication day, then "received" if the
    chair marked it so."""
    connection = op.get_bind()
    # consultation id -> [submitted (at, actor), received (at, actor, note) or None]
    history: dict[int, list] = {}
    published = sa.select(consultations.c.id, consultations.c.report_published_at).where(
        consultations.c.kind == "draft_act", consultations.c.status == "reported"
    )
    for consultation_id, published_at in connection.execute(published):
        history[consultation_id] = [(_midnight(published_at), None), None]
    received = sa.select(
        report_reviews.c.consultation_id,
        report_reviews.c.chair_id,
        report_reviews.c.note,
        report_reviews.c.received_at,
        consultations.c.report_published_at,
    ).join(consultations, consultations.c.id == report_reviews.c.consultation_id)
    for consultation_id, chair_id, note, received_at, published_at in connection.execute(received):
        entry = history.setdefault(consultation_id, [(_midnight(published_at), None), None])
        entry[1] = (received_at, chair_id, note or "")
    hearings = sa.select(
        hearing_cycles.c.consultation_id,
        hearing_reports.c.published_on,
        hearing_reports.c.published_by_id,
        hearing_reports.c.received_at,
        hearing_reports.c.received_by_id,
        hearing_reports.c.received_note,
    ).join(hearing_cycles, hearing_cycles.c.id == hearing_reports.c.cycle_id)
    for consultation_id, published_on, publisher, received_at, chair_id, note in connection.execute(
        hearings
    ):
        entry = history.setdefault(consultation_id, [(_midnight(published_on), publisher), None])
        if received_at is not None and entry[1] is None:
            entry[1] = (received_at, chair_id, note or "")
    rows = []
    for consultation_id, (submitted, receipt) in sorted(history.items()):
        submitted_at = submitted[0] or (receipt[0] if receipt else None) or _now()
        rows.append(
            {
                "consultation_id": consultation_id,
                "step": 1,
                "kind": "submitted",
                "actor_id": submitted[1],
                "at": submitted_at,
                "note": "",
            }
        )
        if receipt is not None:
            rows.append(
                {
                    "consultation_id": consultation_id,
                    "step": 2,
                    "kind": "received",
                    "actor_id": receipt[1],
                    "at": receipt[0],
                    "note": receipt[2],
                }
            )
    if rows:
        connection.execute(events.insert(), rows)


def upgrade():
    op.create_table(
        "report_review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('submitted', 'received', 'sent_back', 'resubmitted')",
            name=op.f("ck_report_review_events_kind_known"),
        ),
        sa.CheckConstraint(
            "kind NOT IN ('sent_back', 'resubmitted') OR length(note) > 0",
            name=op.f("ck_report_review_events_note_given"),
        ),
        sa.CheckConstraint("step > 0", name=op.f("ck_report_review_events_step_positive")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_report_review_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_report_review_events_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_review_events")),
        sa.UniqueConstraint("consultation_id", "step", name=op.f("uq_report_review_events_step")),
    )
    with op.batch_alter_table("report_review_events", schema=None) as batch_op:
        batch_op.create_index(
            "uq_report_review_events_once",
            ["consultation_id", "kind"],
            unique=True,
            sqlite_where=ONCE,
            postgresql_where=ONCE,
        )

    _copy_into_events()

    op.drop_table("report_reviews")
    with op.batch_alter_table("hearing_reports", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_hearing_reports_received_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("received_by_id")
        batch_op.drop_column("received_at")
        batch_op.drop_column("received_note")


def _copy_receipts_back() -> None:
    """Each "received" event back into `report_reviews` (draft acts) or the hearing report's
    `received_*` columns (budget hearings)."""
    connection = op.get_bind()
    receipts = sa.select(
        events.c.consultation_id,
        consultations.c.kind,
        events.c.actor_id,
        events.c.at,
        events.c.note,
    ).join(consultations, consultations.c.id == events.c.consultation_id)
    receipts = receipts.where(events.c.kind == "received")
    for consultation_id, kind, actor_id, at, note in connection.execute(receipts).all():
        if kind == "budget_hearing":
            cycles = sa.select(hearing_cycles.c.id).where(
                hearing_cycles.c.consultation_id == consultation_id
            )
            connection.execute(
                hearing_reports.update()
                .where(hearing_reports.c.cycle_id.in_(cycles))
                .values(received_at=at, received_by_id=actor_id, received_note=note)
            )
        else:
            connection.execute(
                report_reviews.insert().values(
                    consultation_id=consultation_id, chair_id=actor_id, note=note, received_at=at
                )
            )


def downgrade():
    with op.batch_alter_table("hearing_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("received_note", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("received_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_hearing_reports_received_by_id_users"),
            "users",
            ["received_by_id"],
            ["id"],
        )
    with op.batch_alter_table("hearing_reports", schema=None) as batch_op:
        batch_op.alter_column("received_note", existing_type=sa.Text(), server_default=None)

    op.create_table(
        "report_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["users.id"], name=op.f("fk_report_reviews_chair_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_report_reviews_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_reviews")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_report_reviews_consultation_id")),
    )

    _copy_receipts_back()

    with op.batch_alter_table("report_review_events", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_report_review_events_once", sqlite_where=ONCE, postgresql_where=ONCE
        )
    op.drop_table("report_review_events")
