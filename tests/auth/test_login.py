"""Signing in, roles and CSRF (the back-off and sessions: test_sign_in.py, test_sessions.py)."""

from sqlalchemy import select

from consult.auth.models import User
from consult.extensions import db
from tests.conftest import PASSWORD, submit


def test_officer_signs_in_and_reaches_the_back_office(client, make_user):
    email = make_user("officer")
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/")
    assert client.get("/manage/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, make_user):
    email = make_user("officer")
    response = submit(client, "/login", {"email": email, "password": "wrong"})
    assert response.status_code == 200
    assert "aria-invalid" in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_login_is_rate_limited(app, client, make_user):
    email = make_user("officer")
    codes = [
        submit(client, "/login", {"email": email, "password": f"wrong{i}"}).status_code
        for i in range(12)
    ]
    assert 429 in codes


def test_session_is_renewed_at_sign_in(client, make_user):
    email = make_user("officer")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    submit(client, "/login", {"email": email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_off_site_next_is_refused(app, make_user):
    email = make_user("officer")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client = app.test_client()
        response = submit(client, "/login", {"email": email, "password": PASSWORD, "next": target})
        assert response.headers["Location"].endswith("/manage/"), target


def test_local_next_is_followed(client, make_user):
    email = make_user("officer")
    response = submit(
        client,
        "/login",
        {"email": email, "password": PASSWORD, "next": "/manage/consultations/new"},
    )
    assert response.headers["Location"].endswith("/manage/consultations/new")


def test_anonymous_visitor_is_sent_to_sign_in_from_manage(client):
    response = client.get("/manage/consultations/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_chair_cannot_create_consultations(client, login):
    login("chair")
    assert client.get("/manage/consultations/new").status_code == 403


def test_post_without_csrf_token_is_refused(client, make_user):
    email = make_user("officer")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert "/manage/" not in response.headers.get("Location", "")
    assert client.get("/manage/").status_code == 302


def test_csrf_refusal_page_is_translated(client):
    response = client.post("/login?lang=en", data={"email": "x@y.z", "password": "p"})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)


def test_inactive_account_cannot_sign_in(app, client, make_user):
    email = make_user("officer")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.active = False
        db.session.commit()
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/manage/").status_code == 302


def test_users_create_command_makes_an_account(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New@Istog.example",
            "--name",
            "Besa",
            "--role",
            "chair",
            "--password",
            "a long password of five words",
        ],
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@istog.example"))
        assert user.role == "chair" and user.check_password("a long password of five words")
