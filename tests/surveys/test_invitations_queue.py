"""Survey invitations leave through the mail worker, never inside a request (issue #19): the
officer sees how many wait, went and failed; a failure is shown with the mail server's word
and can be tried again; the plain code is stored nowhere and the address goes once sent; the
codes of a list are registered as one group, so that no send or retry ties an address to its
code."""

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


def _addresses(*first: str, total: int = 5) -> bytes:
    """A list of `total` addresses starting with `first` (the smallest list taken is k = 5)."""
    names = [*first, *(f"staff{n}@istog.example" for n in range(total - len(first)))]
    return "".join(f"{name}\n" for name in names).encode()


def _tiles(client, survey_id) -> str:
    return client.get(f"/manage/surveys/{survey_id}/tokens?lang=en").get_data(as_text=True)


def test_failures_are_shown_and_tried_again(
    app, client, login, make_directorate, survey_id, monkeypatch
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, _addresses("besa@istog.example", "broken@istog.example"))
    page = _tiles(client, survey_id)
    assert "Waiting to be sent" in page
    with app.app_context():
        registered = set(db.session.scalars(select(StaffToken.token_hash)))
    assert len(registered) == 5  # the list's codes, registered with the list

    real = survey_services.send_now

    def flaky(mail):
        if mail.to.startswith("broken"):
            raise MailFailed("550 mailbox unavailable")
        real(mail)

    monkeypatch.setattr(survey_services, "send_now", flaky)
    with app.app_context():
        for _round in range(survey_services.INVITATION_ATTEMPTS):
            send_everything()
    page = _tiles(client, survey_id)
    assert "broken@istog.example" in page and "550 mailbox unavailable" in page
    assert len(SENT) == 4 and "broken@istog.example" not in [m.to for m in SENT]
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
        assert db.session.scalars(select(SurveyInvitation.address)).all() == [""] * 5
        assert set(db.session.scalars(select(StaffToken.token_hash))) == registered
    assert "broken@istog.example" not in _tiles(client, survey_id)
    codes = {_code_of(mail) for mail in SENT}
    with app.app_context():
        assert {survey_services.code_hash(code) for code in codes} == registered
    SENT.clear()


def _code_of(mail) -> str:
    return mail.body.split("Your access code: ")[1].split()[0]


def test_a_list_shorter_than_the_smallest_group_is_refused(
    app, client, login, make_directorate, survey_id
):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    answer = _queue(client, survey_id, directorate, _addresses(total=4))
    assert answer.status_code == 200
    assert "Upload at least 5 addresses at once" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(SurveyInvitation)).all() == []
        assert db.session.scalars(select(StaffToken)).all() == []


def test_the_plain_code_is_stored_nowhere(app, client, login, make_directorate, survey_id):
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, _addresses())
    with app.app_context():
        send_everything()
        codes = [_code_of(mail) for mail in SENT]
        dump = []
        for table in db.metadata.sorted_tables:
            dump += [str(row) for row in db.session.execute(select(table)).all()]
        seeds = db.session.scalars(select(SurveyInvitation.seed)).all()
    assert len(codes) == 5
    assert not [row for row in dump for code in codes if code in row]
    assert seeds == [""] * 5  # the seed a code came from goes with the address
    SENT.clear()


def test_an_invitation_whose_code_is_not_registered_is_not_sent(
    app, client, login, make_directorate, survey_id
):
    """A changed access-code key (or an invitation queued before codes were registered at
    queueing) would mail a code that opens nothing: the invitation fails with a translated
    explanation instead, and "Try them again" leaves it alone."""
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, _addresses("lost@istog.example"))
    with app.app_context():
        lost = db.session.scalars(
            select(SurveyInvitation).where(SurveyInvitation.address == "lost@istog.example")
        ).one()
        lost.seed = "0" * 32
        db.session.commit()
        assert send_everything() == (4, 1)
    page = _tiles(client, survey_id)
    assert "lost@istog.example" in page and "queue the address again" in page
    submit(
        client,
        f"/manage/surveys/{survey_id}/invitations/retry",
        {},
        form_url=f"/manage/surveys/{survey_id}/tokens",
    )
    with app.app_context():
        assert send_everything() == (0, 0)
    assert "lost@istog.example" not in [m.to for m in SENT]
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
            "addresses": (io.BytesIO(_addresses()), "a.csv"),
        },
        content_type="multipart/form-data",
    )
    with app.app_context():
        send_everything()
        assert len(SENT) == 5
        assert not [mail for mail in SENT if "Your access code" in mail.body]
    SENT.clear()


def _physical_order(app, table: str) -> str:
    """How a dump lists a table's rows: PostgreSQL's ctid; on SQLite the rowid, or the key of
    a table without one (the codes, stored in the order of their hashes)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return "ctid"
    return "token_hash" if table == "staff_tokens" else "rowid"


def _column(query: str) -> list:
    return list(db.session.execute(db.text(query)).scalars())


def test_the_codes_are_not_stored_in_the_order_of_the_list(
    app, client, login, make_directorate, survey_id
):
    """A dump lists rows in the order they were written: the codes of a list are written
    shuffled, so the n-th code is not the n-th address's."""
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    SENT.clear()
    _queue(client, survey_id, directorate, _addresses(total=20))
    listed_by = _physical_order(app, "survey_invitations")
    stored_by = _physical_order(app, "staff_tokens")
    with app.app_context():
        listed = _column(f"SELECT address FROM survey_invitations ORDER BY {listed_by}")  # noqa: S608
        stored = _column(f"SELECT token_hash FROM staff_tokens ORDER BY {stored_by}")  # noqa: S608
        send_everything()
        code_of = {mail.to: survey_services.code_hash(_code_of(mail)) for mail in SENT}
    assert sorted(code_of.values()) == sorted(stored)
    assert [code_of[address] for address in listed] != stored
    SENT.clear()


def test_a_dba_cannot_tie_one_address_to_one_code_by_transaction_stamps(
    app, client, login, make_directorate, survey_id, monkeypatch
):
    """psql as a database administrator: the codes of a list carry the stamp of the officer's
    upload, like the list's addresses; sending, failing and retrying write no code, so no
    invitation's later stamp leads to its own code."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("transaction stamps (xmin) are PostgreSQL's")
    directorate = make_directorate("FIN", "Drejtoria e Financave")
    login("officer")
    _queue(client, survey_id, directorate, _addresses("broken@istog.example"))
    with app.app_context():
        uploaded = set(
            db.session.execute(db.text("SELECT xmin::text FROM survey_invitations")).scalars()
        )
    real = survey_services.send_now

    def flaky(mail):
        if mail.to.startswith("broken"):
            raise MailFailed("451 try later")
        real(mail)

    monkeypatch.setattr(survey_services, "send_now", flaky)
    with app.app_context():
        assert send_everything() == (4, 1)
    monkeypatch.setattr(survey_services, "send_now", real)
    with app.app_context():
        assert send_everything() == (1, 0)  # the retry, alone
        tokens = db.session.execute(db.text("SELECT xmin::text FROM staff_tokens")).scalars().all()
        invitations = db.session.execute(
            db.text("SELECT xmin::text, address, seed FROM survey_invitations")
        ).all()
    assert len(tokens) == 5 and set(tokens) == uploaded
    assert not {stamp for stamp, _address, _seed in invitations} & set(tokens)
    assert {(address, seed) for _stamp, address, seed in invitations} == {("", "")}
    SENT.clear()
