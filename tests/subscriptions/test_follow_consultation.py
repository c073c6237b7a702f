"""Follow one consultation (issue #20): the form on every consultation's page, confirmed by a
link (double opt-in), then a notice when it opens, closes, publishes answers and its report;
every notice with a one-click unsubscribe (a link, and RFC 8058's headers to the mail server)."""

import datetime as dt
import re
import smtplib

import pytest
from sqlalchemy import func, select

from consult.core import mail
from consult.core.mail_outbox import OutboxMessage, send_everything, send_outbox
from consult.core.models import Consultation
from consult.extensions import db
from consult.subscriptions import services
from consult.subscriptions.models import ConsultationNotice, Subscription
from tests.conftest import submit
from tests.consultations.helpers import add_comment


def _messages(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.to == to).order_by(OutboxMessage.id)
        return list(db.session.scalars(query))


def _follow(client, consultation_id: int, email: str, lang: str = "en"):
    """Fill in the follow form on the consultation's page, as a reader does."""
    page = client.get(f"/consultations/{consultation_id}?lang={lang}").get_data(as_text=True)
    token = re.search(r'name="follow-csrf_token"[^>]*value="([^"]+)"', page)[1]
    return client.post(
        f"/consultations/{consultation_id}/follow",
        data={"follow-email": email, "follow-csrf_token": token},
    )


def _confirmation_link(app, to: str) -> str:
    (message,) = _messages(app, to)
    return re.search(r"http://localhost(/subscriptions/confirm/\S+)", message.body)[1]


def _advance(client, consultation_id: int, to_status: str, reason: str = ""):
    return submit(
        client,
        f"/manage/consultations/{consultation_id}/advance",
        {"to_status": to_status, "override_reason": reason},
        form_url=f"/manage/consultations/{consultation_id}?lang=en",
    )


def _announced(make_consultation, **fields) -> int:
    today = dt.date.today()
    values = {
        "status": "announced",
        "opens_at": today + dt.timedelta(days=3),
        "closes_at": today + dt.timedelta(days=30),
    }
    return make_consultation(**{**values, **fields})


@pytest.mark.parametrize("kind", ["draft_act", "budget_hearing", "capital_poll", "survey"])
def test_every_kind_of_consultation_page_has_the_follow_form(app, client, make_consultation, kind):
    consultation_id = make_consultation(kind=kind)
    page = client.get(f"/consultations/{consultation_id}?lang=en").get_data(as_text=True)
    assert f'action="/consultations/{consultation_id}/follow"' in page
    assert 'id="follow-email"' in page and "Follow this consultation" in page
    assert 'type="application/atom+xml"' in page


def test_follow_confirm_then_a_notice_at_each_step_in_the_followers_language(
    app, client, login, make_consultation
):
    consultation_id = _announced(make_consultation)
    assert _follow(client, consultation_id, "Arta@Example.org", lang="sr").status_code == 302

    # before the link is followed: the confirmation only, whatever happens
    login("officer")
    _advance(client, consultation_id, "open")
    link = _confirmation_link(app, "arta@example.org")
    with app.app_context():
        assert db.session.scalar(select(ConsultationNotice.event)) == "open"

    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 302  # a replayed link changes nothing
    with app.app_context():
        (subscription,) = db.session.scalars(select(Subscription)).all()
        assert subscription.consultation_id == consultation_id and subscription.locale == "sr"
        assert subscription.confirmed_at is not None
    _advance(client, consultation_id, "closed", "Mbyllet herët")
    _advance(client, consultation_id, "reported", "Nuk ka kohë")
    confirmation, closed, reported = _messages(app, "arta@example.org")
    for notice in (closed, reported):
        token = subscription.token
        assert f"http://localhost/subscriptions/unsubscribe/{token}\n" not in confirmation.body
        assert f"http://localhost/subscriptions/unsubscribe/{token}" in notice.body
        assert notice.list_unsubscribe == (
            f"http://localhost/subscriptions/unsubscribe/{token}/one-click"
        )
        assert f"/consultations/{consultation_id}?lang=sr" in notice.body
        assert "Правилник о транспарентности" in notice.subject  # Serbian, in Cyrillic
    assert confirmation.list_unsubscribe is None


