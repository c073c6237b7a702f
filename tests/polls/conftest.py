"""Fixtures of the polls tests: a poll with projects and a voter list."""

import datetime as dt

import pytest

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.polls import services
from consult.polls.models import Poll, Project

PROJECTS = [
    ("Road in Dobrushë", 120000),
    ("Playground in Vrellë", 25000),
    ("Street lighting in Rakosh", 45000),
    ("Water supply in Studenicë", 90000),
]


def voter_csv(rows: list[tuple[str, int]], gender: str = "f", community: str = "") -> str:
    """A voter list with header, as an officer exports it from the civil register."""
    lines = ["personal_number,birth_year,gender,local_community"]
    lines += [f"{number},{year},{gender},{community}" for number, year in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_poll(app, make_consultation):
    """A poll on an open capital-poll consultation; returns the poll id."""

    def make(voters: list[tuple[str, int]] | None = None, **settings) -> int:
        consultation_id = make_consultation(kind="capital_poll")
        values = {"budget": 200000, "ballot_type": "knapsack", "rule": "greedy"}
        values.update(settings)
        with app.test_request_context("/?lang=en"):
            community = LocalCommunity(name={"sq": "Vrellë", "en": "Vrellë"}, population=2000)
            db.session.add(community)
            consultation = db.session.get(Consultation, consultation_id)
            poll = services.create_poll(consultation, values)
            for index, (title, cost) in enumerate(PROJECTS, start=1):
                services.save_project(
                    poll,
                    None,
                    {
                        "title": {"en": title, "sq": title},
                        "description": {"en": "Description", "sq": "Përshkrim"},
                        "cost": cost,
                        "code": f"P{index}",
                        "local_community_id": community.id,
                    },
                )
            if voters:
                services.import_voter_list(poll, voter_csv(voters), services.community_names())
            db.session.commit()
            return poll.id

    return make


def project_ids(app, poll_id: int) -> list[int]:
    with app.app_context():
        return [p.id for p in db.session.get(Poll, poll_id).projects]


def today() -> dt.date:
    return dt.date.today()


__all__ = ["Project", "project_ids", "today", "voter_csv"]


def english_client(app):
    """A new browser whose reader chose English once in the session."""
    client = app.test_client()
    _choose_english(client)
    return client


def _choose_english(client) -> None:
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture(autouse=True)
def _english_pages(client):
    """These stories read the English texts: the reader chose English once in the session."""
    _choose_english(client)
