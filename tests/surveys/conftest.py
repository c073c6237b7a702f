"""Fixtures of the survey tests: a questionnaire with every question type."""

import re

import pytest
from sqlalchemy import select

from consult.core.models import Consultation, Directorate
from consult.extensions import db
from consult.surveys.models import Survey
from consult.surveys.services import add_question, add_section, create_survey, issue_tokens
from tests.conftest import CSRF_INPUT


def t(text: str) -> dict:
    """The same text in every authored language (enough for tests)."""
    return {"sq": text, "sr_Latn": text, "bs": text, "en": text}


def build_survey(consultation: Consultation, audience: str = "staff", year: int = 2024, **flags):
    """Two sections: every question type, then a section shown only to meeting-goers."""
    survey = create_survey(consultation, audience, year, **flags)
    first = add_section(survey, t("Information"))
    add_question(
        first,
        "channel",
        "single_choice",
        t("Main channel"),
        required=True,
        options=[("email", t("E-mail")), ("teams", t("Teams")), ("meetings", t("Meetings"))],
    )
    add_question(
        first,
        "tools",
        "multiple_choice",
        t("Tools you use"),
        min_value=1,
        max_value=2,
        options=[("email", t("E-mail")), ("teams", t("Teams")), ("phone", t("Phone"))],
    )
    add_question(first, "informed", "likert", t("I am well informed"), required=True)
    add_question(
        first,
        "climate",
        "likert_matrix",
        t("Cooperation"),
        required=True,
        statements=[("across", t("Across directorates")), ("within", t("Within mine"))],
    )
    add_question(
        first,
        "priorities",
        "ranking",
        t("Rank"),
        options=[("a", t("A")), ("b", t("B")), ("c", t("C"))],
    )
    add_question(first, "meetings", "number", t("Meetings a month"), min_value=0, max_value=60)
    add_question(first, "recommend", "rating", t("Recommend"))
    add_question(first, "title", "short_text", t("One word"))
    add_question(first, "ideas", "long_text", t("Ideas"))
    second = add_section(survey, t("Meetings"))
    add_question(
        second,
        "meeting_useful",
        "likert",
        t("Meetings are useful"),
        required=True,
        show_if={"question": "channel", "operator": "in", "values": ["meetings"]},
    )
    return survey


@pytest.fixture
def survey_id(app, make_consultation, make_directorate):
    """An open staff survey; returns its id."""
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id))
        db.session.commit()
        return survey.id


@pytest.fixture
def citizen_survey_id(app, make_consultation):
    """An open citizen survey with one response per browser."""
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey = build_survey(
            db.session.get(Consultation, consultation_id),
            "citizen",
            one_response_per_browser=True,
        )
        db.session.commit()
        return survey.id


VALID_FIRST = {
    "channel": "email",
    "tools": ["email"],
    "informed": "4",
    "climate_across": "3",
    "climate_within": "5",
    "meetings": "4",
    "recommend": "8",
}


def builder_urls(app, survey_id: int) -> list[str]:
    """The builder's pages of a survey: the builder, its first question's and first
    section's edit pages."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        section_id, question_id = survey.sections[0].id, survey.questions[0].id
    return [
        f"/manage/surveys/{survey_id}/build",
        f"/manage/surveys/{survey_id}/questions/{question_id}/edit",
        f"/manage/surveys/{survey_id}/sections/{section_id}/edit",
    ]


def form_data(app, survey_id: int, values: dict) -> dict:
    """Form field names for `values` keyed by question key (`climate_across` for a statement,
    a list for a ranking's places)."""
    data = {}
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        questions = {q.key: q for q in survey.questions}
        for key, value in values.items():
            base, _, statement = key.partition("_")
            if key not in questions and base in questions:
                question = questions[base]
                position = next(s.position for s in question.statements if s.key == statement)
                data[f"q{question.id}_s{position}"] = value
            elif questions[key].type == "ranking":
                for place, option in enumerate(value, 1):
                    data[f"q{questions[key].id}_r{place}"] = option
            else:
                data[f"q{questions[key].id}"] = value
    return data


def state_of(page: str) -> str:
    """The signed state of a questionnaire page."""
    match = re.search(r'name="state" type="hidden" value="([^"]*)"', page)
    assert match, page
    return match.group(1)


def post_section(client, app, survey_id: int, page: str, values: dict, **extra):
    """Answer the section shown on `page`; returns the response."""
    data = {**form_data(app, survey_id, values), "state": state_of(page), **extra}
    data["csrf_token"] = CSRF_INPUT.search(page).group(1)
    return client.post(f"/surveys/{survey_id}/take", data=data)


def issue(app, survey_id: int, count: int = 1, code: str = "EDU") -> list[str]:
    """Access codes for a directorate (created if needed), as the slips would print them."""
    with app.test_request_context():
        directorate = db.session.scalar(select(Directorate).where(Directorate.code == code))
        if directorate is None:
            directorate = Directorate(code=code, name={"sq": code, "en": code})
            db.session.add(directorate)
            db.session.flush()
        codes = issue_tokens(db.session.get(Survey, survey_id), directorate.id, count)
        db.session.commit()
        return codes


def english_client(app):
    """A new browser whose reader chose English once in the session."""
    client = app.test_client()
    _choose_english(client)
    return client


def _choose_english(client) -> None:
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture(autouse=True)
def _english_pages(client):
    """These stories read the English texts: the reader chose English once in the session."""
    _choose_english(client)
