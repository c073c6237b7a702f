"""A staff survey started from the bank's template compares with the demo survey of the year
before: the report's year-over-year table of every key they share has both years, with the
earlier year's figures; the template's new questions have no earlier year."""

import datetime as dt
import random
import re

from sqlalchemy import select

from consult.core.models import Consultation, Directorate
from consult.extensions import db
from consult.surveys.demo import SECTIONS as DEMO_SECTIONS
from consult.surveys.demo import _answers as demo_answers
from consult.surveys.demo import build_survey as build_demo_survey
from consult.surveys.models import Survey
from consult.surveys.question_bank import start_from_template
from consult.surveys.question_types import question_type
from consult.surveys.report import survey_report
from consult.surveys.services import save_response

DEMO_KEYS = [q["key"] for _title, questions in DEMO_SECTIONS for q in questions]
RESPONSES = 9


def _consultation(status: str, year: int, directorate: Directorate) -> Consultation:
    consultation = Consultation(
        kind="survey",
        status=status,
        title={"sq": f"Anketa {year}", "en": f"Staff survey {year}"},
        summary={},
        directorate=directorate,
        planned_year=year,
        opens_at=dt.date(year, 3, 1),
        closes_at=dt.date(year, 3, 31),
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _load(app) -> int:
    """The demo questionnaire in 2023 (reported) and the bank's in 2024 (closed), each answered
    by RESPONSES staff of one directorate; returns the 2024 survey's id."""
    rng = random.Random(7)
    with app.app_context():
        directorate = Directorate(code="ADM", name={"sq": "Administrata", "en": "ADM"})
        db.session.add(directorate)
        db.session.flush()
        earlier = build_demo_survey(_consultation("reported", 2023, directorate), 2023)
        current = start_from_template(
            _consultation("closed", 2024, directorate), "staff_communication", 2024
        )
        for survey, day in ((earlier, dt.date(2023, 3, 10)), (current, dt.date(2024, 3, 10))):
            for _ in range(RESPONSES):
                answers = demo_answers(rng, 0.2, later=survey is current)
                answers["staff_meetings_attended"] = 1  # every respondent sees every question
                save_response(survey, answers, day, directorate.id)
        db.session.commit()
        return current.id


def test_every_key_shared_with_the_demo_compares_with_the_earlier_year(app):
    survey_id = _load(app)
    with app.test_request_context("/?lang=en"):
        survey = db.session.get(Survey, survey_id)
        reports = {r.question.key: r for r in survey_report(survey)}
        compared = []
        for key, shown in reports.items():
            if key in DEMO_KEYS and question_type(shown.question).trend is not None:
                trend = shown.trend
                assert trend is not None, key
                years = [row[0] for row in trend.rows]
                assert years == ["2023", "2024"], key
                assert [row[1] for row in trend.rows] == [RESPONSES, RESPONSES], key
                assert any(value is not None for value in trend.rows[0][2:]), key
                assert trend.rows[0][2:] != [None] * (len(trend.columns) - 2)
                compared.append(key)
            elif key not in DEMO_KEYS:
                assert shown.trend is None, key  # a new question: no earlier year
        # every demo question but the free text has a trend
        assert sorted(compared) == sorted(k for k in DEMO_KEYS if k != "suggestion")


def test_the_officers_report_page_shows_both_years(app, client, login):
    survey_id = _load(app)
    login("officer")
    page = client.get(f"/manage/surveys/{survey_id}/report?lang=en")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.get_data(as_text=True))
    assert text.count('<th scope="row">2023</th>') >= 12
    assert "Year over year: Cooperation with other directorates works well." in text


def test_a_survey_from_the_template_copies_into_the_next_year_with_its_keys(app):
    survey_id = _load(app)
    with app.app_context():
        from consult.surveys.services import copy_survey

        current = db.session.get(Survey, survey_id)
        nxt = copy_survey(
            current, _consultation("draft", 2025, current.consultation.directorate), 2025
        )
        db.session.flush()
        assert [q.key for q in nxt.questions] == [q.key for q in current.questions]
        assert db.session.scalars(select(Survey.year).order_by(Survey.year)).all() == [
            2023,
            2024,
            2025,
        ]
        db.session.rollback()
