"""The demo staff survey: 2023 and 2024, the 13 directorates, every language."""

import datetime as dt
import re

from sqlalchemy import func, select

from consult.core.models import Consultation
from consult.demo.seed import load_directorates
from consult.extensions import db
from consult.i18n import missing_languages
from consult.surveys.demo import CONSULTATION, load_demo
from consult.surveys.models import Response, StaffToken, Survey


def load(app) -> tuple[int, int]:
    item = CONSULTATION
    today = dt.date(2024, 11, 20)
    with app.test_request_context():
        directorates = load_directorates()
        consultation = Consultation(
            kind="survey",
            title=item["title"],
            summary=item["summary"],
            body=item["body"],
            status="closed",
            planned_year=2024,
            opens_at=today - dt.timedelta(days=45),
            closes_at=today - dt.timedelta(days=15),
        )
        db.session.add(consultation)
        db.session.flush()
        codes = load_demo(consultation, directorates, today)
        db.session.commit()
        assert len(codes) == 3
        current = db.session.scalar(select(Survey).where(Survey.consultation_id == consultation.id))
        return current.id, current.copied_from_id


def test_demo_has_both_years_with_the_same_keys_in_every_language(app):
    current_id, earlier_id = load(app)
    with app.test_request_context():
        from consult.surveys.models import Survey

        current, earlier = db.session.get(Survey, current_id), db.session.get(Survey, earlier_id)
        assert (current.year, earlier.year) == (2024, 2023)
        assert [q.key for q in current.questions] == [q.key for q in earlier.questions]
        for question in current.questions:
            assert missing_languages(question.text, ["sq", "sr", "bs", "en"]) == []
        by_year = dict(
            db.session.execute(
                select(Response.survey_id, func.count()).group_by(Response.survey_id)
            ).all()
        )
        assert by_year[current_id] > by_year[earlier_id] > 100
        directorates = db.session.scalar(
            select(func.count(func.distinct(StaffToken.directorate_id)))
        )
        assert directorates == 13


def test_demo_report_shows_year_over_year_and_hides_small_directorates(app, client, login):
    current_id, _earlier = load(app)
    login("officer")
    html = client.get(f"/manage/surveys/{current_id}/report?lang=sq&by=directorate")
    text = re.sub(r"\s+", " ", html.get_data(as_text=True))
    assert html.status_code == 200
    assert '<th scope="row">2023</th>' in text and '<th scope="row">2024</th>' in text
    assert "–" in text
