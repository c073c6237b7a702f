"""A civil-society organisation registers, confirms its address by e-mail, and an officer
verifies it. The registration form never tells whether an address has an account."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from consult.auth.models import User
from consult.core.mail_outbox import OutboxMessage
from consult.extensions import db
from consult.organisations import views as organisation_views
from consult.organisations.models import Organisation, PendingRegistration
from tests.conftest import csrf_token, submit

FORM = {
    "name": "Shoqata e Grave të Istogut “Jeta”",
    "registration_number": "5113907-1",
    "sector": "women",
    "contact_email": "kontakt@gratejeta.example",
    "representative": "Shqipe Rama",
    "password": "a long enough password",
    "password_again": "a long enough password",
}
LINK = re.compile(r"https?://\S+/organisations/register/confirm/\S+")


def _register(client, **changes):
    return submit(client, "/organisations/register?lang=en", {**FORM, **changes})


def _mail_to(app, address: str) -> list[OutboxMessage]:
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == address))
        return [(m.subject, m.body) for m in messages]


def _confirmation_link(app, address: str) -> str:
    ((_, body),) = _mail_to(app, address)
    return LINK.search(body).group(0).removeprefix("http://localhost")


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_organisation_registers_confirms_its_address_and_officer_verifies_it(app, client, login):
    assert _register(client).status_code == 302
    assert _count(app, Organisation) == 0 and _count(app, User) == 0
    link = _confirmation_link(app, FORM["contact_email"])
    assert client.get(link).status_code == 200  # a button: following the link confirms nothing
    assert _count(app, Organisation) == 0
    assert submit(client, link, {}).status_code == 302
    with app.app_context():
        organisation = db.session.scalars(select(Organisation)).one()
        user = db.session.scalars(select(User).where(User.role == "cso")).one()
        assert not organisation.verified
        assert user.organisation_id == organisation.id and user.check_password(FORM["password"])
        assert user.email == FORM["contact_email"]
        organisation_id = organisation.id
        assert db.session.scalars(select(PendingRegistration)).all() == []
    assert (
        submit(client, link, {}, form_url="/organisations/register").status_code == 404
    )  # once only

    representative = app.test_client()
    credentials = {"email": FORM["contact_email"], "password": FORM["password"]}
    assert submit(representative, "/login", credentials).status_code == 302

    login("officer")
    page = client.get("/manage/organisations").get_data(as_text=True)
    assert "5113907-1" in page
    submit(
        client,
        f"/manage/organisations/{organisation_id}/verify",
        {"verified": "1"},
        form_url="/manage/organisations",
    )
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified


def _answer(response) -> tuple:
    return response.status_code, response.headers.get("Location")


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_a_message(app, make_user):
    staff = make_user("officer", email="drejtori.arsimit@istog.example")
    newcomer, prober = app.test_client(), app.test_client()
    fresh = _register(newcomer, contact_email="new@gratejeta.example")
    taken = _register(prober, contact_email=staff, registration_number="5113907-2")
    assert _answer(fresh) == _answer(taken) == (302, "/")
    assert newcomer.get("/?lang=en").get_data(as_text=True).count("sent a message") == 1
    assert prober.get("/?lang=en").get_data(as_text=True).count("sent a message") == 1

    ((_, body),) = _mail_to(app, staff)
    assert "already has an account" in body and not LINK.search(body)
    assert FORM["name"] not in body and FORM["representative"] not in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalars(select(PendingRegistration.email)).all() == [
            "new@gratejeta.example"
        ]
    # the prober's password opens nothing
    credentials = {"email": staff, "password": FORM["password"]}
    assert submit(app.test_client(), "/login", credentials).status_code == 200


def test_an_unconfirmed_registration_cannot_sign_in_and_claims_nothing(app, client):
    _register(client)
    credentials = {"email": FORM["contact_email"], "password": FORM["password"]}
    assert submit(app.test_client(), "/login", credentials).status_code == 200
    # whoever owns the address can still register it; the number is not taken either
    again = _register(
        app.test_client(),
        password="another long password",
        password_again=("another long password"),
    )
    assert again.status_code == 302
    assert _count(app, PendingRegistration) == 2


def test_the_confirmation_mail_carries_only_a_fixed_text_and_the_link(app, client):
    _register(client)
    ((subject, body),) = _mail_to(app, FORM["contact_email"])
    for written in (FORM["name"], FORM["representative"], FORM["registration_number"]):
        assert written not in subject and written not in body
    assert LINK.search(body)


def test_an_expired_link_confirms_nothing(app, client, monkeypatch):
    _register(client)
    link = _confirmation_link(app, FORM["contact_email"])
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(
        hours=app.config["REGISTRATION_LINK_HOURS"], minutes=1
    )
    monkeypatch.setattr(organisation_views, "utcnow", lambda: later)
    assert client.get(link).status_code == 404
    token = csrf_token(client, "/organisations/register")
    assert client.post(link, data={"csrf_token": token}).status_code == 404
    assert _count(app, Organisation) == 0 and _count(app, User) == 0


def test_a_forged_link_confirms_nothing(app, client):
    _register(client)
    token = csrf_token(client, "/organisations/register")
    forged = "/organisations/register/confirm/" + "A" * 43
    assert client.post(forged, data={"csrf_token": token}).status_code == 404
    assert _count(app, User) == 0


@pytest.mark.parametrize(
    ("password", "reason"),
    [("too short", "at least 12 characters"), ("password1234", "too common")],
)
def test_a_weak_password_is_refused_with_the_reason(app, client, password, reason):
    response = _register(client, password=password, password_again=password)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert _count(app, PendingRegistration) == 0 and _count(app, OutboxMessage) == 0


def test_the_same_registration_number_registers_once(app, client):
    _register(client)
    submit(client, _confirmation_link(app, FORM["contact_email"]), {})
    again = _register(client, contact_email="other@example.org")
    assert again.status_code == 400
    assert "registration number exists" in again.get_data(as_text=True)


def test_a_number_registered_while_the_link_waited_is_refused_at_confirmation(app):
    first, second = app.test_client(), app.test_client()
    _register(first)
    _register(second, contact_email="other@example.org")
    submit(first, _confirmation_link(app, FORM["contact_email"]), {})
    late = submit(second, _confirmation_link(app, "other@example.org"), {})
    assert late.status_code == 409
    assert "registration number exists" in late.get_data(as_text=True)
    assert _count(app, User) == 1


def test_citizens_cannot_verify_organisations(client):
    assert client.get("/manage/organisations").status_code in (302, 401)
