"""Imports every model so that Alembic and SQLAlchemy see the whole schema."""

from consult.audiences import models as audiences  # noqa: F401
from consult.auth.models import User
from consult.comments.models import Answer, Comment
from consult.consultations import models as consultations  # noqa: F401
from consult.core.mail_outbox import OutboxMessage
from consult.core.models import AuditLog, Consultation, Directorate, Document, LocalCommunity
from consult.core.municipalities import Municipality
from consult.core.outreach import OutreachEntry
from consult.core.review_models import ReviewEvent
from consult.hearings import models as hearings  # noqa: F401
from consult.investments.models import Investment, InvestmentEvent, InvestmentPhoto
from consult.meetings.models import Meeting, MeetingRegistration
from consult.organisations.models import Organisation
from consult.plan.models import PlanEntry
from consult.polls import models as polls  # noqa: F401
from consult.subscriptions.models import ConsultationNotice, Subscription
from consult.surveys import models as surveys  # noqa: F401

__all__ = [
    "Answer",
    "AuditLog",
    "Comment",
    "Consultation",
    "ConsultationNotice",
    "Directorate",
    "Document",
    "Investment",
    "InvestmentEvent",
    "InvestmentPhoto",
    "LocalCommunity",
    "Meeting",
    "MeetingRegistration",
    "Municipality",
    "Organisation",
    "OutboxMessage",
    "OutreachEntry",
    "PlanEntry",
    "ReviewEvent",
    "Subscription",
    "User",
]
