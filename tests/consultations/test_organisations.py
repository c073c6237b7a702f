"""A civil-society organisation registers; an officer verifies it."""

from sqlalchemy import select

from consult.auth.models import User
from consult.core.models import Organisation
from consult.extensions import db
from tests.conftest import submit

FORM = {
    "name": "Shoqata e Grave të Istogut “Jeta”",
    "registration_number": "5113907-1",
    "sector": "women",
    "contact_email": "kontakt@gratejeta.example",
    "representative": "Shqipe Rama",
    "password": "a long enough password",
    "password_again": "a long enough password",
}


def test_organisation_registers_and_officer_verifies_it(app, client, login):
    assert submit(client, "/organisations/register", FORM).status_code == 302
    with app.app_context():
        organisation = db.session.scalars(select(Organisation)).one()
        user = db.session.scalars(select(User).where(User.role == "cso")).one()
        assert not organisation.verified
        assert user.organisation_id == organisation.id and user.check_password(FORM["password"])
        organisation_id = organisation.id
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


def test_the_same_registration_number_registers_once(app, client):
    submit(client, "/organisations/register", FORM)
    again = submit(
        client,
        "/organisations/register",
        {**FORM, "contact_email": "other@example.org"},
        form_url="/organisations/register?lang=en",
    )
    assert again.status_code == 400
    assert "registration number exists" in again.get_data(as_text=True)


def test_citizens_cannot_verify_organisations(client):
    assert client.get("/manage/organisations").status_code in (302, 401)
