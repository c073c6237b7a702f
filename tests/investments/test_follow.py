"""People follow a capital project by e-mail (through the e-mail subscriptions: double opt-in,
one-click unsubscribe) and are told, in their own language, whenever its status changes."""

import datetime as dt
import re

from sqlalchemy import select

from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.investments import services
from consult.investments.models import Investment
from consult.subscriptions.models import Subscription
from tests.conftest import submit
from tests.investments.conftest import TODAY

EVERY_REASON = {
    "reason_sq": "Toka nuk u shpronësua.",
    "reason_sr_Latn": "Zemljište nije eksproprisano.",
    "reason_bs": "Zemljište nije eksproprisano.",
}


def _messages(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
        found = db.session.scalars(query).all()
        for message in found:
            db.session.expunge(message)
        return found


def _follow(client, record_id: int, email: str, lang: str, form_url: str | None = None):
    return submit(
        client,
        f"/investments/{record_id}/follow",
        {"email": email},
        form_url=form_url or f"/investments/{record_id}?lang={lang}",
    )


def _confirm(app, client, email: str) -> None:
    (confirmation,) = _messages(app, email)
    link = re.search(r"http://localhost(/subscriptions/confirm/\S+)", confirmation.body)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert "/investments/" in response.headers["Location"]


def _change(client, record_id, status, **texts):
    data = {"status": status, "changed_on": TODAY.isoformat(), **texts}
    return submit(
        client,
        f"/manage/investments/{record_id}/status",
        data,
        form_url=f"/manage/investments/{record_id}?lang=en",
    )


def test_followers_confirm_and_are_told_of_each_change_in_their_language(
    app, client, login, make_record, places
):
    record_id = make_record()
    anonymous = app.test_client()
    assert _follow(anonymous, record_id, "Drita@Example.org", "sq").status_code == 302
    _follow(anonymous, record_id, "milan@example.org", "sr")
    _follow(anonymous, record_id, "never@example.org", "en")  # never confirms
    confirmation = _messages(app, "drita@example.org")[0]
    assert "Rruga e re" in confirmation.subject and "/subscriptions/confirm/" in confirmation.body
    assert "Hapni këtë lidhje" in confirmation.body  # in the language of the page
    _confirm(app, anonymous, "drita@example.org")
    _confirm(app, anonymous, "milan@example.org")

    login("officer", places["PUB"])
    assert _change(client, record_id, "procurement", note_sq="Tenderi u shpall.").status_code == 302
    albanian = _messages(app, "drita@example.org")[-1]
    assert "Rruga e re" in albanian.subject and "Në prokurim" in albanian.subject
    assert "Tenderi u shpall." in albanian.body and "lang=sq" in albanian.body
    assert albanian.list_unsubscribe and "/one-click" in albanian.list_unsubscribe
    serbian = _messages(app, "milan@example.org")[-1]
    assert serbian.subject == "„Нови пут”: У набавци"
    assert "Капитални пројекат „Нови пут” је сада: У набавци" in serbian.body
    assert len(_messages(app, "never@example.org")) == 1  # only the confirmation

    # unsubscribing with the link in the notice stops the notices
    link = re.search(r"http://localhost(/subscriptions/unsubscribe/\S+)", serbian.body)[1]
    assert submit(anonymous, link, {}).status_code == 302
    _change(client, record_id, "construction")
    assert len(_messages(app, "milan@example.org")) == 2
    assert len(_messages(app, "drita@example.org")) == 3


def test_the_last_notice_ends_the_follows(app, client, login, make_record, places):
    record_id = make_record()
    anonymous = app.test_client()
    _follow(anonymous, record_id, "drita@example.org", "en")
    _confirm(app, anonymous, "drita@example.org")
    login("officer", places["PUB"])
    _change(client, record_id, "cancelled", **EVERY_REASON)
    last = _messages(app, "drita@example.org")[-1]
    assert "Cancelled" in last.subject and "last notice" in last.body
    assert last.list_unsubscribe is None
    with app.app_context():
        assert db.session.scalar(select(Subscription)) is None
    page = anonymous.get(f"/investments/{record_id}?lang=en").get_data(as_text=True)
    assert "Follow this project" not in page
    refused = _follow(anonymous, record_id, "new@example.org", "en", "/subscriptions?lang=en")
    assert refused.status_code == 400
    assert "This project has ended" in refused.get_data(as_text=True)
    assert _messages(app, "new@example.org") == []


def test_following_twice_or_a_confirmed_address_sends_nothing_new(app, make_record):
    record_id = make_record()
    anonymous = app.test_client()
    _follow(anonymous, record_id, "drita@example.org", "en")
    _confirm(app, anonymous, "drita@example.org")
    _follow(anonymous, record_id, "drita@example.org", "en")
    assert len(_messages(app, "drita@example.org")) == 1
    with app.app_context():
        assert len(db.session.scalars(select(Subscription)).all()) == 1


def test_a_bad_address_is_refused_and_nothing_stored(app, make_record):
    record_id = make_record()
    response = _follow(app.test_client(), record_id, "not-an-address", "sq")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Subscription)) is None


def test_a_project_follower_is_not_a_subscriber_of_every_directorate(
    app, client, login, make_record, make_consultation, places
):
    record_id = make_record()
    anonymous = app.test_client()
    _follow(anonymous, record_id, "drita@example.org", "en")
    _confirm(app, anonymous, "drita@example.org")
    consultation_id = make_consultation(
        status="announced", opens_at=TODAY, closes_at=TODAY + dt.timedelta(days=20)
    )
    login("officer")
    submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": "open"},
        form_url=f"/manage/consultations/{consultation_id}",
    )
    assert len(_messages(app, "drita@example.org")) == 1  # no consultation notice
    # and subscribing to every directorate makes a subscription of its own
    submit(anonymous, "/subscriptions", {"email": "drita@example.org", "directorate_id": "0"})
    with app.app_context():
        scopes = db.session.execute(
            select(Subscription.investment_id, Subscription.directorate_id)
        ).all()
        assert sorted(scopes, key=str) == sorted([(record_id, None), (None, None)], key=str)


def test_a_replayed_or_forged_confirmation_link_does_nothing(app, make_record):
    record_id = make_record()
    anonymous = app.test_client()
    _follow(anonymous, record_id, "drita@example.org", "en")
    (confirmation,) = _messages(app, "drita@example.org")
    link = re.search(r"http://localhost(/subscriptions/confirm/\S+)", confirmation.body)[1]
    assert anonymous.get(link[:-3] + "abc").status_code == 404
    anonymous.get(link)
    anonymous.get(link)
    with app.app_context():
        assert db.session.scalar(select(Subscription)).confirmed_at is not None


def test_the_service_tells_no_one_without_followers(app, make_record):
    record_id = make_record()
    with app.test_request_context("/"):
        record = db.session.get(Investment, record_id)
        services.change_status(record, "procurement", TODAY, TODAY)
        db.session.commit()
        assert db.session.scalar(select(OutboxMessage)) is None
