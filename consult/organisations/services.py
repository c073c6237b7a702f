"""The CSO registry: an organisation asks to register, its representative confirms by the link
sent to the address given, and an officer verifies it before it comments in its name.

Plain functions over the models; they `flush()` and never commit (the view commits once).
"""

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, func, select

from consult.auth.models import User
from consult.auth.passwords import check_password_policy, hash_password
from consult.core.models import utcnow
from consult.core.services import record_audit
from consult.extensions import db
from consult.i18n import lazy_text as _l
from consult.organisations.models import Organisation, PendingRegistration


class RegistrationRefused(ValueError):
    """The organisation is registered already (or, at confirmation, the address has an
    account by now)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _forget_expired_registrations(now: dt.datetime, link_hours: int) -> None:
    """Registrations whose link has expired are deleted with their personal data."""
    expired = now - dt.timedelta(hours=link_hours)
    db.session.execute(delete(PendingRegistration).where(PendingRegistration.created_at < expired))


def register_organisation(
    name: str,
    registration_number: str,
    sector: str,
    contact_email: str,
    representative: str,
    password: str,
    now: dt.datetime,
    link_hours: int,
) -> str | None:
    """Ask to register an organisation and its representative's CSO account. Nothing exists
    until the representative follows the link sent to `contact_email`, whose token this
    returns; None when an account with this address exists already: the caller then writes to
    the owner of the address instead, and answers exactly as when it has no account (the
    password is hashed either way, so both take the same time).

    RegistrationRefused when an organisation with this registration number is registered (the
    register of NGOs is public); WeakPassword when the password does not meet the policy."""
    email = contact_email.strip().lower()
    number = registration_number.strip()
    _forget_expired_registrations(now, link_hours)
    if db.session.scalar(select(Organisation.id).where(Organisation.registration_number == number)):
        raise RegistrationRefused(_l("An organisation with this registration number exists."))
    check_password_policy(password, email)
    password_hash = hash_password(password)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        return None
    token = secrets.token_urlsafe(32)
    db.session.add(
        PendingRegistration(
            token_hash=_token_hash(token),
            name=name.strip(),
            registration_number=number,
            sector=sector.strip(),
            email=email,
            representative=representative.strip(),
            password_hash=password_hash,
            created_at=now,
        )
    )
    db.session.flush()
    return token


def pending_registration(
    token: str, now: dt.datetime, link_hours: int
) -> PendingRegistration | None:
    """The registration a confirmation link names, unless it was confirmed or has expired."""
    found = db.session.scalar(
        select(PendingRegistration).where(PendingRegistration.token_hash == _token_hash(token))
    )
    if found is None or found.created_at < now - dt.timedelta(hours=link_hours):
        return None
    return found


def confirm_registration(pending: PendingRegistration) -> User:
    """The representative followed the link: the unverified organisation and its CSO account
    exist from now on, and every other registration waiting for the same address goes.
    RegistrationRefused when the number or the address was registered in the meantime."""
    number, email = pending.registration_number, pending.email
    if db.session.scalar(select(Organisation.id).where(Organisation.registration_number == number)):
        raise RegistrationRefused(_l("An organisation with this registration number exists."))
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise RegistrationRefused(_l("An account with this e-mail address exists already."))
    organisation = Organisation(
        name=pending.name,
        registration_number=number,
        sector=pending.sector,
        contact_email=email,
        representative=pending.representative,
        verified=False,
    )
    db.session.add(organisation)
    db.session.flush()
    user = User(
        email=email,
        name=pending.representative,
        role="cso",
        organisation_id=organisation.id,
        password_hash=pending.password_hash,
    )
    db.session.add(user)
    db.session.execute(delete(PendingRegistration).where(PendingRegistration.email == email))
    db.session.flush()
    return user


def verify_organisation(organisation: Organisation, actor: User, verified: bool = True) -> None:
    """An officer confirms (or withdraws) an organisation's entry in the register."""
    organisation.verified = verified
    organisation.verified_at = utcnow() if verified else None
    db.session.flush()
    action = "organisation.verify" if verified else "organisation.unverify"
    record_audit(action, f"organisation:{organisation.id}", actor.id)
