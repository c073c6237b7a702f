"""Sign-in with a back-off per account name and client address, sessions that end on the
server, account creation under the password policy, and the role checks of the back office."""

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache, wraps
from urllib.parse import urlsplit

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash

from consult.auth.models import ROLES, PasswordReset, SignInBackoff, User
from consult.auth.passwords import check_password_policy, hash_password
from consult.core.models import Consultation
from consult.extensions import db, login_manager
from consult.i18n import lazy_text as _l


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader, on every request: the active user whose id and current session
    token the session (or the remember-me cookie) carries. A session from before the last
    sign-out, password change or deactivation carries an old token and is refused."""
    number, _, token = user_id.partition(":")
    if not (number.isascii() and number.isdigit() and len(number) < 10 and token):
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.active or not user.carries(token):
        return None
    return user


def find_user(email: str) -> User | None:
    """The account with this e-mail address, compared without case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


# ---------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class Backoff:
    """How long an account name must wait after failed sign-ins from one client address: the
    first `free` attempts are not delayed; each failure after them doubles the wait, from
    `first` up to `longest`; a pair with no failure for `forget_after` starts afresh."""

    free: int = 5
    first: dt.timedelta = dt.timedelta(minutes=1)
    longest: dt.timedelta = dt.timedelta(hours=1)
    forget_after: dt.timedelta = dt.timedelta(days=1)

    @classmethod
    def from_config(cls, config) -> "Backoff":
        return cls(
            free=config["LOGIN_BACKOFF_FREE_ATTEMPTS"],
            first=dt.timedelta(seconds=config["LOGIN_BACKOFF_FIRST_SECONDS"]),
            longest=dt.timedelta(seconds=config["LOGIN_BACKOFF_LONGEST_SECONDS"]),
            forget_after=dt.timedelta(hours=config["LOGIN_BACKOFF_FORGET_HOURS"]),
        )

    def wait_after(self, failures: int) -> dt.timedelta | None:
        """The wait after `failures` failed attempts in a row; None while they are free."""
        if failures < self.free:
            return None
        doublings = min(failures - self.free, 30)
        return min(self.first * 2**doublings, self.longest)


@cache
def _dummy_hash() -> str:
    """A hash made the way every password is hashed today, checked when there is no account,
    so that an unknown address costs the same time as a wrong password (made once per
    process; gunicorn.conf.py makes it in the master, before the workers fork)."""
    return hash_password(secrets.token_urlsafe(16))


def prepare_sign_in() -> None:
    """Make the dummy hash now rather than on the first sign-in with an unknown address."""
    _dummy_hash()


def _hash_method(password_hash: str) -> str:
    return password_hash.partition("$")[0]


def backoff_key(email: str, address: str) -> str:
    """The key of the (account name, client address) pair: a keyed hash, so that the table
    holds neither what was typed as an e-mail address nor where it came from."""
    secret = hashlib.sha256(b"sign-in-backoff:" + current_app.config["SECRET_KEY"].encode())
    pair = f"{email.strip().lower()}\n{address}".encode()
    return hmac.new(secret.digest(), pair, hashlib.sha256).hexdigest()


