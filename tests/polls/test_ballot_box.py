"""A database administrator cannot pair a ballot with its voter (consult/polls/ballot_box.py).

The tests vote as citizens do (each vote its own transaction), keep what only the voters know
(whose receipt is whose), and then attack the tables with what a DBA has: the transaction
stamp `xmin` (`join ... on p.xmin = b.xmin`), the physical order `ctid` (the order of a plain
SELECT and of pg_dump), sequences, and commit timestamps. The unit of anonymity is a group of
at least B = POLL_SEAL_BATCH participations and B ballots: the attacks may find the group,
never more, so they pair no better than picking at random within it.
"""

import random
import re
import shutil
import subprocess
import uuid
from collections import Counter

import pytest
from sqlalchemy import select, text

from consult.extensions import db
from consult.polls import open_data, paper, services
from consult.polls.models import Ballot, Poll
from tests.polls.conftest import project_ids, today
from tests.query_plans import explained, index_condition

VOTES = 60


def _postgresql(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture
def postgresql(app):
    if not _postgresql(app):
        pytest.skip("transaction stamps and heap order are PostgreSQL's (TEST_DATABASE_URL)")


@pytest.fixture
def seeded_ballot_ids(monkeypatch):
    """Random ballot ids drawn from a fixed seed, so that a run's figures can be repeated
    (the attacks' bounds hold for any draw; the seed only makes a failure reproducible)."""
    draw = random.Random(14)

    def new_id() -> str:
        return str(uuid.UUID(int=draw.getrandbits(128), version=4))

    monkeypatch.setattr(services, "new_ballot_id", new_id, raising=False)
    monkeypatch.setattr(paper, "new_ballot_id", new_id, raising=False)


def _identity(app, n: int) -> str:
    with app.app_context():
        return services.identity_hash("pn", f"{3_000_000_000 + n}")


def _vote(app, poll_id: int, n: int) -> tuple[str, str]:
    """Voter n votes in a transaction of their own; (identity hash, receipt hash) — what only
    the voter knows together."""
    identity = _identity(app, n)
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        choice = project_ids(app, poll_id)[n % 4]
        code = services.cast_vote(poll, identity, [choice], today())
        db.session.commit()
    return identity, services.receipt_hash(code)


@pytest.fixture
def voted(app, make_poll, monkeypatch, seeded_ballot_ids):
    """cast(votes, batch, vacuum_at) → (poll id, {identity hash: receipt hash}) after `votes`
    votes with POLL_SEAL_BATCH = batch (None: the default), into tables as new as on a new
    server; with `vacuum_at`, VACUUM runs after that many votes, as autovacuum would, so that
    later rewrites fill the free space it records."""

    def cast(
        votes: int = VOTES, batch: int | None = None, vacuum_at: int | None = None
    ) -> tuple[int, dict[str, str]]:
        if batch is not None:
            monkeypatch.setitem(app.config, "POLL_SEAL_BATCH", batch)
        if _postgresql(app):
            _maintain(app, "TRUNCATE poll_participations, poll_ballots")
        poll_id = make_poll(ballot_type="approval")
        truth = {}
        for n in range(votes):
            if n == vacuum_at:
                _maintain(app, "VACUUM poll_participations, poll_ballots")
            identity, receipt = _vote(app, poll_id, n)
            truth[identity] = receipt
        return poll_id, truth

    return cast


def _maintain(app, statement: str) -> None:
    """A statement that runs outside a transaction, as a DBA or autovacuum runs it."""
    with app.app_context(), db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(statement))


def _batch(app) -> int:
    return app.config.get("POLL_SEAL_BATCH", 20)


def _rows(app, table: str, column: str, poll_id: int) -> list[tuple[str, str, int]]:
    """(column, xmin, page) of the poll's rows in physical order, as a plain scan reads them."""
    with app.app_context():
        query = text(
            f"SELECT {column}, xmin::text, (ctid::text::point)[0]::int AS page FROM {table} "  # noqa: S608
            "WHERE poll_id = :poll ORDER BY ctid"
        )
        return [tuple(row) for row in db.session.execute(query, {"poll": poll_id})]


