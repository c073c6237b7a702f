"""The lifecycle every consultation goes through: draft → announced → open → closed → reported.

Each step is checked against the minimum standards (`consult.core.standards`). A step that
breaks a rule is refused unless an officer records a reason, which is audit-logged; a rule
that cannot be overridden (MS-ANNOUNCE, MS-ANSWER) always refuses. What only a kind knows
comes from the consultation's registered kind (`consult.core.kinds`): its comments or
proposals still without an answer (MS-ANSWER blocks the report while any is left), its answers
still lacking a language (LANG-ANSWER), what it must carry before it is announced (a finding of
severity "block" refuses the announcement and cannot be overridden), and what it does after a
step. The annual plan answers MS-PLAN and the shared step listeners (e-mail notices) hear of
every step, through the same registry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_babel import force_locale
from sqlalchemy import select

from consult.core.answers import AnswerGap
from consult.core.compliance import record_breaches
from consult.core.kinds import kind_hook, registry
from consult.core.models import (
    CONSULTATION_STATUSES,
    AuditLog,
    Consultation,
    Document,
    RecordedBreach,
)
from consult.core.services import record_audit
from consult.core.standards import Finding, dates_findings, lang_answer, transition_findings
from consult.extensions import db
from consult.i18n import lazy_text as _l

if TYPE_CHECKING:  # the account acting, read only by type checkers
    from consult.auth.models import User

#: the one step forward from each status
NEXT_STATUS = {"draft": "announced", "announced": "open", "open": "closed", "closed": "reported"}


def substance_findings(consultation: Consultation, standards: dict) -> list[Finding]:
    """What the consultation's kind says is still missing before it may be announced."""
    checks = kind_hook(consultation, "substance_checks") or ()
    return [finding for check in checks for finding in check(consultation, standards)]


