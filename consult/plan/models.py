"""The annual consultation plan (MS-PLAN)."""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import Consultation, Directorate, utcnow
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db

QUARTERS = (1, 2, 3, 4)


class PlanEntry(MunicipalityOwned, db.Model):
    """One line of a year's annual consultation plan (MS-PLAN), linked to its consultation
    once that exists."""

    __tablename__ = "plan_entries"
    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
        CheckConstraint(
            "kind IN ('draft_act', 'budget_hearing', 'capital_poll', 'survey')", name="kind_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    #: {locale: title} of the act or process to be consulted on
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the quarter of the year the consultation is planned for
    quarter: Mapped[int]
    #: the kind of consultation planned
    kind: Mapped[str] = mapped_column(String(20))
    #: the consultation that carries out this entry; one entry per consultation
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    directorate: Mapped[Directorate | None] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