def _participations(app, poll_id):
    return _rows(app, "poll_participations", "identity_hash", poll_id)


def _ballots(app, poll_id):
    return _rows(app, "poll_ballots", "receipt_hash", poll_id)


# --- the transaction stamp ---------------------------------------------------------------------


@pytest.mark.parametrize("batch", [5, None], ids=["B=5", "default B"])
def test_every_transaction_stamp_is_shared_by_at_least_b_voters_and_b_ballots(
    app, postgresql, voted, batch
):
    poll_id, _truth = voted(batch=batch)
    least = min(_batch(app), VOTES)
    for rows in (_participations(app, poll_id), _ballots(app, poll_id)):
        groups = Counter(stamp for _value, stamp, _page in rows)
        assert len(rows) == VOTES
        assert min(groups.values()) >= least, groups


@pytest.mark.parametrize("batch", [5, None], ids=["B=5", "default B"])
def test_the_xmin_join_pairs_no_better_than_chance_within_a_group(app, postgresql, voted, batch):
    poll_id, truth = voted(batch=batch)
    with app.app_context():
        joined = db.session.execute(
            text(
                "SELECT p.identity_hash, b.receipt_hash FROM poll_participations p "
                "JOIN poll_ballots b ON p.xmin = b.xmin "
                "WHERE p.poll_id = :poll AND b.poll_id = :poll"
            ),
            {"poll": poll_id},
        ).all()
    right = sum(1 for identity, receipt in joined if truth[identity] == receipt)
    # today's code: 60 pairs, all right. Now each participation meets at least B ballots, of
    # which at most one is its own: guessing among them is right at most 1 in B
    assert right / max(len(joined), 1) <= 1 / min(_batch(app), VOTES)


def test_commit_timestamps_group_votes_no_finer_than_the_stamps(app, postgresql, voted):
    with app.app_context():
        setting = db.session.scalar(text("SHOW track_commit_timestamp"))
    if setting != "on":
        pytest.skip("track_commit_timestamp is off: PostgreSQL keeps no commit times to join on")
    poll_id, _truth = voted(batch=5)
    for table in ("poll_participations", "poll_ballots"):
        with app.app_context():
            times = db.session.scalars(
                text(f"SELECT pg_xact_commit_timestamp(xmin) FROM {table} WHERE poll_id = :p"),  # noqa: S608
                {"p": poll_id},
            ).all()
        assert min(Counter(times).values()) >= 5


# --- the physical order ------------------------------------------------------------------------


def _within_groups_in_key_order(rows: list[tuple[str, str, int]], keys: dict[str, str]) -> bool:
    """Whether the rows of each stamp group lie on each page in the order of their keys.

    A group's rows are written in key order, page after page; which pages take them (and so
    the pages' order) depends on the free space left by earlier rewrites once VACUUM or
    autovacuum has recorded it, never on who voted when.
    """
    groups: dict[tuple[str, int], list[str]] = {}
    for value, stamp, page in rows:
        groups.setdefault((stamp, page), []).append(keys[value])
    return all(order == sorted(order) for order in groups.values())


def _ballot_ids(app, poll_id: int) -> dict[str, str]:
    with app.app_context():
        query = select(Ballot.receipt_hash, Ballot.id).where(Ballot.poll_id == poll_id)
        return dict(db.session.execute(query).all())


@pytest.mark.parametrize("vacuum_at", [None, 30], ids=["new tables", "vacuumed midway"])
@pytest.mark.parametrize("batch", [5, None], ids=["B=5", "default B"])
def test_physical_order_says_nothing_within_a_group(app, postgresql, voted, batch, vacuum_at):
    poll_id, truth = voted(batch=batch, vacuum_at=vacuum_at)
    participations, ballots = _participations(app, poll_id), _ballots(app, poll_id)
    identities = {identity: identity for identity, _stamp, _page in participations}
    assert _within_groups_in_key_order(participations, identities)
    assert _within_groups_in_key_order(ballots, _ballot_ids(app, poll_id))
    # pair the i-th participation with the i-th ballot in the table: today 60 of 60. Now that
    # is picking at random within groups of at least B; a voter's ballot is often sealed in
    # another group than their participation, so it is right for about 1 voter in 1.5 B.
    # The bound 2 × VOTES / B + 4 was exceeded in none of 200,000 simulated polls.
    paired = zip(participations, ballots, strict=True)
    right = sum(1 for (identity, *_), (receipt, *_) in paired if truth[identity] == receipt)
    assert right <= 2 * VOTES // min(_batch(app), VOTES) + 4


