"""What the chair learns from draft-act consultations: the minimum-standards findings, the
number of comments, where each report is read (the chair's review links it from there), and
for the participation tables and the annual report who commented and how their comments were
answered, through the registries of `consult.core.providers`.
"""

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from consult.comments import services as comments
from consult.comments.models import Answer, Comment
from consult.core.compliance import kind_findings
from consult.core.lifecycle import in_plan
from consult.core.models import Consultation, consultation_year
from consult.core.providers import TookPart, report_link
from consult.core.standards import Finding
from consult.extensions import db
from consult.i18n import lazy_text as _l


def unanswered_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Confirmed, visible comments without an answer, per consultation (one GROUP BY)."""
    query = (
        select(Comment.consultation_id, func.count(Comment.id))
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(
            Comment.consultation_id.in_(consultation_ids),
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
            Answer.id.is_(None),
        )
        .group_by(Comment.consultation_id)
    )
    return dict(db.session.execute(query).all())


def standards_findings(
    consultations: list[Consultation], today: dt.date, standards: dict
) -> dict[int, list[Finding]]:
    """The findings of every draft-act consultation, with its unanswered comments."""
    unanswered = unanswered_counts([c.id for c in consultations])
    return kind_findings(consultations, today, standards, in_plan, unanswered)


def comment_counts(consultation_ids: list[int]) -> dict[int, dict[str, int]]:
    """Confirmed comments per consultation."""
    query = (
        select(Comment.consultation_id, func.count(Comment.id))
        .where(Comment.consultation_id.in_(consultation_ids), Comment.confirmed_at.is_not(None))
        .group_by(Comment.consultation_id)
    )
    return {cid: {"comments": count} for cid, count in db.session.execute(query).all()}


def _link(consultation: Consultation):
    return report_link(
        consultation.id,
        _l("Consultation report"),
        "consultations.report",
        consultation.report_published_at,
    )


def published_reports(consultation_ids: list[int]) -> dict[int, object]:
    """Where the published report of each draft-act consultation is read."""
    query = (
        select(Consultation)
        .options(load_only(Consultation.id, Consultation.report_published_at))
        .where(
            Consultation.id.in_(consultation_ids),
            Consultation.kind == "draft_act",
            Consultation.status == "reported",
        )
    )
    return {c.id: _link(c) for c in db.session.scalars(query)}


def commenters() -> list[TookPart]:
    """Each author of confirmed, visible comments on a published draft act, once per
    consultation, as the final report counts them: a citizen by e-mail address, an
    organisation once, an anonymous or floor comment each; with the gender of their latest
    comment."""
    query = (
        select(
            consultation_year(),
            Consultation.kind,
            Comment.consultation_id,
            Comment.author_kind,
            Comment.author_email,
            Comment.organisation_id,
            Comment.id,
            Comment.gender,
        )
        .join(Consultation, Consultation.id == Comment.consultation_id)
        .where(
            Consultation.is_public,
            Consultation.kind == "draft_act",
            Comment.confirmed_at.is_not(None),
            Comment.hidden.is_(False),
        )
        .order_by(Comment.id)
    )
    people: dict[tuple, TookPart] = {}
    for year, kind, cid, author_kind, email, organisation, comment_id, gender in db.session.execute(
        query
    ):
        if year is None:
            continue
        if author_kind == "cso":
            key = (cid, "cso", organisation)
        elif author_kind == "citizen":
            key = (cid, "citizen", email.lower())
        else:
            key = (cid, author_kind, comment_id)
        people[key] = TookPart(year, kind, 1, gender=gender)
    return list(people.values())


def comment_outcomes(year: int) -> Counter:
    """(kind, outcome or None) -> confirmed, visible comments on the published draft acts of
    `year`."""
    return comments.comment_outcomes("draft_act", year)
