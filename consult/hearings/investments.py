"""What a budget hearing tells the register of capital investments (`consult.core.funded`): its
capital plan, the citizens' capital proposals the municipality accepted (wholly or in part)
into the budget year's plan.

A proposal forwarded to a capital-projects poll is left to the poll: it is funded only if the
poll funds it, and the poll then says so. The budget is what the hearing's change of the draft
budget gave the proposal (the amount a change answering it added to its line), else the
estimated cost; the directorate is that line's, else the consultation's.
"""

import datetime as dt

from sqlalchemy import select

from consult.core.funded import FundedProject
from consult.core.models import Consultation
from consult.core.services import stage_on
from consult.extensions import db
from consult.hearings.models import BudgetChange, CapitalProposal, HearingCycle
from consult.i18n import written

#: the answers that put a proposal into the plan
ACCEPTED = ("accepted", "partly_accepted")


def funded_projects(consultation: Consultation, today: dt.date) -> list[FundedProject] | None:
    """The accepted capital proposals of the consultation's cycles, once the hearing has
    closed (its answers are then final); None before, or without a cycle."""
    cycles = db.session.scalars(
        select(HearingCycle)
        .where(HearingCycle.consultation_id == consultation.id)
        .order_by(HearingCycle.budget_year)
    ).all()
    if not cycles or stage_on(consultation, today) != "closed":
        return None
    projects = []
    for cycle in cycles:
        query = (
            select(CapitalProposal)
            .where(
                CapitalProposal.cycle_id == cycle.id,
                CapitalProposal.outcome.in_(ACCEPTED),
                CapitalProposal.forwarded_project_id.is_(None),
            )
            .order_by(CapitalProposal.id)
        )
        for proposal in db.session.scalars(query):
            budget, directorate_id = _what_the_budget_gave(proposal)
            projects.append(
                FundedProject(
                    source=f"capital_proposal:{proposal.id}",
                    title=written(proposal.title, proposal.language),
                    description=written(proposal.description, proposal.language),
                    year=cycle.budget_year,
                    budget=budget,
                    local_community_id=proposal.local_community_id,
                    directorate_id=directorate_id or consultation.directorate_id,
                )
            )
    return projects


def _what_the_budget_gave(proposal: CapitalProposal) -> tuple[int, int | None]:
    """(euros, directorate id): the amount the changes answering the proposal added to their
    lines and the first such line's directorate, else the estimate and no directorate."""
    changes = db.session.scalars(
        select(BudgetChange)
        .where(BudgetChange.proposal_id == proposal.id)
        .order_by(BudgetChange.id)
    ).all()
    added = sum(max(change.after_cents - change.before_cents, 0) for change in changes)
    cents = added or proposal.estimated_cents
    directorate_id = changes[0].line.directorate_id if changes else None
    return round(cents / 100), directorate_id
