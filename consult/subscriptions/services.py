"""E-mail subscriptions: a citizen or a CSO follows a directorate (or every one) and is told
when one of its consultations opens, closes or publishes its report.

Plain functions over the models; they `flush()` and never commit (the view commits once).
"""

import secrets
from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, utcnow
from consult.extensions import db
from consult.i18n import localize
from consult.subscriptions.models import Subscription


def subscribe(email: str, directorate_id: int | None, locale: str) -> Subscription:
    """A new, unconfirmed subscription (or the existing one for the same address and
    directorate, so subscribing twice is harmless)."""
    email = email.strip().lower()
    query = select(Subscription).where(
        Subscription.email == email,
        Subscription.directorate_id.is_(None)
        if directorate_id is None
        else Subscription.directorate_id == directorate_id,
    )
    subscription = db.session.scalar(query)
    if subscription is None:
        subscription = Subscription(
            email=email,
            directorate_id=directorate_id,
            locale=locale,
            token=secrets.token_urlsafe(32),
        )
        db.session.add(subscription)
        db.session.flush()
    return subscription


def confirm_subscription(subscription: Subscription) -> None:
    """The e-mail link was followed: notices start."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
        db.session.flush()


def unsubscribe(subscription: Subscription) -> None:
    """Delete the subscription and the address with it."""
    db.session.delete(subscription)
    db.session.flush()


EVENTS = ("open", "closed", "reported")


def _event_subject(event: str, title: str) -> str:
    if event == "open":
        return _("“%(title)s” is open for comments", title=title)
    if event == "closed":
        return _("“%(title)s” is closed", title=title)
    return _("The report on “%(title)s” is published", title=title)


def notify_subscribers(
    consultation: Consultation, event: str, unsubscribe_url: Callable[[str], str]
) -> int:
    """Queue one notice per confirmed subscriber following the consultation's directorate;
    `unsubscribe_url(token)` gives the link that ends a subscription."""
    query = select(Subscription).where(
        Subscription.confirmed_at.is_not(None),
        (Subscription.directorate_id.is_(None))
        | (Subscription.directorate_id == consultation.directorate_id),
    )
    addresses: dict[str, Subscription] = {}
    for subscription in db.session.scalars(query.order_by(Subscription.id)):
        addresses.setdefault(subscription.email, subscription)
    for subscription in addresses.values():
        with force_locale(subscription.locale):
            title = localize(consultation.title, subscription.locale).text
            body = _(
                "%(title)s\n\n%(summary)s\n\nTo stop these messages: %(link)s",
                title=title,
                summary=localize(consultation.summary, subscription.locale).text,
                link=unsubscribe_url(subscription.token),
            )
            queue_mail(subscription.email, _event_subject(event, title), body, consultation.id)
    return len(addresses)
