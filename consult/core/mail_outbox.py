"""The outbox: mail that must never be lost is stored first and sent by `flask mail send`.

A message that the backend refuses stays in the table with its attempts and last error, and
goes out on a later run.
"""

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
from flask import current_app, has_request_context
from flask.cli import AppGroup
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.events import log_event
from consult.core.kinds import hooks
from consult.core.mail import Mail, MailFailed, send_now
from consult.core.models import utcnow
from consult.core.municipalities import every_municipality, links_on_own_host
from consult.core.tenancy import MunicipalityOwned, serving
from consult.extensions import db


class OutboxMessage(MunicipalityOwned, db.Model):
    """One queued plain-text e-mail."""

    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: recipient address
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: None while the message still waits to go out
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    #: how many times sending was tried
    attempts: Mapped[int] = mapped_column(default=0)
    #: what the backend said the last time it failed
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: the consultation the message is about (an answer, a report, a notice), if any: its
    #: back office counts the messages waiting, sent and refused
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    #: the one-click address that stops this kind of notice (RFC 8058), sent as the
    #: List-Unsubscribe header; None for mail nobody subscribed to (a confirmation link)
    list_unsubscribe: Mapped[str | None] = mapped_column(String(500))


def queue_mail(
    to: str,
    subject: str,
    body: str,
    consultation_id: int | None = None,
    list_unsubscribe: str | None = None,
) -> OutboxMessage:
    """Store a message for the next `flask mail send` (flushed with the request's work); a
    notice gives the one-click address that stops it (`list_unsubscribe`)."""
    message = OutboxMessage(
        to=to,
        subject=subject,
        body=body,
        consultation_id=consultation_id,
        list_unsubscribe=list_unsubscribe,
    )
    db.session.add(message)
    db.session.flush()
    return message


def send_outbox(limit: int = 500) -> tuple[int, int]:
    """Try every unsent message once; returns (sent, failed). Commits after each message so
    one that went out is never sent twice."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    sent = failed = 0
    for message in db.session.scalars(query).all():
        message.attempts += 1
        try:
            send_now(
                Mail(
                    to=message.to,
                    subject=message.subject,
                    body=message.body,
                    list_unsubscribe=message.list_unsubscribe,
                )
            )
        except MailFailed as error:
            message.last_error = str(error)[:2000]
            failed += 1
            log_event("mail.failed", logging.WARNING, message=message.id, attempts=message.attempts)
        else:
            message.sent_at = utcnow()
            message.last_error = ""
            sent += 1
            log_event("mail.sent", message=message.id, attempts=message.attempts)
        db.session.commit()
    return sent, failed


mail_group = AppGroup("mail", help="Send queued e-mail.")


@dataclass(frozen=True)
class OutboxCounts:
    """A consultation's messages: waiting (never tried), sent, and refused at least once and
    still waiting for the next round (`refused` lists them, with the server's last word)."""

    waiting: int
    sent: int
    refused: list[OutboxMessage]


def outbox_counts(consultation_id: int) -> OutboxCounts:
    """How the consultation's e-mail stands (counted in SQL)."""
    about = OutboxMessage.consultation_id == consultation_id
    sent = db.session.scalar(select(func.count()).where(about, OutboxMessage.sent_at.is_not(None)))
    waiting = db.session.scalar(
        select(func.count()).where(
            about, OutboxMessage.sent_at.is_(None), OutboxMessage.attempts == 0
        )
    )
    refused = db.session.scalars(
        select(OutboxMessage)
        .where(about, OutboxMessage.sent_at.is_(None), OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.id)
        .limit(100)
    ).all()
    return OutboxCounts(waiting=waiting, sent=sent, refused=list(refused))


#: where the app keeps the work done before each round of the mail worker
MAIL_ROUNDS = "consult.mail_rounds"


def mail_rounds(app=None) -> list:
    """The functions (no argument) the mail worker calls before each round, in a request
    context on the site's address, each committing its own work: the notices of the
    consultations that opened or closed by their dates (`consult.subscriptions`)."""
    app = app or current_app
    return app.extensions.setdefault(MAIL_ROUNDS, [])


def send_everything(limit: int = 500) -> tuple[int, int]:
    """A round for every municipality of the install (each on its own host, scoped to its own
    rows); (sent, failed) in all."""
    sent = failed = 0
    for municipality in every_municipality():
        with _site_context(municipality.host), serving(municipality.id):
            more_sent, more_failed = _send_round(limit)
        sent, failed = sent + more_sent, failed + more_failed
    return sent, failed


def _send_round(limit: int) -> tuple[int, int]:
    """What is due before the round (`mail_rounds`), the outbox, then every kind's own queue
    (survey invitations); (sent, failed)."""
    for prepare in mail_rounds():
        prepare()
    sent, failed = send_outbox(limit)
    for _kind, send_queued in hooks("send_queued"):
        more_sent, more_failed = send_queued(limit)
        sent, failed = sent + more_sent, failed + more_failed
    return sent, failed


@contextmanager
def _site_context(host: str | None = None) -> Iterator[None]:
    """A request context on the municipality's public address, so that links in mail are
    whole: its host name, else PUBLIC_URL (in development the address `make run` serves)."""
    if has_request_context():
        yield
        return
    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    if host:
        base = f"https://{host}"
    with current_app.test_request_context("/", base_url=base):
        links_on_own_host(host)
        yield


@mail_group.command("send")
@click.option("--limit", default=500, show_default=True, help="At most this many messages.")
@click.option("--watch", is_flag=True, help="Keep running: send again every --interval seconds.")
@click.option("--interval", default=30, show_default=True, help="Seconds between two rounds.")
def send_command(limit: int, watch: bool, interval: int) -> None:
    """Send the outbox and the survey invitations; failed ones stay for the next round."""
    while True:
        sent, failed = send_everything(limit)
        if sent or failed or not watch:  # an idle round of the watching worker says nothing
            click.echo(f"Sent {sent} message(s); {failed} failed and will be retried.")
        db.session.remove()
        if not watch:
            return
        time.sleep(max(1, interval))