def test_a_plain_select_and_pg_dump_list_rows_in_key_order_within_a_group(app, postgresql, voted):
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    poll_id, truth = voted(batch=5)
    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        plain = db.session.execute(text("SELECT identity_hash FROM poll_participations")).all()
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--table=poll_participations",
            "--table=poll_ballots",
            f"--dbname={url}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if "version mismatch" in dump.stderr:
        pytest.skip(f"this pg_dump cannot read the server: {dump.stderr.strip()}")
    assert dump.returncode == 0, dump.stderr
    dump = dump.stdout
    participations = _copied(dump, "poll_participations", column=1)
    ballots = _copied(dump, "poll_ballots", column=5)
    assert [row[0] for row in plain] == participations  # the same order as the dump
    assert participations == [row[0] for row in _participations(app, poll_id)]
    assert ballots == [row[0] for row in _ballots(app, poll_id)]
    right = sum(1 for i, r in zip(participations, ballots, strict=True) if truth[i] == r)
    assert right <= 2 * VOTES // 5 + 4


def _copied(dump: str, table: str, column: int) -> list[str]:
    """One column of a table's COPY block in a pg_dump, in the dump's order."""
    block = re.search(rf"COPY public\.{table} \([^)]*\) FROM stdin;\n(.*?)\n\\\.\n", dump, re.S)
    assert block, f"{table} is not in the dump"
    return [line.split("\t")[column] for line in block.group(1).splitlines()]


# --- no counter --------------------------------------------------------------------------------


def test_the_rewrites_find_the_unsealed_rows_by_one_partial_index(app, postgresql, voted):
    # with the municipality outside the partial index, the planner ANDed in the municipality's
    # index of every row, dead copies included (migration 0045)
    from consult.core.sealing import BATCH
    from consult.polls.ballot_box import _unsealed_rewrite
    from consult.polls.models import Participation

    poll_id, _ = voted(votes=8, batch=3)
    with app.app_context():
        values = {"sealing_municipality": 1, "sealing_poll": poll_id, BATCH: 3}
        for table in (Participation.__table__, Ballot.__table__):
            plan = explained(_unsealed_rewrite(table), values)
            read_with = index_condition(plan, f"ix_{table.name}_unsealed")
            assert "poll_id" in read_with and "municipality_id" in read_with, plan
            assert "_municipality_id " not in plan, plan


def test_neither_table_has_a_sequence_or_an_identity_column(app, postgresql):
    with app.app_context():
        for table in ("poll_participations", "poll_ballots"):
            columns = db.session.execute(
                text(
                    "SELECT a.attname, a.attidentity, pg_get_expr(d.adbin, d.adrelid) "
                    "FROM pg_attribute a LEFT JOIN pg_attrdef d "
                    "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    "WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 "
                    "AND NOT a.attisdropped"
                ),
                {"t": table},
            ).all()
            assert not [c for c in columns if c[1] or "nextval" in (c[2] or "")], columns
            sequences = db.session.scalar(
                text(
                    "SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
                    "WHERE s.relkind = 'S' AND d.refobjid = CAST(:t AS regclass)"
                ),
                {"t": table},
            )
            assert sequences == 0


# --- paper ballots and imported files --------------------------------------------------------


