"""Stuffing a citizen survey from one address is slowed down: so many responses per address.

The limit counts stored responses, not pages; it is keyed on a keyed hash of the address that
lives only in the limiter's counters; a refused submission gets the translated 429 page, is not
stored, and changes nothing stored before.
"""

from sqlalchemy import func, select

from consult.extensions import db, limiter
from consult.surveys.models import BrowserParticipation, Response, SurveyAnswer
from tests.conftest import CSRF_INPUT
from tests.surveys.conftest import VALID_FIRST, english_client, form_data, issue, state_of
from tests.surveys.test_staff_survey import answer_survey

ELSEWHERE = {"REMOTE_ADDR": "192.0.2.7"}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.item)
        )
        return sorted(tuple(row) for row in rows)


def post(client, app, survey_id, page: str, values: dict, environ: dict):
    data = {**form_data(app, survey_id, values), "state": state_of(page)}
    data["csrf_token"] = CSRF_INPUT.search(page).group(1)
    return client.post(f"/surveys/{survey_id}/take", data=data, environ_base=environ)


def answer(client, app, survey_id, values=VALID_FIRST, environ=None, pages: list | None = None):
    """A new respondent's whole questionnaire, from `environ`'s address; each page posted is
    added to `pages`."""
    environ, pages = environ or {}, pages if pages is not None else []
    page = client.get(f"/surveys/{survey_id}/take", environ_base=environ).get_data(as_text=True)
    response = post(client, app, survey_id, page, values, environ)
    pages.append(response.status_code)
    if response.status_code == 200 and 'name="state"' in response.get_data(as_text=True):
        second = {"meeting_useful": "4"}  # the meetings section, for those who chose meetings
        response = post(client, app, survey_id, response.get_data(as_text=True), second, environ)
        pages.append(response.status_code)
    return response


def test_the_submission_after_the_limit_is_refused_and_changes_nothing(
    app, citizen_survey_id, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "2 per minute")
    for _ in range(2):
        assert answer(english_client(app), app, citizen_survey_id).status_code == 302
    before = stored(app)
    refused = answer(english_client(app), app, citizen_survey_id)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Too many attempts" in text and "Please wait a few minutes" in text
    assert refused.headers["Retry-After"] == "60"  # "2 per minute": at most a minute
    assert count(app, Response) == 2
    assert count(app, BrowserParticipation) == 2
    assert stored(app) == before


def test_the_limit_counts_responses_not_pages_and_each_address_apart(
    app, citizen_survey_id, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "2 per minute")
    two_pages, posted = {**VALID_FIRST, "channel": "meetings"}, []
    for _ in range(2):
        sent = answer(english_client(app), app, citizen_survey_id, two_pages, pages=posted)
        assert sent.status_code == 302
    assert posted == [200, 302, 200, 302]  # four pages posted, two responses
    assert answer(english_client(app), app, citizen_survey_id).status_code == 429
    other = answer(english_client(app), app, citizen_survey_id, environ=ELSEWHERE)
    assert other.status_code == 302
    assert count(app, Response) == 3


def test_the_address_is_kept_only_as_a_keyed_hash(app, citizen_survey_id, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "5 per minute")
    answer(english_client(app), app, citizen_survey_id, environ=ELSEWHERE)
    keys = " ".join(str(key) for key in limiter.limiter.storage.storage)
    assert "surveys.answer" in keys
    assert "192.0.2.7" not in keys


def test_the_refusal_is_in_the_readers_language(app, citizen_survey_id, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "1 per minute")
    assert answer(english_client(app), app, citizen_survey_id).status_code == 302
    client = app.test_client()
    client.get(f"/surveys/{citizen_survey_id}/take?lang=sq")
    refused = answer(client, app, citizen_survey_id)
    assert refused.status_code == 429
    assert "Shumë përpjekje" in refused.get_data(as_text=True)


def test_staff_answering_with_codes_from_one_office_are_not_limited(app, survey_id, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "1 per minute")
    for code in issue(app, survey_id, 3):
        response = answer_survey(english_client(app), app, survey_id, code)
        assert response.status_code == 302
    assert count(app, Response) == 3
