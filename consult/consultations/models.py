"""Models of the draft-act feature: articles and settings (comments and answers are
`consult.comments.models`, the chair's review of the report `consult.core.review_models`, the
annual plan `consult.plan.models`, the subscriptions `consult.subscriptions.models`)."""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.mail_outbox import OutboxMessage  # noqa: F401  registers the outbox table
from consult.core.models import Consultation
from consult.extensions import db


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
