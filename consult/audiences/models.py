"""The audience lists, their members with the record of each one's consent, the messages sent
to them, and who each message went to (as ids and an unsubscribe token's hash, never an
address: the address of a message is the outbox's, erased when its member leaves)."""

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.auth.models import User
from consult.core.labels import AUDIENCE_LIST_TYPES, CONSENT_WAYS, SECTORS
from consult.core.models import Consultation, utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.i18n import LOCALES
from consult.meetings.models import Meeting


class AudienceList(MunicipalityOwned, db.Model):
    """An e-mail list of one audience of the strategy, kept by the Public Information Office."""

    __tablename__ = "audience_lists"
    __table_args__ = (
        CheckConstraint(one_of("audience", AUDIENCE_LIST_TYPES), name="audience_known"),
        CheckConstraint(f"sector IS NULL OR {one_of('sector', SECTORS)}", name="sector_known"),
        CheckConstraint("sector IS NULL OR audience = 'cso'", name="sector_of_organisations"),
        CheckConstraint("unsubscribed >= 0", name="unsubscribed_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: {locale: name}, shown on the public "Join a list" page when the list is open
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    #: one of AUDIENCE_LIST_TYPES (core/labels.py)
    audience: Mapped[str] = mapped_column(String(30))
    #: the sector of a list of civil-society organisations (SECTOR_LABELS); None for all
    sector: Mapped[str | None] = mapped_column(String(30))
    #: whether anyone may sign up on the public page (confirmed by an e-mailed link)
    open_to_public: Mapped[bool] = mapped_column(default=False)
    #: how many members left by unsubscribing: their addresses are erased, the count stays
    unsubscribed: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AudienceMember(MunicipalityOwned, db.Model):
    """A person or an organisation on a list, with the record of their consent. Only a
    confirmed member receives messages: one an officer recorded (paper form, e-mail request,
    the organisation's public contact) is confirmed at once; one who signed up on the public
    page once the e-mailed link was followed. Never shown publicly."""

    __tablename__ = "audience_members"
    __table_args__ = (
        UniqueConstraint("list_id", "email", name="list_email_unique"),
        CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
        CheckConstraint(one_of("consent_how", CONSENT_WAYS), name="consent_how_known"),
        CheckConstraint(
            "(consent_how = 'web' AND recorded_by_id IS NULL)"
            " OR (consent_how <> 'web' AND recorded_by_id IS NOT NULL)",
            name="web_consent_given_in_person",
        ),
        CheckConstraint(
            "confirmed_at IS NOT NULL OR (consent_how = 'web' AND confirm_hash IS NOT NULL)",
            name="confirmable",
        ),
        CheckConstraint("confirmed_at IS NULL OR consent_on IS NOT NULL", name="consent_dated"),
        CheckConstraint("length(email) > 2", name="email_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("audience_lists.id", ondelete="CASCADE"), index=True
    )
    #: a person's or an organisation's name, if given ("" if not)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: where the messages go (lower-case); never published
    email: Mapped[str] = mapped_column(String(254))
    #: the language the member reads: every message is sent in it (Albanian if not written)
    locale: Mapped[str] = mapped_column(String(10), default="sq")
    #: how the member agreed: web (double opt-in), paper, email_request, public_contact
    consent_how: Mapped[str] = mapped_column(String(20))
    #: since when the member agrees: the day on the paper form or of the request, or the day
    #: the sign-up link was followed; None while a sign-up waits for its link
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    #: the officer who recorded the consent; None for a sign-up on the public page
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: when the member was added or signed up (an unconfirmed sign-up expires from it)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: SHA-256 of the sign-up link's token (one link confirms every list chosen at once);
    #: None once confirmed
    confirm_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: when the member started to count (at once when an officer recorded the consent)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    audience_list: Mapped[AudienceList] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class AudienceSend(MunicipalityOwned, db.Model):
    """An invitation or a newsletter to one or more lists: written in every official language,
    perhaps about a consultation or a meeting; a draft until it is queued."""

    __tablename__ = "audience_sends"
    __table_args__ = (
        CheckConstraint(
            "consultation_id IS NULL OR meeting_id IS NULL", name="about_one_thing_at_most"
        ),
        CheckConstraint("(queued_at IS NULL) = (queued_by_id IS NULL)", name="queued_by_someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: {locale: subject}
    subject: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {locale: text}, plain text
    body: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the consultation it invites to, if any (a link to its page ends the message)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL")
    )
    #: the public meeting it invites to, if any
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when its messages went into the outbox; None while it is a draft
    queued_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    queued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    lists: Mapped[list[AudienceList]] = relationship(
        secondary="audience_send_lists", order_by=AudienceList.id
    )


class AudienceSendList(MunicipalityOwned, db.Model):
    """A list a message is sent to."""

    __tablename__ = "audience_send_lists"

    send_id: Mapped[int] = mapped_column(
        ForeignKey("audience_sends.id", ondelete="CASCADE"), primary_key=True
    )
    list_id: Mapped[int] = mapped_column(
        ForeignKey("audience_lists.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AudienceRecipient(MunicipalityOwned, db.Model):
    """One message of a send: one person, however many of the send's lists they are on. Its
    address is the outbox message's; here only the hash of its unsubscribe link's token."""

    __tablename__ = "audience_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    send_id: Mapped[int] = mapped_column(
        ForeignKey("audience_sends.id", ondelete="CASCADE"), index=True
    )
    #: the message in the outbox (its state: waiting, sent, refused); None once the outbox
    #: has deleted it (DATA_RETENTION_MONTHS)
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), unique=True
    )
    #: SHA-256 of the token in the message's unsubscribe link
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: when its link was used
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AudienceDelivery(MunicipalityOwned, db.Model):
    """Which list (and member of it) a message went to, so that each list counts its own
    messages and its members who have unsubscribed since."""

    __tablename__ = "audience_deliveries"

    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("audience_recipients.id", ondelete="CASCADE"), primary_key=True
    )
    list_id: Mapped[int] = mapped_column(
        ForeignKey("audience_lists.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: the member it went to; None once the member left the list (or was removed)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("audience_members.id", ondelete="SET NULL"), index=True
    )
    #: when that member unsubscribed (from this message or a later one)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AudiencePendingImport(MunicipalityOwned, db.Model):
    """A CSV file an officer has previewed and not yet imported (or abandoned): kept for the
    confirmation only, deleted when imported and by `flask purge-personal-data` a day later."""

    __tablename__ = "audience_pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("audience_lists.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the file's text, read again (and checked again) when the officer imports it
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
