"""Structured application logs (issue #19): one `key=value` line per event, for sign-ins and
their failures, audited actions, mail and SMS sends; never an address, a name, a code, a
token or anything someone typed."""

import logging

from consult.core.events import event_line
from consult.core.mail_outbox import queue_mail, send_outbox
from consult.extensions import db
from consult.polls.sms import Sms, send_sms
from tests.conftest import PASSWORD, submit


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "consult.events"]


def test_only_plain_values_are_written():
    line = event_line(
        "audit.user.created",
        target="user:7",
        actor=3,
        email="arta@istog.example",
        note="two words",
        code="482913",
        done=True,
    )
    assert line == (
        "event=audit.user.created target=user:7 actor=3 email=[dropped] note=[dropped] "
        "code=[dropped] done=true"
    )
    assert event_line("x", path="/a?b=c") == "event=x path=[dropped]"


def test_sign_ins_and_their_failures_are_logged_without_the_address(client, make_user, caplog):
    caplog.set_level(logging.INFO, logger="consult.events")
    email = make_user("officer", email="zyrtari@istog.example")
    submit(client, "/login", {"email": email, "password": "not the password at all"})
    submit(client, "/login", {"email": email, "password": PASSWORD})
    lines = _lines(caplog)
    assert "event=sign_in.refused waiting=false" in lines
    assert any(line.startswith("event=audit.user.login target=user:") for line in lines)
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert "zyrtari" not in everything and PASSWORD not in everything


def test_a_password_link_leaves_no_token_in_the_logs(app, client, make_user, caplog):
    caplog.set_level(logging.INFO)
    email = make_user("officer")
    submit(client, "/password/forgot", {"email": email})
    with app.app_context():
        from sqlalchemy import select

        from consult.core.mail_outbox import OutboxMessage

        body = db.session.scalar(select(OutboxMessage.body))
    token = body.split("/password/reset/")[1].split()[0]
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert token not in everything and email not in everything
    assert any("event=audit.user.password_reset_asked" in line for line in _lines(caplog))


def test_mail_and_sms_sends_are_logged_by_id_only(app, caplog):
    caplog.set_level(logging.INFO, logger="consult.events")
    with app.app_context():
        queue_mail("qytetari@example.org", "Subject", "Kodi: 123456")
        db.session.commit()
        send_outbox()
        send_sms(Sms("+38344123456", "Kodi: 654321"))
    lines = _lines(caplog)
    assert any(line.startswith("event=mail.sent message=") for line in lines)
    assert "event=sms.sent backend=memory" in lines
    everything = " ".join(lines)
    for secret in ("qytetari", "123456", "654321", "+38344123456"):
        assert secret not in everything
