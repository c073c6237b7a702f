"""Passwords in the browser (issue #19): a user changes their own with the current one; a
forgotten one is replaced through a single-use, time-limited link sent through the outbox,
with the same answer whether the address has an account or not; every other session ends."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from consult.auth.models import PasswordReset, User
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import AuditLog
from consult.extensions import db
from tests.conftest import PASSWORD, submit

NEW = "a long sentence nobody guesses"
LINK = re.compile(r"http://[^/\s]+(/password/reset/[A-Za-z0-9_-]+)")


def _outbox(app, to: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == to)))


def _link(app, to: str) -> str:
    return LINK.search(_outbox(app, to)[-1].body).group(1)


def _sign_in(client, email: str, password: str) -> int:
    return submit(client, "/login", {"email": email, "password": password}).status_code


def test_a_forgotten_password_is_replaced_through_the_link_once(app, client, make_user):
    email = make_user("officer")
    other_browser = app.test_client()
    assert _sign_in(other_browser, email, PASSWORD) == 302
    asked = submit(client, "/password/forgot?lang=en", {"email": email.upper()})
    assert asked.status_code == 302
    link = _link(app, email)
    page = client.get(f"{link}?lang=en")
    assert page.status_code == 200 and email in page.get_data(as_text=True)
    done = submit(client, link, {"new_password": NEW, "repeat_password": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert _sign_in(app.test_client(), email, NEW) == 302
    assert _sign_in(app.test_client(), email, PASSWORD) == 200  # the old one is refused
    assert other_browser.get("/manage/").status_code == 302  # signed out there
    assert client.get(link).status_code == 404  # used once
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action)).all()
        assert "user.password_reset_asked" in actions and "user.password_reset" in actions
        stored = db.session.scalars(select(PasswordReset.token_hash)).all()
        assert stored and all(link.rsplit("/", 1)[1] not in h for h in stored)


def test_the_answer_is_the_same_whether_the_address_has_an_account(app, client, make_user):
    email = make_user("officer")
    known = submit(client, "/password/forgot?lang=en", {"email": email})
    unknown = submit(client, "/password/forgot?lang=en", {"email": "nobody@istog.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    first = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "If this address belongs to an account" in first
    assert _outbox(app, "nobody@istog.example") == []
    assert len(_outbox(app, email)) == 1


def test_an_expired_link_or_an_earlier_link_no_longer_works(app, client, make_user):
    email = make_user("officer")
    submit(client, "/password/forgot", {"email": email})
    first = _link(app, email)
    submit(client, "/password/forgot", {"email": email})
    second = _link(app, email)
    assert client.get(first).status_code == 404  # a newer link replaces it
    with app.app_context():
        for reset in db.session.scalars(select(PasswordReset)):
            reset.created_at -= dt.timedelta(hours=3)
            reset.expires_at -= dt.timedelta(hours=3)
        db.session.commit()
    expired = client.get(f"{second}?lang=en")
    assert expired.status_code == 404
    assert "This link no longer works" in expired.get_data(as_text=True)
    assert client.get("/password/reset/not-a-token").status_code == 404


def test_a_weak_or_mistyped_new_password_is_refused_and_changes_nothing(app, client, make_user):
    email = make_user("officer")
    submit(client, "/password/forgot", {"email": email})
    link = _link(app, email)
    weak = submit(
        client,
        f"{link}?lang=en",
        {"new_password": "password1234", "repeat_password": "password1234"},
    )
    assert weak.status_code == 400
    assert "too common" in weak.get_data(as_text=True) or "guess" in weak.get_data(as_text=True)
    typo = submit(client, f"{link}?lang=en", {"new_password": NEW, "repeat_password": NEW + "x"})
    assert typo.status_code == 400
    assert "The two new passwords are not the same." in typo.get_data(as_text=True)
    assert _sign_in(app.test_client(), email, PASSWORD) == 302
    assert client.get(link).status_code == 200  # still unused


def test_a_deactivated_account_gets_no_link_and_its_link_stops(app, client, make_user):
    email = make_user("officer")
    submit(client, "/password/forgot", {"email": email})
    link = _link(app, email)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).active = False
        db.session.commit()
    assert client.get(link).status_code == 404
    submit(client, "/password/forgot", {"email": email})
    assert len(_outbox(app, email)) == 1


def test_a_user_changes_their_own_password_with_the_current_one(app, client, login):
    email = login("chair")
    other_browser = app.test_client()
    assert _sign_in(other_browser, email, PASSWORD) == 302
    wrong = submit(
        client,
        "/account/password?lang=en",
        {"current_password": "not it at all", "new_password": NEW, "repeat_password": NEW},
    )
    assert wrong.status_code == 400
    assert "The current password is not correct." in wrong.get_data(as_text=True)
    done = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW},
    )
    assert done.status_code == 302
    assert client.get("/chair/").status_code == 200  # this browser stays signed in
    assert other_browser.get("/chair/").status_code == 302  # the other one is signed out
    assert _sign_in(app.test_client(), email, NEW) == 302


def test_changing_a_password_needs_to_be_signed_in(client):
    assert client.get("/account/password").status_code == 302


def test_asking_for_links_is_rate_limited(app, client, make_user):
    email = make_user("officer")
    answers = [submit(client, "/password/forgot", {"email": email}).status_code for _ in range(7)]
    assert 429 in answers
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PasswordReset)) <= 5


@pytest.mark.parametrize("locale", ["sq", "sr_Latn", "sr", "bs", "en"])
def test_the_password_pages_are_in_every_locale(app, client, make_user, locale):
    email = make_user("officer")
    for url in ("/password/forgot", "/login"):
        assert client.get(f"{url}?lang={locale}").status_code == 200
    submit(client, "/password/forgot", {"email": email})
    assert client.get(f"{_link(app, email)}?lang={locale}").status_code == 200
