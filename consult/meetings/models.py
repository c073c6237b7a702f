"""Public meetings: those of a consultation (draft acts and budget hearings alike) and
stand-alone ones (the Mayor's monthly meetings with local communities, information sessions,
the Assembly's sessions), with the registrations of people who want a seat."""

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.labels import HEARING_AUDIENCES, MEETING_AUDIENCE_LABELS, MEETING_FORMAT_LABELS
from consult.core.models import Consultation, Directorate, LocalCommunity, utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.i18n import LOCALES

#: how a meeting is held: in a room, online only, or both (the room and a link to join)
MEETING_FORMATS = tuple(MEETING_FORMAT_LABELS)
#: every audience a meeting may be for: those of the meeting form and those of the budget
#: hearings' plan (a held hearing's meeting keeps its planned audience)
MEETING_AUDIENCES = tuple(dict.fromkeys((*MEETING_AUDIENCE_LABELS, *HEARING_AUDIENCES)))
#: the longest link (online meeting, stream or recording) kept
LINK_MAX_LENGTH = 500


def _web_link(column: str) -> str:
    """SQL: `column` is empty or an http(s) address (the services check the rest)."""
    return f"{column} IS NULL OR {column} LIKE 'https://%' OR {column} LIKE 'http://%'"


class Meeting(MunicipalityOwned, db.Model):
    """A public meeting: when and where, for whom, its agenda, minutes and attendance."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("attendance_women >= 0", name="women_not_negative"),
        CheckConstraint("attendance_men >= 0", name="men_not_negative"),
        CheckConstraint("attendance_other >= 0", name="other_not_negative"),
        CheckConstraint(
            "announced_on IS NULL OR announced_on <= held_on", name="announced_before_held"
        ),
        CheckConstraint(one_of("format", MEETING_FORMATS), name="format_known"),
        CheckConstraint(one_of("audience", MEETING_AUDIENCES), name="audience_known"),
        CheckConstraint(
            "ends_at IS NULL OR (starts_at IS NOT NULL AND ends_at > starts_at)",
            name="ends_after_start",
        ),
        CheckConstraint(_web_link("online_url"), name="online_url_is_web"),
        CheckConstraint(_web_link("stream_url"), name="stream_url_is_web"),
        CheckConstraint("seat_limit IS NULL OR seat_limit > 0", name="seat_limit_positive"),
        CheckConstraint("seat_limit IS NULL OR registration", name="seat_limit_with_registration"),
        CheckConstraint(
            "cancelled_at IS NULL OR announced_on IS NOT NULL", name="cancelled_once_announced"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the consultation it belongs to; None for a stand-alone meeting (the Mayor's meetings
    #: with local communities, information sessions, the Assembly's sessions)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: who organises a stand-alone meeting (its officers manage it); None for the Public
    #: Information Office, the Mayor's office or the Assembly. A consultation's meeting
    #: belongs to the consultation's directorate instead.
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: {locale: title}; a consultation's meeting may go without (it takes the consultation's)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    #: in_person, online or hybrid
    format: Mapped[str] = mapped_column(String(10), default="in_person")
    #: the day and (local) time it is held, and when it ends
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time | None] = mapped_column(Time)
    ends_at: Mapped[dt.time | None] = mapped_column(Time)
    #: where, as the invitation says it ("" for a meeting held online only)
    place: Mapped[str] = mapped_column(String(200), default="")
    #: where to join an online or hybrid meeting (http or https only)
    online_url: Mapped[str | None] = mapped_column(String(LINK_MAX_LENGTH))
    #: where to watch it live or its recording afterwards, e.g. the Assembly's channel
    stream_url: Mapped[str | None] = mapped_column(String(LINK_MAX_LENGTH))
    #: the local community it is held in or for; None for the whole municipality
    local_community_id: Mapped[int | None] = mapped_column(ForeignKey("local_communities.id"))
    #: who it is for, one of MEETING_AUDIENCES (e.g. "youth", "women", "general")
    audience: Mapped[str] = mapped_column(String(40), default="general")
    #: {locale: agenda}
    agenda: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {locale: what the venue and the meeting offer: step-free access, sign language, a
    #: hearing loop...}
    accessibility: Mapped[dict] = mapped_column(JSON, default=dict)
    #: whether people register for a seat (by name and e-mail, confirmed by a link)
    registration: Mapped[bool] = mapped_column(default=False)
    #: the seats people may register for; None without a limit
    seat_limit: Mapped[int | None]
    #: the day it was announced to the public (MS-MEETING-NOTICE); None while not announced
    announced_on: Mapped[dt.date | None] = mapped_column(Date)
    #: when it was called off (it stays on the calendar, marked), and why {locale: text}
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {locale: minutes}, written after the meeting
    minutes: Mapped[dict] = mapped_column(JSON, default=dict)
    #: people present, by gender (BH-GENDER)
    attendance_women: Mapped[int] = mapped_column(default=0)
    attendance_men: Mapped[int] = mapped_column(default=0)
    attendance_other: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    directorate: Mapped[Directorate | None] = relationship()
    local_community: Mapped[LocalCommunity | None] = relationship()

    @property
    def attendance(self) -> int:
        """Everyone present."""
        return self.attendance_women + self.attendance_men + self.attendance_other

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def owner_directorate_id(self) -> int | None:
        """The directorate whose officers manage it: the consultation's, or its own."""
        if self.consultation_id is not None and self.consultation is not None:
            return self.consultation.directorate_id
        return self.directorate_id


class MeetingRegistration(MunicipalityOwned, db.Model):
    """A person who registered for a seat at a meeting. Never shown publicly; deleted some
    days after the meeting (`consult.retention`). Only hashes of the two links' tokens are
    kept: the confirmation link works once, the cancellation link works once."""

    __tablename__ = "meeting_registrations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "email", name="meeting_email_unique"),
        CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("confirmed_at IS NOT NULL OR confirm_hash IS NOT NULL", name="confirmable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: the name on the list at the door
    name: Mapped[str] = mapped_column(String(200))
    #: where the links and any change or cancellation of the meeting go (lower-case)
    email: Mapped[str] = mapped_column(String(254))
    #: the language the person registered in: every e-mail to them is written in it
    locale: Mapped[str] = mapped_column(String(10), default="sq")
    #: SHA-256 of the confirmation link's token; None once confirmed
    confirm_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: SHA-256 of the cancellation link's token
    cancel_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: when the seat was asked for (an unconfirmed registration holds it for a while)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: when the e-mail link was followed; None while unconfirmed
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    meeting: Mapped[Meeting] = relationship()
