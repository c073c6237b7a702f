"""Tumbling groups on PostgreSQL: every transaction stamp a survey's anonymous rows keep is
shared by at least B = SURVEY_SEAL_BATCH of them, and a submission writes a bounded number of
rows however many answered before it (consult/surveys/services.py, `seal`).

The tests use B = 3 so that a few dozen submissions make several groups. They read what a
database administrator sees: `xmin` (the writing transaction), `ctid` (the place in the heap,
the order of a plain SELECT) and the order of `pg_dump`.
"""

import datetime as dt
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text

from consult.extensions import db
from consult.surveys.models import BrowserParticipation, Response, StaffToken, Survey
from consult.surveys.services import code_hash, redeem_and_save, save_citizen_response
from tests.query_plans import explained, index_condition
from tests.surveys.conftest import issue
from tests.surveys.test_anonymity_dump import dump, inserts

B = 3
#: makes groups sealed at 6, 9, 12, ... and leaves B to 2B - 1 unsealed
PEOPLE = 20

USED_CODES = (
    "SELECT token_hash AS key, xmin::text AS x FROM staff_tokens WHERE survey_id = :s AND used"
)
RESPONSES = "SELECT id AS key, xmin::text AS x FROM survey_responses WHERE survey_id = :s"
BROWSERS = (
    "SELECT browser_hash AS key, xmin::text AS x FROM survey_browser_participations"
    " WHERE survey_id = :s"
)
ANSWERS = (
    "SELECT a.response_id AS key, a.xmin::text AS x FROM survey_answers a"
    " JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = :s"
)
#: the rows of a table the current transaction wrote (xmin is its 32-bit transaction id)
WRITTEN_NOW = "xmin::text = (txid_current() % 4294967296)::text"


@pytest.fixture(autouse=True)
def postgresql_only(app, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin and ctid are PostgreSQL's; SQLite seals nothing")
    monkeypatch.setitem(app.config, "SURVEY_SEAL_BATCH", B)


def answer_with_codes(app, survey_id: int, codes: list[str], first: int = 0) -> list[str]:
    """Each code's holder answers in turn, each in their own transaction; person i says they
    attend `first + i` meetings. Returns the ids of the responses in submission order."""
    ids = []
    with app.app_context():
        for i, code in enumerate(codes):
            survey = db.session.get(Survey, survey_id)
            answers = {"channel": "email", "informed": 4, "meetings": first + i}
            ids.append(redeem_and_save(survey, code_hash(code), answers, dt.date.today()).id)
            db.session.commit()
    return ids


def groups(app, query: str, survey_id: int) -> dict[str, list[str]]:
    """xmin → the keys of the rows carrying it, in physical (ctid) order."""
    found = defaultdict(list)
    with app.app_context(), db.engine.connect() as connection:
        rows = connection.execute(text(f"{query} ORDER BY ctid"), {"s": survey_id})
        for row in rows:
            found[row.x].append(row.key)
    return dict(found)


def sealed_stamps(app, survey_id: int) -> dict[str, str]:
    """The sealed used codes' and responses' keys → their xmin."""
    with app.app_context(), db.engine.connect() as connection:
        return dict(
            connection.execute(
                text(
                    "SELECT token_hash, xmin::text FROM staff_tokens"
                    " WHERE survey_id = :s AND sealed UNION ALL"
                    " SELECT id, xmin::text FROM survey_responses WHERE survey_id = :s AND sealed"
                ),
                {"s": survey_id},
            ).all()
        )


def unsealed(app, model, survey_id: int) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model).where(model.survey_id == survey_id)
        return db.session.scalar(query.where(model.sealed.is_(False)))


@pytest.fixture
def answered(app, survey_id):
    """PEOPLE staff answered one after the other; the response ids in submission order."""
    codes = issue(app, survey_id, PEOPLE)
    return answer_with_codes(app, survey_id, codes)


def test_every_stamp_is_shared_by_at_least_b_codes_and_b_responses(app, survey_id, answered):
    for query in (USED_CODES, RESPONSES):
        found = groups(app, query, survey_id)
        sizes = sorted(len(keys) for keys in found.values())
        assert sum(sizes) == PEOPLE
        assert len(sizes) > 3, sizes  # several groups, not one rewrite of everything
        assert min(sizes) >= B, sizes


def test_answers_carry_their_response_s_stamp(app, survey_id, answered):
    with app.app_context(), db.engine.connect() as connection:
        of_response = dict(connection.execute(text(RESPONSES), {"s": survey_id}).all())
        answers = connection.execute(text(ANSWERS), {"s": survey_id}).all()
    assert len(answers) >= PEOPLE
    assert all(row.x == of_response[row.key] for row in answers)


