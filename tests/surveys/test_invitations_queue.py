"""Survey invitations leave through the mail worker, never inside a request (issue #19): the
officer sees how many wait, went and failed; a failure is shown with the mail server's word
and can be tried again; the plain code is stored nowhere and the address goes once sent."""

import io

import pytest
from sqlalchemy import select

from consult.core.mail import SENT, MailFailed
from consult.core.mail_outbox import send_everything
from consult.extensions import db
from consult.surveys import services as survey_services
from consult.surveys.models import StaffToken, SurveyInvitation
from tests.conftest import submit


def _queue(client, survey_id, directorate_id, addresses: bytes):
    return submit(
        client,
        f"/manage/surveys/{survey_id}/tokens?lang=en",
        {
            "directorate_id": directorate_id,
            "count": 1,
            "addresses": (io.BytesIO(addresses), "a.csv"),
        },
        content_type="multipart/form-data",
    )


def _tiles(client, survey_id) -> str:
    return client.get(f"/manage/surveys/{survey_id}/tokens?lang=en").get_data(as_text=True)


def test_failures_are_shown_and_tried_again(
    app, client, login, make_directorate, survey_id, monkeypatch
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, b"besa@istog.example\nbroken@istog.example\n")
    page = _tiles(client, survey_id)
    assert "Waiting to be sent" in page

    real = survey_services.send_now

    def flaky(mail):
        if mail.to.startswith("broken"):
            raise MailFailed("550 mailbox unavailable")
        real(mail)

    monkeypatch.setattr(survey_services, "send_now", flaky)
    with app.app_context():
        for _round in range(survey_services.INVITATION_ATTEMPTS):
            send_everything()
        codes = db.session.scalars(select(StaffToken)).all()
        assert len(codes) == 1  # only the code whose mail left is registered
    page = _tiles(client, survey_id)
    assert "broken@istog.example" in page and "550 mailbox unavailable" in page
    assert [m.to for m in SENT] == ["besa@istog.example"]
    monkeypatch.setattr(survey_services, "send_now", real)
    retried = submit(
        client,
        f"/manage/surveys/{survey_id}/invitations/retry",
        {},
        form_url=f"/manage/surveys/{survey_id}/tokens",
    )
    assert retried.status_code == 302
    with app.app_context():
        assert send_everything() == (1, 0)
        assert db.session.scalars(select(SurveyInvitation.address)).all() == ["", ""]
    assert "broken@istog.example" not in _tiles(client, survey_id)
    SENT.clear()


def test_the_plain_code_is_stored_nowhere(app, client, login, make_directorate, survey_id):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, b"besa@istog.example\n")
    with app.app_context():
        send_everything()
        (mail,) = SENT
        code = mail.body.split("Your access code: ")[1].split()[0]
        dump = []
        for table in db.metadata.sorted_tables:
            dump += [str(row) for row in db.session.execute(select(table)).all()]
    assert not [row for row in dump if code in row]
    SENT.clear()


@pytest.mark.parametrize("locale", ["sq", "sr", "bs"])
def test_the_invitation_is_written_in_the_officer_s_language(
    app,
    client,
    login,
    make_directorate,
    survey_id,
    locale,
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    client.get(f"/?lang={locale}")
    SENT.clear()
    submit(
        client,
        f"/manage/surveys/{survey_id}/tokens",
        {
            "directorate_id": directorate,
            "count": 1,
            "addresses": (io.BytesIO(b"a@istog.example\n"), "a.csv"),
        },
        content_type="multipart/form-data",
    )
    with app.app_context():
        send_everything()
        (mail,) = SENT
        assert "Your access code" not in mail.body
    SENT.clear()


def test_a_dba_cannot_tie_one_address_to_one_code_by_transaction_stamps(
    app, client, login, make_directorate, survey_id
):
    """psql as a database administrator: every code of a round carries one transaction stamp,
    the same as the erasure of the round's addresses, so no address leads to its own code."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("transaction stamps (xmin) are PostgreSQL's")
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    _queue(client, survey_id, directorate, b"a@istog.example\nb@istog.example\nc@istog.example\n")
    with app.app_context():
        assert send_everything() == (3, 0)
        tokens = db.session.execute(db.text("SELECT xmin::text FROM staff_tokens")).scalars().all()
        invitations = db.session.execute(
            db.text("SELECT xmin::text, address FROM survey_invitations")
        ).all()
    assert len(tokens) == 3 and len(set(tokens)) == 1
    assert {stamp for stamp, _address in invitations} == set(tokens)
    assert {address for _stamp, address in invitations} == {""}
    SENT.clear()
