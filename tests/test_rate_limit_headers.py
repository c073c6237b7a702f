"""Rate limits without X-RateLimit-* headers (#23): Flask-Limiter reads each header back from
the storage after the request (more Redis round trips per limited request), so they are off on
every route; a refusal still comes, translated, and says when to try again."""

from flask_babel import gettext

from tests.conftest import submit

RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def _sign_in_attempt(client, attempt: int):
    return submit(client, "/login", {"email": "nobody@istog.example", "password": f"x {attempt}"})


def test_a_limited_html_post_carries_no_rate_limit_headers_and_is_still_refused(app):
    browser = app.test_client()
    browser.get("/login?lang=sr_Latn")  # the reader's language, kept in the session
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    answers = [_sign_in_attempt(browser, attempt) for attempt in range(limit + 1)]

    assert [a.status_code for a in answers[:limit]] == [200] * limit
    for answer in answers:
        assert not [name for name in RATE_LIMIT_HEADERS if name in answer.headers]
    refused = answers[limit]
    assert refused.status_code == 429
    with app.test_request_context("/?lang=sr_Latn"):
        title = gettext("Too many attempts")
    assert title != "Too many attempts"  # the catalogue has it in Serbian
    assert title in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "60"  # "10 per minute": at most a minute


def test_the_api_carries_no_rate_limit_headers_either(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_EXPORT_RATE_LIMIT", "1 per hour")
    allowed, refused = (client.get("/api/v1/consultations.csv") for _ in range(2))
    assert allowed.status_code == 200 and refused.status_code == 429
    for answer in (allowed, refused):
        assert not [name for name in RATE_LIMIT_HEADERS if name in answer.headers]
    assert refused.headers["Retry-After"] == "3600"
    assert refused.get_json()["error"] == "too_many_requests"
