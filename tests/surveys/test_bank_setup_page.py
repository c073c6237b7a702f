"""The setup page's "start from a template": every template listed with its name and
description as radio buttons (no JavaScript), each one starts a survey; a code the bank does
not have, a template with a copy, a bad year or a missing CSRF token → 400 and nothing
created; the templates' texts show in Serbian Cyrillic."""

import html
import re

import pytest
from sqlalchemy import func, select

from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.i18n import to_cyrillic
from consult.surveys import question_bank
from consult.surveys.models import Option, Question, Section, Statement, Survey
from consult.surveys.services import DEMOGRAPHIC_KEYS
from tests.conftest import CSRF_INPUT, submit

CODES = [t.code for t in question_bank.templates()]


@pytest.fixture
def consultation_id(make_consultation, login):
    login("officer")
    return make_consultation(kind="survey", status="draft")


def url(consultation_id: int) -> str:
    return f"/manage/surveys/setup/{consultation_id}"


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Survey, Section, Question, Option, Statement, AuditLog)
        )


def visible(page) -> str:
    return html.unescape(re.sub(r"\s+", " ", page.get_data(as_text=True)))


def test_the_page_lists_every_template_with_its_name_and_description(client, consultation_id):
    page = client.get(url(consultation_id) + "?lang=en")
    assert page.status_code == 200
    text = visible(page)
    raw = page.get_data(as_text=True)
    assert "Or start from a template" in text and "No template" in text
    for item in question_bank.templates():
        assert item.name["en"] in text and item.description["en"] in text
        radio = re.search(rf'<input[^>]*value="{item.code}"[^>]*>', raw)
        assert radio, item.code
        tag = radio.group(0)
        assert 'type="radio"' in tag and 'name="template"' in tag
        radio_id = re.search(r'id="([^"]+)"', tag).group(1)
        described = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        assert f'<label for="{radio_id}">' in raw
        assert f'id="{described}"' in raw
    assert "Answered by staff, with access codes." in text
    assert "Answered by citizens, open to anyone." in text
    assert re.search(r'<input[^>]*checked[^>]*value=""|<input[^>]*value=""[^>]*checked', raw)


@pytest.mark.parametrize("code", CODES)
def test_an_officer_starts_a_survey_from_each_template(app, client, consultation_id, code):
    before = counts(app)
    response = submit(
        client,
        url(consultation_id),
        {"audience": "staff", "year": 2026, "copy_from": 0, "template": code},
    )
    assert response.status_code == 302, visible(response)
    chosen = question_bank.template(code)
    with app.app_context():
        survey = db.session.scalars(select(Survey)).one()
        assert survey.consultation_id == consultation_id
        assert (survey.audience, survey.year, survey.copied_from_id) == (
            chosen.audience,
            2026,
            None,
        )
        extra = [k for k in DEMOGRAPHIC_KEYS if chosen.flags.get(f"ask_{k}")]
        assert [q.key for q in survey.questions] == chosen.keys + extra
        first = survey.questions[0]
        assert first.text == chosen.questions[0]["text"]
        assert len(survey.sections) == len(chosen.sections) + (1 if extra else 0)
        assert bool(survey.one_response_per_browser) == bool(
            chosen.flags.get("one_response_per_browser")
        )
        audit = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert audit.action == "survey.setup"
    assert counts(app)[-1] == before[-1] + 1
    # set up once: the page now sends the officer to the consultation
    again = client.get(url(consultation_id))
    assert again.status_code == 302


@pytest.mark.parametrize(
    "code", ["no_such_template", "STAFF_COMMUNICATION", "<script>alert(1)</script>", " "]
)
def test_a_code_the_bank_does_not_have_is_refused(app, client, consultation_id, code):
    before = counts(app)
    response = submit(
        client,
        url(consultation_id) + "?lang=en",
        {"audience": "citizen", "year": 2026, "copy_from": 0, "template": code},
    )
    assert response.status_code == 400
    text = visible(response)
    assert "Choose one of the templates listed." in text
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_template_and_a_copy_together_are_refused(app, client, consultation_id, survey_id):
    before = counts(app)
    response = submit(
        client,
        url(consultation_id) + "?lang=en",
        {"audience": "staff", "year": 2026, "copy_from": survey_id, "template": CODES[0]},
    )
    assert response.status_code == 400
    assert "Start from a template or copy an earlier questionnaire, not both." in visible(response)
    assert counts(app) == before


