"""The back office's "Import a questionnaire": upload, a preview that writes nothing, then
"Create the survey"; problems listed with their place (400); the XLSForm download."""

import html
import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from consult.core.models import AuditLog, Consultation
from consult.extensions import db
from consult.surveys import importing
from consult.surveys.models import Option, Question, Section, Survey
from consult.surveys.xlsform import read_xlsform
from tests.conftest import CSRF_INPUT
from tests.surveys.conftest import build_survey
from tests.surveys.xlsform_workbooks import EN, SQ, kobo_citizen_form, workbook

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Survey, Section, Question, Option, AuditLog)
        )


@pytest.fixture
def consultation_id(make_consultation, login):
    login("officer")
    return make_consultation(kind="survey")


def page_url(consultation_id: int) -> str:
    return f"/manage/surveys/setup/{consultation_id}/import"


def upload(client, consultation_id: int, data: bytes, name: str = "form.xlsx", **fields):
    url = page_url(consultation_id)
    token = CSRF_INPUT.search(client.get(url).get_data(as_text=True)).group(1)
    form = {
        "csrf_token": token,
        "questionnaire": (io.BytesIO(data), name),
        "audience": "citizen",
        "year": "2026",
        **fields,
    }
    return client.post(url, **multipart(form))


def multipart(fields: dict) -> dict:
    """A multipart body built in memory (the test client would spool a large one to a
    temporary file it never closes: a ResourceWarning, an error in this suite)."""
    values = MultiDict()
    for name, value in fields.items():
        if isinstance(value, tuple):
            value = FileStorage(value[0], filename=value[1], name=name)
        values.add(name, value)
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def confirm(client, consultation_id: int, preview_page: str, **fields):
    form = {
        "csrf_token": CSRF_INPUT.search(preview_page).group(1),
        "upload": hidden_upload(preview_page),
        "audience": "citizen",
        "year": "2026",
        **fields,
    }
    url = f"{page_url(consultation_id)}/confirm"
    return client.post(url, **multipart(form))


def hidden_upload(page: str) -> str:
    match = re.search(r'name="upload" type="hidden" value="([^"]*)"', page)
    assert match, page
    return html.unescape(match.group(1))


def marked_up_form() -> bytes:
    """Markup in every text an author writes: page title, question, hint, option."""
    return workbook(
        [
            {"type": "begin group", "name": "g", SQ: f"Faqja {SCRIPT}", EN: f"Page {IMAGE}"},
            {
                "type": "select_one yn",
                "name": "a",
                SQ: f"Pyetja {SCRIPT}",
                EN: f"Question {IMAGE}",
                "hint::English (en)": f"Hint {SCRIPT}",
            },
            {"type": "end group"},
        ],
        [
            {"list_name": "yn", "name": "yes", SQ: f"Po {IMAGE}", EN: f"Yes {SCRIPT}"},
            {"list_name": "yn", "name": "no", SQ: "Jo", EN: "No"},
        ],
    )


def test_the_setup_page_links_to_the_import(client, consultation_id):
    page = client.get(f"/manage/surveys/setup/{consultation_id}").get_data(as_text=True)
    assert page_url(consultation_id) in page
    assert client.get(page_url(consultation_id)).status_code == 200


def test_the_preview_writes_nothing_and_confirming_creates_the_survey(app, client, consultation_id):
    before = counts(app)
    response = upload(client, consultation_id, kobo_citizen_form())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert counts(app) == before
    for shown in (
        "visited",
        "why_unhappy",
        "Srpski (latinica)",
        "English",
        "Nothing is created yet",
    ):
        assert shown in page
    assert "The field “start” is left out" in page
    created = confirm(client, consultation_id, page)
    assert created.status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.consultation_id == consultation_id))
        assert created.headers["Location"].endswith(f"/manage/surveys/{survey.id}/build")
        assert (survey.audience, survey.year, len(survey.questions)) == ("citizen", 2026, 6)
        audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "survey.import"))
        assert audit.target == f"consultation:{consultation_id}"
    # a second confirmation of the same preview creates nothing more
    after = counts(app)
    again = confirm(client, consultation_id, page)
    assert again.status_code == 302 and counts(app) == after
    assert client.get(page_url(consultation_id)).status_code == 302


def test_problems_are_listed_with_their_place_and_nothing_is_written(app, client, consultation_id):
    before = counts(app)
    bad = workbook(
        [
            {"type": "text", "name": "a", SQ: SCRIPT},
            {"type": "geopoint", "name": "b", SQ: "B"},
            {"type": "select_one nowhere", "name": "c", SQ: "C"},
        ]
    )
    response = upload(client, consultation_id, bad)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<strong>survey, row 3</strong>" in page and "<strong>survey, row 4</strong>" in page
    assert "“nowhere”" in page
    assert "Create the survey" not in page
    assert counts(app) == before


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"%PDF-1.4 a pdf", "form.xlsx", "not an Excel workbook"),
        (b"x" * (5 * 1024 * 1024 + 1), "form.xlsx", "larger than 5 MB"),
        (b"name,label\n", "form.csv", "Choose an XLSForm workbook (.xlsx)"),
    ],
)
def test_files_that_cannot_be_read(app, client, consultation_id, data, name, words):
    before = counts(app)
    response = upload(client, consultation_id, data, name)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_limesurvey_file_goes_to_its_reader(app, client, consultation_id):
    before = counts(app)
    response = upload(client, consultation_id, b"<?xml version='1.0'?><document/>", "s.lss")
    assert response.status_code in (200, 400)
    assert counts(app) == before


