"""A consultation's back office counts its e-mail (issue #19): waiting, sent, and refused by
the mail server with its answer, shown rather than skipped."""

from sqlalchemy import select

from consult.core import mail_outbox
from consult.core.mail import MailFailed
from consult.core.mail_outbox import OutboxMessage, queue_mail, send_everything
from consult.extensions import db


def test_the_consultation_page_counts_its_mail_and_shows_refusals(
    app, client, login, make_consultation, monkeypatch
):
    consultation = make_consultation()
    other = make_consultation()
    with app.app_context():
        queue_mail("a@example.org", "Answer", "Text", consultation)
        queue_mail("refuses@example.org", "Answer", "Text", consultation)
        queue_mail("elsewhere@example.org", "Notice", "Text", other)
        db.session.commit()
    login("admin")
    page = client.get(f"/manage/consultations/{consultation}?lang=en").get_data(as_text=True)
    assert "E-mail about this consultation" in page

    real = mail_outbox.send_now

    def refusing(mail):
        if mail.to.startswith("refuses"):
            raise MailFailed("550 5.1.1 no such user")
        real(mail)

    monkeypatch.setattr(mail_outbox, "send_now", refusing)
    with app.app_context():
        assert send_everything() == (2, 1)
        counts = mail_outbox.outbox_counts(consultation)
        assert (counts.waiting, counts.sent, len(counts.refused)) == (0, 1, 1)
    page = client.get(f"/manage/consultations/{consultation}?lang=en").get_data(as_text=True)
    assert "refuses@example.org" in page and "550 5.1.1 no such user" in page
    assert "elsewhere@example.org" not in page


def test_queued_mail_names_its_consultation(app, make_consultation):
    consultation = make_consultation()
    with app.app_context():
        message = queue_mail("a@example.org", "Answer", "Text", consultation)
        db.session.commit()
        stored = db.session.scalar(select(OutboxMessage.consultation_id))
        assert stored == consultation and message.id
