"""The date and note question types: answered through the questionnaire pages, counted by month
in the report (small months hidden), the month only in the raw export; a note takes no answer,
is never required, never counted, never a column, never the source of a condition. And the
migration that lets the database hold them, up and down, on SQLite and PostgreSQL."""

import csv
import datetime as dt
import io
import re

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from config import TestingConfig
from consult import create_app
from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys import report
from consult.surveys.models import Question, Survey, SurveyAnswer
from consult.surveys.services import (
    add_question,
    add_section,
    create_survey,
    question_count,
    save_response,
)
from tests.conftest import CSRF_INPUT
from tests.surveys.conftest import state_of, t
from tests.surveys.test_builder import add_question as post_question
from tests.surveys.test_builder import texts
from tests.surveys.test_builder_edit import edit
from tests.test_migrations import _consultation, on_empty_postgresql

#: the questionnaire shows a page with refused answers again with the errors (the wizard answers
#: 200 there today, as for every question type; 400 would be as good)
REFUSED = (200, 400)
HOSTILE = '<script>alert("x")</script> Read this first'


@pytest.fixture
def dated_survey(app, make_consultation) -> int:
    """A citizen survey: a note and a required date on page one, a choice on page two."""
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = create_survey(db.session.get(Consultation, consultation_id), "citizen", 2025)
        first = add_section(survey, t("Moving in"))
        add_question(first, "welcome", "note", t(HOSTILE))
        add_question(first, "moved_in", "date", t("When did you move here?"), required=True)
        second = add_section(survey, t("Services"))
        add_question(
            second,
            "channel",
            "single_choice",
            t("Main channel"),
            options=[("web", t("Web")), ("office", t("Office"))],
        )
        db.session.commit()
        return survey.id


def ids(app, survey_id: int) -> dict[str, int]:
    with app.app_context():
        return {q.key: q.id for q in db.session.get(Survey, survey_id).questions}


def post_page(client, survey_id: int, page: str, data: dict, lang: str = "en"):
    form = {"state": state_of(page), "csrf_token": CSRF_INPUT.search(page).group(1), **data}
    return client.post(f"/surveys/{survey_id}/take?lang={lang}", data=form)


def stored(app, question_id: int) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                SurveyAnswer.item, SurveyAnswer.choice, SurveyAnswer.number, SurveyAnswer.text
            ).where(SurveyAnswer.question_id == question_id)
        )
        return [tuple(row) for row in rows]


def test_the_page_shows_the_note_as_text_and_the_date_as_a_date_input(app, client, dated_survey):
    page = client.get(f"/surveys/{dated_survey}/take?lang=en").get_data(as_text=True)
    q = ids(app, dated_survey)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Read this first" in page
    assert "<script>alert" not in page
    assert f'name="q{q["welcome"]}"' not in page  # a note has no field
    date_input = re.search(rf'<input[^>]*name="q{q["moved_in"]}"[^>]*>', page).group(0)
    assert 'type="date"' in date_input
    assert f'<label for="q{q["moved_in"]}">' in page
    assert "for example 31.12.2024" in page


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("2021-03-05", "2021-03-05"), ("5.3.2021", "2021-03-05"), ("05. 03. 2021.", "2021-03-05")],
)
def test_a_date_from_the_picker_or_typed_by_hand_is_stored_as_iso(
    app, client, dated_survey, typed, iso
):
    q = ids(app, dated_survey)
    page = client.get(f"/surveys/{dated_survey}/take?lang=en").get_data(as_text=True)
    second = post_page(client, dated_survey, page, {f"q{q['moved_in']}": typed})
    assert second.status_code == 200
    assert "Main channel" in second.get_data(as_text=True)
    done = post_page(
        client, dated_survey, second.get_data(as_text=True), {f"q{q['channel']}": "web"}
    )
    assert done.status_code == 302
    assert stored(app, q["moved_in"]) == [("", None, None, iso)]
    assert stored(app, q["welcome"]) == []