def _insert_ignoring_duplicates(key: str, now: dt.datetime):
    """INSERT of a new back-off row that does nothing when the key exists (two first attempts
    at the same moment)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    return (
        insert(SignInBackoff)
        .values(key=key, failures=0, last_failure_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def begin_attempt(key: str, policy: Backoff, now: dt.datetime) -> dt.timedelta | None:
    """Count one sign-in attempt of the pair `key` before its password is checked; a success
    forgets the count again (`forget_failures`). Returns how long the pair must still wait
    when it may not try now (nothing is counted then).

    The count goes up in one UPDATE that only a pair not waiting matches, and the wait it
    earns is written in the same transaction, which the view commits before checking the
    password: parallel attempts queue on the row, and none slips past the limit."""
    forgotten = now - policy.forget_after
    db.session.execute(delete(SignInBackoff).where(SignInBackoff.last_failure_at < forgotten))
    db.session.execute(_insert_ignoring_duplicates(key, now))
    counted = db.session.execute(
        update(SignInBackoff)
        .where(
            SignInBackoff.key == key,
            or_(SignInBackoff.blocked_until.is_(None), SignInBackoff.blocked_until <= now),
        )
        .values(failures=SignInBackoff.failures + 1, last_failure_at=now)
        .execution_options(synchronize_session=False)
    )
    row = db.session.execute(
        select(SignInBackoff.failures, SignInBackoff.blocked_until).where(SignInBackoff.key == key)
    ).one()
    if counted.rowcount == 0:
        return row.blocked_until - now
    wait = policy.wait_after(row.failures)
    if wait is not None:
        db.session.execute(
            update(SignInBackoff)
            .where(SignInBackoff.key == key)
            .values(blocked_until=now + wait)
            .execution_options(synchronize_session=False)
        )
    return None


def pending_wait(key: str, now: dt.datetime) -> dt.timedelta | None:
    """How long the pair must wait before its next attempt, if it must."""
    blocked_until = db.session.scalar(
        select(SignInBackoff.blocked_until).where(SignInBackoff.key == key)
    )
    return blocked_until - now if blocked_until is not None and blocked_until > now else None


def forget_failures(key: str) -> None:
    """After a successful sign-in the pair starts afresh."""
    db.session.execute(delete(SignInBackoff).where(SignInBackoff.key == key))


def check_credentials(email: str, password: str) -> User | None:
    """The active account these credentials open, or None; one password hash is checked
    whether the account exists or not, so both answers take the same time."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    if _hash_method(user.password_hash) != _hash_method(_dummy_hash()):
        user.set_password(password)  # hashed the way unknown addresses are timed
    return user


def end_sessions(user: User) -> None:
    """Sign `user` out of every browser: sign-out, a new password and deactivation."""
    user.end_sessions()
    db.session.flush()


# ---------------------------------------------------------------- accounts


def create_user(
    email: str, name: str, password: str, role: str, directorate_id: int | None = None
) -> User:
    """A new active account; `role` is one of ROLES and the password meets the policy
    (WeakPassword otherwise)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    address = email.strip().lower()
    check_password_policy(password, address)
    user = User(email=address, name=name, role=role, directorate_id=directorate_id)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, password: str) -> None:
    """A new password that meets the policy (WeakPassword otherwise); every session of the
    user ends."""
    check_password_policy(password, user.email)
    user.set_password(password)
    end_sessions(user)


def deactivate_user(user: User) -> None:
    """The account can no longer sign in, and every session of it ends now."""
    user.active = False
    end_sessions(user)


# ---------------------------------------------------------------- the people of the back office

#: the roles an administrator gives on the People page (an organisation's account comes from
#: its own registration)
STAFF_ACCOUNT_ROLES = ("officer", "chair", "admin")


class AccountRefused(ValueError):
    """A change to an account that cannot be made; `message` says why, translated."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def create_account(email: str, name: str, role: str, directorate_id: int | None) -> User:
    """A new staff account with no password anyone knows: its owner chooses one through the
    link `new_password_reset` makes (the administrator never sees or sets it)."""
    if role not in STAFF_ACCOUNT_ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        directorate_id=directorate_id if role == "officer" else None,
    )
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    return user


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


def leaves_no_admin(user: User, role: str, active: bool) -> bool:
    """Whether giving `user` this role and state would leave no active administrator."""
    was_admin = user.role == "admin" and user.active
    return was_admin and not (role == "admin" and active) and not _other_active_admins(user)


def update_account(user: User, name: str, role: str, directorate_id: int | None) -> None:
    """A new name, role or directorate (an officer's only; None: the Public Information
    Office); refused if it would leave no active administrator."""
    if role not in STAFF_ACCOUNT_ROLES or user.role == "cso":
        raise ValueError(f"role {role!r} cannot be given here")
    if leaves_no_admin(user, role, user.active):
        raise AccountRefused(_l("The last active administrator cannot get another role."))
    if role != user.role:
        end_sessions(user)  # what the sessions may do has changed
    user.name, user.role = name.strip(), role
    user.directorate_id = directorate_id if role == "officer" else None


