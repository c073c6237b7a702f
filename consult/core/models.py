"""Shared domain models: directorates, local communities, consultations, documents and the
audit log (organisations are `consult.organisations.models`)."""

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    cast,
    extract,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.records import one_of
from consult.core.revisions import UNKNOWN_REVISION, new_revision
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db

if TYPE_CHECKING:
    from consult.auth.models import User

CONSULTATION_KINDS = ("draft_act", "budget_hearing", "capital_poll", "survey")
CONSULTATION_STATUSES = ("draft", "announced", "open", "closed", "reported")
DOCUMENT_ROLES = ("draft", "explanatory_note", "other")

#: a `{locale: text}` value written by people; see `consult.i18n.localize`
Translated = JSON


def utcnow() -> dt.datetime:
    """The current time in UTC, without tzinfo (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Directorate(MunicipalityOwned, db.Model):
    """A municipal directorate (drejtori), responsible for consultations."""

    __tablename__ = "directorates"
    __table_args__ = (
        UniqueConstraint("municipality_id", "code", name="uq_directorates_municipality_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short stable code used in imports and URLs, e.g. "EDU"; unique in its municipality
    code: Mapped[str] = mapped_column(String(20))
    #: {locale: name}
    name: Mapped[dict] = mapped_column(Translated)


class LocalCommunity(MunicipalityOwned, db.Model):
    """A local community (bashkësi lokale): the town or a village."""

    __tablename__ = "local_communities"
    __table_args__ = (CheckConstraint("population >= 0", name="population_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: {locale: name}
    name: Mapped[dict] = mapped_column(Translated)
    #: inhabitants at the last census, for representation analytics
    population: Mapped[int] = mapped_column(default=0)


class Consultation(MunicipalityOwned, db.Model):
    """One public consultation process of any kind, with its lifecycle dates."""

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint(one_of("kind", CONSULTATION_KINDS), name="kind_known"),
        CheckConstraint(one_of("status", CONSULTATION_STATUSES), name="status_known"),
        CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at >= opens_at",
            name="closes_after_opening",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: {locale: text} for title, short summary and the announcement body
    title: Mapped[dict] = mapped_column(Translated, default=dict)
    summary: Mapped[dict] = mapped_column(Translated, default=dict)
    body: Mapped[dict] = mapped_column(Translated, default=dict)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the official answering questions about this consultation (MS-ANNOUNCE)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    #: the year of the annual plan this consultation belongs to
    planned_year: Mapped[int | None]
    #: preliminary notice, written consultation open/close, report due and published (days)
    notice_at: Mapped[dt.date | None] = mapped_column(Date)
    opens_at: Mapped[dt.date | None] = mapped_column(Date)
    closes_at: Mapped[dt.date | None] = mapped_column(Date)
    report_due_at: Mapped[dt.date | None] = mapped_column(Date)
    report_published_at: Mapped[dt.date | None] = mapped_column(Date)
    #: a draft act an officer marked complex: where the standards profile has a longer period
    #: for complex acts (Albania's Law 146/2014: up to 40 working days), MS-DURATION allows it
    complex_act: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: renewed (a new random token) in the transaction of every change to what its public page
    #: keeps per worker: the draft act's articles, comments, answers and versions
    #: (consult/consultations/revisions.py, consult/consultations/page_cache.py)
    page_revision: Mapped[str] = mapped_column(
        String(16), default=new_revision, server_default=UNKNOWN_REVISION
    )

    directorate: Mapped[Directorate | None] = relationship()
    documents: Mapped[list["Document"]] = relationship(
        back_populates="consultation", order_by="Document.id", cascade="all, delete-orphan"
    )

    @hybrid_property
    def is_public(self) -> bool:
        """Drafts are seen by officers only (also SQL: `where(Consultation.is_public)`)."""
        return self.status != "draft"

    @hybrid_property
    def counted_year(self) -> int | None:
        """The year the consultation counts in, by what happened: the year its written
        consultation closed (one that spans two years counts in the year it closed), else the
        year it opened, else the year of its annual plan; None without any of them.

        Also SQL (`consultation_year()`), so reports filter and group by it in the database."""
        for day in (self.closes_at, self.opens_at):
            if day is not None:
                return day.year
        return self.planned_year

    @counted_year.inplace.expression
    @classmethod
    def _counted_year_sql(cls):
        return func.coalesce(
            cast(extract("year", cls.closes_at), Integer),
            cast(extract("year", cls.opens_at), Integer),
            cls.planned_year,
        )

    @property
    def spans_years(self) -> bool:
        """Whether the written consultation opened in one year and closed in a later one."""
        return (
            self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at.year != self.closes_at.year
        )


def consultation_year():
    """SQL: the year a consultation counts in (`Consultation.counted_year`): the year it
    closed, else the year it opened, else its annual plan's (None for none of them)."""
    return Consultation.counted_year


class Document(MunicipalityOwned, db.Model):
    """A file attached to a consultation: the draft, its explanatory note, annexes."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(one_of("role", DOCUMENT_ROLES), name="role_known"),
        CheckConstraint("size_bytes > 0", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: {locale: title}
    title: Mapped[dict] = mapped_column(Translated, default=dict)
    #: draft (the act itself), explanatory_note, or other
    role: Mapped[str] = mapped_column(String(20), default="other")
    #: random name under instance/uploads; never derived from the uploaded name
    stored_name: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: uuid.uuid4().hex
    )
    original_name: Mapped[str] = mapped_column(String(255))
    #: the type found in the content: pdf, docx, odt or xlsx
    file_type: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="documents")


class AuditLog(MunicipalityOwned, db.Model):
    """Who did what to which record: overrides, exports, role changes (DP-BREACH)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: the signed-in user; None for system commands
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: dotted verb, e.g. "consultation.update", "export.report_pdf"
    action: Mapped[str] = mapped_column(String(80))
    #: the record acted on, e.g. "consultation:12"
    target: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    #: an officer's reason where a rule was overridden
    reason: Mapped[str] = mapped_column(Text, default="")

    #: the mapper finds `consult.auth.models.User` by name: core imports no feature
    actor: Mapped["User | None"] = relationship()


class RecordedBreach(MunicipalityOwned, db.Model):
    """A minimum standard an officer broke on purpose, with the reason they gave: a step or a
    change of dates that a rule blocked and that went ahead anyway. It stays on the
    consultation for ever (no code deletes one; the database refuses to) and counts as a breach
    on the chair's dashboard, in the consultation's report and in the annual report."""

    __tablename__ = "recorded_breaches"
    __table_args__ = (
        CheckConstraint("length(trim(reason)) > 0", name="reason_given"),
        CheckConstraint(
            "step IN ('announced', 'open', 'closed', 'reported', 'dates', 'document')",
            name="step_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: the rule broken, e.g. "MS-NOTICE"
    rule_id: Mapped[str] = mapped_column(String(40))
    #: {locale: text} what the rule found, written in every language when it was recorded
    finding: Mapped[dict] = mapped_column(Translated, default=dict)
    #: the step or change that broke it: a lifecycle status, "dates" or "document"
    step: Mapped[str] = mapped_column(String(20))
    #: the officer's reason, as given
    reason: Mapped[str] = mapped_column(Text)
    #: the audit-log entry of the override (who and when)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    audit_entry: Mapped[AuditLog] = relationship()