@pytest.mark.parametrize(
    "typed", ["31.02.2024", "2024-13-01", "tomorrow", "12/2024", "2024-1-5", "1.1.24", "<b>1</b>"]
)
def test_a_date_that_is_not_one_is_refused_with_a_translated_error(
    app, client, dated_survey, typed
):
    q = ids(app, dated_survey)
    page = client.get(f"/surveys/{dated_survey}/take?lang=en").get_data(as_text=True)
    refused = post_page(client, dated_survey, page, {f"q{q['moved_in']}": typed})
    assert refused.status_code in REFUSED
    body = refused.get_data(as_text=True)
    assert "Enter a date as day.month.year, for example 31.12.2024." in body
    assert "<b>1</b>" not in body
    page = client.get(f"/surveys/{dated_survey}/take?lang=sq").get_data(as_text=True)
    refused = post_page(client, dated_survey, page, {f"q{q['moved_in']}": typed}, lang="sq")
    assert refused.status_code in REFUSED
    assert "Shkruani datën si dita.muaji.viti" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_a_required_date_left_empty_is_asked_for(app, client, dated_survey):
    q = ids(app, dated_survey)
    page = client.get(f"/surveys/{dated_survey}/take?lang=en").get_data(as_text=True)
    refused = post_page(client, dated_survey, page, {f"q{q['moved_in']}": " "})
    assert refused.status_code in REFUSED
    assert "Please answer this question." in refused.get_data(as_text=True)


def answer_many(app, survey_id: int, dates: dict[str, int]) -> None:
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for day, times in dates.items():
            for _ in range(times):
                save_response(survey, {"moved_in": day, "channel": "web"}, dt.date(2025, 5, 2))
        survey.consultation.status = "closed"
        db.session.commit()


def test_the_report_counts_dates_by_month_and_hides_small_months(app, ctx, dated_survey):
    answer_many(
        app, dated_survey, {"2024-01-03": 6, "2024-01-28": 1, "2024-02-10": 2, "2024-04-30": 9}
    )
    survey = db.session.get(Survey, dated_survey)
    reports = report.survey_report(survey)
    assert [r.question.key for r in reports] == ["moved_in", "channel"]  # no note
    dates = reports[0]
    assert dates.answered == 18
    # February (2) is hidden, and with it the smallest other non-zero month (January): the
    # total minus the months shown would give February away
    assert dates.table.columns == ["Month", "Answers"]
    assert dates.table.rows == [
        ["2024-01", None],
        ["2024-02", None],
        ["2024-03", 0],
        ["2024-04", 9],
    ]
    long = report.aggregates(reports)
    assert "2024-02" not in set(long[long["question"] == "moved_in"]["answer"])


def test_dates_spread_over_years_are_counted_by_year(app, ctx, dated_survey):
    answer_many(app, dated_survey, {"1961-07-01": 5, "1975-02-02": 6, "1990-12-12": 5})
    dates = report.survey_report(db.session.get(Survey, dated_survey))[0]
    assert dates.table.columns == ["Year", "Answers"]
    assert len(dates.table.rows) == 30  # every year from 1961 to 1990
    assert dict(dates.table.rows)["1975"] == 6
    assert dict(dates.table.rows)["1976"] == 0


def test_the_report_page_shows_no_note_and_the_months(app, client, login, dated_survey):
    answer_many(app, dated_survey, {"2024-01-03": 6, "2024-04-30": 9})
    login("officer")
    page = client.get(f"/manage/surveys/{dated_survey}/report?lang=en").get_data(as_text=True)
    assert page.count("Read this first") == 0
    assert "2024-04" in page
    breakdown = f"/manage/surveys/{dated_survey}/report?lang=en&by=directorate"
    assert client.get(breakdown).status_code == 200


def test_the_raw_export_has_the_month_and_no_column_for_the_note(app, client, login, dated_survey):
    answer_many(app, dated_survey, {"2024-01-03": 6, "2024-04-30": 9})
    login("officer")
    response = client.get(f"/manage/surveys/{dated_survey}/raw.csv?lang=en")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert "welcome" not in rows[0]
    assert [c for c in rows[0] if c in ("welcome", "moved_in", "channel")] == [
        "moved_in",
        "channel",
    ]
    assert sorted({row["moved_in"] for row in rows}) == ["2024-01", "2024-04"]
    assert not any("2024-01-03" in value for row in rows for value in row.values())


def test_a_note_is_not_a_question_for_the_standards(app, ctx, dated_survey):
    survey = db.session.get(Survey, dated_survey)
    assert question_count(survey.consultation) == 2


# --- the builder -----------------------------------------------------------------------------


