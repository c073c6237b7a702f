"""What the chair learns from capital-projects polls: how many people voted in each published
poll, with the age band, gender and local community of their ballots, through the registries
of `consult.core.providers`. Counted from the ballots alone: who voted is never read."""

import datetime as dt

from sqlalchemy import func, select

from consult.core.compliance import kind_findings
from consult.core.lifecycle import in_plan
from consult.core.models import Consultation, consultation_year
from consult.core.providers import ReportLink, TookPart
from consult.core.services import stage_on
from consult.core.standards import Finding
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.polls.models import Ballot, Poll


def voters() -> list[TookPart]:
    """Every counted ballot (online and paper) of the published polls, per year and kind."""
    year = consultation_year()
    query = (
        select(
            year,
            Consultation.kind,
            Ballot.gender,
            Ballot.age_band,
            Ballot.local_community_id,
            func.count(),
        )
        .join(Poll, Poll.id == Ballot.poll_id)
        .join(Consultation, Consultation.id == Poll.consultation_id)
        .where(Consultation.is_public, year.is_not(None))
        .group_by(
            year, Consultation.kind, Ballot.gender, Ballot.age_band, Ballot.local_community_id
        )
    )
    return [
        TookPart(y, kind, int(n), gender=gender, age_band=age, local_community=community)
        for y, kind, gender, age, community, n in db.session.execute(query)
    ]


def standards_findings(
    consultations: list[Consultation], today: dt.date, standards: dict
) -> dict[int, list[Finding]]:
    """The minimum-standards findings of every poll, with its recorded breaches."""
    return kind_findings(consultations, today, standards, in_plan)


def published_results(consultation_ids: list[int], today: dt.date) -> dict[int, ReportLink]:
    """Where the results of each poll whose voting closed by `today` are read."""
    query = (
        select(Poll)
        .join(Poll.consultation)
        .where(Poll.consultation_id.in_(consultation_ids), Consultation.is_public)
    )
    return {
        poll.consultation_id: ReportLink(
            poll.consultation_id, _l("Poll results"), "polls.results", {"poll_id": poll.id}
        )
        for poll in db.session.scalars(query)
        if stage_on(poll.consultation, today) == "closed"
    }