def test_a_bad_year_keeps_the_chosen_template_and_creates_nothing(app, client, consultation_id):
    before = counts(app)
    response = submit(
        client,
        url(consultation_id) + "?lang=en",
        {"audience": "citizen", "year": "<b>1999</b>", "copy_from": 0, "template": CODES[1]},
    )
    assert response.status_code == 400
    raw = response.get_data(as_text=True)
    assert "<b>1999</b>" not in raw
    radio = re.search(rf'<input[^>]*value="{CODES[1]}"[^>]*>', raw).group(0)
    assert "checked" in radio
    assert counts(app) == before


def test_without_the_csrf_token_nothing_is_created(app, client, consultation_id):
    before = counts(app)
    response = client.post(
        url(consultation_id),
        data={"audience": "staff", "year": 2026, "copy_from": 0, "template": CODES[0]},
    )
    assert response.status_code == 400
    assert counts(app) == before


def test_a_reader_without_an_officer_role_cannot_start_one(app, client, make_consultation, login):
    consultation_id = make_consultation(kind="survey", status="draft")
    login("chair")
    page = client.get(url(consultation_id))
    token = CSRF_INPUT.search(client.get("/").get_data(as_text=True)).group(1)  # sign-out form
    data = {"audience": "staff", "year": 2026, "copy_from": 0, "template": CODES[0]}
    response = client.post(url(consultation_id), data={**data, "csrf_token": token})
    assert page.status_code == 403 and response.status_code == 403
    assert counts(app)[0] == 0


def test_serbian_cyrillic_pages_show_the_templates_in_cyrillic(app, client, consultation_id):
    setup_page = visible(client.get(url(consultation_id) + "?lang=sr"))
    for item in question_bank.templates():
        assert to_cyrillic(item.name["sr_Latn"]) in setup_page
        assert item.name["sr_Latn"] not in setup_page
    submit(
        client,
        url(consultation_id),
        {"audience": "staff", "year": 2026, "copy_from": 0, "template": "staff_communication"},
    )
    with app.app_context():
        survey = db.session.scalars(select(Survey)).one()
        survey_id = survey.id
        questions = [(q.text["sr_Latn"], q.text["sq"]) for q in survey.questions]
        statement = survey.questions[0].statements[0].text["sr_Latn"]
    page = client.get(f"/manage/surveys/{survey_id}/preview?lang=sr")
    assert page.status_code == 200
    text = visible(page)
    assert to_cyrillic(statement) in text
    for latin, albanian in questions:
        cyrillic = to_cyrillic(latin)
        assert cyrillic != latin and cyrillic in text, latin
        assert latin not in text and albanian not in text
    # brand names stay as their makers write them
    assert "Microsoft Teams" in text and "Мицрософт" not in text


def test_the_surveys_templates_command_lists_the_codes(runner):
    result = runner.invoke(args=["surveys", "templates"])
    assert result.exit_code == 0, result.output
    listed = [line.split("\t")[0] for line in result.output.splitlines()]
    assert listed == CODES
    assert "staff_communication\tstaff\t30\t" in result.output


def test_the_consultation_keeps_its_own_texts(app, client, consultation_id):
    with app.app_context():
        title = dict(db.session.get(Consultation, consultation_id).title)
    submit(
        client,
        url(consultation_id),
        {"audience": "citizen", "year": 2026, "copy_from": 0, "template": "citizen_channels"},
    )
    with app.app_context():
        assert db.session.get(Consultation, consultation_id).title == title
