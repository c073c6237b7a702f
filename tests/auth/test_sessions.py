"""Sessions end on the server: signing out, a new password and deactivation end every session
and remember-me cookie of the account, copies included; signed-in pages stay out of caches."""

from flask_login.utils import encode_cookie
from sqlalchemy import select

from consult.auth.models import User
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token, submit

NEW_PASSWORD = "seven green tractors in Istog"


def _signed_in(app, email: str):
    client = app.test_client()
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _sign_out(client) -> None:
    token = csrf_token(client, "/")  # the sign-out button is on every page
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_signing_out_ends_every_session_of_the_account(app, make_user):
    email = make_user("officer")
    laptop, phone = _signed_in(app, email), _signed_in(app, email)
    assert phone.get("/manage/").status_code == 200
    _sign_out(laptop)
    assert laptop.get("/manage/").status_code == 302
    assert phone.get("/manage/").status_code == 302


def test_a_copied_session_cookie_is_worthless_once_its_owner_signs_out(app, make_user):
    email = make_user("chair")
    owner = _signed_in(app, email)
    thief = app.test_client()
    thief.set_cookie("session", owner.get_cookie("session").value)
    assert thief.get("/chair/").status_code == 200
    _sign_out(owner)
    assert thief.get("/chair/").status_code == 302


def _remember_me_cookie(app, email: str) -> str:
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return encode_cookie(user.get_id())


def test_a_remember_me_cookie_ends_with_a_new_password(app, make_user, runner):
    email = make_user("officer")
    remembered = _remember_me_cookie(app, email)
    browser = app.test_client()
    browser.set_cookie("remember_token", remembered)
    assert browser.get("/manage/").status_code == 200

    result = runner.invoke(
        args=["users", "set-password", "--email", email, "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    stale = app.test_client()
    stale.set_cookie("remember_token", remembered)
    assert stale.get("/manage/").status_code == 302
    assert browser.get("/manage/").status_code == 302


def test_a_new_password_ends_every_session_and_replaces_the_old_one(app, make_user, runner):
    email = make_user("officer")
    browser = _signed_in(app, email)
    result = runner.invoke(
        args=["users", "set-password", "--email", email, "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert browser.get("/manage/").status_code == 302
    again = app.test_client()
    assert submit(again, "/login", {"email": email, "password": PASSWORD}).status_code == 200
    assert submit(again, "/login", {"email": email, "password": NEW_PASSWORD}).status_code == 302


def test_deactivating_an_account_ends_its_sessions_at_once(app, make_user, runner):
    email = make_user("admin")
    browser = _signed_in(app, email)
    result = runner.invoke(args=["users", "deactivate", "--email", email])
    assert result.exit_code == 0, result.output
    assert browser.get("/manage/").status_code == 302
    again = app.test_client()
    assert submit(again, "/login", {"email": email, "password": PASSWORD}).status_code == 200
    with app.app_context():
        assert not db.session.scalar(select(User.active).where(User.email == email))


def test_commands_name_an_unknown_account(runner):
    result = runner.invoke(args=["users", "deactivate", "--email", "nobody@istog.example"])
    assert result.exit_code == 1 and "no account with e-mail" in result.output


def test_every_page_of_a_signed_in_user_is_kept_out_of_caches(app, client, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    login("officer")
    for url in ("/manage/", "/", "/nothing-here", "/api/v1/directorates"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    for asset in ("/static/css/site.css", "/assets/css/plotly.css"):
        response = client.get(asset)
        assert "no-store" not in response.headers.get("Cache-Control", ""), asset
        response.close()
