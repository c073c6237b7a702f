"""Citizens answer a survey without an account; optionally once per browser."""

import re

import pytest
from sqlalchemy import func, select

from consult.core.models import Consultation, LocalCommunity
from consult.extensions import db
from consult.surveys.models import BrowserParticipation, Response, Survey
from consult.surveys.services import add_demographics, create_survey, save_response
from tests.conftest import submit
from tests.surveys.conftest import VALID_FIRST, build_survey, english_client, post_section


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def answer(client, app, survey_id):
    page = client.get(f"/surveys/{survey_id}/take").get_data(as_text=True)
    return post_section(client, app, survey_id, page, VALID_FIRST)


def test_citizen_answers_without_an_account(app, client, citizen_survey_id):
    response = answer(client, app, citizen_survey_id)
    assert response.status_code == 302
    assert count(app, Response) == 1
    with app.app_context():
        assert db.session.scalars(select(Response)).one().directorate_id is None


def test_citizen_cannot_answer_twice_from_the_same_browser(app, client, citizen_survey_id):
    assert answer(client, app, citizen_survey_id).status_code == 302
    again = client.get(f"/surveys/{citizen_survey_id}/take")
    assert "already been answered from this browser" in again.get_data(as_text=True)
    assert count(app, Response) == 1
    assert count(app, BrowserParticipation) == 1
    assert answer(english_client(app), app, citizen_survey_id).status_code == 302
    assert count(app, Response) == 2


def test_two_tabs_of_one_browser_store_one_response(app, client, citizen_survey_id):
    first = client.get(f"/surveys/{citizen_survey_id}/take").get_data(as_text=True)
    second = client.get(f"/surveys/{citizen_survey_id}/take").get_data(as_text=True)
    assert post_section(client, app, citizen_survey_id, first, VALID_FIRST).status_code == 302
    late = post_section(client, app, citizen_survey_id, second, VALID_FIRST)
    assert late.status_code == 409
    assert count(app, Response) == 1


def test_the_public_page_invites_citizens_and_staff_differently(
    client, make_consultation, citizen_survey_id, survey_id, app
):
    with app.app_context():
        citizen = db.session.get(Survey, citizen_survey_id).consultation_id
        staff = db.session.get(Survey, survey_id).consultation_id
    assert "Answer the survey" in client.get(f"/consultations/{citizen}?lang=en").get_data(
        as_text=True
    )
    assert "Enter your access code" in client.get(f"/consultations/{staff}?lang=en").get_data(
        as_text=True
    )


def test_demographic_questions_are_standard_questions(app, make_consultation):
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        db.session.add(LocalCommunity(name={"sq": "Banjë"}, population=3000))
        db.session.flush()
        communities = [(c.id, c.name) for c in db.session.scalars(select(LocalCommunity))]
        survey = create_survey(
            db.session.get(Consultation, consultation_id),
            "citizen",
            2025,
            ask_gender=True,
            ask_age_band=True,
            ask_local_community=True,
        )
        add_demographics(survey, communities)
        keys = [q.key for q in survey.questions]
        assert keys == ["gender", "age_band", "local_community"]
        assert [o.label["sq"] for o in survey.questions[2].options] == ["Banjë"]
        db.session.rollback()


def test_officer_sets_up_a_citizen_survey_with_demographics(app, client, login, make_consultation):
    consultation_id = make_consultation(kind="survey", status="draft")
    login("officer")
    manage = client.get(f"/manage/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert "Set up the questionnaire" in manage
    response = submit(
        client,
        f"/manage/surveys/setup/{consultation_id}",
        {
            "audience": "citizen",
            "year": 2025,
            "copy_from": 0,
            "ask_gender": "y",
            "one_response_per_browser": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.scalars(select(Survey)).one()
        assert survey.one_response_per_browser and survey.ask_gender
        assert [q.key for q in survey.questions] == ["gender"]
        survey_id = survey.id
    preview = client.get(f"/manage/surveys/{survey_id}/preview?lang=sq").get_data(as_text=True)
    assert "Gjinia" in preview


def test_officer_copies_last_years_survey_with_the_same_keys(
    app, client, login, make_consultation, survey_id
):
    consultation_id = make_consultation(kind="survey", status="draft")
    login("officer")
    submit(
        client,
        f"/manage/surveys/setup/{consultation_id}",
        {"audience": "staff", "year": 2025, "copy_from": survey_id},
    )
    with app.app_context():
        old, new = (
            db.session.get(Survey, survey_id),
            db.session.scalars(select(Survey).where(Survey.year == 2025)).one(),
        )
        assert [q.key for q in new.questions] == [q.key for q in old.questions]
        assert new.copied_from_id == old.id
        assert new.questions[-1].show_if == old.questions[-1].show_if


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_questionnaire_renders_in_every_locale(client, citizen_survey_id, locale):
    response = client.get(f"/surveys/{citizen_survey_id}/take?lang={locale}")
    assert response.status_code == 200
    assert "<script" not in response.get_data(as_text=True).split("</head>")[1]


def test_results_break_down_by_a_demographic_answer(app, client, login, make_consultation):
    import datetime as dt

    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = build_survey(
            db.session.get(Consultation, consultation_id), "citizen", ask_gender=True
        )
        add_demographics(survey)
        for gender, channel, times in (
            ("female", "email", 6),
            ("male", "teams", 6),
            ("not_said", "email", 2),
        ):
            for _ in range(times):
                answers = {
                    "channel": channel,
                    "informed": 4,
                    "climate": {"across": 3},
                    "gender": gender,
                }
                save_response(survey, answers, dt.date.today())
        survey.consultation.status = "closed"
        db.session.commit()
        survey_id = survey.id
    login("officer")
    html = client.get(f"/manage/surveys/{survey_id}/report?lang=en&by=gender").get_data(
        as_text=True
    )
    html = re.sub(r"\s+", " ", html)
    table = html.split("Main channel, by Gender")[1].split("</table>")[0]
    not_said = table.split('<th scope="row">Prefer not to say</th>')[1].split("</tr>")[0]
    assert ">2<" not in not_said and "–" in not_said
    assert '<th scope="row">Woman</th>' in table and '<th scope="row">Man</th>' in table
