"""One comment table and one answer table for draft acts and budget hearings.

What a comment is about is its subject: an article of a draft act (`article_id`), a budget line
of a hearing cycle (`line_id`), or the consultation as a whole (neither). A comment raised at a
public meeting names the meeting. A hearing comment also names its cycle (`cycle_id`), so that
a consultation with more than one budget year keeps its comments apart.
"""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.labels import GENDERS, OUTCOMES
from consult.core.models import utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.i18n import LOCALES

#: citizen (name and confirmed e-mail), cso (a verified organisation; draft acts), anonymous
#: (draft acts that allow it), meeting (raised at a public meeting, recorded by an officer)
AUTHOR_KINDS = ("citizen", "cso", "anonymous", "meeting")
#: an answer's reason ({locale: text}) has at least one language; JSON compared as text works
#: on SQLite and PostgreSQL alike
ANSWER_HAS_REASON = "outcome IS NULL OR CAST(reason AS TEXT) NOT IN ('{}', 'null', '', '\"\"')"


class Comment(MunicipalityOwned, db.Model):
    """A comment on an article, a budget line or a whole consultation."""

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
        CheckConstraint("article_id IS NULL OR cycle_id IS NULL", name="one_kind_of_subject"),
        CheckConstraint("line_id IS NULL OR cycle_id IS NOT NULL", name="line_has_cycle"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: a draft act's article; None for a comment on the act as a whole (or another subject)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    #: the hearing cycle (budget year) a comment on the draft budget belongs to
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("hearing_cycles.id"), index=True)
    #: the budget line commented on; None for the draft budget as a whole
    line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"), index=True)
    author_kind: Mapped[str] = mapped_column(String(20))
    #: never published unless `show_name`
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
    #: the language the author wrote in
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    #: female, male or other, given voluntarily for the breakdown of participation
    gender: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when the citizen's e-mail link was followed (meeting comments: when recorded); None
    #: keeps the comment out of every public page, count and report
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hidden: Mapped[bool] = mapped_column(default=False)
    #: the moderator's reason for hiding, shown to officers
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the author asked to be e-mailed when the municipality answers (and when the
    #: consultation closes or publishes its report); no such mail goes without it
    notify_answer: Mapped[bool] = mapped_column(default=False)

    # the subjects are named by their class: each kind's models define them
    article = relationship("Article")
    cycle = relationship("HearingCycle")
    line = relationship("BudgetLine")
    organisation = relationship("Organisation")
    meeting = relationship("Meeting")
    #: loaded with the comments in one more query: every list of comments shows its answers
    answer: Mapped["Answer | None"] = relationship(
        back_populates="comment", uselist=False, lazy="selectin"
    )

    @property
    def is_visible(self) -> bool:
        """Shown on the public page: confirmed and not hidden."""
        return self.confirmed_at is not None and not self.hidden

    @property
    def outcome(self) -> str | None:
        """The answer's outcome; None while unanswered."""
        return self.answer.outcome if self.answer else None

    @property
    def reason(self) -> dict:
        """The answer's reason ({locale: text}); empty while unanswered."""
        return self.answer.reason if self.answer else {}

    @property
    def answered_at(self) -> dt.datetime | None:
        """When the answer was given or last changed."""
        return self.answer.answered_at if self.answer else None


class Answer(MunicipalityOwned, db.Model):
    """The municipality's answer to a comment: accepted, partly accepted or rejected, and why."""

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint(one_of("outcome", OUTCOMES), name="outcome_known"),
        CheckConstraint(ANSWER_HAS_REASON, name="answer_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20))
    #: {locale: reason}; at least one language is required
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="answer")
