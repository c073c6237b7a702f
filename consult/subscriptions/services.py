"""E-mail subscriptions: a citizen or a CSO follows a directorate (or every one), or one
consultation, and is told when a consultation opens, closes or publishes its report; the
follower of one consultation is also told when answers to its comments are published.

Every notice carries the link that ends the subscription, and the one-click address of
RFC 8058 for the mail program's own "Unsubscribe" button (`OutboxMessage.list_unsubscribe`).
Each step of a consultation is told once (`ConsultationNotice`), whether an officer took the
step or its dates did (`notify_due`, run by the mail worker before each round).

Plain functions over the models; they `flush()` and never commit (the caller commits once).
Links are made with `url_for`, so they run in a request (or the mail worker's site context).
"""

import datetime as dt
import secrets
from collections.abc import Callable

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from consult.core.mail_outbox import queue_mail
from consult.core.models import Consultation, utcnow
from consult.core.services import stage_on
from consult.extensions import db
from consult.i18n import localize
from consult.subscriptions.models import EVENTS, ConsultationNotice, Subscription

__all__ = ["EVENTS"]


def subscribe(
    email: str,
    directorate_id: int | None,
    locale: str,
    consultation_id: int | None = None,
    investment_id: int | None = None,
) -> Subscription:
    """A new, unconfirmed subscription to a directorate (None: every one), to one
    consultation or to one capital project (`consult.investments`) (or the existing one for
    the same address and scope, so subscribing twice is harmless)."""
    email = email.strip().lower()
    query = select(Subscription).where(
        Subscription.email == email,
        _same(Subscription.directorate_id, directorate_id),
        _same(Subscription.consultation_id, consultation_id),
        _same(Subscription.investment_id, investment_id),
    )
    subscription = db.session.scalar(query)
    if subscription is None:
        subscription = Subscription(
            email=email,
            directorate_id=directorate_id,
            consultation_id=consultation_id,
            investment_id=investment_id,
            locale=locale,
            token=secrets.token_urlsafe(32),
        )
        db.session.add(subscription)
        db.session.flush()
    return subscription


def _same(column, value: int | None):
    return column.is_(None) if value is None else column == value


def confirm_subscription(subscription: Subscription) -> bool:
    """The e-mail link was followed: notices start. False if it was confirmed before."""
    if subscription.confirmed_at is not None:
        return False
    subscription.confirmed_at = utcnow()
    db.session.flush()
    return True


def unsubscribe(subscription: Subscription) -> None:
    """Delete the subscription and the address with it."""
    db.session.delete(subscription)
    db.session.flush()


def by_token(token: str) -> Subscription | None:
    """The subscription whose unsubscribe token is `token` (None for any other string)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Subscription).where(Subscription.token == token))


# ---------------------------------------------------------------- links in the notices


def unsubscribe_url(token: str) -> str:
    """The link, in a notice's text, to the page that ends the subscription with `token`."""
    return url_for("subscriptions.unsubscribe", token=token, _external=True)


def one_click_url(token: str) -> str:
    """The address the mail program POSTs to (RFC 8058) to end the subscription at once."""
    return url_for("subscriptions.one_click_unsubscribe", token=token, _external=True)


def consultation_url(consultation: Consultation, locale: str) -> str:
    """The consultation's public page in `locale`."""
    return url_for(
        "public.consultation", consultation_id=consultation.id, lang=locale, _external=True
    )


def _queue_notice(subscription: Subscription, subject: str, text: str, consultation_id: int):
    """Queue `text` to the subscriber with the way out under it and in the headers."""
    body = _(
        "%(notice)s\n\nTo stop these messages: %(link)s",
        notice=text,
        link=unsubscribe_url(subscription.token),
    )
    queue_mail(
        subscription.email,
        subject,
        body,
        consultation_id,
        list_unsubscribe=one_click_url(subscription.token),
    )


# ---------------------------------------------------------------- the steps of a consultation


def _event_subject(event: str, title: str) -> str:
    if event == "open":
        return _("“%(title)s” is open for comments", title=title)
    if event == "closed":
        return _("“%(title)s” is closed", title=title)
    return _("The report on “%(title)s” is published", title=title)


def subscribers_of(consultation: Consultation) -> list[Subscription]:
    """The confirmed subscriptions that hear of the consultation's steps, one per address:
    its followers, its directorate's and every directorate's subscribers."""
    query = select(Subscription).where(
        Subscription.confirmed_at.is_not(None),
        or_(
            Subscription.consultation_id == consultation.id,
            (Subscription.consultation_id.is_(None))
            & (Subscription.investment_id.is_(None))
            & (
                Subscription.directorate_id.is_(None)
                | (Subscription.directorate_id == consultation.directorate_id)
            ),
        ),
    )
    addresses: dict[str, Subscription] = {}
    for subscription in db.session.scalars(query.order_by(Subscription.id)):
        addresses.setdefault(subscription.email, subscription)
    return list(addresses.values())


def notify_subscribers(consultation: Consultation, event: str) -> int:
    """Queue one notice of `event` (of EVENTS) per subscriber of the consultation; how many."""
    subscribers = subscribers_of(consultation)
    for subscription in subscribers:
        with force_locale(subscription.locale):
            title = localize(consultation.title, subscription.locale).text
            text = _(
                "%(title)s\n\n%(summary)s\n\n%(link)s",
                title=title,
                summary=localize(consultation.summary, subscription.locale).text,
                link=consultation_url(consultation, subscription.locale),
            )
            _queue_notice(subscription, _event_subject(event, title), text, consultation.id)
    return len(subscribers)