def test_a_follower_is_told_once_a_day_that_answers_are_published(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    first = add_comment(app, consultation_id, "Një.")
    second = add_comment(app, consultation_id, "Dy.")
    _follow(client, consultation_id, "lexuesi@example.org")
    client.get(_confirmation_link(app, "lexuesi@example.org"))
    login("officer")
    for comment_id in (first, second):
        submit(
            client,
            f"/manage/draft-acts/comments/{comment_id}/answer",
            {
                f"c{comment_id}-outcome": "accepted",
                f"c{comment_id}-reason_sq": "Po.",
                f"c{comment_id}-reason_sr_Latn": "Da.",
                f"c{comment_id}-reason_bs": "Da.",
            },
            form_url=f"/manage/draft-acts/{consultation_id}/comments?lang=en",
        )
    _confirmation, answers = _messages(app, "lexuesi@example.org")
    assert "Answers to the comments on" in answers.subject
    assert answers.list_unsubscribe.endswith("/one-click")
    with app.test_request_context("/"):
        consultation = db.session.get(Consultation, consultation_id)
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=25)
        assert services.notify_answers(consultation, now=later) == 1  # the next day: again


def test_the_dates_open_and_close_a_consultation_and_followers_hear_it_once(
    app, client, login, make_consultation
):
    today = dt.date.today()
    consultation_id = _announced(make_consultation, opens_at=today)
    _follow(client, consultation_id, "data@example.org")
    client.get(_confirmation_link(app, "data@example.org"))
    with app.app_context():
        send_everything()  # the mail worker's round tells what the dates did
        send_everything()
    opened = [m for m in _messages(app, "data@example.org") if "is open for comments" in m.subject]
    assert len(opened) == 1
    login("officer")
    _advance(client, consultation_id, "open")  # the officer's step after the dates: no repeat
    assert len(_messages(app, "data@example.org")) == 2

    with app.test_request_context("/"):
        consultation = db.session.get(Consultation, consultation_id)
        consultation.closes_at = today - dt.timedelta(days=1)
        consultation.opens_at = today - dt.timedelta(days=10)
        db.session.commit()
        assert services.notify_due() == 1
        db.session.commit()
        assert services.notify_due() == 0
    assert "is closed" in _messages(app, "data@example.org")[-1].subject


def test_old_steps_are_not_news(app, make_consultation):
    today = dt.date.today()
    make_consultation(
        opens_at=today - dt.timedelta(days=40), closes_at=today - dt.timedelta(days=9)
    )
    with app.test_request_context("/"):
        assert services.due_steps(today) == []


def test_following_twice_is_one_subscription_and_a_confirmed_one_gets_no_new_link(
    app, client, make_consultation
):
    consultation_id = make_consultation()
    _follow(client, consultation_id, "dy@example.org")
    client.get(_confirmation_link(app, "dy@example.org"))
    second = _follow(client, consultation_id, "DY@example.org")
    assert second.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 1
    assert len(_messages(app, "dy@example.org")) == 1


