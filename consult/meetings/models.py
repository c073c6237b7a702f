"""Public meetings of any consultation (draft acts and budget hearings alike)."""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import Consultation, LocalCommunity, utcnow
from consult.extensions import db


class Meeting(db.Model):
    """A public meeting: when and where, for whom, its agenda, minutes and attendance."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("attendance_women >= 0", name="women_not_negative"),
        CheckConstraint("attendance_men >= 0", name="men_not_negative"),
        CheckConstraint("attendance_other >= 0", name="other_not_negative"),
        CheckConstraint(
            "announced_on IS NULL OR announced_on <= held_on", name="announced_before_held"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: the day and (local) time it is held
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time | None] = mapped_column(Time)
    #: where, as the invitation says it
    place: Mapped[str] = mapped_column(String(200))
    #: the local community it is held in or for; None for the whole municipality
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    #: who it is for, in the municipality's words (e.g. "youth", "women", "general")
    audience: Mapped[str] = mapped_column(String(40), default="general")
    #: {locale: agenda}
    agenda: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the day it was announced to the public (MS-MEETING-NOTICE); None while not announced
    announced_on: Mapped[dt.date | None] = mapped_column(Date)
    #: {locale: minutes}, written after the meeting
    minutes: Mapped[dict] = mapped_column(JSON, default=dict)
    #: people present, by gender (BH-GENDER)
    attendance_women: Mapped[int] = mapped_column(default=0)
    attendance_men: Mapped[int] = mapped_column(default=0)
    attendance_other: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    local_community: Mapped[LocalCommunity | None] = relationship()

    @property
    def attendance(self) -> int:
        """Everyone present."""
        return self.attendance_women + self.attendance_men + self.attendance_other
