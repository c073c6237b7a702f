"""Citizens and CSOs follow a directorate and are e-mailed when its consultations open, close
or publish their report."""

import datetime as dt
import re

from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.subscriptions.models import Subscription
from tests.conftest import submit


def _messages(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
        return db.session.scalars(query).all()


def test_subscriber_confirms_and_is_told_when_a_consultation_opens_then_unsubscribes(
    app, client, login, make_consultation, make_directorate
):
    directorate = make_directorate()
    other = make_directorate("HEA", "Shëndetësia")
    submit(
        client,
        "/subscriptions",
        {"email": "Arben@Example.org", "directorate_id": str(directorate)},
        form_url="/subscriptions?lang=en",
    )
    submit(client, "/subscriptions", {"email": "b@example.org", "directorate_id": str(other)})
    (confirmation,) = _messages(app, "arben@example.org")
    link = re.search(r"http://localhost(/subscriptions/confirm/\S+)", confirmation.body).group(1)
    client.get(link)
    client.get(re.search(r"http://localhost(\S+)", _messages(app, "b@example.org")[0].body)[1])

    today = dt.date.today()
    consultation_id = make_consultation(
        status="announced",
        directorate_id=directorate,
        opens_at=today,
        closes_at=today + dt.timedelta(days=20),
    )
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "open"},
        form_url=f"/manage/consultations/{consultation_id}",
    )
    notice = _messages(app, "arben@example.org")[-1]
    assert "is open for comments" in notice.subject
    assert len(_messages(app, "b@example.org")) == 1  # follows another directorate

    unsubscribe = re.search(r"http://localhost(/subscriptions/unsubscribe/\S+)", notice.body)[1]
    submit(client, unsubscribe, {})
    with app.app_context():
        emails = db.session.scalars(select(Subscription.email)).all()
    assert emails == ["b@example.org"]


def test_unconfirmed_subscription_gets_no_notice(app, client, login, make_consultation):
    submit(client, "/subscriptions", {"email": "c@example.org", "directorate_id": "0"})
    today = dt.date.today()
    consultation_id = make_consultation(
        status="announced", opens_at=today, closes_at=today + dt.timedelta(days=20)
    )
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "open"},
        form_url=f"/manage/consultations/{consultation_id}",
    )
    assert len(_messages(app, "c@example.org")) == 1  # only the confirmation request
