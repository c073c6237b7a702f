"""The register of capital investments: one public record per funded project, followed to the
end, with the dated history of its status and its photos.

The database holds the rules a record must keep (CHECK constraints): progress from 0 to 100 %,
nothing negative spent, a completed project at 100 %, a cancelled one with its reason, dates
that do not run backwards. A record made from a consultation's decision carries its `source`
(`consult.core.funded.FundedProject.source`), UNIQUE: a project is never recorded twice.
Amounts are euros (`Amount`: whole, or with cents), the municipality's currency.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import (
    Consultation,
    Directorate,
    LocalCommunity,
    Translated,
    utcnow,
)
from consult.core.money import Amount, ExactAmount
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db

#: a project's course, in order: planned, in procurement, under construction, then completed
#: (or cancelled at any point)
INVESTMENT_STATUSES = ("planned", "procurement", "construction", "completed", "cancelled")
#: the statuses a project can still move on from
UNDER_WAY = ("planned", "procurement", "construction")
PHOTO_TYPES = ("jpeg", "png")
#: the years a record may name
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _given(column: str) -> str:
    """SQL: a {locale: text} column holds at least one language (JSON compared as text works
    on SQLite and PostgreSQL alike)."""
    return f"CAST({column} AS TEXT) NOT IN ('{{}}', 'null', '', '\"\"')"


def _in_order(earlier: str, later: str) -> str:
    return f"{earlier} IS NULL OR {later} IS NULL OR {later} >= {earlier}"


class Investment(MunicipalityOwned, db.Model):
    """A capital project followed from its planning to its end, in public."""

    __tablename__ = "capital_investments"
    __table_args__ = (
        CheckConstraint(one_of("status", INVESTMENT_STATUSES), name="status_known"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_in_range"),
        CheckConstraint("status <> 'completed' OR progress = 100", name="completed_at_100"),
        CheckConstraint(
            f"status <> 'cancelled' OR {_given('cancel_reason')}", name="cancelled_has_reason"
        ),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint("spent >= 0", name="spent_not_negative"),
        CheckConstraint(
            f"year_start >= {FIRST_YEAR} AND year_end <= {LAST_YEAR} AND year_end >= year_start",
            name="years_in_order",
        ),
        CheckConstraint(_in_order("planned_start", "planned_end"), name="planned_in_order"),
        CheckConstraint(_in_order("actual_start", "actual_end"), name="actual_in_order"),
        CheckConstraint(_given("title"), name="title_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: {locale: title}
    title: Mapped[dict] = mapped_column(Translated, default=dict)
    #: {locale: what is built}, optional
    description: Mapped[dict] = mapped_column(Translated, default=dict)
    #: where; None for the whole municipality
    local_community_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_communities.id"), index=True
    )
    #: the directorate that carries it out (its officers keep the record); None: the Public
    #: Information Office keeps it
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"), index=True)
    #: the consultation it came from (a poll, a budget hearing), if any
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: the decision it was made from (`FundedProject.source`), e.g. "poll_project:12"; None
    #: for a record made by hand
    source: Mapped[str | None] = mapped_column(String(60), unique=True)
    #: the budget years it runs over
    year_start: Mapped[int]
    year_end: Mapped[int]
    #: one of INVESTMENT_STATUSES
    status: Mapped[str] = mapped_column(String(20), default="planned")
    #: {locale: why it was cancelled}; every official language once cancelled
    cancel_reason: Mapped[dict] = mapped_column(JSON, default=dict)
    #: how far the works are, 0-100 %
    progress: Mapped[int] = mapped_column(default=0)
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_end: Mapped[dt.date | None] = mapped_column(Date)
    #: in euros
    budget: Mapped[ExactAmount] = mapped_column(Amount)
    #: spent so far, in euros
    spent: Mapped[ExactAmount] = mapped_column(Amount, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    local_community: Mapped[LocalCommunity | None] = relationship()
    directorate: Mapped[Directorate | None] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    events: Mapped[list["InvestmentEvent"]] = relationship(
        back_populates="investment",
        order_by=lambda: (InvestmentEvent.changed_on, InvestmentEvent.id),
        cascade="all, delete-orphan",
    )
    photos: Mapped[list["InvestmentPhoto"]] = relationship(
        back_populates="investment", order_by="InvestmentPhoto.id", cascade="all, delete-orphan"
    )

    @property
    def years(self) -> str:
        """ "2024" or "2024–2026"."""
        if self.year_start == self.year_end:
            return str(self.year_start)
        return f"{self.year_start}\u2013{self.year_end}"


class InvestmentEvent(MunicipalityOwned, db.Model):
    """A dated change of a record's status, with the officer's note (the public history)."""

    __tablename__ = "capital_investment_events"
    __table_args__ = (
        CheckConstraint(one_of("to_status", INVESTMENT_STATUSES), name="to_status_known"),
        CheckConstraint(one_of("from_status", INVESTMENT_STATUSES), name="from_status_known"),
        CheckConstraint("from_status <> to_status", name="status_changes"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("capital_investments.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    #: the day it happened (the officer says; never after the day it was recorded)
    changed_on: Mapped[dt.date] = mapped_column(Date)
    #: the progress at the change
    progress: Mapped[int] = mapped_column(default=0)
    #: {locale: note}, optional
    note: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    investment: Mapped[Investment] = relationship(back_populates="events")


def new_photo_name() -> str:
    """A random file name: nothing of the upload's own name is kept."""
    return uuid.uuid4().hex


class InvestmentPhoto(MunicipalityOwned, db.Model):
    """A photo of the works, re-encoded without metadata, with its text alternative in every
    official language."""

    __tablename__ = "capital_investment_photos"
    __table_args__ = (
        CheckConstraint(one_of("photo_type", PHOTO_TYPES), name="photo_type_known"),
        CheckConstraint("size_bytes > 0", name="not_empty"),
        CheckConstraint(_given("alt"), name="alt_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    investment_id: Mapped[int] = mapped_column(ForeignKey("capital_investments.id"), index=True)
    #: random name under UPLOAD_FOLDER/investments
    stored_name: Mapped[str] = mapped_column(String(64), unique=True, default=new_photo_name)
    #: jpeg or png, as found in the content
    photo_type: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int]
    #: {locale: what the photo shows}, for readers who cannot see it
    alt: Mapped[dict] = mapped_column(JSON, default=dict)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    investment: Mapped[Investment] = relationship(back_populates="photos")
