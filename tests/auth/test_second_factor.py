"""The optional second factor of administrators and the chair (issue #19): turned on by
scanning a QR code and giving a code; signing in then asks for the code after the password; a
code works once; five wrong codes send the person back to the password; an administrator can
turn it off for someone who lost their phone."""

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select, text

from consult.auth.models import User
from consult.auth.services import TOTP_STEP, matching_step, open_totp_secret
from consult.core.models import AuditLog
from consult.extensions import db
from tests.conftest import PASSWORD, submit


def _secret_on_page(html: str) -> str:
    return re.search(r'<code translate="no">([A-Z2-7]{16,})</code>', html).group(1)


def _now_code(secret: str, steps_ahead: int = 0) -> str:
    totp = pyotp.TOTP(secret, interval=TOTP_STEP)
    return totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=TOTP_STEP * steps_ahead))


def _turn_on(client) -> str:
    page = client.get("/account/two-step?lang=en").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn in the page
    secret = _secret_on_page(page)
    wrong = submit(client, "/account/two-step?lang=en", {"code": "000000"})
    assert wrong.status_code == 400
    done = submit(client, "/account/two-step", {"code": _now_code(secret)})
    assert done.status_code == 302
    return secret


def test_signing_in_asks_for_the_code_once_it_is_on(app, client, login):
    email = login("chair")
    secret = _turn_on(client)
    browser = app.test_client()
    first = submit(browser, "/login", {"email": email, "password": PASSWORD})
    assert first.headers["Location"].endswith("/login/code")
    assert browser.get("/chair/").status_code == 302  # not signed in yet
    refused = submit(browser, "/login/code?lang=en", {"code": "123456"})
    assert refused.status_code == 400
    assert "The code is not correct." in refused.get_data(as_text=True)
    code = _now_code(secret, 1)  # one code for both tries: the clock may tick between them
    signed = submit(browser, "/login/code", {"code": code})
    assert signed.status_code == 302
    assert browser.get("/chair/").status_code == 200
    again = app.test_client()
    submit(again, "/login", {"email": email, "password": PASSWORD})
    reused = submit(again, "/login/code", {"code": code})
    assert reused.status_code == 400  # a code works once


def test_five_wrong_codes_send_back_to_the_password(app, client, login):
    email = login("admin")
    _turn_on(client)
    browser = app.test_client()
    submit(browser, "/login", {"email": email, "password": PASSWORD})
    answers = [submit(browser, "/login/code", {"code": "000000"}) for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 302]
    assert browser.get("/login/code").headers["Location"].endswith("/login")


def test_the_code_page_without_a_password_first_leads_to_sign_in(client):
    assert client.get("/login/code").headers["Location"].endswith("/login")


@pytest.mark.parametrize("role", ["officer", "cso"])
def test_only_administrators_and_the_chair_turn_it_on(client, login, role):
    login(role)
    assert client.get("/account/two-step").status_code == 403


def test_it_is_turned_off_with_a_code_or_by_an_administrator(app, client, login, make_user):
    email = login("chair")
    secret = _turn_on(client)
    submit(app.test_client(), "/login", {"email": email, "password": PASSWORD})
    off = submit(client, "/account/two-step", {"code": _now_code(secret, 1)})
    assert off.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.totp_secret is None
        user.totp_secret = pyotp.random_base32()
        user_id = user.id
        db.session.commit()
    admin = app.test_client()
    admin_email = make_user("admin", email="it@istog.example")
    submit(admin, "/login", {"email": admin_email, "password": PASSWORD})
    assert "Two-step sign-in" in admin.get("/people?lang=en").get_data(as_text=True)
    submit(admin, f"/people/{user_id}/two-step-off", {}, form_url="/people")
    with app.app_context():
        assert db.session.get(User, user_id).totp_secret is None
    plain = app.test_client()
    signed_in = submit(plain, "/login", {"email": email, "password": PASSWORD})
    assert not signed_in.headers["Location"].endswith("/login/code")
    assert plain.get("/chair/").status_code == 200


def test_the_database_keeps_the_secret_sealed(app, client, login):
    """psql as a database administrator: the column holds no secret an authenticator app (or
    pyotp) could make codes from."""
    email = login("admin")
    secret = _turn_on(client)
    with app.app_context():
        stored = db.session.execute(
            text("SELECT totp_secret FROM users WHERE email = :email"), {"email": email}
        ).scalar_one()
        assert secret not in stored and open_totp_secret(stored) == secret
    assert not re.fullmatch(r"[A-Z2-7]+=*", stored)  # not a base32 secret of any kind


def test_a_changed_key_is_said_and_the_second_factor_can_be_turned_off(app, client, login):
    """After the key that sealed the secret changes, the code page says so (not "wrong code",
    which would send the person round in circles) and `flask users two-step-off` frees them."""
    email = login("chair")
    secret = _turn_on(client)
    app.config["SECOND_FACTOR_KEY"] = "another-key-after-a-rotation"
    browser = app.test_client()
    submit(browser, "/login", {"email": email, "password": PASSWORD})
    told = submit(browser, "/login/code?lang=en", {"code": _now_code(secret)})
    assert told.status_code == 409
    assert "the server&#39;s key has changed" in told.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["users", "two-step-off", email])
    assert result.exit_code == 0, result.output
    again = app.test_client()
    signed_in = submit(again, "/login", {"email": email, "password": PASSWORD})
    assert not signed_in.headers["Location"].endswith("/login/code")
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action)).all()
    assert "user.second_factor_off" in actions


def test_codes_outside_the_drift_or_malformed_are_refused():
    secret = pyotp.random_base32()
    now = dt.datetime(2026, 12, 5, 12, 0, 0)
    totp = pyotp.TOTP(secret, interval=TOTP_STEP)
    stamp = now.replace(tzinfo=dt.UTC)
    assert matching_step(secret, totp.at(stamp), now) is not None
    assert matching_step(secret, totp.at(stamp - dt.timedelta(seconds=90)), now) is None
    assert matching_step(secret, "12 34", now) is None
    assert matching_step(secret, "abcdef", now) is None
    step = matching_step(secret, totp.at(stamp), now)
    assert matching_step(secret, totp.at(stamp), now, after=step) is None
