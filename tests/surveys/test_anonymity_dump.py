"""In a full database dump, no response can be tied to the access code that opened it.

The dump is every row of every table, as `sqlite3 .dump` writes it, after several staff members
answered through the web pages in a known order.
"""

import os
import re
import sqlite3

import pytest
from sqlalchemy import inspect

from consult.extensions import db
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, issue, post_section

ANONYMOUS_TABLES = ("survey_responses", "survey_answers", "staff_tokens")
PEOPLE = 8

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="reads the SQLite file as `sqlite3 .dump` would; PostgreSQL's own risks are in "
    "consult/surveys/models.py and `flask surveys reseal`",
)


def dump(app) -> list[str]:
    with app.app_context():
        path = db.engine.url.database
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def inserts(lines: list[str], table: str) -> list[str]:
    return [line for line in lines if line.startswith(f'INSERT INTO "{table}"')]


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
        assert token_columns == {"token_hash", "survey_id", "directorate_id", "used"}


def test_no_time_finer_than_a_day_on_the_answer_side(redeemed):
    _codes, _before, after = redeemed
    for table in ANONYMOUS_TABLES:
        for line in inserts(after, table):
            assert not re.search(r"\d{2}:\d{2}", line), line


def test_redeeming_touches_only_tokens_responses_and_answers(redeemed):
    _codes, before, after = redeemed
    changed = {
        re.match(r'INSERT INTO "([^"]+)"', line).group(1)
        for line in set(before) ^ set(after)
        if line.startswith("INSERT INTO")
    }
    assert changed == set(ANONYMOUS_TABLES)


def test_row_order_does_not_follow_redemption_order(app, redeemed):
    _codes, _before, after = redeemed
    with app.app_context():
        path = db.engine.url.database
    connection = sqlite3.connect(path)
    try:
        for table in ANONYMOUS_TABLES:  # no hidden rowid recording insertion order
            with pytest.raises(sqlite3.OperationalError):
                connection.execute(f"SELECT rowid FROM {table}")  # noqa: S608 - fixed names
        meetings_question = connection.execute(
            "SELECT id FROM survey_questions WHERE key = 'meetings'"
        ).fetchone()[0]
        person_of = dict(
            connection.execute(
                "SELECT response_id, CAST(number AS INTEGER) - 10 FROM survey_answers"
                " WHERE question_id = ?",
                (meetings_question,),
            ).fetchall()
        )
    finally:
        connection.close()
    stored_order = [
        person_of[re.search(r"'([0-9a-f-]{36})'", line).group(1)]
        for line in inserts(after, "survey_responses")
    ]
    assert sorted(stored_order) == list(range(PEOPLE))
    assert stored_order != list(range(PEOPLE))  # chance of a false alarm: 1 in 40,320
    ids = [
        re.search(r"'([0-9a-f-]{36})'", line).group(1)
        for line in inserts(after, "survey_responses")
    ]
    assert ids == sorted(ids)  # stored in the order of the random key, nothing else


def test_reseal_rewrites_storage_without_changing_a_single_answer(app, runner, redeemed, survey_id):
    _codes, _before, after = redeemed
    result = runner.invoke(args=["surveys", "reseal", str(survey_id)])
    assert result.exit_code == 0, result.output
    assert f"Rewrote {PEOPLE} access codes, {PEOPLE} responses" in result.output
    assert sorted(dump(app)) == sorted(after)


def test_reseal_of_an_unknown_survey_says_so(runner):
    result = runner.invoke(args=["surveys", "reseal", "999"])
    assert result.exit_code != 0
    assert "no survey with id 999" in result.output