def set_active(user: User, active: bool) -> None:
    """Deactivate (every session ends) or reactivate an account; refused for the last active
    administrator."""
    if not active and leaves_no_admin(user, user.role, False):
        raise AccountRefused(_l("The last active administrator cannot be deactivated."))
    if active:
        user.active = True
    else:
        deactivate_user(user)


# ---------------------------------------------------------------- the second factor

#: who may turn on a second factor: the accounts that can do the most
SECOND_FACTOR_ROLES = ("admin", "chair")
#: seconds a code stands for (RFC 6238), and how many steps either side are accepted (clocks
#: of phones drift)
TOTP_STEP = 30
TOTP_DRIFT = 1


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, interval=TOTP_STEP).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: dt.datetime, after: int = 0) -> int | None:
    """The time step whose code `code` is (within the drift, later than `after`), or None."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_STEP)
    current = int(now.replace(tzinfo=dt.UTC).timestamp()) // TOTP_STEP
    for step in range(current - TOTP_DRIFT, current + TOTP_DRIFT + 1):
        if step > after and hmac.compare_digest(totp.at(step * TOTP_STEP), code):
            return step
    return None


class SecondFactorUnreadable(Exception):
    """The stored secret of a second factor cannot be opened: the key that sealed it
    (SECOND_FACTOR_KEY, else SECRET_KEY) has changed since."""


def _secret_box() -> Fernet:
    """Authenticated encryption (Fernet: AES-CBC with HMAC-SHA256) under a key derived from
    SECOND_FACTOR_KEY, else SECRET_KEY: the database alone never holds a usable secret."""
    config = current_app.config
    key = (config.get("SECOND_FACTOR_KEY") or config["SECRET_KEY"]).encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"second-factor:" + key).digest()))


def seal_totp_secret(secret: str) -> str:
    """What the database keeps of an authenticator app's secret."""
    return _secret_box().encrypt(secret.encode()).decode()


def open_totp_secret(sealed: str) -> str:
    """The secret `seal_totp_secret` sealed; SecondFactorUnreadable if the key has changed."""
    try:
        return _secret_box().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecondFactorUnreadable from error


def enable_second_factor(user: User, secret: str, code: str, now: dt.datetime) -> bool:
    """Turn the second factor on with `secret`, once a code from the app proves it is set up;
    every other session ends."""
    step = matching_step(secret, code, now)
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = seal_totp_secret(secret), step
    end_sessions(user)
    return True


def passes_second_factor(user: User, code: str, now: dt.datetime) -> bool:
    """Whether `code` is the user's current code, not used before (a code works once);
    SecondFactorUnreadable when the stored secret cannot be opened."""
    if not user.totp_secret:
        return False
    secret = open_totp_secret(user.totp_secret)
    step = matching_step(secret, code, now, after=user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def disable_second_factor(user: User, code: str, now: dt.datetime) -> bool:
    """Turn the second factor off, with a current code."""
    if not passes_second_factor(user, code, now):
        return False
    user.totp_secret, user.totp_last_step = None, 0
    return True


# ---------------------------------------------------------------- password reset links


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_password_reset(user: User, now: dt.datetime, hours: float) -> str:
    """A new single-use link token for `user`, valid for `hours`; only its hash is kept. Links
    asked for earlier stop working."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    db.session.flush()
    return token


def valid_reset(token: str, now: dt.datetime) -> PasswordReset | None:
    """The unused, unexpired link of an active account that `token` opens; None otherwise."""
    if not token or len(token) > 100:
        return None
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _token_hash(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    return reset if reset.user.active else None


def use_reset(reset: PasswordReset, password: str, now: dt.datetime) -> User:
    """The new password (under the policy: WeakPassword otherwise); the link is used up and
    every session of the account ends."""
    change_password(reset.user, password)
    reset.used_at = now
    db.session.flush()
    return reset.user


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
