"""The demo poll on priority capital projects (see `consult.demo.projects`).

The demo voter list holds fictitious personal numbers 9000000001 to 9000000050, every one born
in 1990, so anyone trying the demo can verify and vote; one number votes once.
"""

import datetime as dt
import random

from sqlalchemy import select

from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.projects import CAPITAL_PROJECTS, POLL_BUDGET
from consult.extensions import db
from consult.polls import services
from consult.polls.models import Poll, Project, VoterListEntry

DEMO_VOTERS = [f"{9000000000 + n}" for n in range(1, 51)]
DEMO_BIRTH_YEAR = 1990
#: ballots cast in a closed demo poll, so that its results page has something to show
DEMO_BALLOTS = 40


def load_demo(consultation: Consultation, today: dt.date) -> Poll:
    """The poll of the demo's capital-poll consultation: projects, voter list, settings.

    A closed consultation also gets demo ballots, so its results can be seen.
    """
    poll = Poll(
        consultation=consultation,
        budget=POLL_BUDGET,
        ballot_type="knapsack",
        min_projects=1,
        rule="greedy",
        minimum_age=16,
        verify_voter_list=True,
    )
    db.session.add(poll)
    db.session.flush()
    communities = {
        (c.name or {}).get("sq"): c.id for c in db.session.scalars(select(LocalCommunity))
    }
    directorates = {d.code: d.id for d in db.session.scalars(select(Directorate))}
    for number, item in enumerate(CAPITAL_PROJECTS, start=1):
        db.session.add(
            Project(
                poll=poll,
                code=f"P{number}",
                title=item["title"],
                description=item["description"],
                cost=item["cost"],
                local_community_id=communities.get(item["local_community"]),
                directorate_id=directorates.get(item["directorate"]),
            )
        )
    for personal_number in DEMO_VOTERS:
        db.session.add(
            VoterListEntry(
                poll_id=poll.id,
                identity_hash=services.identity_hash("pn", personal_number),
                birth_year=DEMO_BIRTH_YEAR,
            )
        )
    db.session.flush()
    if consultation.status in ("closed", "reported"):
        _demo_ballots(poll, consultation.closes_at or today)
    return poll


def _demo_ballots(poll: Poll, day: dt.date) -> None:
    """Random ballots within the budget, cast by the first demo voters."""
    chance = random.Random(2026)  # noqa: S311 - demo data, the same every time
    bands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    for personal_number in DEMO_VOTERS[:DEMO_BALLOTS]:
        projects = list(poll.projects)
        chance.shuffle(projects)
        chosen, spent = [], 0
        for project in projects[: chance.randint(1, 4)]:
            if spent + project.cost <= poll.budget:
                chosen.append(project.id)
                spent += project.cost
        facts = services.Demographics(
            age_band=chance.choice(bands),
            gender=chance.choice(["f", "m"]),
            local_community_id=chance.choice(projects).local_community_id,
        )
        identity = services.identity_hash("pn", personal_number)
        services.cast_vote(poll, identity, sorted(chosen), day, facts)
