"""Sending e-mail through the configured backend: SMTP in production, the console in
development, an in-memory list in tests.

`send_now()` sends at once and keeps nothing (used where storing the message would break
anonymity, such as staff survey access codes). Notifications that must never be lost go through
the outbox (see the draft-act feature), which calls `send_now()` for each queued message.
"""

import smtplib
import sys
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from flask import current_app

#: messages "sent" by the memory backend, for tests
SENT: list["Mail"] = []
#: the headers of a notice are written whole up to SMTP's line limit (RFC 5322)
LONG_HEADERS = policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Mail:
    """One plain-text message; a notice someone may stop names the one-click address that
    stops it (`list_unsubscribe`, RFC 8058), which goes out as the List-Unsubscribe and
    List-Unsubscribe-Post headers."""

    to: str
    subject: str
    body: str
    list_unsubscribe: str | None = None


class MailFailed(Exception):
    """The backend could not hand the message over."""


def send_now(mail: Mail) -> None:
    """Hand `mail` to the configured backend; raises MailFailed when it cannot."""
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        SENT.append(mail)
    elif backend == "console":
        _print(mail)
    elif backend == "smtp":
        _send_smtp(mail)
    else:
        raise MailFailed(f"unknown mail backend {backend!r}")


def _as_email(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    if mail.list_unsubscribe:
        # RFC 2369 and RFC 8058: the mail program shows "Unsubscribe" and POSTs
        # "List-Unsubscribe=One-Click" to the address, with no page to go through
        message["List-Unsubscribe"] = f"<{mail.list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body)
    if mail.list_unsubscribe:
        # an address has no space to fold the header at: under the default 78 characters it
        # would go out encoded (RFC 2047), which mail programs do not read as an address; the
        # body is encoded already, so only the headers take SMTP's own limit of 998
        message.policy = LONG_HEADERS
    return message


def _print(mail: Mail) -> None:
    sys.stdout.write(f"--- mail ---\n{_as_email(mail)}\n--- end ---\n")


def _send_smtp(mail: Mail) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(_as_email(mail))
    except (OSError, smtplib.SMTPException) as error:
        raise MailFailed(str(error)) from error
