"""Following a capital project by e-mail, through the e-mail subscriptions
(`consult.subscriptions`): a follow is a `Subscription` of one project (`investment_id`), with
the same double opt-in (a link to confirm, mailed in the follower's language), the same link
that ends it and the mail program's one-click button (RFC 8058) in every notice.

Confirmed followers are told, in the language they followed in, whenever the project's status
changes: the new status, its day, the officer's note and the progress. When the project ends
(completed or cancelled) that notice is the last one: the follows of the project are deleted
with it, since they have served their purpose.
"""

from flask import url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import delete, select

from consult.core.mail_outbox import queue_mail
from consult.extensions import db
from consult.i18n import localize
from consult.investments.labels import INVESTMENT_STATUS_LABELS
from consult.investments.models import Investment, InvestmentEvent
from consult.subscriptions import services as subscriptions
from consult.subscriptions.models import Subscription
from consult.subscriptions.views import _subscription_serializer  # the one confirmation link

#: statuses after which nothing more happens to a project
ENDED = ("completed", "cancelled")


def may_follow(record: Investment) -> bool:
    """A project can be followed until it has ended."""
    return record.status not in ENDED


def follow(record: Investment, email: str, locale: str) -> Subscription:
    """The (new or existing) follow of `record` by `email`; an unconfirmed one is mailed the
    link that confirms it, in `locale`. A confirmed one gets nothing, and the page says the
    same either way, so nobody learns who follows what."""
    subscription = subscriptions.subscribe(email, None, locale, investment_id=record.id)
    if subscription.confirmed_at is None:
        link = url_for(
            "subscriptions.confirm_subscription",
            token=_subscription_serializer().dumps(subscription.id),
            _external=True,
        )
        title = localize(record.title, locale).text
        queue_mail(
            subscription.email,
            _("Confirm that you follow “%(title)s”", title=title),
            _(
                "Follow this link within seven days to be told by e-mail whenever the status "
                "of the capital project “%(title)s” changes:\n%(link)s\n\n"
                "If you did not ask for this, ignore this message.",
                title=title,
                link=link,
            ),
        )
    return subscription


def followers(record: Investment) -> list[Subscription]:
    """The confirmed follows of `record`, one per address."""
    query = select(Subscription).where(
        Subscription.investment_id == record.id, Subscription.confirmed_at.is_not(None)
    )
    addresses: dict[str, Subscription] = {}
    for subscription in db.session.scalars(query.order_by(Subscription.id)):
        addresses.setdefault(subscription.email, subscription)
    return list(addresses.values())


def notify_followers(record: Investment, event: InvestmentEvent) -> int:
    """Queue one notice of the status change `event` per confirmed follower, in their
    language; how many. After the project's last change (it ended) its follows are deleted."""
    ended = event.to_status in ENDED
    told = followers(record)
    for subscription in told:
        locale = subscription.locale
        with force_locale(locale):
            title = localize(record.title, locale).text
            status = str(INVESTMENT_STATUS_LABELS[event.to_status])
            parts = [
                _(
                    "The capital project “%(title)s” is now: %(status)s (since %(day)s). "
                    "Progress: %(progress)s %%.",
                    title=title,
                    status=status,
                    day=format_date(event.changed_on, "long"),
                    progress=event.progress,
                )
            ]
            note = localize(event.note, locale).text
            if note:
                parts.append(note)
            parts.append(
                url_for(
                    "investments.investment", investment_id=record.id, lang=locale, _external=True
                )
            )
            if ended:
                parts.append(
                    _(
                        "This is the last notice about this project: it has ended, so your "
                        "address is no longer kept for it."
                    )
                )
            else:
                parts.append(
                    _(
                        "To stop these messages: %(link)s",
                        link=subscriptions.unsubscribe_url(subscription.token),
                    )
                )
            queue_mail(
                subscription.email,
                _("“%(title)s”: %(status)s", title=title, status=status),
                "\n\n".join(parts),
                list_unsubscribe=None if ended else subscriptions.one_click_url(subscription.token),
            )
    if ended:
        db.session.execute(delete(Subscription).where(Subscription.investment_id == record.id))
        db.session.flush()
    return len(told)
