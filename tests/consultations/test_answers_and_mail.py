"""Officers answer every comment; the commenter is e-mailed through the outbox, which survives
a failing mail server and sends on a later run."""

from sqlalchemy import select

from consult.comments.models import Answer
from consult.core import mail
from consult.core.mail_outbox import OutboxMessage, send_outbox
from consult.extensions import db
from tests.conftest import submit
from tests.consultations.helpers import add_comment


def _answer(client, consultation_id, comment_id, **data):
    return submit(
        client,
        f"/manage/draft-acts/comments/{comment_id}/answer",
        {f"c{comment_id}-{name}": value for name, value in data.items()},
        form_url=f"/manage/draft-acts/{consultation_id}/comments?lang=en",
    )


def test_an_answer_needs_a_reason_and_is_emailed_to_the_commenter_who_asked(
    app, client, login, make_consultation
):
    consultation_id = make_consultation()
    comment_id = add_comment(
        app, consultation_id, "Afati është i shkurtër.", language="sq", notify_answer=True
    )
    login("officer")
    _answer(client, consultation_id, comment_id, outcome="rejected")
    with app.app_context():
        assert db.session.scalars(select(Answer)).all() == []
    _answer(
        client,
        consultation_id,
        comment_id,
        outcome="partly_accepted",
        reason_sq="Afati zgjatet për aktet komplekse.",
    )
    with app.app_context():
        answer = db.session.scalars(select(Answer)).one()
        assert answer.outcome == "partly_accepted"
        (message,) = db.session.scalars(select(OutboxMessage)).all()
        assert message.to == "blerta@example.org"
        assert "Afati zgjatet për aktet komplekse." in message.body
        assert "Afati është i shkurtër." in message.body


def test_outbox_keeps_a_message_the_server_refuses_and_sends_it_later(app, runner, monkeypatch):
    with app.app_context():
        db.session.add(OutboxMessage(to="a@example.org", subject="Përgjigja", body="Tekst"))
        db.session.commit()

    def refuse(message):
        raise mail.MailFailed("connection refused")

    monkeypatch.setattr("consult.core.mail_outbox.send_now", refuse)
    result = runner.invoke(args=["mail", "send"])
    assert "Sent 0 message(s); 1 failed" in result.output
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.sent_at is None
        assert message.attempts == 1 and message.last_error == "connection refused"

    monkeypatch.undo()
    mail.SENT.clear()
    result = runner.invoke(args=["mail", "send"])
    assert "Sent 1 message(s); 0 failed" in result.output
    assert [m.to for m in mail.SENT] == ["a@example.org"]
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.sent_at is not None and message.attempts == 2 and message.last_error == ""
        assert send_outbox() == (0, 0)  # a sent message never goes out twice


def test_the_watching_worker_reports_rounds_that_sent_something_and_keeps_quiet_otherwise(
    app, runner, monkeypatch
):
    rounds = []

    def stop_after_two_rounds(_seconds):
        rounds.append(1)
        if len(rounds) == 1:  # a message arrives while the worker waits
            with app.app_context():
                db.session.add(OutboxMessage(to="b@example.org", subject="S", body="T"))
                db.session.commit()
        if len(rounds) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr("consult.core.mail_outbox.time.sleep", stop_after_two_rounds)
    mail.SENT.clear()
    result = runner.invoke(args=["mail", "send", "--watch", "--interval", "1"])
    assert len(rounds) == 3
    # the idle first and third rounds print nothing; the second reports its message
    assert result.output.count("Sent ") == 1
    assert "Sent 1 message(s); 0 failed" in result.output
    assert [m.to for m in mail.SENT] == ["b@example.org"]
