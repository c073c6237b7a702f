"""What renews a budget hearing's page revision (`Consultation.page_revision`, shared with every
kind's announcement: consult/core/page_revisions.py) for the hearing's part of its consultation's
page, which each worker keeps (consult/public/announcement.py): the cycle's calendar, the planned
hearings, the draft budget's lines, the answered proposals with where they were forwarded, and
the hearing report. The consultation's own dates and status are the announcement's watch.

Three things the part shows live outside the hearing, so their changes renew it too:

* a local community's name (the hearings' and the proposals'): every budget hearing of its
  municipality;
* a poll's consultation a proposal was forwarded to (its title, and whether it is public yet):
  the hearings of those proposals;
* a poll project removed: its proposal loses the link in the database itself
  (ON DELETE SET NULL, which the ORM does not see), so every budget hearing of its
  municipality.
"""

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from consult.core.models import Consultation, LocalCommunity
from consult.core.page_revisions import CONSULTATIONS, Through, page_watch
from consult.core.revisions import ids_of
from consult.hearings.models import (
    BudgetLine,
    CapitalProposal,
    HearingCycle,
    HearingReport,
    PlannedHearing,
)
from consult.polls.models import Poll, Project

KIND = "budget_hearing"

#: the rows that belong to a hearing through its cycle
_THROUGH = tuple(
    Through(model, "cycle_id", HearingCycle.id, HearingCycle.consultation_id)
    for model in (PlannedHearing, BudgetLine, CapitalProposal, HearingReport)
)


def _forwarded_to(consultations: set[int]) -> ColumnElement[bool]:
    """The hearings with a proposal forwarded to a poll of one of `consultations`."""
    hearings = (
        select(HearingCycle.consultation_id)
        .join(CapitalProposal, CapitalProposal.cycle_id == HearingCycle.id)
        .join(Project, Project.id == CapitalProposal.forwarded_project_id)
        .join(Poll, Poll.id == Project.poll_id)
        .where(Poll.consultation_id.in_(consultations))
    )
    return CONSULTATIONS.c.id.in_(hearings)


def _every_hearing_of(municipalities: set[int]) -> ColumnElement[bool]:
    return CONSULTATIONS.c.municipality_id.in_(municipalities) & (CONSULTATIONS.c.kind == KIND)


def _outside_the_hearing(session: Session, changed: list[object]) -> list[ColumnElement[bool]]:
    """The hearings whose pages show a poll consultation, a local community or a poll
    project among `changed`."""
    polls = ids_of(changed, Consultation, "id", skip_new=session)
    removed = [obj for obj in changed if isinstance(obj, Project) and obj in session.deleted]
    owners = ids_of(changed, LocalCommunity, "municipality_id") | ids_of(
        removed, Project, "municipality_id"
    )
    conditions = [_forwarded_to(polls)] if polls else []
    if owners:
        conditions.append(_every_hearing_of(owners))
    return conditions


#: the models whose rows the hearing's part of its consultation page shows:
#: `BUDGET_HEARING.page_watch`
HEARING_PAGES = page_watch(
    HearingCycle,
    through=_THROUGH,
    also=(LocalCommunity, Consultation, Project),
    more=_outside_the_hearing,
)
