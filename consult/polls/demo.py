"""The demo polls on capital projects (`demo_data.projects`), dated from the load day.

- This year's poll is open today: it prepares the budget year whose hearing cycle is open
  and closes by that budget's approval date (both given by `consult.demo.seed`, which asks the
  hearings' demo: polls know nothing of hearings). Some
  demo voters have voted online; the first PRINTED ones have not, and `load_demo` returns
  them for the newcomer to try.
- Last year's poll, for the budget year before, ran in June of the year before that budget
  (before the Assembly approved it) and is closed with its results published: online ballots
  and a batch of paper ballots keyed twice and accepted (`consult.polls.paper`).

The demo voter list holds fictitious personal numbers 9000000001 to 9000000050; each has its
own birth year (`birth_year_of`). One number votes once per poll.
"""

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select

from consult.auth.models import User
from consult.core.kinds import DemoContext
from consult.core.models import Consultation, Directorate, LocalCommunity
from consult.demo.guide import DemoVoter
from consult.demo.texts import fill
from consult.extensions import db
from consult.polls import paper, services
from consult.polls.demo_data.consultation import CONSULTATION
from consult.polls.demo_data.projects import CAPITAL_PROJECTS, PAST_CAPITAL_PROJECTS, POLL_BUDGET
from consult.polls.models import Poll, Project, VoterListEntry

DEMO_VOTERS = [f"{9000000000 + n}" for n in range(1, 51)]
#: how many demo voters are returned to be printed (none of them has voted in the open poll)
PRINTED = 5
#: online ballots in the open poll, cast by the last demo voters
OPEN_POLL_BALLOTS = 18
#: last year's poll: online ballots by the first demo voters, then paper ballots by the rest
PAST_ONLINE_BALLOTS = 40
#: the paper ballots of last year's batch, as keyed (project codes; "-" is a spoilt ballot)
PAST_PAPER_BALLOTS = ["P1,P2", "P3,P4", "P5,P1", "P2,P4", "P3", "P1,P4", "P5", "P2,P3", "-", "P1"]
#: the two officers who key the paper batch
KEYING_OFFICERS = ("besarta.hoti@istog.example", "fatmir.shala@istog.example")
#: the shortest voting period the demo gives (MS-DURATION asks 15 days)
MIN_DAYS = dt.timedelta(days=16)
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]


@dataclass
class PollDemo:
    """What the poll loader made: the open poll, last year's and the voters to print."""

    poll: Poll
    past_poll: Poll
    voters: list[DemoVoter]


def birth_year_of(personal_number: str) -> int:
    """The demo voter's birth year: 1950 to 1999, everyone old enough to vote."""
    return 1950 + (int(personal_number) * 7) % 50


def printed_voters() -> list[DemoVoter]:
    """The demo voters shown to the newcomer; none of them votes in the demo's open poll."""
    return [DemoVoter(number, birth_year_of(number)) for number in DEMO_VOTERS[:PRINTED]]


def _item() -> dict:
    return CONSULTATION


def _set_texts(consultation: Consultation, budget_year: int) -> None:
    item = _item()
    for field in ("title", "summary", "body"):
        setattr(consultation, field, fill(item[field], budget_year))


def load_demo(
    consultation: Consultation, today: dt.date, budget_year: int, approval: dt.date
) -> PollDemo:
    """This year's poll in `consultation` (open today), for `budget_year` whose Assembly
    approves it on `approval`, and last year's, closed with results. Returns both polls and
    the demo voters to print."""
    past = _past_poll(consultation, budget_year - 1, today)
    _set_texts(consultation, budget_year)
    # three weeks to vote, but never past the day the Assembly approves that budget, nor
    # past this year (the poll counts in this year's annual report)
    last = min(today + dt.timedelta(days=21), approval, dt.date(today.year, 12, 31))
    consultation.closes_at = max(today, last)
    consultation.opens_at = min(today - dt.timedelta(days=2), consultation.closes_at - MIN_DAYS)
    consultation.notice_at = consultation.opens_at - dt.timedelta(days=10)
    consultation.planned_year = consultation.opens_at.year
    consultation.status = "open"
    poll = _poll(consultation, CAPITAL_PROJECTS)
    _online_ballots(poll, DEMO_VOTERS[-OPEN_POLL_BALLOTS:], consultation.opens_at, today, 2027)
    return PollDemo(poll, past, printed_voters())


