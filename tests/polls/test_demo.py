"""The demo polls: Istog's candidate capital projects, voters to try, last year's results."""

import datetime as dt

from consult.core.models import Consultation
from consult.extensions import db
from consult.hearings.demo import open_budget_year
from consult.hearings.services import default_milestones
from consult.polls import report
from consult.polls.demo import PAST_ONLINE_BALLOTS, load_demo
from consult.polls.demo_data.projects import CAPITAL_PROJECTS, PAST_CAPITAL_PROJECTS, POLL_BUDGET
from consult.polls.models import Poll
from tests.conftest import submit


def _demo(app, make_consultation):
    consultation_id = make_consultation(kind="capital_poll", status="draft")
    with app.test_request_context("/?lang=en"):
        today = dt.date.today()
        budget_year = open_budget_year(today)
        approval = default_milestones(budget_year)["approval"]
        consultation = db.session.get(Consultation, consultation_id)
        loaded = load_demo(consultation, today, budget_year, approval)
        db.session.commit()
        return loaded.poll.id, loaded.past_poll.id, loaded.voters


def test_demo_poll_can_be_voted_on_with_a_printed_demo_voter(app, client, make_consultation):
    poll_id, _past, voters = _demo(app, make_consultation)
    assert len(voters) >= 3
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert poll.consultation.status == "open"
        assert poll.budget == POLL_BUDGET and len(poll.projects) == len(CAPITAL_PROJECTS)
        first = poll.projects[1].id
    ballot = {
        "project": [first],
        "action": "continue",
        "personal_number": voters[0].personal_number,
        "birth_year": voters[0].birth_year,
    }
    assert submit(client, f"/polls/{poll_id}", ballot).status_code == 200  # the confirmation
    assert submit(client, f"/polls/{poll_id}/confirm", {}).status_code == 200


def test_last_years_demo_poll_has_results(app, client, make_consultation):
    _poll, past_id, _voters = _demo(app, make_consultation)
    with app.test_request_context("/?lang=en"):
        past = db.session.get(Poll, past_id)
        assert len(past.projects) == len(PAST_CAPITAL_PROJECTS)
        assert past.consultation.closes_at < dt.date.today()
        outcome = report.results(past, 5)
    # without the demo officers no paper batch is keyed: the online ballots only
    assert outcome.ballots == PAST_ONLINE_BALLOTS and outcome.selected_codes
    assert client.get(f"/polls/{past_id}/results?lang=sr").status_code == 200