def test_bad_follows_are_refused_and_change_nothing(app, client, make_consultation):
    draft = make_consultation(status="draft")
    reported = make_consultation(status="reported")
    open_one = make_consultation()
    assert _follow(client, open_one, "not an address").status_code == 400
    assert _follow(client, open_one, "<b>x</b>@example.org").status_code == 400
    page = client.get(f"/consultations/{reported}?lang=en").get_data(as_text=True)
    assert "follow-email" not in page
    response = client.post(f"/consultations/{reported}/follow", data={"follow-email": "a@b.c"})
    assert response.status_code == 400  # no CSRF token: refused before anything else
    assert client.post(f"/consultations/{draft}/follow", data={}).status_code in (400, 404)
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 0
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_foreign_and_forged_tokens_do_nothing(app, client, make_consultation):
    from itsdangerous import URLSafeTimedSerializer

    consultation_id = make_consultation()
    _follow(client, consultation_id, "tre@example.org")
    with app.app_context():
        subscription_id = db.session.scalar(select(Subscription.id))
        # a comment's confirmation link for the same number, and a forged one
        comment_token = URLSafeTimedSerializer(app.secret_key, salt="comment-confirm").dumps(
            subscription_id
        )
    assert client.get(f"/subscriptions/confirm/{comment_token}").status_code == 404
    assert client.get("/subscriptions/confirm/bm90LWEtdG9rZW4").status_code == 404
    with app.app_context():
        assert db.session.get(Subscription, subscription_id).confirmed_at is None
    for path in (
        "/subscriptions/unsubscribe/" + "x" * 43,
        "/subscriptions/unsubscribe/" + "x" * 43 + "/one-click",
    ):
        assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code in (400, 404)
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 1


def test_one_click_unsubscribe_works_without_a_csrf_token_and_never_by_get(
    app, client, make_consultation
):
    consultation_id = make_consultation()
    _follow(client, consultation_id, "kater@example.org")
    with app.app_context():
        token = db.session.scalar(select(Subscription.token))
    one_click = f"/subscriptions/unsubscribe/{token}/one-click"
    scanner = app.test_client()
    assert scanner.get(one_click).status_code == 302  # a scanner's GET: the page, not the end
    page = scanner.get(f"/subscriptions/unsubscribe/{token}?lang=en", follow_redirects=True)
    assert "Stop the notices about this consultation" in page.get_data(as_text=True)
    assert scanner.post(f"/subscriptions/unsubscribe/{token}", data={}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 1

    mail_program = app.test_client()
    response = mail_program.post(one_click, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id))) == 0
    assert mail_program.post(one_click, data={"List-Unsubscribe": "One-Click"}).status_code == 404


class FakeSMTP:
    """An SMTP server that keeps the messages handed to it."""

    received: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.received.append(message.as_bytes())


def test_the_smtp_message_carries_the_one_click_unsubscribe_headers(
    app, client, login, make_consultation, monkeypatch
):
    consultation_id = _announced(make_consultation)
    _follow(client, consultation_id, "pese@example.org")
    client.get(_confirmation_link(app, "pese@example.org"))
    login("officer")
    _advance(client, consultation_id, "open")
    FakeSMTP.received = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    mail.SENT.clear()
    with app.app_context():
        assert send_outbox() == (2, 0)
        token = db.session.scalar(select(Subscription.token))
    confirmation, notice = FakeSMTP.received
    assert b"List-Unsubscribe" not in confirmation
    one_click = f"<http://localhost/subscriptions/unsubscribe/{token}/one-click>".encode()
    assert b"List-Unsubscribe: " + one_click in notice
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in notice


def test_the_purge_deletes_the_followers_of_a_consultation_long_over(app, make_consultation):
    from consult.retention import purge_personal_data

    today = dt.date.today()
    old = make_consultation(
        status="reported",
        notice_at=today - dt.timedelta(days=800),
        opens_at=today - dt.timedelta(days=790),
        closes_at=today - dt.timedelta(days=760),
    )
    current = make_consultation()
    with app.test_request_context("/"):
        for number, consultation_id in enumerate((old, current)):
            db.session.add(
                Subscription(
                    email=f"ndjekes{number}@example.org",
                    consultation_id=consultation_id,
                    token=str(number) * 40,
                    confirmed_at=dt.datetime(2024, 1, 1),
                )
            )
        db.session.commit()
        result = purge_personal_data(today, 12)
        db.session.commit()
        assert result.counts["consultation_followers"] == 1
        assert db.session.scalars(select(Subscription.email)).all() == ["ndjekes1@example.org"]
