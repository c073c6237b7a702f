"""In a full database dump, no response can be tied to the access code that opened it.

The dump is every row of every table after several staff members answered through the web
pages in a known order: on SQLite as `sqlite3 .dump` writes it, on PostgreSQL as `pg_dump
--inserts` writes it (rows in physical order), or, without pg_dump, the same rows read with
a plain SELECT (no ORDER BY: physical order too). On PostgreSQL the tests also read the system
columns a database administrator can see: `xmin` (the writing transaction) and `ctid`.
"""

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import threading

import pytest
from sqlalchemy import func, inspect, select, text

from consult.extensions import db
from consult.surveys.models import Response, StaffToken, Survey, SurveyAnswer
from consult.surveys.services import code_hash, redeem_and_save
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, issue, post_section

ANONYMOUS_TABLES = ("survey_responses", "survey_answers", "staff_tokens")
PEOPLE = 8


def dialect(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def dump(app) -> list[str]:
    """Every row of the database as INSERT lines, each table's rows in stored order."""
    with app.app_context():
        url = db.engine.url
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()
    if shutil.which("pg_dump"):
        address = url.set(drivername="postgresql").render_as_string(hide_password=False)
        command = ["pg_dump", "--data-only", "--inserts", "--no-owner", f"--dbname={address}"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return done.stdout.splitlines()
    return _select_dump(app)


def _select_dump(app) -> list[str]:
    """What a dump holds, read with plain SELECTs (sequential scans: physical order)."""
    lines = []
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(text(f'SELECT * FROM "{table.name}"')):  # noqa: S608
                values = ", ".join("NULL" if v is None else repr(str(v)) for v in row)
                lines.append(f'INSERT INTO "{table.name}" VALUES({values});')
    return lines


def inserts(lines: list[str], table: str) -> list[str]:
    """The INSERT lines of `table`, in the dump's order (sqlite3 and pg_dump spellings)."""
    prefixes = (
        f'INSERT INTO "{table}" ',
        f'INSERT INTO "{table}"VALUES',
        f"INSERT INTO public.{table} ",
    )
    return [line for line in lines if line.startswith(prefixes)]


def table_of(line: str) -> str | None:
    match = re.match(r'INSERT INTO (?:"([^"]+)"|public\.(\w+))', line)
    return (match.group(1) or match.group(2)) if match else None


@pytest.fixture
def redeemed(app, survey_id):
    """PEOPLE staff answer one after the other; person i says they attend i meetings."""
    codes = issue(app, survey_id, PEOPLE)
    before = dump(app)
    for i, code in enumerate(codes):
        client = app.test_client()
        submit(client, f"/surveys/{survey_id}/code", {"code": code})
        page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
        answers = {**VALID_FIRST, "meetings": str(10 + i)}
        assert post_section(client, app, survey_id, page, answers).status_code == 302
    return codes, before, dump(app)


def test_no_value_is_shared_between_tokens_and_responses(redeemed):
    _codes, _before, after = redeemed
    token_hashes = set(re.findall(r"'([0-9a-f]{64})'", "\n".join(inserts(after, "staff_tokens"))))
    assert len(token_hashes) == PEOPLE
    answer_side = "\n".join(inserts(after, "survey_responses") + inserts(after, "survey_answers"))
    assert not any(h in answer_side for h in token_hashes)
    response_ids = set(
        re.findall(r"'([0-9a-f-]{36})'", "\n".join(inserts(after, "survey_responses")))
    )
    assert len(response_ids) == PEOPLE
    assert not any(r in "\n".join(inserts(after, "staff_tokens")) for r in response_ids)


def test_no_code_in_plain_text_anywhere(redeemed):
    codes, _before, after = redeemed
    text = "\n".join(after).upper()
    assert not any(code.replace("-", "") in text.replace("-", "") for code in codes)


def test_the_schema_links_no_response_to_a_token(app, redeemed):
    with app.app_context():
        inspector = inspect(db.engine)
        for table in ("survey_responses", "survey_answers"):
            targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
            assert "staff_tokens" not in targets
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert not columns & {"token_hash", "ip", "user_agent", "created_at", "submitted_at"}
        token_columns = {c["name"] for c in inspector.get_columns("staff_tokens")}
        # municipality_id: the survey's municipality, the same on every row of the survey;
        # sealed: rewritten for the last time, chosen by key order (services.seal)
        assert token_columns == {
            "token_hash",
            "survey_id",
            "directorate_id",
            "used",
            "municipality_id",
            "sealed",
        }


def test_no_time_finer_than_a_day_on_the_answer_side(redeemed):
    _codes, _before, after = redeemed
    for table in ANONYMOUS_TABLES:
        for line in inserts(after, table):
            assert not re.search(r"\d{2}:\d{2}", line), line


def test_redeeming_touches_only_tokens_responses_and_answers(redeemed):
    _codes, before, after = redeemed
    changed = {table_of(line) for line in set(before) ^ set(after) if table_of(line)}
    assert changed == set(ANONYMOUS_TABLES)


def test_row_order_does_not_follow_redemption_order(app, redeemed):
    _codes, _before, after = redeemed
    with app.app_context(), db.engine.connect() as connection:
        person_of = dict(
            connection.execute(
                text(
                    "SELECT a.response_id, CAST(a.number AS INTEGER) - 10 FROM survey_answers a"
                    " JOIN survey_questions q ON q.id = a.question_id WHERE q.key = 'meetings'"
                )
            ).all()
        )
    ids = [
        re.search(r"'([0-9a-f-]{36})'", line).group(1)
        for line in inserts(after, "survey_responses")
    ]
    stored_order = [person_of[i] for i in ids]
    assert sorted(stored_order) == list(range(PEOPLE))
    assert stored_order != list(range(PEOPLE))  # chance of a false alarm: 1 in 40,320
    assert ids == sorted(ids)  # stored in the order of the random key, nothing else


@pytest.mark.parametrize("table", ANONYMOUS_TABLES)
def test_sqlite_keeps_no_hidden_rowid_recording_insertion_order(app, redeemed, table):
    if dialect(app) != "sqlite":
        pytest.skip("SQLite's rowid; PostgreSQL's system columns are tested below")
    with app.app_context():
        path = db.engine.url.database
    connection = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            connection.execute(f"SELECT rowid FROM {table}")  # noqa: S608 - fixed names
    finally:
        connection.close()


def test_postgres_system_columns_do_not_tell_who_answered_when(app, redeemed, survey_id):
    """`xmin` would tie a code to its response (same transaction) and order the responses."""
    if dialect(app) != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's")
    used_codes = "SELECT xmin::text AS x, ctid FROM staff_tokens WHERE survey_id = :s AND used"
    responses = "SELECT xmin::text AS x, ctid FROM survey_responses WHERE survey_id = :s"
    answers = (
        "SELECT a.xmin::text AS x, a.ctid FROM survey_answers a"
        " JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = :s"
    )
    with app.app_context(), db.engine.connect() as connection:
        xmins = {
            name: {row.x for row in connection.execute(text(query), {"s": survey_id})}
            for name, query in (
                ("codes", used_codes),
                ("responses", responses),
                ("answers", answers),
            )
        }
        ordered = (
            connection.execute(
                text("SELECT id FROM survey_responses WHERE survey_id = :s ORDER BY ctid"),
                {"s": survey_id},
            )
            .scalars()
            .all()
        )
    # fewer than B = SURVEY_SEAL_BATCH answered: the last submission's transaction wrote every
    # used code, response and answer, none is older than another (test_seal_batches.py: more)
    assert all(len(found) == 1 for found in xmins.values()), xmins
    assert xmins["codes"] == xmins["responses"] == xmins["answers"]
    assert len(ordered) == PEOPLE and ordered == sorted(ordered)


def stored_rows(app) -> dict[str, list[tuple]]:
    """Every column but `sealed` of every row of the anonymous tables, in key order."""
    with app.app_context(), db.engine.connect() as connection:
        rows = {}
        for name in ANONYMOUS_TABLES:
            table = db.metadata.tables[name]
            columns = [column for column in table.columns if column.name != "sealed"]
            query = select(*columns).order_by(*table.primary_key.columns)
            rows[name] = [tuple(row) for row in connection.execute(query)]
        return rows


def test_reseal_rewrites_storage_without_changing_a_single_answer(app, runner, redeemed, survey_id):
    _codes, _before, after = redeemed
    stored = stored_rows(app)
    result = runner.invoke(args=["surveys", "reseal", str(survey_id)])
    assert result.exit_code == 0, result.output
    # fewer than B = SURVEY_SEAL_BATCH answered: all of them are in the last group
    assert f"Rewrote {PEOPLE} access codes, {PEOPLE} responses" in result.output
    assert stored_rows(app) == stored
    rows = [line for line in dump(app) if table_of(line) not in (None, *ANONYMOUS_TABLES)]
    assert sorted(rows) == sorted(
        line for line in after if table_of(line) not in (None, *ANONYMOUS_TABLES)
    )


def test_reseal_of_an_unknown_survey_says_so(runner):
    result = runner.invoke(args=["surveys", "reseal", "999"])
    assert result.exit_code != 0
    assert "no survey with id 999" in result.output


def test_simultaneous_submissions_with_different_codes_are_all_kept(app, survey_id):
    """Each submission rewrites the day's rows; the survey lock keeps them from losing any."""
    codes = issue(app, survey_id, 4)
    barrier = threading.Barrier(len(codes))
    outcomes: list[str] = []

    def answer(code: str, meetings: int) -> None:
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            barrier.wait()
            try:
                answers = {"channel": "email", "meetings": meetings}
                redeem_and_save(survey, code_hash(code), answers, dt.date.today())
                db.session.commit()
                outcomes.append("stored")
            except Exception as error:  # any failure is reported by the assertion below
                db.session.rollback()
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=answer, args=(c, n)) for n, c in enumerate(codes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["stored"] * len(codes)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == len(codes)
        used = select(func.count()).where(StaffToken.used.is_(True))
        assert db.session.scalar(used) == len(codes)
        stored = db.session.scalars(
            select(SurveyAnswer.number).where(SurveyAnswer.number.is_not(None))
        ).all()
        assert sorted(stored) == list(range(len(codes)))