def test_between_b_and_2b_minus_1_rows_stay_unsealed(app, survey_id, answered):
    assert B <= unsealed(app, Response, survey_id) < 2 * B
    with app.app_context():
        used = select(func.count()).where(
            StaffToken.survey_id == survey_id, StaffToken.used, StaffToken.sealed.is_(False)
        )
        assert B <= db.session.scalar(used) < 2 * B
        never_used = select(func.count()).where(
            StaffToken.survey_id == survey_id, StaffToken.used.is_(False), StaffToken.sealed
        )
        assert db.session.scalar(never_used) == 0  # unused codes are never rewritten


def test_heap_order_is_key_order_within_each_group_and_not_answering_order(
    app, survey_id, answered
):
    for query in (USED_CODES, RESPONSES):
        for keys in groups(app, query, survey_id).values():
            assert keys == sorted(keys)
    with app.app_context(), db.engine.connect() as connection:
        by_ctid = connection.execute(
            text("SELECT id FROM survey_responses WHERE survey_id = :s ORDER BY ctid"),
            {"s": survey_id},
        ).scalars()
        heap_order = list(by_ctid)
    assert sorted(heap_order) == sorted(answered)
    # six groups or more, each in the order of random keys: 1 in 6**6 for a false alarm
    assert heap_order != answered


def test_pg_dump_lists_each_group_in_key_order(app, survey_id, answered):
    found = groups(app, RESPONSES, survey_id)
    group_of = {key: x for x, keys in found.items() for key in keys}
    lines = inserts(dump(app), "survey_responses")
    dumped = [key for line in lines for key in group_of if f"'{key}'" in line]
    assert sorted(dumped) == sorted(answered)
    assert dumped != answered
    for x in found:
        in_group = [key for key in dumped if group_of[key] == x]
        assert in_group == sorted(in_group)


def test_a_submission_after_many_sealed_rows_rewrites_at_most_2b_rows_per_table(
    app, survey_id, answered
):
    more = issue(app, survey_id, 40)
    answer_with_codes(app, survey_id, more[:-1], first=100)
    before = sealed_stamps(app, survey_id)
    assert len(before) >= 2 * (PEOPLE + 39 - 2 * B)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        answers = {"channel": "email", "informed": 4, "meetings": 7}
        redeem_and_save(survey, code_hash(more[-1]), answers, dt.date.today())
        written = {
            table: db.session.scalar(
                text(f"SELECT count(*) FROM {table} WHERE survey_id = :s AND {WRITTEN_NOW}"),  # noqa: S608
                {"s": survey_id},
            )
            for table in ("staff_tokens", "survey_responses")
        }
        rewritten_responses = text(
            "SELECT count(DISTINCT response_id), count(*) FROM survey_answers WHERE "  # noqa: S608
            + WRITTEN_NOW
        )
        answer_responses, answer_rows = db.session.execute(rewritten_responses).one()
        stored = db.session.scalar(
            select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
        )
        db.session.commit()
    assert stored == PEOPLE + 40
    assert 1 <= written["staff_tokens"] <= 2 * B
    assert 1 <= written["survey_responses"] <= 2 * B
    assert answer_responses == written["survey_responses"]  # the answers of those responses
    assert 1 <= answer_rows <= 2 * B * 10  # ten questions at most per response
    after = sealed_stamps(app, survey_id)
    assert before.items() <= after.items()  # a sealed row is never written again


def test_citizen_browser_records_are_sealed_in_groups_too(app, citizen_survey_id):
    with app.app_context():
        for i in range(PEOPLE):
            survey = db.session.get(Survey, citizen_survey_id)
            answers = {"channel": "teams", "informed": 3}
            save_citizen_response(survey, answers, dt.date.today(), f"browser-{i}", "sq")
            db.session.commit()
    for query in (BROWSERS, RESPONSES):
        sizes = [len(keys) for keys in groups(app, query, citizen_survey_id).values()]
        assert sum(sizes) == PEOPLE and len(sizes) > 3 and min(sizes) >= B, sizes
    assert B <= unsealed(app, BrowserParticipation, citizen_survey_id) < 2 * B


