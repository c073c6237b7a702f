"""Models of the draft-act feature: articles and settings (comments and answers are
`consult.comments.models`, the chair's review of the report `consult.core.review_models`, the
annual plan `consult.plan.models`, the subscriptions `consult.subscriptions.models`), and the
versions of the act: the text put to consultation, the revised drafts, the adopted text."""

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.labels import ACT_VERSION_KINDS
from consult.core.mail_outbox import OutboxMessage  # noqa: F401  registers the outbox table
from consult.core.models import Consultation, utcnow
from consult.core.records import one_of
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db


class DraftActSettings(MunicipalityOwned, db.Model):
    """Per-consultation settings of a draft-act consultation."""

    __tablename__ = "draft_act_settings"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), primary_key=True)
    #: citizens may comment without name and e-mail
    allow_anonymous: Mapped[bool] = mapped_column(default=False)


class Article(MunicipalityOwned, db.Model):
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


#: an open (unpublished) version: at most one per consultation
_WORKING = sql_text("published_at IS NULL")


class ActVersion(MunicipalityOwned, db.Model):
    """A numbered, dated version of a draft act: the text put to consultation (number 1), a
    revised draft published after the consultation closed, or the text the Municipal Assembly
    adopted (with its date and decision number, and the adopted text as PDF if attached).

    Until `published_at` it is the officers' working copy, never shown to the public; once
    published it is never changed (a correction is a new version)."""

    __tablename__ = "act_versions"
    __table_args__ = (
        UniqueConstraint("consultation_id", "number", name="consultation_version_number"),
        CheckConstraint("number >= 1", name="version_number_positive"),
        CheckConstraint(one_of("kind", ACT_VERSION_KINDS), name="version_kind_known"),
        CheckConstraint("kind != 'consulted' OR number = 1", name="consulted_is_first"),
        CheckConstraint(
            "(published_at IS NULL) = (published_on IS NULL)", name="published_with_date"
        ),
        CheckConstraint(
            "kind = 'adopted' OR (adopted_on IS NULL AND decision_number IS NULL "
            "AND pdf_stored_name IS NULL)",
            name="adoption_only_when_adopted",
        ),
        CheckConstraint(
            "kind != 'adopted' OR published_at IS NULL OR (adopted_on IS NOT NULL "
            "AND decision_number IS NOT NULL AND decision_number != '')",
            name="adopted_with_decision",
        ),
        CheckConstraint(
            "(pdf_stored_name IS NULL) = (pdf_size_bytes IS NULL) AND "
            "(pdf_size_bytes IS NULL OR pdf_size_bytes > 0)",
            name="pdf_complete",
        ),
        Index(
            "one_working_version",
            "consultation_id",
            unique=True,
            sqlite_where=_WORKING,
            postgresql_where=_WORKING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    #: 1 is the text put to consultation; each later version counts on
    number: Mapped[int]
    #: consulted, revised or adopted
    kind: Mapped[str] = mapped_column(String(12))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: when it was published; None while officers are still working on it
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: the version's date (the text put to consultation: the day it opened)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    #: an adopted text: the day of the Assembly's decision and the decision's number
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    #: an adopted text's PDF, under a random name in UPLOAD_FOLDER/acts
    pdf_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    pdf_original_name: Mapped[str | None] = mapped_column(String(255))
    pdf_size_bytes: Mapped[int | None]

    consultation: Mapped[Consultation] = relationship()
    articles: Mapped[list["VersionArticle"]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="VersionArticle.number",
    )
    links: Mapped[list["VersionComment"]] = relationship(
        cascade="all, delete-orphan", order_by="VersionComment.comment_id"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class VersionArticle(MunicipalityOwned, db.Model):
    """One article of a version, in every language the act has. `lineage` is the article
    across versions (the same in each version where it appears, whatever its number), so a
    renumbered article is still compared with itself; `article_id` is the article put to
    consultation it comes from (its comments), None for an article added later."""

    __tablename__ = "act_version_articles"
    __table_args__ = (
        UniqueConstraint("version_id", "number", name="version_article_number"),
        UniqueConstraint("version_id", "lineage", name="version_article_lineage"),
        CheckConstraint("number >= 1", name="version_article_number_positive"),
        CheckConstraint("lineage >= 1", name="version_article_lineage_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("act_versions.id"), index=True)
    lineage: Mapped[int]
    number: Mapped[int]
    #: {locale: heading}
    heading: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {locale: text}
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))

    version: Mapped[ActVersion] = relationship(back_populates="articles")


class VersionComment(MunicipalityOwned, db.Model):
    """A comment that led to a change of an article (its `lineage`) in a version: a changed
    or added article, or one the version removes."""

    __tablename__ = "act_version_comments"
    __table_args__ = (
        UniqueConstraint("version_id", "lineage", "comment_id", name="version_comment_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("act_versions.id"), index=True)
    lineage: Mapped[int]
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
