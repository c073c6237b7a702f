"""Staff and organisation accounts and the sign-in back-off (an organisation's registration
waiting for its link is `consult.organisations.models.PendingRegistration`)."""

import datetime as dt
import secrets
from hmac import compare_digest

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from consult.auth.passwords import hash_password
from consult.core.models import Directorate, utcnow
from consult.core.tenancy import MunicipalityOwned
from consult.extensions import db
from consult.organisations.models import Organisation

ROLES = ("officer", "chair", "admin", "cso")


def new_session_token() -> str:
    """A random value that every session and remember-me cookie of a user carries."""
    return secrets.token_hex(16)


class User(UserMixin, MunicipalityOwned, db.Model):
    """A person who signs in: an officer, the Council chair, an admin or a CSO's representative."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'chair', 'admin', 'cso')", name="role_known"),
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
    #: carried by every session and remember-me cookie of this user (see `get_id`); a new
    #: value ends them all, on the server
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: the base32 secret of the optional second factor (administrators and the chair), sealed
    #: (`services.seal_totp_secret`); None while it is off
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    #: the last time step whose code signed in, so that a code works once
    totp_last_step: Mapped[int] = mapped_column(default=0)
    #: may open the platform pages (`consult.platform`): every municipality of the install and
    #: the national view; granted with `flask users platform-admin EMAIL`
    platform_admin: Mapped[bool] = mapped_column(default=False, server_default=false())

    directorate: Mapped[Directorate | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id and the
        session token, so that a new token signs every copy out (`consult.auth.services.
        load_user` compares them on every request)."""
        if not self.session_token:
            self.session_token = new_session_token()
        return f"{self.id}:{self.session_token}"

    def carries(self, session_token: str) -> bool:
        """Whether a session's token is this user's current one (compared in constant time)."""
        return bool(self.session_token) and compare_digest(
            self.session_token.encode(), session_token.encode()
        )

    def end_sessions(self) -> None:
        """Sign this user out everywhere: every session and remember-me cookie stops working
        at its next request."""
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password` (the policy is checked by the callers, see
        `consult.auth.passwords`)."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)


class SignInBackoff(db.Model):
    """Failed sign-ins for one account name from one client address, and until when that pair
    must wait. Keyed by a keyed hash of both, so the table holds neither the e-mail addresses
    typed (real or not) nor the addresses they came from. Rows of names without an account
    exist too: the back-off must look the same whether the account exists or not."""

    __tablename__ = "sign_in_backoffs"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_not_negative"),)

    #: HMAC-SHA256 of the e-mail address (lower-case) and the client address, in hex
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: attempts since the last success, counted before the password is checked
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True, default=utcnow)
    #: no attempt of this pair is checked before this time
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PasswordReset(MunicipalityOwned, db.Model):
    """A link that lets the owner of an account choose a new password: asked for on "forgot
    your password", or sent by an administrator (who never sees or sets a password), or the
    first one of a new account. Only a hash of its token is kept; it works once, until
    `expires_at`."""

    __tablename__ = "password_resets"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the link, in hex
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    #: when the link was used; a used link never works again
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
