"""What happened to a consultation's standards after it was prepared: the breaches officers
recorded with a reason (kept for ever, `RecordedBreach`), the dates they moved and who moved
them, and every finding of a consultation in one place for the management page, the reports
and the chair.

A breach is written in every language the moment it is recorded, so that a report read years
later says what the rule found then, in the reader's language, whatever the rule says now.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask_babel import force_locale, format_date
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult.core.models import AuditLog, Consultation, RecordedBreach
from consult.core.standards import Finding, findings_for
from consult.extensions import db
from consult.i18n import LOCALES, localize
from consult.i18n import lazy_text as _l

#: the dates of a consultation an officer may move, in the order of its lifecycle
DATE_FIELDS = ("notice_at", "opens_at", "closes_at", "report_due_at")
DATE_LABELS = {
    "notice_at": _l("Preliminary notice"),
    "opens_at": _l("Opens on"),
    "closes_at": _l("Closes on"),
    "report_due_at": _l("Report due on"),
}


def _in_every_language(text: object) -> dict[str, str]:
    """`text` (a lazily translated message) as {locale: text} for every locale."""
    written = {}
    for locale in LOCALES:
        with force_locale(locale):
            written[locale] = str(text)
    return written


def record_breaches(
    consultation: Consultation, findings: list[Finding], step: str, audit_entry: AuditLog
) -> list[RecordedBreach]:
    """Keep each blocking finding the officer went past in `step` (a lifecycle status, "dates"
    or "document"), with the reason of `audit_entry`."""
    rows = [
        RecordedBreach(
            consultation_id=consultation.id,
            rule_id=finding.rule_id,
            finding=_in_every_language(finding.message),
            step=step,
            reason=audit_entry.reason,
            audit_id=audit_entry.id,
        )
        for finding in findings
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


class _Day:
    """A date shown in the reader's locale when the message around it is."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __str__(self) -> str:
        return format_date(self.day, "medium")


def as_finding(breach: RecordedBreach) -> Finding:
    """A recorded breach as the finding shown with the others: severity "breach", its reason
    and the audit entry."""
    message = _l(
        "Overridden on %(day)s: %(finding)s Reason given: %(reason)s",
        day=_Day(breach.recorded_at.date()),
        finding=localize(breach.finding).text,
        reason=breach.reason,
    )
    return Finding(
        breach.rule_id, "breach", message, None, reason=breach.reason, audit_id=breach.audit_id
    )


def recorded_findings(consultation_ids: list[int]) -> dict[int, list[Finding]]:
    """The recorded breaches of these consultations as findings, oldest first (one query)."""
    if not consultation_ids:
        return {}
    query = (
        select(RecordedBreach)
        .where(RecordedBreach.consultation_id.in_(consultation_ids))
        .order_by(RecordedBreach.recorded_at, RecordedBreach.id)
    )
    found: dict[int, list[Finding]] = {}
    for breach in db.session.scalars(query):
        found.setdefault(breach.consultation_id, []).append(as_finding(breach))
    return found


def findings_of(
    consultation: Consultation,
    today: dt.date,
    standards: dict,
    official: list[str] | None = None,
    unanswered: int | None = None,
    in_plan: bool | None = None,
) -> list[Finding]:
    """Every finding about `consultation`: its recorded breaches and what the rules say on
    `today` (`consult.core.standards.findings_for`)."""
    recorded = recorded_findings([consultation.id]).get(consultation.id, [])
    return findings_for(
        consultation,
        today,
        standards,
        official=official,
        unanswered=unanswered,
        in_plan=in_plan,
        recorded=recorded,
    )


@dataclass(frozen=True)
class DateMove:
    """One date of a published consultation moved: which, from what to what, by whom, when,
    in which step, and the reason when one was given."""

    at: dt.datetime
    actor: str
    field: str
    before: dt.date | None
    after: dt.date | None
    step: str
    reason: str

    @property
    def label(self) -> str:
        return str(DATE_LABELS.get(self.field, self.field))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def date_moves(consultation: Consultation) -> list[DateMove]:
    """The dates moved after the consultation was published, oldest first, from the audit log."""
    query = (
        select(AuditLog)
        .options(joinedload(AuditLog.actor))
        .where(
            AuditLog.action == "consultation.dates",
            AuditLog.target == f"consultation:{consultation.id}",
        )
        .order_by(AuditLog.at, AuditLog.id)
    )
    moves = []
    for entry in db.session.scalars(query):
        actor = entry.actor.name if entry.actor else ""
        changes = (entry.details or {}).get("changes") or {}
        for field in DATE_FIELDS:
            if field in changes:
                before, after = changes[field]
                moves.append(
                    DateMove(
                        entry.at,
                        actor,
                        field,
                        _day(before),
                        _day(after),
                        (entry.details or {}).get("step", "dates"),
                        entry.reason,
                    )
                )
    return moves


def kind_findings(
    consultations: list[Consultation],
    today: dt.date,
    standards: dict,
    in_plan: Callable[[Consultation], bool | None],
    unanswered: Mapping[int, int] | None = None,
) -> dict[int, list[Finding]]:
    """Every finding of `consultations` (all of one kind), with their recorded breaches (one
    query for all): what a kind's `findings` returns to the chair. `unanswered` counts the
    comments still without an answer, for a kind that has comments."""
    recorded = recorded_findings([c.id for c in consultations])
    return {
        c.id: findings_for(
            c,
            today,
            standards,
            unanswered=None if unanswered is None else unanswered.get(c.id, 0),
            in_plan=in_plan(c),
            recorded=recorded.get(c.id),
        )
        for c in consultations
    }
