"""The e-mail subscriptions: to the consultations of a directorate (or of every one), or to
one consultation; and the steps of each consultation its subscribers were told of."""

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.models import utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.i18n import LOCALES

#: the steps subscribers are told of: a consultation opens, closes, publishes its report
EVENTS = ("open", "closed", "reported")


class Subscription(MunicipalityOwned, db.Model):
    """A citizen or CSO who follows a directorate (or all), or one consultation, and is
    e-mailed when a consultation opens, closes or publishes its report (and, following one
    consultation, when answers to its comments are published)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
        CheckConstraint("directorate_id IS NULL OR consultation_id IS NULL", name="one_scope"),
        #: a capital project's followers (`consult.investments`) follow that project only
        CheckConstraint("investment_id IS NULL OR directorate_id IS NULL", name="investment_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: where the notices go; never published
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: the directorate followed; None follows every directorate (or one consultation)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the one consultation followed; None follows a directorate (or every one)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    #: the one capital project followed (`consult.investments`): told when its status changes
    investment_id: Mapped[int | None] = mapped_column(
        ForeignKey("capital_investments.id", ondelete="CASCADE"), index=True
    )
    #: the language the notices are written in
    locale: Mapped[str] = mapped_column(String(10), default="sq")
    #: random, for the unsubscribe link in every notice
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when the e-mail link was followed; notices go only to confirmed subscriptions
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: when the follower of one consultation was last told that answers were published (at
    #: most one such notice every FOLLOW_ANSWERS_NOTICE_HOURS)
    answers_noticed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ConsultationNotice(MunicipalityOwned, db.Model):
    """A step of a consultation its subscribers were told of, once: by the officer's step or
    by its dates (a consultation announced with an opening date opens on that day)."""

    __tablename__ = "consultation_notices"
    __table_args__ = (
        CheckConstraint(one_of("event", EVENTS), name="event_known"),
        UniqueConstraint("consultation_id", "event", name="one_notice_per_step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(20))
    noticed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
