"""Guessing access codes is slowed down: the code form takes only so many tries per address."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.surveys.models import Response, StaffToken
from consult.surveys.services import code_hash
from tests.conftest import submit
from tests.surveys.conftest import issue


def test_the_attempt_after_the_limit_is_refused_and_redeems_nothing(
    app, client, survey_id, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_CODE_RATE_LIMIT", "3 per minute")
    code = issue(app, survey_id)[0]
    url = f"/surveys/{survey_id}/code"
    for guess in ("AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD", "AAAA-BBBB-CCCE"):
        page = submit(client, url, {"code": guess})
        assert page.status_code == 200
        assert "This access code is not valid" in page.get_data(as_text=True)
    refused = submit(client, url, {"code": code})
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Too many attempts" in text and "Please wait a few minutes" in text
    assert client.get(f"/surveys/{survey_id}/take").headers["Location"].endswith(url)
    with app.app_context():
        assert db.session.get(StaffToken, code_hash(code)).used is False
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_limit_counts_posts_only_and_a_valid_code_within_it_opens_the_survey(
    app, client, survey_id, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_CODE_RATE_LIMIT", "2 per minute")
    code = issue(app, survey_id)[0]
    url = f"/surveys/{survey_id}/code"
    for _ in range(5):
        assert client.get(url).status_code == 200
    assert submit(client, url, {"code": "AAAA-BBBB-CCCC"}).status_code == 200
    opened = submit(client, url, {"code": code})
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/surveys/{survey_id}/take")


def test_the_refusal_is_in_the_readers_language(app, survey_id, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_CODE_RATE_LIMIT", "1 per minute")
    client = app.test_client()
    url = f"/surveys/{survey_id}/code"
    client.get(f"{url}?lang=sq")
    submit(client, url, {"code": "AAAA-BBBB-CCCC"})
    refused = submit(client, url, {"code": "AAAA-BBBB-CCCD"})
    assert refused.status_code == 429
    assert "Shumë përpjekje" in refused.get_data(as_text=True)
