"""The language of answer: a citizen response keeps the interface locale it was sent in, the
report breaks the results down by it (Serbian in both scripts together) with small groups
hidden like every other breakdown, and a staff response keeps no language at all."""

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from consult.core.anonymity import SUPPRESSED
from consult.core.models import Consultation
from consult.extensions import db
from consult.surveys import report
from consult.surveys.models import Response, Survey
from consult.surveys.services import save_response
from tests.surveys.conftest import VALID_FIRST, build_survey, post_section
from tests.surveys.test_rates_report import respond

ANSWER = {"channel": "email", "informed": 4, "climate": {"across": 3, "within": 4}}


def languages(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            text("SELECT directorate_id, language FROM survey_responses ORDER BY language")
        )
        return [tuple(row) for row in rows]


def citizen_answers(app, client, survey_id: int, locale: str):
    page = client.get(f"/surveys/{survey_id}/take?lang={locale}").get_data(as_text=True)
    return post_section(client, app, survey_id, page, VALID_FIRST)


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_a_citizen_response_keeps_the_locale_it_was_sent_in(app, citizen_survey_id, locale):
    client = app.test_client()
    assert citizen_answers(app, client, citizen_survey_id, locale).status_code == 302
    assert languages(app) == [(None, locale)]


def test_a_staff_response_keeps_no_language(app, client, survey_id):
    """A DBA reading the table: no staff response has a language, whatever the interface."""
    from tests.surveys.conftest import issue
    from tests.surveys.test_staff_survey import answer_survey

    code = issue(app, survey_id)[0]
    client.get("/?lang=sr")
    assert answer_survey(client, app, survey_id, code).status_code == 302
    with app.app_context():
        stored = db.session.execute(
            text(
                "SELECT COUNT(*), COUNT(language) FROM survey_responses "
                "WHERE directorate_id IS NOT NULL"
            )
        ).one()
    assert tuple(stored) == (1, 0)


def test_the_service_and_the_database_refuse_a_staff_language(app, survey_id):
    respond(app, survey_id, "EDU", 1)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        kept = save_response(survey, dict(ANSWER), dt.date(2024, 10, 8), None, language="sr")
        assert kept.language is None  # a staff survey stores none, even without a directorate
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE survey_responses SET language = 'sr' WHERE directorate_id IS NOT NULL")
            )
        db.session.rollback()


def test_the_database_refuses_an_unknown_language(app, citizen_survey_id):
    with app.app_context():
        survey = db.session.get(Survey, citizen_survey_id)
        response = save_response(survey, dict(ANSWER), dt.date(2024, 10, 8), language="sq")
        assert response.language == "sq"
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE survey_responses SET language = '<script>'"))
        db.session.rollback()
        odd = save_response(survey, dict(ANSWER), dt.date(2024, 10, 8), language="de")
        assert odd.language is None
        db.session.rollback()


@pytest.fixture
def spoken(app, make_consultation):
    """A closed citizen survey: 9 in Albanian, 4 + 4 in Serbian (two scripts), 2 in Bosnian,
    6 stored before languages were recorded; everyone's main channel is e-mail."""
    consultation_id = make_consultation(kind="survey", status="closed")
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id), "citizen")
        for language, times in (("sq", 9), ("sr_Latn", 4), ("sr", 4), ("bs", 2), (None, 6)):
            for _ in range(times):
                save_response(survey, dict(ANSWER), dt.date(2024, 10, 8), language=language)
        db.session.commit()
        return survey.id


def breakdown_rows(page: str, caption: str) -> dict[str, list[str]]:
    table = page.split(f"{caption}</caption>")[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in found]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_report_breaks_down_by_language_with_small_groups_hidden(app, client, login, spoken):
    login("officer")
    plain = client.get(f"/manage/surveys/{spoken}/report?lang=en").get_data(as_text=True)
    assert '<option value="answer_language">Language of answer</option>' in plain
    url = f"/manage/surveys/{spoken}/report?lang=en&by=answer_language"
    page = client.get(url).get_data(as_text=True)
    rows = breakdown_rows(page, "Main channel, by Language of answer")
    assert rows["Albanian"] == ["9", "0", "0"]
    assert rows["Serbian"] == ["8", "0", "0"]  # both scripts together
    # Bosnian (2) is hidden, and so is the next smallest group (6 not recorded), or the
    # overall 29 answers of "E-mail" minus the rows shown would give Bosnian's 2
    assert rows["Bosnian"] == ["–", "0", "0"]
    assert rows["Not recorded"] == ["–", "0", "0"]
    assert "English" not in rows


def test_the_breakdown_hides_what_the_arithmetic_would_give_away(app, spoken):
    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, spoken)
        channel = next(q for q in survey.questions if q.key == "channel")
        table = report.question_report(survey, channel, "answer_language").breakdown
        k = report.min_group()
    hidden = [row for row in table.rows if any(c is SUPPRESSED for c in row[1:])]
    shown_email = sum(row[1] for row in table.rows if row[1] is not SUPPRESSED)
    assert len(hidden) >= 2  # the pool the total leaves is split over two groups
    assert 29 - shown_email >= k  # and is itself no small group
    assert {row[0] for row in hidden} == {"Bosnian", "Not recorded"}


@pytest.mark.parametrize(
    ("locale", "albanian", "serbian"),
    [("sq", "shqip", "serbisht"), ("sr_Latn", "albanski", "srpski"), ("bs", "albanski", "srpski")],
)
def test_language_names_are_translated(app, client, login, spoken, locale, albanian, serbian):
    login("officer")
    page = client.get(f"/manage/surveys/{spoken}/report?lang={locale}&by=answer_language")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<th scope="row">{albanian}</th>' in html
    assert f'<th scope="row">{serbian}</th>' in html
    assert '<th scope="row">Albanian</th>' not in html


def test_a_staff_survey_offers_no_language_breakdown(app, client, login, survey_id):
    respond(app, survey_id, "EDU", 6)
    with app.app_context():
        db.session.get(Survey, survey_id).consultation.status = "closed"
        db.session.commit()
    login("officer")
    url = f"/manage/surveys/{survey_id}/report?lang=en&by=answer_language"
    page = client.get(url).get_data(as_text=True)
    assert "Language of answer" not in page
    assert "by Language" not in page


def test_the_raw_export_leaves_out_small_language_groups(app, client, login, spoken):
    login("officer")
    response = client.get(f"/manage/surveys/{spoken}/raw.csv?lang=en")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert list(rows[0])[-1] == "Language of answer"
    found = sorted({row["Language of answer"] for row in rows})
    assert found == ["Albanian", "Serbian"]  # Bosnian (2) and its complement left out
    assert len(rows) == 17


def test_a_response_read_back_has_no_link_to_its_language_order(app, spoken):
    """The column is a plain value: no time, no counter beside it."""
    with app.app_context():
        columns = {c.name for c in Response.__table__.columns}
    # municipality_id: the survey's municipality, the same on every response of the survey;
    # sealed: rewritten for the last time, chosen by key order among the unsealed (services.seal)
    assert columns == {
        "id",
        "survey_id",
        "directorate_id",
        "day",
        "language",
        "municipality_id",
        "sealed",
    }
