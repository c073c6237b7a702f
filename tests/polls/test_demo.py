"""The demo poll: Istog's candidate capital projects, a voter list to try, results when closed."""

import datetime as dt

from consult.core.models import Consultation
from consult.demo.projects import CAPITAL_PROJECTS, POLL_BUDGET
from consult.extensions import db
from consult.polls import report
from consult.polls.demo import DEMO_BIRTH_YEAR, DEMO_VOTERS, load_demo
from consult.polls.models import Poll
from tests.conftest import submit


def _demo_poll(app, make_consultation, status: str) -> int:
    consultation_id = make_consultation(kind="capital_poll", status=status)
    with app.test_request_context("/?lang=en"):
        poll = load_demo(db.session.get(Consultation, consultation_id), dt.date.today())
        db.session.commit()
        return poll.id


def test_demo_poll_can_be_voted_on_with_a_demo_personal_number(app, client, make_consultation):
    poll_id = _demo_poll(app, make_consultation, "open")
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert poll.budget == POLL_BUDGET and len(poll.projects) == len(CAPITAL_PROJECTS)
        first = poll.projects[1].id
    submit(client, f"/polls/{poll_id}", {"project": [first], "action": "continue"})
    submit(
        client,
        f"/polls/{poll_id}/verify",
        {"personal_number": DEMO_VOTERS[0], "birth_year": DEMO_BIRTH_YEAR},
    )
    assert submit(client, f"/polls/{poll_id}/confirm", {}).status_code == 200


def test_closed_demo_poll_has_results(app, client, make_consultation):
    poll_id = _demo_poll(app, make_consultation, "closed")
    with app.test_request_context("/?lang=en"):
        outcome = report.results(db.session.get(Poll, poll_id), 5)
    assert outcome.ballots == 40 and outcome.selected_codes
    assert client.get(f"/polls/{poll_id}/results?lang=sr").status_code == 200