def notify_step(consultation: Consultation, event: str) -> bool:
    """Tell the subscribers of the consultation's step `event`, once: False (and nothing
    sent) when they were told of it before, or for a step they are not told of."""
    if event not in EVENTS or not consultation.is_public:
        return False
    told = db.session.scalar(
        select(ConsultationNotice.id).where(
            ConsultationNotice.consultation_id == consultation.id,
            ConsultationNotice.event == event,
        )
    )
    if told is not None:
        return False
    db.session.add(ConsultationNotice(consultation_id=consultation.id, event=event))
    db.session.flush()
    notify_subscribers(consultation, event)
    return True


def followers_of(consultation: Consultation) -> list[Subscription]:
    """The confirmed followers of this one consultation, one per address."""
    query = select(Subscription).where(
        Subscription.confirmed_at.is_not(None),
        Subscription.consultation_id == consultation.id,
    )
    addresses: dict[str, Subscription] = {}
    for subscription in db.session.scalars(query.order_by(Subscription.id)):
        addresses.setdefault(subscription.email, subscription)
    return list(addresses.values())


def _version_subject(adopted: bool, title: str) -> str:
    if adopted:
        return _("“%(title)s” is adopted", title=title)
    return _("A revised draft of “%(title)s” is published", title=title)


def notify_new_version(
    consultation: Consultation, number: int, adopted: bool, link_for: Callable[[str], str]
) -> int:
    """Tell the followers of a draft act that version `number` is published (a revised draft,
    or the adopted text), each in their language with `link_for(locale)` to it; how many."""
    followers = followers_of(consultation)
    for subscription in followers:
        with force_locale(subscription.locale):
            title = localize(consultation.title, subscription.locale).text
            if adopted:
                news = _(
                    "The municipality has adopted the act; its text is version %(number)s.",
                    number=number,
                )
            else:
                news = _(
                    "Version %(number)s of the draft is published, "
                    "with the comments behind each change.",
                    number=number,
                )
            text = _(
                "%(title)s\n\n%(news)s\n\n%(link)s",
                title=title,
                news=news,
                link=link_for(subscription.locale),
            )
            _queue_notice(subscription, _version_subject(adopted, title), text, consultation.id)
    return len(followers)


#: a step the dates took longer ago than this is history, not news (nor told when the
#: feature is first switched on)
DUE_DAYS = 3


def due_steps(today: dt.date) -> list[tuple[Consultation, str]]:
    """The published consultations whose dates opened or closed them in the last DUE_DAYS
    without their subscribers being told yet: (consultation, "open" or "closed")."""
    told = {
        (row.consultation_id, row.event)
        for row in db.session.execute(
            select(ConsultationNotice.consultation_id, ConsultationNotice.event)
        )
    }
    query = select(Consultation).where(
        Consultation.is_public, Consultation.status.in_(("announced", "open"))
    )
    due = []
    for consultation in db.session.scalars(query.order_by(Consultation.id)):
        stage = stage_on(consultation, today)
        day = consultation.opens_at if stage == "open" else consultation.closes_at
        recent = day is not None and day >= today - dt.timedelta(days=DUE_DAYS)
        if stage in ("open", "closed") and recent and (consultation.id, stage) not in told:
            # a consultation that opened and closed between two rounds is told it closed
            due.append((consultation, stage))
    return due


def notify_due(today: dt.date | None = None) -> int:
    """Tell the subscribers of every step the dates took (see `due_steps`); how many steps."""
    steps = due_steps(today or dt.date.today())
    for consultation, event in steps:
        notify_step(consultation, event)
    return len(steps)


# ---------------------------------------------------------------- answers published


def notify_answers(consultation: Consultation, now: dt.datetime | None = None) -> int:
    """The followers of `consultation` hear that answers to its comments are published: at
    most one notice every FOLLOW_ANSWERS_NOTICE_HOURS each, so that an officer answering
    fifty comments sends one. How many were queued."""
    now = now or utcnow()
    hours = current_app.config["FOLLOW_ANSWERS_NOTICE_HOURS"]
    since = now - dt.timedelta(hours=hours)
    query = select(Subscription).where(
        Subscription.consultation_id == consultation.id,
        Subscription.confirmed_at.is_not(None),
        Subscription.answers_noticed_at.is_(None) | (Subscription.answers_noticed_at <= since),
    )
    followers = list(db.session.scalars(query.order_by(Subscription.id)))
    for subscription in followers:
        subscription.answers_noticed_at = now
        with force_locale(subscription.locale):
            title = localize(consultation.title, subscription.locale).text
            text = _(
                "The municipality is publishing its answers to the comments on “%(title)s”, "
                "each with its reason. Read them on the consultation's page:\n%(link)s",
                title=title,
                link=consultation_url(consultation, subscription.locale),
            )
            subject = _("Answers to the comments on “%(title)s”", title=title)
            _queue_notice(subscription, subject, text, consultation.id)
    db.session.flush()
    return len(followers)
