"""What a poll tells the register of capital investments (`consult.core.funded`): the projects
a closed poll funded by its counting rule.

Only the rule's choice counts: a project an imported file says the city funded outside its rule
(`Project.city_selection` 2 or 3) is not the poll's decision, and a project the rule did not
fund is left out however many votes it had. A poll prepares the budget of the year after the
one its voting ended in (like the budget hearings, BH-CALENDAR); the officer may give another
year when the records are made.
"""

import datetime as dt

from consult.core.funded import FundedProject
from consult.core.models import Consultation
from consult.polls import services
from consult.polls.report import count_poll


def funded_projects(consultation: Consultation, today: dt.date) -> list[FundedProject] | None:
    """The projects the closed poll of `consultation` funded by its rule; None while voting
    has not ended (or the consultation has no poll)."""
    poll = services.poll_for(consultation)
    if poll is None or not services.is_closed(poll, today) or not poll.projects:
        return None
    selected = set(count_poll(poll).selected)
    closed = consultation.closes_at or today
    return [
        FundedProject(
            source=f"poll_project:{project.id}",
            title=dict(project.title or {}),
            description=dict(project.description or {}),
            year=closed.year + 1,
            budget=project.cost,
            currency=poll.currency or "EUR",
            local_community_id=project.local_community_id,
            directorate_id=project.directorate_id or consultation.directorate_id,
        )
        for project in poll.projects
        if project.code in selected
    ]
