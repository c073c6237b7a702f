"""The People page (issue #19): an administrator lists, adds, edits, deactivates and
reactivates accounts and sends a password link, never seeing or setting a password; the last
active administrator stays; every change is audit-logged."""

import pytest
from sqlalchemy import select

from consult.auth.models import User
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import AuditLog, Directorate
from consult.extensions import db
from tests.auth.test_password_reset import LINK, NEW, _sign_in
from tests.conftest import PASSWORD, submit


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _directorate(app) -> int:
    with app.app_context():
        directorate = Directorate(code="EDU", name={"sq": "Drejtoria e Arsimit"})
        db.session.add(directorate)
        db.session.commit()
        return directorate.id


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()


@pytest.mark.parametrize("role", ["officer", "chair", "cso"])
def test_only_an_administrator_sees_the_people_page(client, login, role):
    login(role)
    assert client.get("/people").status_code == 403
    assert client.get("/people/new").status_code == 403


def test_an_administrator_adds_an_officer_who_chooses_a_password_by_the_link(app, client, login):
    login("admin")
    education = _directorate(app)
    added = submit(
        client,
        "/people/new?lang=en",
        {
            "name": "Arta Krasniqi",
            "email": "Arta@Istog.example",
            "role": "officer",
            "directorate": str(education),
        },
    )
    assert added.status_code == 302
    arta = _user(app, "arta@istog.example")
    assert (arta.role, arta.directorate_id, arta.active) == ("officer", education, True)
    assert _sign_in(app.test_client(), "arta@istog.example", PASSWORD) == 200  # no password yet
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == arta.email))
    link = LINK.search(mail.body).group(1)
    owner = app.test_client()
    assert submit(owner, link, {"new_password": NEW, "repeat_password": NEW}).status_code == 302
    assert _sign_in(app.test_client(), arta.email, NEW) == 302
    listing = client.get("/people?lang=en").get_data(as_text=True)
    assert "Arta Krasniqi" in listing and "Drejtoria e Arsimit" in listing
    assert "user.created" in _actions(app)


def test_a_second_account_with_the_same_address_is_refused(app, client, login, make_user):
    login("admin")
    make_user("chair", email="chair@istog.example")
    again = submit(
        client,
        "/people/new?lang=en",
        {"name": "X", "email": "CHAIR@istog.example", "role": "chair", "directorate": ""},
    )
    assert again.status_code == 400
    assert "An account with this e-mail address exists already." in again.get_data(as_text=True)


def test_bad_input_is_refused_with_a_message_and_changes_nothing(app, client, login):
    login("admin")
    before = _actions(app)
    bad = submit(
        client,
        "/people/new?lang=en",
        {"name": "", "email": "not an address", "role": "emperor", "directorate": "99999"},
    )
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "Enter the person" in page and "Enter a valid e-mail address." in page
    assert _actions(app) == before
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "")) is None


def test_an_officer_without_a_directorate_is_the_public_information_office(
    app, client, login, make_user
):
    login("admin")
    email = make_user("officer", email="pio@istog.example")
    user = _user(app, email)
    education = _directorate(app)
    saved = submit(
        client,
        f"/people/{user.id}?lang=en",
        {"name": "Zyra e Informimit", "email": email, "role": "officer", "directorate": ""},
    )
    assert saved.status_code == 302
    assert _user(app, email).directorate_id is None
    assert "Public Information Office" in client.get("/people?lang=en").get_data(as_text=True)
    submit(
        client,
        f"/people/{user.id}",
        {"name": "Z", "email": email, "role": "chair", "directorate": str(education)},
    )
    changed = _user(app, email)
    assert (changed.role, changed.directorate_id) == ("chair", None)  # only officers have one
    assert "user.updated" in _actions(app)


def test_deactivating_ends_every_session_and_reactivating_lets_in_again(
    app, client, login, make_user
):
    login("admin")
    email = make_user("officer", email="leaving@istog.example")
    theirs = app.test_client()
    assert _sign_in(theirs, email, PASSWORD) == 302
    user = _user(app, email)
    submit(client, f"/people/{user.id}/deactivate", {}, form_url="/people")
    assert theirs.get("/manage/").status_code == 302
    assert _sign_in(app.test_client(), email, PASSWORD) == 200
    submit(client, f"/people/{user.id}/reactivate", {}, form_url="/people")
    assert _sign_in(app.test_client(), email, PASSWORD) == 302
    assert {"user.deactivated", "user.reactivated"} <= set(_actions(app))


def test_the_last_active_administrator_stays(app, client, login, make_user):
    email = login("admin")
    me = _user(app, email)
    demoted = submit(
        client,
        f"/people/{me.id}?lang=en",
        {"name": "Admin", "email": email, "role": "officer", "directorate": ""},
    )
    assert demoted.status_code == 400
    assert "The last active administrator cannot get another role." in demoted.get_data(
        as_text=True
    )
    refused = submit(client, f"/people/{me.id}/deactivate?lang=en", {}, form_url="/people")
    assert refused.status_code == 302
    assert _user(app, email).active and _user(app, email).role == "admin"
    make_user("admin", email="second@istog.example")
    second = _user(app, "second@istog.example")
    submit(client, f"/people/{second.id}/deactivate", {}, form_url="/people")
    assert not _user(app, "second@istog.example").active


def test_the_administrator_sends_a_link_and_sees_no_password(app, client, login, make_user):
    login("admin")
    email = make_user("chair", email="kryesuesi@istog.example")
    user = _user(app, email)
    sent = submit(client, f"/people/{user.id}/reset-link?lang=en", {}, form_url="/people")
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "kryesuesi@istog.example" in page and "/password/reset/" not in page
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email))
    assert "user.password_reset_sent" in _actions(app)


def test_people_pages_need_the_form_token(app, client, login, make_user):
    login("admin")
    user = _user(app, make_user("officer", email="x@istog.example"))
    assert client.post(f"/people/{user.id}/deactivate").status_code in (302, 400)
    assert _user(app, "x@istog.example").active


def test_the_audit_log_names_the_administrator_who_changed_an_account(
    app, client, login, make_user
):
    admin_email = login("admin")
    user = _user(app, make_user("officer", email="y@istog.example"))
    submit(client, f"/people/{user.id}/deactivate", {}, form_url="/people")
    submit(client, f"/people/{user.id}/reset-link", {}, form_url="/people")
    admin = _user(app, admin_email)
    with app.app_context():
        actors = db.session.execute(
            select(AuditLog.action, AuditLog.actor_id).where(AuditLog.target == f"user:{user.id}")
        ).all()
    assert sorted(actors) == [("user.deactivated", admin.id)]  # an inactive account gets no link
