"""Models of the draft-act feature: articles, comments, answers and settings (the chair's review
of the report is `consult.core.review_models`, the annual plan `consult.plan.models`, the
subscriptions `consult.subscriptions.models`)."""

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.labels import GENDERS, OUTCOMES
from consult.core.mail_outbox import OutboxMessage  # noqa: F401  registers the outbox table
from consult.core.models import Consultation, utcnow
from consult.core.records import one_of
from consult.extensions import db
from consult.i18n import LOCALES
from consult.meetings.models import Meeting
from consult.organisations.models import Organisation

AUTHOR_KINDS = ("citizen", "cso", "anonymous", "meeting")


class DraftActSettings(db.Model):
    """Per-consultation settings of a draft-act consultation."""

    __tablename__ = "draft_act_settings"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), primary_key=True)
    #: citizens may comment without name and e-mail
    allow_anonymous: Mapped[bool] = mapped_column(default=False)


class Article(db.Model):
    """One article of a draft act, in every language."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("consultation_id", "number", name="consultation_number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: the article's number in the act ("Neni 3" is 3)
    number: Mapped[int]
    #: {locale: heading}
    heading: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {locale: text}
    text: Mapped[dict] = mapped_column(JSON, default=dict)

    consultation: Mapped[Consultation] = relationship()


class Comment(db.Model):
    """A comment on one article or on the whole act, by a citizen, a CSO or anonymous."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint(one_of("author_kind", AUTHOR_KINDS), name="author_kind_known"),
        CheckConstraint(one_of("language", LOCALES), name="language_known"),
        CheckConstraint(f"gender IS NULL OR {one_of('gender', GENDERS)}", name="gender_known"),
        CheckConstraint(
            "author_kind != 'cso' OR organisation_id IS NOT NULL", name="cso_has_organisation"
        ),
        CheckConstraint(
            "author_kind != 'meeting' OR meeting_id IS NOT NULL", name="meeting_comment_has_meeting"
        ),
        CheckConstraint("NOT hidden OR hidden_reason != ''", name="hidden_with_reason"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: None for a comment on the act as a whole
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    #: citizen (name and confirmed e-mail), cso (a verified organisation), anonymous, or
    #: meeting (raised at a public meeting and recorded by an officer)
    author_kind: Mapped[str] = mapped_column(String(20))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    #: never published; used to confirm the comment and to send the answer
    author_email: Mapped[str] = mapped_column(String(254), default="")
    #: a citizen's name is shown next to the comment only with consent
    show_name: Mapped[bool] = mapped_column(default=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: the public meeting where it was raised, for meeting comments
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: the account that wrote it (CSO comments) or recorded it (meeting comments)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the official language the author wrote in
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    #: given voluntarily, for the report's breakdown by gender
    gender: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when the citizen's e-mail link was followed; None hides the comment until then
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hidden: Mapped[bool] = mapped_column(default=False)
    #: the moderator's reason for hiding, shown to officers
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[Article | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    answer: Mapped["Answer | None"] = relationship(back_populates="comment", uselist=False)

    @property
    def is_visible(self) -> bool:
        """Shown on the public page: confirmed and not hidden."""
        return self.confirmed_at is not None and not self.hidden


class Answer(db.Model):
    """The municipality's answer to a comment: accepted, partly accepted or rejected, and why."""

    __tablename__ = "answers"
    __table_args__ = (CheckConstraint(one_of("outcome", OUTCOMES), name="outcome_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20))
    #: {locale: reason}; at least one language is required
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="answer")
