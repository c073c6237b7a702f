"""Sign-in with lockout, account creation, and the role checks of the back office."""

import datetime as dt
from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select

from consult.auth.models import ROLES, User
from consult.core.models import Consultation, utcnow
from consult.extensions import db, login_manager


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the active user with this id."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def find_user(email: str) -> User | None:
    """The account with this e-mail address, compared without case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


class SignInRefused(Exception):
    """Wrong credentials, or the account is locked (`locked` says which)."""

    def __init__(self, locked: bool = False) -> None:
        super().__init__("locked" if locked else "invalid")
        self.locked = locked


def authenticate(
    email: str, password: str, max_failures: int, lock_minutes: int, now: dt.datetime | None = None
) -> User:
    """The user these credentials belong to; counts failures and locks after `max_failures`."""
    now = now or utcnow()
    user = find_user(email)
    if user is None or not user.active:
        raise SignInRefused()
    if user.is_locked(now):
        raise SignInRefused(locked=True)
    if not user.check_password(password):
        _count_failure(user, max_failures, lock_minutes, now)
        raise SignInRefused(locked=user.is_locked(now))
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return user


def _count_failure(user: User, max_failures: int, lock_minutes: int, now: dt.datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= max_failures:
        user.locked_until = now + dt.timedelta(minutes=lock_minutes)
        user.failed_logins = 0
    db.session.flush()


def create_user(
    email: str, name: str, password: str, role: str, directorate_id: int | None = None
) -> User:
    """A new active account; `role` is one of ROLES."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(email=email.strip().lower(), name=name, role=role, directorate_id=directorate_id)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site may follow sign-in (no scheme, no host, no `//`)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target


def role_required(*roles: str):
    """Refuse the view (403) unless the signed-in user has one of `roles`; 401 if anonymous."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


STAFF_ROLES = ("officer", "admin")


def can_edit(user: User, consultation: Consultation) -> bool:
    """Admins edit everything; an officer edits the consultations of their own directorate,
    or every consultation when they have none (the Public Information Office)."""
    if user.role == "admin":
        return True
    if user.role != "officer":
        return False
    return user.directorate_id is None or user.directorate_id == consultation.directorate_id
