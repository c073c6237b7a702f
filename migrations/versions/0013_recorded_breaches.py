"""Recorded breaches: a minimum standard an officer went past with a reason (an override of a
lifecycle step, a change of dates or the removal of a document of a published consultation)
is kept on the consultation, linked to its audit-log entry. The database refuses to change a
recorded breach; overrides recorded in the audit log before this migration become recorded
breaches (their finding text was not kept then: it says which rule, in every language).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 10:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_REFUSE_SQLITE = """
CREATE TRIGGER recorded_breaches_unchanged BEFORE UPDATE ON recorded_breaches
BEGIN SELECT RAISE(ABORT, 'a recorded breach cannot be changed'); END
"""
_REFUSE_POSTGRES = (
    """
CREATE FUNCTION recorded_breaches_unchanged() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'a recorded breach cannot be changed'; END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER recorded_breaches_unchanged BEFORE UPDATE ON recorded_breaches
FOR EACH ROW EXECUTE FUNCTION recorded_breaches_unchanged()
""",
)
_STEPS = ("announced", "open", "closed", "reported")
_OLD_FINDING = {
    "sq": "Rregulli u anashkalua me arsye (para se të ruheshin gjetjet).",
    "sr_Latn": "Pravilo je zaobiđeno uz obrazloženje (pre nego što su nalazi čuvani).",
    "sr": "Правило је заобиђено уз образложење (пре него што су налази чувани).",
    "bs": "Pravilo je zaobiđeno uz obrazloženje (prije nego što su nalazi čuvani).",
    "en": "The rule was overridden with a reason (before findings were kept).",
}


def _copy_old_overrides() -> None:
    connection = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("action", sa.String),
        sa.column("target", sa.String),
        sa.column("details", sa.JSON),
        sa.column("reason", sa.Text),
    )
    breaches = sa.table(
        "recorded_breaches",
        sa.column("consultation_id", sa.Integer),
        sa.column("rule_id", sa.String),
        sa.column("finding", sa.JSON),
        sa.column("step", sa.String),
        sa.column("reason", sa.Text),
        sa.column("audit_id", sa.Integer),
        sa.column("recorded_at", sa.DateTime),
    )
    consultations = sa.table("consultations", sa.column("id", sa.Integer))
    known = {row[0] for row in connection.execute(sa.select(consultations.c.id))}
    query = sa.select(audit).where(audit.c.action == "consultation.override")
    for entry in connection.execute(query).mappings().all():
        target = entry["target"] or ""
        if not target.startswith("consultation:") or not target[13:].isdigit():
            continue
        consultation_id = int(target[13:])
        details = entry["details"] or {}
        step = details.get("to")
        reason = (entry["reason"] or "").strip()
        if consultation_id not in known or step not in _STEPS or not reason:
            continue
        for rule in details.get("rules") or []:
            connection.execute(
                breaches.insert().values(
                    consultation_id=consultation_id,
                    rule_id=str(rule)[:40],
                    finding=_OLD_FINDING,
                    step=step,
                    reason=reason,
                    audit_id=entry["id"],
                    recorded_at=entry["at"],
                )
            )


def upgrade():
    op.create_table(
        "recorded_breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("finding", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_recorded_breaches_reason_given")),
        sa.CheckConstraint(
            "step IN ('announced', 'open', 'closed', 'reported', 'dates', 'document')",
            name=op.f("ck_recorded_breaches_step_known"),
        ),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_log.id"], name=op.f("fk_recorded_breaches_audit_id_audit_log")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_recorded_breaches_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recorded_breaches")),
    )
    with op.batch_alter_table("recorded_breaches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recorded_breaches_consultation_id"), ["consultation_id"], unique=False
        )
    _copy_old_overrides()
    if op.get_bind().dialect.name == "postgresql":
        for statement in _REFUSE_POSTGRES:
            op.execute(statement)
    else:
        op.execute(_REFUSE_SQLITE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS recorded_breaches_unchanged ON recorded_breaches")
        op.execute("DROP FUNCTION IF EXISTS recorded_breaches_unchanged()")
    else:
        op.execute("DROP TRIGGER IF EXISTS recorded_breaches_unchanged")
    with op.batch_alter_table("recorded_breaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recorded_breaches_consultation_id"))
    op.drop_table("recorded_breaches")
