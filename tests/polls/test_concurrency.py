"""Two hundred simultaneous submissions by fifty verified people store fifty ballots.

The test runs on the suite's database: a file SQLite database, or PostgreSQL when
TEST_DATABASE_URL names one (the URL is then in the app's configuration).
"""

import threading

from sqlalchemy import func, select

from consult.extensions import db
from consult.polls import services
from consult.polls.models import Ballot, Participation, Poll
from tests.polls.conftest import project_ids, today

PEOPLE = 50
SUBMISSIONS_EACH = 4


def _vote(app, poll_id, identity, choice, barrier, outcomes, lock):
    with app.app_context():
        barrier.wait()
        try:
            poll = db.session.get(Poll, poll_id)
            receipt = services.cast_vote(poll, identity, [choice], today())
            db.session.commit()
            outcome = ("voted", receipt)
        except services.AlreadyVoted:
            outcome = ("already", identity)
        except Exception as error:  # every other outcome is a lost vote
            db.session.rollback()
            outcome = ("error", repr(error))
        finally:
            db.session.remove()
        with lock:
            outcomes.append(outcome)


def test_two_hundred_simultaneous_submissions_store_one_ballot_per_person(app, make_poll):
    assert app.config["SQLALCHEMY_DATABASE_URI"] != "sqlite://", "needs a shared database"
    poll_id = make_poll(ballot_type="approval")
    choices = project_ids(app, poll_id)
    with app.app_context():
        people = [services.identity_hash("pn", f"{1000000000 + n}") for n in range(PEOPLE)]
    jobs = [
        (person, choices[(n + k) % len(choices)])
        for k in range(SUBMISSIONS_EACH)
        for n, person in enumerate(people)
    ]
    barrier, outcomes, lock = threading.Barrier(len(jobs)), [], threading.Lock()
    threads = [
        threading.Thread(target=_vote, args=(app, poll_id, who, what, barrier, outcomes, lock))
        for who, what in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    errors = [o for o in outcomes if o[0] == "error"]
    assert errors == []
    receipts = [o[1] for o in outcomes if o[0] == "voted"]
    assert len(receipts) == PEOPLE
    assert len(outcomes) == PEOPLE * SUBMISSIONS_EACH
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == PEOPLE
        assert db.session.scalar(select(func.count()).select_from(Participation)) == PEOPLE
        stored = set(db.session.scalars(select(Participation.identity_hash)))
        assert stored == set(people)
        poll = db.session.get(Poll, poll_id)
        assert all(services.receipt_counted(poll, receipt) for receipt in receipts)