def _past_poll(current: Consultation, budget_year: int, today: dt.date) -> Poll:
    """Last year's poll: June of the year before `budget_year`, results published in July."""
    year = budget_year - 1
    item = _item()
    consultation = Consultation(
        kind="capital_poll",
        directorate_id=current.directorate_id,
        contact_name=item["contact"]["name"],
        contact_email=item["contact"]["email"],
        contact_phone=item["contact"]["phone"],
        status="reported",
        notice_at=dt.date(year, 5, 20),
        opens_at=dt.date(year, 6, 1),
        closes_at=dt.date(year, 6, 30),
        report_published_at=dt.date(year, 7, 10),
        planned_year=year,
    )
    _set_texts(consultation, budget_year)
    db.session.add(consultation)
    db.session.flush()
    poll = _poll(consultation, PAST_CAPITAL_PROJECTS)
    online = DEMO_VOTERS[:PAST_ONLINE_BALLOTS]
    _online_ballots(poll, online, consultation.opens_at, consultation.closes_at, 2026)
    _paper_batch(poll, DEMO_VOTERS[PAST_ONLINE_BALLOTS:], consultation.closes_at)
    return poll


def _poll(consultation: Consultation, projects: list[dict]) -> Poll:
    """The poll's settings, candidate projects and the demo voter list."""
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
    for number, item in enumerate(projects, start=1):
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
                birth_year=birth_year_of(personal_number),
            )
        )
    db.session.flush()
    return poll


def _online_ballots(
    poll: Poll, numbers: list[str], first: dt.date, last: dt.date, seed: int
) -> None:
    """Random ballots within the budget, cast online by `numbers` between `first` and `last`."""
    chance = random.Random(seed)  # noqa: S311 - demo data, the same every time
    span = max((last - first).days, 0)
    for personal_number in numbers:
        projects = list(poll.projects)
        chance.shuffle(projects)
        chosen, spent = [], 0
        for project in projects[: chance.randint(1, 4)]:
            if spent + project.cost <= poll.budget:
                chosen.append(project.id)
                spent += project.cost
        facts = services.Demographics(
            age_band=services.age_band(birth_year_of(personal_number), last)
            or chance.choice(AGE_BANDS),
            gender=chance.choice(["female", "male"]),
            local_community_id=chance.choice(projects).local_community_id,
        )
        identity = services.identity_hash("pn", personal_number)
        day = first + dt.timedelta(days=chance.randint(0, span))
        services.cast_vote(poll, identity, sorted(chosen), day, facts)


def _paper_batch(poll: Poll, numbers: list[str], day: dt.date) -> None:
    """The paper ballots of a polling station, keyed by two officers and accepted."""
    officers = [
        db.session.scalar(select(User.id).where(User.email == email)) for email in KEYING_OFFICERS
    ]
    if None in officers:
        return
    voters, ballots = "\n".join(numbers), "\n".join(PAST_PAPER_BALLOTS[: len(numbers)])
    batch = paper.create_batch(poll, "Shtëpia e Kulturës, Istog", day, officers[0])
    for officer_id in officers:
        keying = paper.read_keying(poll, voters, ballots)
        if keying.errors:
            raise ValueError(f"demo paper ballots: {keying.errors}")
        paper.save_keying(batch, officer_id, keying)
    paper.accept_batch(batch, day)


def load_for_seed(context: DemoContext) -> None:
    """The polls of the demo (`consult.core.kinds.KindDemo`), for the budget year the
    hearing's demo left in the context; the guide prints the voters."""
    polls = load_demo(
        context.current["capital_poll"],
        context.today,
        context.values["budget_year"],
        context.values["approval"],
    )
    context.guide.poll_id = polls.poll.id
    context.guide.voters = polls.voters