def test_an_accepted_paper_batch_is_sealed_with_the_online_votes(
    app, postgresql, make_poll, make_user, monkeypatch, seeded_ballot_ids
):
    monkeypatch.setitem(app.config, "POLL_SEAL_BATCH", 5)
    sheet = [(f"{3_100_000_000 + n}", 1970) for n in range(3)]
    poll_id = make_poll(voters=sheet, ballot_type="approval")
    for n in range(8):
        _vote(app, poll_id, n)
    officers = [make_user("officer", email=f"officer{n}@istog.example") for n in range(2)]
    with app.test_request_context("/?lang=en"):
        from consult.auth.models import User

        poll = db.session.get(Poll, poll_id)
        batch = paper.create_batch(poll, "Banjë", today(), officer_id=None)
        keying = paper.read_keying(poll, "\n".join(n for n, _ in sheet), "P1\nP2\nP3")
        for email in officers:
            officer = db.session.scalar(select(User).where(User.email == email))
            paper.save_keying(batch, officer.id, keying)
        assert paper.accept_batch(batch, today()) == 3
        db.session.commit()
    for rows in (_participations(app, poll_id), _ballots(app, poll_id)):
        assert len(rows) == 11
        assert min(Counter(stamp for _value, stamp, _page in rows).values()) >= 5


def test_an_imported_file_is_stored_in_the_order_of_the_ballot_ids(app, postgresql, ctx):
    votes = "\n".join(f"v{n};p{n % 3 + 1}" for n in range(40))
    pb = (
        "META\nkey;value\nbudget;100\nvote_type;approval\nrule;greedy\n"
        "PROJECTS\nproject_id;cost\np1;60\np2;50\np3;30\n"
        f"VOTES\nvoter_id;vote\n{votes}\n"
    )
    poll = open_data.import_pb(pb).poll
    db.session.commit()
    rows = db.session.execute(
        text(
            "SELECT id, xmin::text, (ctid::text::point)[0]::int AS page FROM poll_ballots "
            "WHERE poll_id = :p ORDER BY ctid"
        ),
        {"p": poll.id},
    ).all()
    assert len(rows) == 40 and len({row[1] for row in rows}) == 1
    assert _within_groups_in_key_order(rows, {row[0]: row[0] for row in rows})


# --- the cost of a vote ------------------------------------------------------------------------


def test_a_vote_writes_no_more_rows_as_the_votes_grow(
    app, postgresql, make_poll, monkeypatch, sql_log
):
    """Counted by PostgreSQL's own counters of the vote's transaction, not by timing."""
    monkeypatch.setitem(app.config, "POLL_SEAL_BATCH", 5)
    poll_id = make_poll(ballot_type="approval")
    road = project_ids(app, poll_id)[0]
    identities = [_identity(app, n) for n in range(VOTES)]
    written, statements = [], []
    counted = text(
        "SELECT pg_stat_get_xact_tuples_inserted(CAST('poll_participations' AS regclass)), "
        "pg_stat_get_xact_tuples_inserted(CAST('poll_ballots' AS regclass))"
    )
    for identity in identities:
        with app.app_context():
            poll = db.session.get(Poll, poll_id)
            # the counters hold this backend's counts not yet reported: read them before and
            # after the vote, in its transaction
            start = db.session.execute(counted).one()
            before = len(sql_log)
            services.cast_vote(poll, identity, [road], today())
            statements.append(len(sql_log) - before)
            end = db.session.execute(counted).one()
            written.append(tuple(b - a for a, b in zip(start, end, strict=True)))
            db.session.commit()
    # each table: the new row, then the unsealed ones rewritten: never more than 2B
    assert max(max(pair) for pair in written) <= 1 + 2 * 5
    assert max(written[-20:]) <= max(written[10:30])
    assert len(set(statements)) == 1, statements


# --- SQLite ------------------------------------------------------------------------------------


def test_sqlite_keeps_both_tables_in_key_order_without_a_rowid(app, voted):
    if _postgresql(app):
        pytest.skip("SQLite's storage (WITHOUT ROWID) is checked on SQLite")
    voted(votes=30)
    with app.app_context():
        for table, key in (("poll_participations", "identity_hash"), ("poll_ballots", "id")):
            stored = db.session.scalars(text(f"SELECT {key} FROM {table}")).all()  # noqa: S608
            assert stored == sorted(stored) and len(stored) == 30
            with pytest.raises(Exception, match="rowid"):
                db.session.execute(text(f"SELECT rowid FROM {table}"))  # noqa: S608
            db.session.rollback()
