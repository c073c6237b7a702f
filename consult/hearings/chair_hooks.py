"""What the chair's dashboard learns from budget hearings: the findings of the minimum
standards and the hearing flags, participation (people at the hearings, comments, proposals),
where each hearing report is read (the chair's review links it from there), and for the
participation tables and the annual report who commented or proposed and how the comments were
answered, through the registries of `consult.core.providers`.
"""

import dataclasses
import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from consult.comments import services as comments
from consult.comments.models import Comment
from consult.core.models import Consultation, consultation_year
from consult.core.providers import TookPart, report_link
from consult.extensions import db
from consult.hearings import report as hearing_report
from consult.hearings import services
from consult.hearings.models import (
    CapitalProposal,
    HearingCycle,
    HearingReport,
    HeldHearing,
)
from consult.i18n import lazy_text as _l
from consult.meetings.models import Meeting


def hearing_findings(consultations: list[Consultation], today: dt.date, standards: dict) -> dict:
    """The report's findings for every budget-hearing consultation with a cycle."""
    found = {}
    for consultation in consultations:
        cycle = services.cycle_of(consultation)
        if cycle is not None:
            findings = hearing_report.build_report(cycle, today, standards).findings
            found[consultation.id] = [_as_due_date(f) for f in findings]
    return found


def _as_due_date(finding):
    """A milestone that is only near (BH-CALENDAR's "due soon", about no hearing) is a due date
    for the chair, "info" as in `consult.core.standards`, not a broken standard."""
    if (
        finding.rule_id == "BH-CALENDAR"
        and finding.hearing_id is None
        and finding.severity == "warn"
    ):
        return dataclasses.replace(finding, severity="info")
    return finding


def participation_counts(consultation_ids: list[int]) -> dict[int, dict[str, int]]:
    """People at held hearings, comments and proposals per consultation (GROUP BY in SQL)."""
    counts: dict[int, dict[str, int]] = {}
    attendance = (
        select(
            Meeting.consultation_id,
            func.sum(Meeting.attendance_women + Meeting.attendance_men + Meeting.attendance_other),
        )
        .join(HeldHearing, HeldHearing.meeting_id == Meeting.id)
        .where(Meeting.consultation_id.in_(consultation_ids))
        .group_by(Meeting.consultation_id)
    )
    for cid, people in db.session.execute(attendance).all():
        counts.setdefault(cid, {})["hearing_attendance"] = int(people or 0)
    for measure, model in (("budget_comments", Comment), ("proposals", CapitalProposal)):
        query = (
            select(HearingCycle.consultation_id, func.count(model.id))
            .join(model, model.cycle_id == HearingCycle.id)
            .where(HearingCycle.consultation_id.in_(consultation_ids))
            .group_by(HearingCycle.consultation_id)
        )
        for cid, number in db.session.execute(query).all():
            counts.setdefault(cid, {})[measure] = number
    return counts


def _link(publication: HearingReport):
    return report_link(
        publication.cycle.consultation_id,
        _l("Hearing report"),
        "hearings.report",
        publication.published_on,
    )


def published_reports(consultation_ids: list[int]) -> dict[int, object]:
    """Where the published hearing report of each consultation is read."""
    query = (
        select(HearingReport)
        .join(HearingCycle, HearingCycle.id == HearingReport.cycle_id)
        .where(HearingCycle.consultation_id.in_(consultation_ids))
    )
    return {p.cycle.consultation_id: _link(p) for p in db.session.scalars(query)}


def contributors() -> list[TookPart]:
    """Each citizen who commented on a published draft budget or proposed a project on the
    public form, once per consultation by e-mail address, with the gender of their latest
    comment (people at meetings are counted with the meetings)."""
    comments = (
        select(
            consultation_year(),
            Consultation.kind,
            HearingCycle.consultation_id,
            Comment.author_email,
            Comment.gender,
        )
        .join(HearingCycle, HearingCycle.id == Comment.cycle_id)
        .join(Consultation, Consultation.id == HearingCycle.consultation_id)
        .where(
            Consultation.is_public,
            Comment.author_kind == "citizen",
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
        .order_by(Comment.id)
    )
    proposals = (
        select(
            consultation_year(),
            Consultation.kind,
            HearingCycle.consultation_id,
            CapitalProposal.proposer_email,
        )
        .join(HearingCycle, HearingCycle.id == CapitalProposal.cycle_id)
        .join(Consultation, Consultation.id == HearingCycle.consultation_id)
        .where(Consultation.is_public)
    )
    people: dict[tuple, TookPart] = {}
    for year, kind, cid, email, gender in db.session.execute(comments):
        if year is not None:
            people[(cid, email.lower())] = TookPart(year, kind, 1, gender=gender)
    for year, kind, cid, email in db.session.execute(proposals):
        if year is not None:
            people.setdefault((cid, email.lower()), TookPart(year, kind, 1))
    return list(people.values())


def comment_outcomes(year: int) -> Counter:
    """(kind, outcome or None) -> confirmed, visible comments on the published draft budgets of
    `year`."""
    return comments.comment_outcomes("budget_hearing", year)
