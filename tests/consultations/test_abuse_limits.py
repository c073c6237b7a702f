"""Comments on draft acts and subscriptions are rate-limited per client address, kept by the
limiter only as a keyed hash; nothing a sender wrote is mailed to an address that has not been
confirmed (the confirmation asks with a fixed text, and an answer waits for the confirmation)."""

import re

import pytest
from sqlalchemy import func, select

from consult.comments.models import Comment
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db, limiter
from tests.conftest import csrf_token, submit
from tests.consultations.helpers import add_comment

LIMIT = 3
ADDRESS = "198.51.100.7"
SPAM = "Fitoni 1000 euro sot: http://evil.example/fito"
SPAMMER = "Shpërblimi juaj http://evil.example"


@pytest.fixture
def limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_POST_RATE_LIMIT", f"{LIMIT} per hour")


def _comment(client, consultation_id: int, **fields):
    data = {
        "csrf_token": csrf_token(client, f"/consultations/{consultation_id}?lang=en"),
        "article_id": "0",
        "text": "Propozoj që seancat të transmetohen drejtpërdrejt.",
        "language": "sq",
        "author": "citizen",
        "name": "Blerta Kelmendi",
        "email": "blerta@example.org",
        "gender": "",
        **fields,
    }
    url = f"/consultations/{consultation_id}/comments"
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": ADDRESS})


def _subscribe(client):
    data = {"csrf_token": csrf_token(client, "/subscriptions?lang=en")}
    data.update(email="blerta@example.org", directorate_id="0")
    return client.post("/subscriptions", data=data, environ_base={"REMOTE_ADDR": ADDRESS})


def _limiter_keys() -> list[str]:
    storage = limiter.storage
    found = []
    for name in ("storage", "expirations", "events"):
        found.extend(getattr(storage, name, {}).keys())
    return found


def test_comments_are_limited_per_address_and_the_limiter_keeps_no_address(
    app, client, make_consultation, limited
):
    consultation_id = make_consultation()
    for _ in range(LIMIT):
        assert _comment(client, consultation_id).status_code == 302
    assert _comment(client, consultation_id).status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == LIMIT
    keys = _limiter_keys()
    assert keys and not [key for key in keys if ADDRESS in key]


def test_subscriptions_are_limited_per_address_and_the_limiter_keeps_no_address(
    app, client, limited
):
    statuses = [_subscribe(client).status_code for _ in range(LIMIT + 1)]
    assert statuses == [302] * LIMIT + [429]
    keys = _limiter_keys()
    assert keys and not [key for key in keys if ADDRESS in key]


def test_the_confirmation_mail_carries_nothing_the_commenter_wrote(app, client, make_consultation):
    consultation_id = make_consultation()
    assert _comment(client, consultation_id, text=SPAM, name=SPAMMER).status_code == 302
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
    everything = mail.subject + mail.body
    assert "evil.example" not in everything and "Shpërblimi" not in everything
    assert "Regulation on transparency" in mail.subject
    assert re.search(r"http://localhost/comments/confirm/\S+", mail.body)


def test_an_answer_to_an_unconfirmed_comment_is_not_mailed(app, client, login, make_consultation):
    """The answer quotes the comment: mailed to an unconfirmed address, it would carry the
    sender's text to whoever the sender named."""
    consultation_id = make_consultation()
    comment_id = add_comment(app, consultation_id, SPAM, confirmed_at=None)
    login("officer")
    response = submit(
        client,
        f"/manage/draft-acts/comments/{comment_id}/answer",
        {
            f"c{comment_id}-outcome": "rejected",
            f"c{comment_id}-reason_sq": "Nuk ka lidhje me aktin.",
        },
        form_url=f"/manage/draft-acts/{consultation_id}/comments?lang=en",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Comment, comment_id).answer is not None
        assert db.session.scalars(select(OutboxMessage)).all() == []