class TransitionRefused(Exception):
    """A lifecycle step broke a rule; `findings` say which, `message` why it stopped."""

    def __init__(self, message, findings: list[Finding] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.findings = findings or []


def unanswered_count(consultation: Consultation) -> int:
    """The consultation's comments and proposals that still have no answer."""
    count = kind_hook(consultation, "unanswered")
    return count(consultation) if count is not None else 0


def answer_gaps(consultation: Consultation) -> list[AnswerGap]:
    """The consultation's answers still lacking a language they must carry (LANG-ANSWER)."""
    find = kind_hook(consultation, "answer_gaps")
    return find(consultation) if find is not None else []


def in_plan(consultation: Consultation) -> bool | None:
    """Whether the consultation is in its year's annual plan; None when no plan says."""
    lookup = registry().plan_lookup
    return lookup(consultation) if lookup is not None else None


def step_dates(consultation: Consultation, to_status: str, today: dt.date) -> dict[str, dt.date]:
    """The dates a step gives the consultation, so that its dates always say its state: opening
    before the announced opening moves the opening to today, closing before the announced
    closing moves the closing to today."""
    if to_status == "open" and (consultation.opens_at is None or consultation.opens_at > today):
        return {"opens_at": today}
    if to_status == "closed" and (consultation.closes_at is None or consultation.closes_at > today):
        return {"closes_at": today}
    return {}


def _check_step_possible(consultation: Consultation, to_status: str, today: dt.date) -> None:
    if to_status not in CONSULTATION_STATUSES or NEXT_STATUS.get(consultation.status) != to_status:
        raise TransitionRefused(_l("This step is not possible from the current status."))
    closes, opens = consultation.closes_at, consultation.opens_at
    if to_status == "open" and closes is not None and closes < today:
        raise TransitionRefused(
            _l("The closing date has passed. Move the closing date first, then open it.")
        )
    if to_status == "closed" and opens is not None and opens > today:
        raise TransitionRefused(_l("The consultation has not opened yet, so it cannot close."))


def new_blocks(consultation: Consultation, findings: list[Finding]) -> list[Finding]:
    """The blocking findings that are not recorded on the consultation already with the same
    finding (a breach recorded once is not asked about again until it gets worse)."""
    recorded = {
        (breach.rule_id, (breach.finding or {}).get("en", ""))
        for breach in db.session.scalars(
            select(RecordedBreach).where(RecordedBreach.consultation_id == consultation.id)
        )
    }
    blocks = []
    for finding in findings:
        if finding.severity != "block":
            continue
        with force_locale("en"):
            key = (finding.rule_id, str(finding.message))
        if key not in recorded:
            blocks.append(finding)
    return blocks


def _go_past(consultation: Consultation, blocks: list[Finding], reason: str, restore: dict) -> None:
    """Refuse (restoring the dates in `restore`) unless every block may be overridden and a
    reason is given."""
    refusal = None
    if any(not f.overridable for f in blocks):
        refusal = TransitionRefused(_l("A rule that cannot be overridden is not met."), blocks)
    elif blocks and not reason:
        refusal = TransitionRefused(
            _l("A minimum standard is not met. Record a reason to go on anyway."), blocks
        )
    if refusal is not None:
        for name, value in restore.items():
            setattr(consultation, name, value)
        raise refusal


def _record_date_moves(
    consultation: Consultation, before: dict, actor: User, reason: str, step: str
) -> AuditLog | None:
    """Audit-log the dates that changed from `before` (who, when, why, in which step)."""
    changes = {
        name: [_iso(old), _iso(getattr(consultation, name))]
        for name, old in before.items()
        if getattr(consultation, name) != old
    }
    if not changes:
        return None
    return record_audit(
        "consultation.dates",
        f"consultation:{consultation.id}",
        actor.id,
        reason=reason,
        changes=changes,
        step=step,
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def advance(
    consultation: Consultation,
    to_status: str,
    actor: User,
    today: dt.date,
    standards: dict,
    official: list[str],
    override_reason: str | None = None,
) -> list[Finding]:
    """Move `consultation` one step to `to_status` if the rules allow it.

    A step ahead of the dates moves them (`step_dates`) and is checked with the moved dates.
    Blocking findings refuse the step unless `override_reason` is given and every block may be
    overridden; the override is audit-logged with the reason and each block is kept on the
    consultation as a breach. Returns the findings overridden.
    """
    _check_step_possible(consultation, to_status, today)
    moves = step_dates(consultation, to_status, today)
    before = {name: getattr(consultation, name) for name in moves}
    unanswered = unanswered_count(consultation) if to_status == "reported" else 0
    if to_status == "closed":  # an early close is judged against the announced closing date
        findings = transition_findings(consultation, to_status, today, standards, official)
    for name, value in moves.items():
        setattr(consultation, name, value)
    if to_status != "closed":
        findings = transition_findings(
            consultation, to_status, today, standards, official, unanswered
        )
    if to_status == "announced":
        findings += substance_findings(consultation, standards)
    if to_status == "reported":
        findings += lang_answer(answer_gaps(consultation))
    blocks = new_blocks(consultation, findings)
    reason = (override_reason or "").strip()
    _go_past(consultation, blocks, reason, before)
    _step(consultation, to_status, actor, today)
    _record_date_moves(consultation, before, actor, reason, to_status)
    if blocks:
        entry = record_audit(
            "consultation.override",
            f"consultation:{consultation.id}",
            actor.id,
            reason=reason,
            rules=[f.rule_id for f in blocks],
            to=to_status,
        )
        record_breaches(consultation, blocks, to_status, entry)
    _tell_listeners(consultation, to_status)
    return blocks


def _tell_listeners(consultation: Consultation, to_status: str) -> None:
    """The consultation's kind, then the shared listeners, hear of the step."""
    after_step = kind_hook(consultation, "after_step")
    if after_step is not None:
        after_step(consultation, to_status)
    for listener in registry().step_listeners:
        listener(consultation, to_status)


def change_dates(
    consultation: Consultation,
    dates: dict[str, dt.date | None],
    actor: User,
    standards: dict,
    reason: str = "",
) -> list[Finding]:
    """Give a published consultation new `dates` (names of `compliance.DATE_FIELDS`).

    The dates are checked against the minimum standards as they would be: a change that
    breaks a rule needs a `reason` (else `TransitionRefused` and nothing changes) and the
    breach is kept on the consultation. Every change is audit-logged with the old and new
    dates. Once the consultation is closed its dates are history and cannot change (except
    the report's due date). Drafts change freely: they are checked when announced.
    """
    changed = {name: value for name, value in dates.items() if getattr(consultation, name) != value}
    before = {name: getattr(consultation, name) for name in changed}
    if not changed:
        return []
    if not consultation.is_public:
        for name, value in changed.items():
            setattr(consultation, name, value)
        return []
    if consultation.status in ("closed", "reported") and set(changed) - {"report_due_at"}:
        raise TransitionRefused(_l("The dates of a closed consultation cannot be changed."))
    for name, value in changed.items():
        setattr(consultation, name, value)
    reason = reason.strip()
    blocks = new_blocks(consultation, dates_findings(consultation, standards))
    _go_past(consultation, blocks, reason, before)
    entry = _record_date_moves(consultation, before, actor, reason, "dates")
    if blocks and entry is not None:
        record_breaches(consultation, blocks, "dates", entry)
    db.session.flush()
    return blocks


def remove_document(
    consultation: Consultation, document: Document, actor: User, standards: dict, reason: str
) -> None:
    """Remove `document` from `consultation`. A published consultation keeps what its kind
    must carry (`substance_findings`): a removal that would take it away is refused; any
    removal from a published consultation needs a reason and is audit-logged with it."""
    reason = reason.strip()
    if consultation.is_public and not reason:
        raise TransitionRefused(
            _l("Give a reason for removing a document from a published consultation.")
        )
    missing_before = {f.rule_id for f in substance_findings(consultation, standards)}
    consultation.documents.remove(document)
    db.session.flush()
    if consultation.is_public:
        lost = [
            f
            for f in substance_findings(consultation, standards)
            if f.rule_id not in missing_before
        ]
        if lost:
            raise TransitionRefused(
                _l(
                    "The published consultation cannot be left without this document. Attach "
                    "its replacement first, then remove it."
                ),
                lost,
            )
    record_audit(
        "document.remove",
        f"consultation:{consultation.id}",
        actor.id,
        reason=reason,
        document=document.id,
        name=document.original_name,
        role=document.role,
    )


def _step(consultation: Consultation, to_status: str, actor: User, today: dt.date) -> None:
    previous = consultation.status
    consultation.status = to_status
    if to_status == "reported":
        consultation.report_published_at = today
    db.session.flush()
    record_audit(
        "consultation.status",
        f"consultation:{consultation.id}",
        actor.id,
        **{"from": previous, "to": to_status},
    )