def test_the_builder_offers_both_types_and_refuses_a_required_note(
    app, client, login, dated_survey
):
    login("officer")
    with app.app_context():
        survey = db.session.get(Survey, dated_survey)
        survey.consultation.status = "draft"
        second = survey.sections[1].id
        db.session.commit()
    page = client.get(f"/manage/surveys/{dated_survey}/build?lang=en").get_data(as_text=True)
    assert '<option value="date">Date</option>' in page
    assert '<option value="note">Note (a text shown, no answer)</option>' in page
    condition_select = re.search(
        r'<select[^>]*name="condition_question"[^>]*>(.*?)</select>', page, re.S
    ).group(1)
    assert 'value="moved_in"' in condition_select
    assert 'value="welcome"' not in condition_select  # a note has no answer to look at
    refused = post_question(
        client,
        dated_survey,
        section_id=second,
        key="later_note",
        type="note",
        required="y",
        **texts("text", "Thank you"),
    )
    assert refused.status_code == 400
    assert "A note takes no answer, so it cannot be required." in refused.get_data(as_text=True)
    refused = post_question(
        client,
        dated_survey,
        section_id=second,
        key="after_note",
        type="short_text",
        condition_question="welcome",
        condition_operator="answered",
        **texts("text", "Shown after a note?"),
    )
    assert refused.status_code == 400
    accepted = post_question(
        client, dated_survey, section_id=second, key="later_note", type="note",
        **texts("text", "Thank you"),
    )  # fmt: skip
    assert accepted.status_code == 302
    with app.app_context():
        keys = [q.key for q in db.session.get(Survey, dated_survey).questions]
    assert keys[-1] == "later_note" and "after_note" not in keys


def test_a_question_others_depend_on_cannot_become_a_note(app, client, login, dated_survey):
    login("officer")
    with app.app_context():
        survey = db.session.get(Survey, dated_survey)
        survey.consultation.status = "draft"
        third = add_section(survey, t("Later"))
        add_question(
            third,
            "why_web",
            "short_text",
            t("Why the web?"),
            show_if={"question": "channel", "operator": "in", "values": ["web"]},
        )
        db.session.commit()
    refused = edit(client, app, dated_survey, "channel", type="note", options="", required="")
    assert refused.status_code == 400
    assert "it cannot become a note" in refused.get_data(as_text=True), re.findall(
        r'class="errors?"[^>]*>(.*?)</', refused.get_data(as_text=True)
    )
    with app.app_context():
        kept = db.session.scalar(select(Question).where(Question.key == "channel"))
        assert kept.type == "single_choice"


# --- the migration ---------------------------------------------------------------------------


def check_migration(url: str) -> None:
    """0030 lets the database hold dates and notes; its downgrade refuses while any is
    there, then takes the two types away again."""

    class Database(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Database)
    insert = text(
        "INSERT INTO survey_questions (id, survey_id, section_id, position, key, type, text, "
        "hint, required) VALUES (:id, 1, 1, :id, :key, :type, '{}', '{}', :no)"
    )
    with app.app_context():
        upgrade(revision="0029")
        with db.engine.begin() as connection:
            _consultation(connection, 1, "survey", "draft", None)
            connection.execute(
                text(
                    "INSERT INTO surveys (id, consultation_id, audience, year, "
                    "one_response_per_browser, ask_gender, ask_age_band, ask_local_community) "
                    "VALUES (1, 1, 'citizen', 2025, :no, :no, :no, :no)"
                ),
                {"no": False},
            )
            connection.execute(
                text(
                    "INSERT INTO survey_sections (id, survey_id, position, title) "
                    "VALUES (1, 1, 1, '{}')"
                )
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(insert, {"id": 1, "key": "when", "type": "date", "no": False})
        upgrade(revision="0030")
        with db.engine.begin() as connection:
            connection.execute(insert, {"id": 1, "key": "when", "type": "date", "no": False})
            connection.execute(insert, {"id": 2, "key": "intro", "type": "note", "no": False})
            connection.execute(insert, {"id": 3, "key": "name", "type": "short_text", "no": False})
        with pytest.raises(SystemExit):  # flask-migrate logs the RuntimeError and exits
            downgrade(revision="0029")
        with db.engine.begin() as connection:
            kept = connection.execute(text("SELECT key FROM survey_questions ORDER BY id"))
            assert [k for (k,) in kept] == ["when", "intro", "name"]
            connection.execute(text("DELETE FROM survey_questions WHERE type IN ('date', 'note')"))
        downgrade(revision="0029")
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(insert, {"id": 4, "key": "again", "type": "note", "no": False})
        with db.engine.connect() as connection:
            left = connection.execute(text("SELECT key FROM survey_questions")).scalars().all()
        assert left == ["name"]
        db.engine.dispose()


def test_the_migration_up_and_down_on_sqlite(tmp_path):
    check_migration(f"sqlite:///{tmp_path / 'types.sqlite'}")


@pytest.mark.skipif(
    not __import__("os").environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL"
)
def test_the_migration_up_and_down_on_postgresql(app):
    on_empty_postgresql(app, check_migration)
