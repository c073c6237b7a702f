"""The poll's settings, ballot rules and the secret vote, at the level of the services."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.polls import services
from consult.polls.models import Ballot, Participation, Poll, VoterListEntry
from tests.polls.conftest import project_ids, today


def _poll(poll_id: int) -> Poll:
    return db.session.get(Poll, poll_id)


def test_voter_list_stores_only_keyed_hashes(app, make_poll):
    poll_id = make_poll(voters=[("1234567890", 1980), ("1111111111", 2001)])
    with app.test_request_context():
        entries = db.session.scalars(select(VoterListEntry)).all()
        assert len(entries) == 2
        assert all("1234567890" not in e.identity_hash for e in entries)
        assert services.find_voter(_poll(poll_id), "123-456-7890", 1980) is not None
        assert services.find_voter(_poll(poll_id), "1234567890", 1981) is None


def test_voter_list_with_a_bad_line_changes_nothing(app, make_poll):
    poll_id = make_poll(voters=[("1234567890", 1980)])
    with app.test_request_context():
        result = services.import_voter_list(
            _poll(poll_id), "personal_number,birth_year\n222,19x0\n", {}
        )
        assert result.errors and result.errors[0][0] == 2
        assert services.voter_count(_poll(poll_id)) == 1


def test_settings_are_locked_once_the_first_person_has_voted(app, make_poll):
    poll_id = make_poll()
    with app.test_request_context("/?lang=en"):
        poll = _poll(poll_id)
        services.save_settings(poll, {"budget": 250000})
        services.cast_vote(poll, "identity-a", project_ids(app, poll_id)[1:2], today())
        db.session.commit()
        with pytest.raises(services.SettingsLocked):
            services.save_settings(_poll(poll_id), {"budget": 300000})
        with pytest.raises(services.SettingsLocked):
            services.save_project(_poll(poll_id), None, {"title": {"en": "X"}, "cost": 5})
        db.session.rollback()
        assert _poll(poll_id).budget == 250000
        assert len(_poll(poll_id).projects) == 4


@pytest.mark.parametrize(
    ("settings", "choose", "problem"),
    [
        ({"ballot_type": "knapsack"}, [0, 1, 2], None),
        ({"ballot_type": "knapsack"}, [0, 3], "cost more than the budget"),
        ({"ballot_type": "approval", "max_projects": 2}, [0, 1, 2], "at most 2"),
        ({"ballot_type": "approval", "min_projects": 2}, [0], "at least 2"),
        ({"ballot_type": "choose_one"}, [0, 1], "exactly one"),
        ({"ballot_type": "choose_one"}, [2], None),
    ],
)
def test_ballot_rules_are_checked_on_the_server(app, make_poll, settings, choose, problem):
    poll_id = make_poll(**settings)
    ids = project_ids(app, poll_id)
    with app.test_request_context("/?lang=en"):
        errors = [str(e) for e in services.ballot_errors(_poll(poll_id), [ids[i] for i in choose])]
    assert (problem is None and errors == []) or (problem and problem in errors[0])


def test_cumulative_points_may_not_exceed_the_allowance(app, make_poll):
    poll_id = make_poll(ballot_type="cumulative", points=10)
    a, b, *_ = project_ids(app, poll_id)
    with app.test_request_context("/?lang=en"):
        poll = _poll(poll_id)
        assert services.ballot_errors(poll, {a: 6, b: 4}) == []
        assert "more than 10" in str(services.ballot_errors(poll, {a: 6, b: 5})[0])
        assert services.ballot_errors(poll, {a: -1})


def test_ranking_needs_distinct_ranks_within_top_k(app, make_poll):
    poll_id = make_poll(ballot_type="ranking", top_k=2)
    a, b, c, _ = project_ids(app, poll_id)
    with app.test_request_context("/?lang=en"):
        poll = _poll(poll_id)
        form = {f"rank-{a}": "2", f"rank-{b}": "1"}
        assert services.parse_ballot(poll, form) == [b, a]
        assert services.ballot_errors(poll, [b, a]) == []
        repeated = services.parse_ballot(poll, {f"rank-{a}": "1", f"rank-{b}": "1"})
        assert services.ballot_errors(poll, repeated)
        assert services.ballot_errors(poll, [a, b, c])


def test_a_second_vote_by_the_same_person_stores_nothing(app, make_poll):
    poll_id = make_poll()
    ids = project_ids(app, poll_id)
    with app.test_request_context("/?lang=en"):
        code = services.cast_vote(_poll(poll_id), "same-person", [ids[1]], today())
        db.session.commit()
        with pytest.raises(services.AlreadyVoted):
            services.cast_vote(_poll(poll_id), "same-person", [ids[2]], today())
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
        assert db.session.scalar(select(func.count()).select_from(Participation)) == 1
        assert services.receipt_counted(_poll(poll_id), code.lower())
        assert not services.receipt_counted(_poll(poll_id), "AAAA-BBBB-CCCC")


def test_age_bands_are_counted_by_year():
    assert services.age_band(2010, today().replace(year=2026)) == "under 18"
    assert services.age_band(2000, today().replace(year=2026)) == "25-34"
    assert services.age_band(1950, today().replace(year=2026)) == "65+"


def test_a_published_poll_is_open_between_its_dates(app, make_poll):
    poll_id = make_poll()
    with app.test_request_context():
        poll = _poll(poll_id)
        poll.consultation.status = "announced"  # what publishing sets
        assert services.is_open(poll, today())
        assert not services.is_open(poll, poll.consultation.closes_at + dt.timedelta(days=1))
        assert services.is_closed(poll, poll.consultation.closes_at + dt.timedelta(days=1))
        assert not services.is_open(poll, poll.consultation.opens_at - dt.timedelta(days=1))
        poll.consultation.status = "draft"
        assert not services.is_open(poll, today())


def test_a_poll_needs_at_least_one_way_to_verify_voters(app, make_poll):
    poll_id = make_poll()
    with app.test_request_context("/?lang=en"), pytest.raises(services.PollRefused):
        services.save_settings(_poll(poll_id), {"verify_voter_list": False})
