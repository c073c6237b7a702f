"""A worker killed in the middle of a vote or a survey answer leaves nothing half-written.

Each test starts a real worker process (multiprocessing, "spawn": a fresh interpreter with its
own application and database connection) that calls the same service as the view and then
commits once, as the view does. A SQLAlchemy event listener installed in the child only sends
SIGKILL to the child itself at a chosen point of the transaction: right after its first
write, after its second write, or just before COMMIT. The parent then checks, on the same
database (the suite's SQLite file, or PostgreSQL when TEST_DATABASE_URL names one), that
there is no participation without a ballot, no used code without a response and no browser
record without a response, and that the person can still vote or answer.
"""

import datetime as dt
import json
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from config import TestingConfig
from consult.core.models import Consultation
from consult.extensions import db
from consult.polls import services as polls
from consult.polls.models import Ballot, Participation, Poll
from consult.surveys import services as surveys
from consult.surveys.models import BrowserParticipation, Response, StaffToken, Survey, SurveyAnswer
from tests.surveys.conftest import build_survey

pytestmark = pytest.mark.slow

WRITES = ("INSERT", "UPDATE", "DELETE")
KILL_POINTS = ("first write", "second write", "commit")
ANSWERS = {"channel": "email", "informed": 4, "climate": {"across": 3, "within": 5}}
PERSON = "1234567890"
BROWSER = "browser-cookie-id"
CODE_COUNT = 3


# --- the worker (runs in the child process) --------------------------------------------------


def _log(path: str, entry: dict) -> None:
    """Append what the worker did to the parent's log, on disk before anything else happens."""
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")
        log.flush()
        os.fsync(log.fileno())


def _install_kill_switch(engine, kill_at: str, log_path: str) -> None:
    """SIGKILL this process at `kill_at`: after the first or second write statement of the
    transaction, or when the COMMIT is about to be sent."""
    writes: list[str] = []

    def die(reason: str) -> None:
        _log(log_path, {"killed": reason, "writes": writes})
        os.kill(os.getpid(), signal.SIGKILL)

    @event.listens_for(engine, "after_cursor_execute")
    def after_write(conn, cursor, statement, parameters, context, executemany):
        words = statement.lstrip().split(None, 3)
        if words and words[0].upper() in WRITES:
            verb = words[0].upper()
            table = (words[1] if verb == "UPDATE" else words[2]).strip('"')
            writes.append(f"{verb} {table}")
            if kill_at == "first write" and len(writes) == 1:
                die(kill_at)
            if kill_at == "second write" and len(writes) == 2:
                die(kill_at)

    @event.listens_for(engine, "commit")
    def before_commit(conn):
        if kill_at == "commit":
            die(kill_at)


def _vote(ids: dict) -> None:
    poll = db.session.get(Poll, ids["poll"])
    identity = polls.identity_hash("pn", PERSON)
    polls.cast_vote(poll, identity, [ids["project"]], dt.date.today())


def _staff_answer(ids: dict) -> None:
    survey = db.session.get(Survey, ids["survey"])
    token_hash = surveys.usable_token(survey, ids["code"])
    assert token_hash is not None
    surveys.redeem_and_save(survey, token_hash, ANSWERS, dt.date.today())


def _citizen_answer(ids: dict) -> None:
    survey = db.session.get(Survey, ids["survey"])
    surveys.save_citizen_response(survey, ANSWERS, dt.date.today(), BROWSER)


SUBMISSIONS = {"vote": _vote, "staff answer": _staff_answer, "citizen answer": _citizen_answer}


def worker(database_url: str, submission: str, ids: dict, kill_at: str, log_path: str) -> None:
    """The child: a fresh app on the shared database does one submission and commits."""
    from consult import create_app

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Config)
    with app.test_request_context("/?lang=en"):
        _install_kill_switch(db.engine, kill_at, log_path)
        SUBMISSIONS[submission](ids)
        db.session.commit()
        _log(log_path, {"committed": True})


# --- the parent ------------------------------------------------------------------------------


def run_killed_worker(app, submission: str, ids: dict, kill_at: str, tmp_path: Path) -> list:
    """Run the worker to its death; the write statements it had sent when it was killed."""
    log_path = tmp_path / "worker.log"
    with app.app_context():
        db.session.remove()
        url = db.engine.url.render_as_string(hide_password=False)
    child = multiprocessing.get_context("spawn").Process(
        target=worker, args=(url, submission, ids, kill_at, str(log_path))
    )
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL, f"the worker ended with {child.exitcode}"
    entries = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert entries[-1]["killed"] == kill_at
    assert not any(entry.get("committed") for entry in entries)
    return entries[-1]["writes"]


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


@pytest.fixture
def shared_database(app):
    """The workers need the suite's database in a file or a server, not in memory."""
    assert app.config["SQLALCHEMY_DATABASE_URI"] != "sqlite://"
    return app


