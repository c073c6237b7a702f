"""A full dump of the database cannot tie a ballot to a person."""

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import Date, DateTime, inspect, select

from consult.extensions import db
from consult.polls import services
from consult.polls.models import Ballot, Participation, Poll
from tests.conftest import submit
from tests.polls.conftest import project_ids, today

VOTERS = [(f"{2000000000 + n}", 1970 + n) for n in range(12)]
INSERT = re.compile(r'^INSERT INTO "?(\w+)"? VALUES\((.*)\);$')


def _vote_through_the_site(app, poll_id: int, person: tuple[str, int], project: int) -> None:
    client = app.test_client()
    number, year = person
    ballot = {"project": [project], "action": "continue"}
    submit(client, f"/polls/{poll_id}", {**ballot, "personal_number": number, "birth_year": year})
    assert submit(client, f"/polls/{poll_id}/confirm", {}).status_code == 200


def _sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def _dump(app) -> list[str]:
    """Every row of every table as the database returns it, like sqlite3 .dump / pg_dump."""
    with app.app_context(), db.engine.connect() as connection:
        if _sqlite(app):
            return list(connection.connection.driver_connection.iterdump())
        lines = []
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                values = ",".join(repr(str(v)) for v in row)
                lines.append(f'INSERT INTO "{table.name}" VALUES({values});')
        return lines


def _rows(dump: list[str], table: str) -> list[str]:
    return [m.group(2) for line in dump if (m := INSERT.match(line)) and m.group(1) == table]


@pytest.fixture
def voted_poll(app, make_poll, monkeypatch):
    monkeypatch.setitem(app.config, "POLL_VERIFY_RATE_LIMIT", "1000 per minute")
    poll_id = make_poll(voters=VOTERS, ballot_type="approval")
    ids = project_ids(app, poll_id)
    for n, person in enumerate(VOTERS):
        _vote_through_the_site(app, poll_id, person, ids[n % len(ids)])
    return poll_id


def test_ballot_and_participation_share_no_column_but_the_poll_the_day_and_the_seal():
    ballot = {c.name for c in Ballot.__table__.columns}
    participation = {c.name for c in Participation.__table__.columns}
    # `sealed` is set in each table by its own key order (tests/polls/test_ballot_box.py);
    # `municipality_id` is the poll's municipality, the same on every row of the poll
    assert ballot & participation == {"poll_id", "day", "channel", "sealed", "municipality_id"}
    for table in (Ballot.__table__, Participation.__table__):
        assert not [c for c in table.columns if isinstance(c.type, DateTime)]
        assert isinstance(table.c.day.type, Date)
        assert not table.foreign_keys - {
            fk
            for fk in table.foreign_keys
            if fk.column.table.name in ("polls", "local_communities", "municipalities")
        }


def test_ballot_ids_are_random_uuids_found_nowhere_else(app, voted_poll):
    dump = _dump(app)
    with app.app_context():
        ids = list(db.session.scalars(select(Ballot.id)))
    assert len(ids) == len(VOTERS)
    assert all(uuid.UUID(i).version == 4 for i in ids)
    elsewhere = "\n".join(line for line in dump if "poll_ballots" not in line)
    assert not any(i in elsewhere for i in ids)


def test_dump_holds_no_personal_number_address_or_browser(app, voted_poll):
    text = "\n".join(_dump(app))
    assert not any(number in text for number, _ in VOTERS)
    assert "127.0.0.1" not in text
    assert "werkzeug" not in text.lower()


def test_dump_order_of_ballots_and_participations_follows_random_keys(app, voted_poll):
    if not _sqlite(app):
        pytest.skip("stored order is checked on SQLite (WITHOUT ROWID tables)")
    dump = _dump(app)
    assert any("poll_ballots" in line and "WITHOUT ROWID" in line for line in dump)
    assert any("poll_participations" in line and "WITHOUT ROWID" in line for line in dump)
    ballots = [row.split(",")[0].strip("'") for row in _rows(dump, "poll_ballots")]
    assert ballots == sorted(ballots)  # the order of the random ids, not of voting
    with app.app_context():
        by_vote = [
            services.identity_hash("pn", number) for number, _ in VOTERS
        ]  # the order people voted in
    hashes = [row.split(",")[1].strip("'") for row in _rows(dump, "poll_participations")]
    assert hashes == sorted(hashes) and hashes != by_vote


def test_the_only_time_on_a_ballot_is_the_day(app, voted_poll):
    with app.app_context():
        days = set(db.session.scalars(select(Ballot.day)))
        stored = inspect(db.engine).get_columns("poll_ballots")
    assert days == {today()}
    assert all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in days)
    assert {c["name"] for c in stored} == {c.name for c in Ballot.__table__.columns}
    assert Poll  # the poll itself names no voter
