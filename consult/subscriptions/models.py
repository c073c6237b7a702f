"""The e-mail subscriptions to the consultations of a directorate (or of every one)."""

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.models import utcnow
from consult.core.records import one_of
from consult.extensions import db
from consult.i18n import LOCALES


class Subscription(db.Model):
    """A citizen or CSO who follows a directorate (or all) and is e-mailed when one of its
    consultations opens, closes or publishes its report."""

    __tablename__ = "subscriptions"
    __table_args__ = (CheckConstraint(one_of("locale", LOCALES), name="locale_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: where the notices go; never published
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: the directorate followed; None follows every directorate
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the language the notices are written in
    locale: Mapped[str] = mapped_column(String(10), default="sq")
    #: random, for the unsubscribe link in every notice
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when the e-mail link was followed; notices go only to confirmed subscriptions
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