@pytest.fixture
def poll_ids(shared_database, make_consultation):
    """An open approval poll with two projects; the voter is verified by personal number."""
    consultation_id = make_consultation(kind="capital_poll")
    with shared_database.test_request_context("/?lang=en"):
        consultation = db.session.get(Consultation, consultation_id)
        poll = polls.create_poll(
            consultation, {"budget": 100000, "ballot_type": "approval", "rule": "greedy"}
        )
        projects = [
            polls.save_project(
                poll, None, {"title": {"sq": title, "en": title}, "cost": cost, "code": code}
            )
            for code, title, cost in (("P1", "Rruga", 60000), ("P2", "Parku", 30000))
        ]
        db.session.commit()
        return {"poll": poll.id, "project": projects[0].id}


@pytest.fixture
def staff_survey_ids(shared_database, make_consultation, make_directorate):
    consultation_id = make_consultation(kind="survey")
    directorate_id = make_directorate()
    with shared_database.test_request_context("/?lang=en"):
        survey = build_survey(db.session.get(Consultation, consultation_id))
        codes = surveys.issue_tokens(survey, directorate_id, CODE_COUNT)
        db.session.commit()
        return {"survey": survey.id, "code": codes[0]}


@pytest.fixture
def citizen_survey_ids(shared_database, make_consultation):
    consultation_id = make_consultation(kind="survey")
    with shared_database.test_request_context("/?lang=en"):
        survey = build_survey(
            db.session.get(Consultation, consultation_id),
            audience="citizen",
            one_response_per_browser=True,
        )
        db.session.commit()
        return {"survey": survey.id}


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_worker_killed_while_voting_leaves_no_half_ballot(app, poll_ids, kill_at, tmp_path):
    writes = run_killed_worker(app, "vote", poll_ids, kill_at, tmp_path)
    wrote = {write.split()[1] for write in writes}
    if kill_at == "first write":
        assert len(wrote & {"poll_participations", "poll_ballots"}) == 1, writes
    else:
        assert {"poll_participations", "poll_ballots"} <= wrote, writes

    with app.test_request_context("/?lang=en"):
        poll = db.session.get(Poll, poll_ids["poll"])
        assert _count(Participation, Participation.poll_id == poll.id) == 0
        assert _count(Ballot, Ballot.poll_id == poll.id) == 0
        identity = polls.identity_hash("pn", PERSON)
        assert not polls.has_voted(poll, identity)
        assert not polls.voting_started(poll)

        receipt = polls.cast_vote(poll, identity, [poll_ids["project"]], dt.date.today())
        db.session.commit()
        assert polls.receipt_counted(poll, receipt)
        assert _count(Participation, Participation.poll_id == poll.id) == 1
        assert _count(Ballot, Ballot.poll_id == poll.id) == 1


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_worker_killed_while_answering_with_a_code_leaves_the_code_unused(
    app, staff_survey_ids, kill_at, tmp_path
):
    writes = run_killed_worker(app, "staff answer", staff_survey_ids, kill_at, tmp_path)
    assert writes[0] == "UPDATE staff_tokens", writes
    if kill_at != "first write":  # then the code's claim goes, then the response is written
        assert writes[1] == "DELETE survey_code_claims", writes
    if kill_at == "commit":
        assert "INSERT survey_responses" in writes, writes

    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, staff_survey_ids["survey"])
        assert _count(Response, Response.survey_id == survey.id) == 0
        assert _count(SurveyAnswer) == 0
        assert _count(StaffToken, StaffToken.used.is_(True)) == 0
        assert list(surveys.token_counts(survey).values()) == [(CODE_COUNT, 0)]
        token_hash = surveys.usable_token(survey, staff_survey_ids["code"])
        assert token_hash is not None, "the code still opens the survey"

        surveys.redeem_and_save(survey, token_hash, ANSWERS, dt.date.today())
        db.session.commit()
        assert _count(Response, Response.survey_id == survey.id) == 1
        assert surveys.usable_token(survey, staff_survey_ids["code"]) is None


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_worker_killed_while_a_citizen_answers_leaves_the_browser_free(
    app, citizen_survey_ids, kill_at, tmp_path
):
    writes = run_killed_worker(app, "citizen answer", citizen_survey_ids, kill_at, tmp_path)
    assert writes[0] == "INSERT survey_browser_participations", writes

    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, citizen_survey_ids["survey"])
        assert _count(BrowserParticipation, BrowserParticipation.survey_id == survey.id) == 0
        assert _count(Response, Response.survey_id == survey.id) == 0
        assert _count(SurveyAnswer) == 0
        assert not surveys.has_answered(survey, BROWSER)

        surveys.save_citizen_response(survey, ANSWERS, dt.date.today(), BROWSER)
        db.session.commit()
        assert surveys.has_answered(survey, BROWSER)
        assert _count(Response, Response.survey_id == survey.id) == 1
