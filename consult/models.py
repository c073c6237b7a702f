"""Imports every model so that Alembic and SQLAlchemy see the whole schema."""

from consult.auth.models import User
from consult.core.models import (
    AuditLog,
    Consultation,
    Directorate,
    Document,
    LocalCommunity,
    Organisation,
)

__all__ = [
    "AuditLog",
    "Consultation",
    "Directorate",
    "Document",
    "LocalCommunity",
    "Organisation",
    "User",
]
