"""Staff and organisation accounts."""

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from consult.core.models import Directorate, Organisation, utcnow
from consult.extensions import db

ROLES = ("officer", "chair", "admin", "cso")


class User(UserMixin, db.Model):
    """A person who signs in: an officer, the Council chair, an admin or a CSO's representative."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'chair', 'admin', 'cso')", name="role_known"),
        CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-case; the sign-in name
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    #: an officer's directorate; None for the Public Information Office, who works for all
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorates.id"))
    #: the organisation a CSO account speaks for
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    #: failed sign-ins in a row; reset by a successful one
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    directorate: Mapped[Directorate | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password`."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def is_locked(self, now: dt.datetime) -> bool:
        """Locked after too many failed sign-ins, until `locked_until`."""
        return self.locked_until is not None and self.locked_until > now
