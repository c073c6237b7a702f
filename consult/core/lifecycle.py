"""The lifecycle every consultation goes through: draft → announced → open → closed → reported.

Each step is checked against the minimum standards (`consult.core.standards`). A step that
breaks a rule is refused unless an officer records a reason, which is audit-logged; a rule
that cannot be overridden (MS-ANNOUNCE, MS-ANSWER) always refuses. Features take part through
two registries filled when their `views.py` is imported:

`UNANSWERED_COUNTERS`: `counter(consultation) -> int`, the comments or proposals of that
    feature still without an answer (MS-ANSWER blocks the report while any is left).
`STEP_LISTENERS`: `listener(consultation, to_status) -> None`, called after a step, e.g. to
    queue e-mail to commenters and subscribers.
`PLAN_LOOKUPS`: `lookup(consultation) -> bool | None`, whether the consultation is in its
    year's annual plan (None: the year has no plan), for MS-PLAN.
`SUBSTANCE_CHECKS`: `{kind: [check(consultation, standards) -> [Finding]]}`, what a consultation
    of that kind must carry before it is announced (a draft act its text and explanatory note,
    a hearing its draft budget, a poll its projects, a survey its questions); a finding of
    severity "block" refuses the announcement and cannot be overridden. Add one with
    `register_substance_check`.
"""

import datetime as dt
from collections.abc import Callable

from consult.auth.models import User
from consult.core.models import CONSULTATION_STATUSES, Consultation
from consult.core.services import record_audit
from consult.core.standards import Finding, transition_findings
from consult.extensions import db
from consult.i18n import lazy_text as _l

#: the one step forward from each status
NEXT_STATUS = {"draft": "announced", "announced": "open", "open": "closed", "closed": "reported"}

UNANSWERED_COUNTERS: list[Callable[[Consultation], int]] = []
STEP_LISTENERS: list[Callable[[Consultation, str], None]] = []
PLAN_LOOKUPS: list[Callable[[Consultation], bool | None]] = []
SUBSTANCE_CHECKS: dict[str, list[Callable[[Consultation, dict], list[Finding]]]] = {}


def register_substance_check(
    kind: str, check: Callable[[Consultation, dict], list[Finding]]
) -> None:
    """Add `check` for consultations of `kind`, once however often a feature is imported."""
    checks = SUBSTANCE_CHECKS.setdefault(kind, [])
    if check not in checks:
        checks.append(check)


def substance_findings(consultation: Consultation, standards: dict) -> list[Finding]:
    """What the consultation's kind says is still missing before it may be announced."""
    return [
        finding
        for check in SUBSTANCE_CHECKS.get(consultation.kind, [])
        for finding in check(consultation, standards)
    ]


class TransitionRefused(Exception):
    """A lifecycle step broke a rule; `findings` say which, `message` why it stopped."""

    def __init__(self, message, findings: list[Finding] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.findings = findings or []


def unanswered_count(consultation: Consultation) -> int:
    """Comments and proposals of every feature that still have no answer."""
    return sum(counter(consultation) for counter in UNANSWERED_COUNTERS)


def in_plan(consultation: Consultation) -> bool | None:
    """Whether the consultation is in its year's annual plan; None when no plan says."""
    answers = [lookup(consultation) for lookup in PLAN_LOOKUPS]
    return next((answer for answer in answers if answer is not None), None)


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

    Blocking findings refuse the step unless `override_reason` is given and every block may be
    overridden; the override is audit-logged with the reason. Returns the findings overridden.
    """
    if to_status not in CONSULTATION_STATUSES or NEXT_STATUS.get(consultation.status) != to_status:
        raise TransitionRefused(_l("This step is not possible from the current status."))
    unanswered = unanswered_count(consultation) if to_status == "reported" else 0
    findings = transition_findings(consultation, to_status, today, standards, official, unanswered)
    blocks = [f for f in findings if f.severity == "block"]
    reason = (override_reason or "").strip()
    if any(not f.overridable for f in blocks):
        raise TransitionRefused(_l("A rule that cannot be overridden is not met."), blocks)
    if blocks and not reason:
        raise TransitionRefused(
            _l("A minimum standard is not met. Record a reason to go on anyway."), blocks
        )
    _step(consultation, to_status, actor, today)
    if blocks:
        record_audit(
            "consultation.override",
            f"consultation:{consultation.id}",
            actor.id,
            reason=reason,
            rules=[f.rule_id for f in blocks],
            to=to_status,
        )
    for listener in STEP_LISTENERS:
        listener(consultation, to_status)
    return blocks


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
