"""Comments on the budget and capital-investment proposals are rate-limited per client address,
which the limiter keeps only as a keyed hash; and the mail asking an unconfirmed address to
confirm carries nothing the sender wrote, so the site cannot be used to mail strangers."""

import re

import pytest
from sqlalchemy import func, select

from consult.comments.models import Comment
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import LocalCommunity
from consult.extensions import db, limiter
from consult.hearings.models import CapitalProposal
from tests.conftest import csrf_token

LIMIT = 3
SPAM = "Fitoni 1000 euro sot: http://evil.example/fito"
SPAMMER = "Shpërblimi juaj http://evil.example"


@pytest.fixture
def limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_POST_RATE_LIMIT", f"{LIMIT} per hour")


def _comment(client, hearing, address="198.51.100.7", **fields):
    url = f"/hearings/{hearing}/comments/new?lang=en"
    data = {
        "csrf_token": csrf_token(client, url),
        "line_id": "0",
        "text": "Më shumë para për rrugët e fshatrave.",
        "language": "sq",
        "author_name": "Arta Bytyqi",
        "author_email": "arta@example.org",
        **fields,
    }
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def _propose(client, hearing, address="198.51.100.7"):
    url = f"/hearings/{hearing}/proposals/new?lang=en"
    with client.application.app_context():
        community = db.session.scalar(select(LocalCommunity.id).order_by(LocalCommunity.id))
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Ndriçimi publik në Zallq",
        "local_community_id": str(community),
        "estimated_cost": "35000",
        "description": "Rruga kryesore nuk ka ndriçim.",
        "language": "sq",
        "proposer_name": "Arta Berisha",
        "proposer_email": "arta@example.org",
    }
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _limiter_keys() -> list[str]:
    storage = limiter.storage
    found = []
    for name in ("storage", "expirations", "events"):
        found.extend(getattr(storage, name, {}).keys())
    return found


@pytest.mark.parametrize(
    ("send", "model"),
    [(_comment, Comment), (_propose, CapitalProposal)],
    ids=["comment", "proposal"],
)
def test_one_address_is_limited_and_the_limiter_keeps_no_address(
    app, client, cycle, hearing, limited, send, model
):
    for _ in range(LIMIT):
        assert send(client, hearing).status_code == 302
    refused = send(client, hearing)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert _count(app, model) == LIMIT
    assert send(client, hearing, address="203.0.113.9").status_code == 302, "another address"
    keys = _limiter_keys()
    assert keys, "the limiter counts these posts"
    assert not [k for k in keys if "198.51.100.7" in k or "203.0.113.9" in k]


def test_the_form_itself_is_not_limited(app, client, cycle, hearing, limited):
    for _ in range(LIMIT + 2):
        assert client.get(f"/hearings/{hearing}/comments/new").status_code == 200


def test_the_confirmation_mail_carries_nothing_the_commenter_wrote(app, client, cycle, hearing):
    assert _comment(client, hearing, text=SPAM, author_name=SPAMMER).status_code == 302
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.to == "arta@example.org"
    everything = mail.subject + mail.body
    assert "evil.example" not in everything and "Fitoni" not in everything
    assert "Shpërblimi" not in everything
    assert re.search(r"http://localhost/hearings/comments/confirm/\S+", mail.body)
    with app.app_context():
        title = db.session.scalar(select(Comment)).cycle.consultation.title
    assert any(text in mail.subject for text in title.values())