def test_reseal_closes_the_last_group_and_leaves_sealed_groups_alone(
    app, runner, survey_id, answered
):
    before = groups(app, RESPONSES, survey_id)
    left = unsealed(app, Response, survey_id)
    result = runner.invoke(args=["surveys", "reseal", str(survey_id)])
    assert result.exit_code == 0, result.output
    assert f"Rewrote {left} access codes, {left} responses" in result.output
    assert unsealed(app, Response, survey_id) == 0
    with app.app_context():
        open_codes = select(func.count()).where(
            StaffToken.survey_id == survey_id, StaffToken.used, StaffToken.sealed.is_(False)
        )
        assert db.session.scalar(open_codes) == 0
    after = groups(app, RESPONSES, survey_id)
    kept = {x: keys for x, keys in after.items() if x in before}
    assert sum(len(keys) for keys in kept.values()) == PEOPLE - left
    assert all(before[x] == keys for x, keys in kept.items())
    (closing,) = set(after) - set(before)
    assert len(after[closing]) == left >= B
    counts = Counter(len(keys) for keys in after.values())
    assert min(counts) >= B
    again = runner.invoke(args=["surveys", "reseal", str(survey_id)])
    assert "Rewrote 0 access codes, 0 responses, 0 answers" in again.output


def test_the_rewrites_find_the_unsealed_rows_by_one_partial_index(app, survey_id, answered):
    # `sealed IS false` is not a condition the planner proves `NOT sealed` from: the codes'
    # rewrite read every code of the survey (20,000 in the bench) at every submission; and
    # with the municipality outside the index, the planner ANDed in the municipality's index
    # of every row (migration 0045)
    from consult.core.sealing import BATCH
    from consult.surveys.services import _unsealed_rewrites

    indexes = (
        "ix_survey_responses_unsealed",  # the answers of the unsealed responses
        "ix_staff_tokens_unsealed",
        "ix_survey_browser_participations_unsealed",
        "ix_survey_responses_unsealed",
    )
    with app.app_context():
        values = {"sealing_municipality": 1, "sealing_survey": survey_id, BATCH: B}
        for statement, index in zip(_unsealed_rewrites(False), indexes, strict=True):
            plan = explained(statement, values)
            read_with = index_condition(plan, index)
            assert "survey_id" in read_with and "municipality_id" in read_with, plan
            assert "_municipality_id " not in plan, plan  # no index of every row


def test_a_submission_waits_for_the_survey_only_to_seal_and_seals_the_one_before(app, survey_id):
    codes = issue(app, survey_id, 2 * B + 2)
    answer_with_codes(app, survey_id, codes[: 2 * B])
    sealed_first, commit_first = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def submit(code: str, before_commit: Callable[[], None]) -> None:
        try:
            with app.app_context():
                survey = db.session.get(Survey, survey_id)
                answers = {"channel": "email", "informed": 2, "meetings": 1}
                redeem_and_save(survey, code_hash(code), answers, dt.date.today())
                before_commit()
                db.session.commit()
        except BaseException as error:  # reported by the test below
            failures.append(error)
            sealed_first.set()

    def hold() -> None:
        sealed_first.set()
        commit_first.wait(20)

    first = threading.Thread(target=submit, args=(codes[-2], hold))
    first.start()
    assert sealed_first.wait(20)
    second = threading.Thread(target=submit, args=(codes[-1], lambda: None))
    second.start()
    waiting, written = waiting_statement(app)
    commit_first.set()
    first.join(20)
    second.join(20)
    assert not failures, failures
    # the second had marked its code used and stored its response and answers (the
    # key-share checks of its inserts did not wait): it waited only for the survey's lock,
    # to seal
    assert waiting.startswith("SELECT surveys.id") and "FOR NO KEY UPDATE" in waiting
    assert {"staff_tokens", "survey_responses", "survey_answers"} <= written
    for query in (USED_CODES, RESPONSES):
        sizes = [len(keys) for keys in groups(app, query, survey_id).values()]
        assert sum(sizes) == 2 * B + 2 and min(sizes) >= B, sizes
    assert B <= unsealed(app, Response, survey_id) < 2 * B


def waiting_statement(app) -> tuple[str, set[str]]:
    """The statement of this database's one session waiting for a lock (within 20 s), and
    the tables that session has written to."""
    waiting = text(
        "SELECT pid, query FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    written = text(
        "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " WHERE l.pid = :pid AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'"
    )
    deadline = time.monotonic() + 20
    with app.app_context(), db.engine.connect() as connection:
        while time.monotonic() < deadline:
            found = connection.execute(waiting).first()
            if found:
                tables = connection.execute(written, {"pid": found.pid}).scalars()
                return found.query, set(tables)
            connection.rollback()
            time.sleep(0.02)
    raise AssertionError("no submission waited for a lock")