def test_no_file_or_a_bad_year_is_refused(app, client, consultation_id):
    url = page_url(consultation_id)
    token = CSRF_INPUT.search(client.get(url).get_data(as_text=True)).group(1)
    response = client.post(url, data={"csrf_token": token, "audience": "citizen", "year": "1"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose a file." in page and "between 2000 and 2100" in page


def test_a_changed_or_foreign_preview_is_refused(app, client, consultation_id, make_consultation):
    page = upload(client, consultation_id, kobo_citizen_form()).get_data(as_text=True)
    before = counts(app)
    token = hidden_upload(page)
    tampered = page.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    assert confirm(client, consultation_id, tampered).status_code == 400
    other = make_consultation(kind="survey")
    response = confirm(client, other, page)
    assert response.status_code == 400
    assert "The preview has expired or was changed" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_large_file_is_chosen_again_and_must_be_the_same(
    app, client, consultation_id, monkeypatch
):
    monkeypatch.setattr(importing, "INLINE_BYTES", 100)
    data = kobo_citizen_form()
    page = upload(client, consultation_id, data).get_data(as_text=True)
    assert "choose the same file again" in page
    before = counts(app)
    assert confirm(client, consultation_id, page).status_code == 400
    other = marked_up_form()
    wrong = confirm(client, consultation_id, page, questionnaire=(io.BytesIO(other), "f.xlsx"))
    assert wrong.status_code == 400
    assert "not the file that was previewed" in wrong.get_data(as_text=True)
    assert counts(app) == before
    right = confirm(client, consultation_id, page, questionnaire=(io.BytesIO(data), "f.xlsx"))
    assert right.status_code == 302


def test_markup_in_the_file_is_text_on_the_preview_and_the_survey_pages(
    app, client, consultation_id
):
    page = upload(client, consultation_id, marked_up_form()).get_data(as_text=True)
    assert SCRIPT not in page and IMAGE not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert confirm(client, consultation_id, page).status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.consultation_id == consultation_id))
        assert survey.questions[0].text["sq"] == f"Pyetja {SCRIPT}"
        survey_id = survey.id
    for url in (
        f"/manage/surveys/{survey_id}/build",
        f"/manage/surveys/{survey_id}/preview",
        f"/surveys/{survey_id}/take",
        f"/surveys/{survey_id}/take?lang=sq",
    ):
        shown = client.get(url).get_data(as_text=True)
        assert SCRIPT not in shown and IMAGE not in shown, url
        assert "&lt;script&gt;" in shown or "&lt;img" in shown, url


def test_the_builder_downloads_the_questionnaire_as_xlsform(app, client, consultation_id):
    with app.app_context():
        survey = build_survey(db.session.get(Consultation, consultation_id))
        db.session.commit()
        survey_id = survey.id
    builder = client.get(f"/manage/surveys/{survey_id}/build").get_data(as_text=True)
    assert f"/manage/surveys/{survey_id}/xlsform.xlsx" in builder
    response = client.get(f"/manage/surveys/{survey_id}/xlsform.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "no-store" in response.headers["Cache-Control"]
    with app.test_request_context():
        plan = read_xlsform(response.data).plan
    assert [q.key for s in plan.sections for q in s.questions][:3] == [
        "channel",
        "tools",
        "informed",
    ]
    assert client.get("/manage/surveys/999999/xlsform.xlsx").status_code == 404


def test_people_who_are_not_officers_cannot_import_or_export(app, make_consultation, client):
    consultation_id = make_consultation(kind="survey")
    with app.app_context():
        survey_id = build_survey(db.session.get(Consultation, make_consultation(kind="survey"))).id
        db.session.commit()
    for url in (page_url(consultation_id), f"/manage/surveys/{survey_id}/xlsform.xlsx"):
        assert client.get(url).status_code in (302, 403)


def test_the_preview_names_the_languages_in_their_own_words(client, consultation_id):
    page = upload(client, consultation_id, kobo_citizen_form()).get_data(as_text=True)
    assert "Shqip, Srpski (latinica), English" in page
    assert "Municipal services" in page


def test_a_confirmation_without_a_valid_form_token_changes_nothing(app, client, consultation_id):
    page = upload(client, consultation_id, kobo_citizen_form()).get_data(as_text=True)
    before = counts(app)
    response = confirm(client, consultation_id, page, csrf_token="forged")
    assert response.status_code == 400  # the app's CSRF protection refuses it first
    assert counts(app) == before
