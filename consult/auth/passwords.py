"""The password policy, in the spirit of NIST SP 800-63B: long enough, not one that everyone
tries first, and no composition rules (no "one capital, one digit, one symbol").

A password is refused when it is shorter than MIN_LENGTH characters, or when, ignoring case and
the digits and symbols around it, it is a common password, a word of the list repeated, one
character or group of characters repeated, a run along the alphabet, the digits or a keyboard
row, or the account's own e-mail address.

`common-passwords.txt` beside this module is the list "10k-most-common.txt" of SecLists
(Passwords/Common-Credentials, MIT licence): the 10,000 passwords found most often in leaked
password dumps, one a line.
"""

import string
from functools import cache
from pathlib import Path

from flask import current_app, has_app_context
from werkzeug.security import generate_password_hash
from wtforms import Field, ValidationError

from consult.i18n import lazy_plural as _ln
from consult.i18n import lazy_text as _l

MIN_LENGTH = 12
#: werkzeug's scrypt at werkzeug's own cost, unless the configuration's PASSWORD_HASH_METHOD says
#: otherwise (only the test suite does: it makes thousands of accounts)
HASH_METHOD = "scrypt"
#: the form's limit, and the policy's: a hash of a longer text costs the same, but nobody types it
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")
#: what people write before or after a common word to meet a length rule
_AROUND = string.digits + string.punctuation + string.whitespace
#: runs a password may not be a piece of (forwards or backwards, repeated)
_RUNS = (
    string.ascii_lowercase,
    string.digits,
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
#: the application's own name, which people put into passwords for it
_SITE_WORDS = frozenset({"consult", "consultation", "konsultim", "konsultimi", "password"})

TOO_SHORT = _ln(
    "The password needs at least %(count)d character.",
    "The password needs at least %(count)d characters.",
    MIN_LENGTH,
    count=MIN_LENGTH,
)
TOO_LONG = _ln(
    "The password may have at most %(count)d character.",
    "The password may have at most %(count)d characters.",
    MAX_LENGTH,
    count=MAX_LENGTH,
)
TOO_COMMON = _l(
    "This password is too common or too easy to guess. A few words that mean something to you "
    "but are not about you make a good password."
)
IS_ADDRESS = _l("The password may not be your e-mail address.")


class WeakPassword(ValueError):
    """The password does not meet the policy; `message` says why (translated)."""

    def __init__(self, message) -> None:
        super().__init__(message)  # lazy: rendered where a locale is known
        self.message = message


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped with the app, lower-case."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def _repeated(text: str) -> bool:
    """Whether `text` is one piece written twice or more ("xxxxxx", "abcabc", "monkeymonkey")."""
    return len(text) > 1 and text in (text + text)[1:-1]


def _along_a_run(text: str) -> bool:
    """Whether `text` follows the alphabet, the digits or a keyboard row, either way round."""
    if len(text) < 3:
        return False
    for run in _RUNS:
        long_run = run * (len(text) // len(run) + 2)
        if text in long_run or text[::-1] in long_run:
            return True
    return False


def _guessable(text: str, common: frozenset[str]) -> bool:
    return text in common or text in _SITE_WORDS or _repeated(text) or _along_a_run(text)


def password_problem(password: str, email: str = ""):
    """Why `password` is refused for the account with `email` (a translated message), or None
    when it meets the policy."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    text = password.strip().lower()
    core = text.strip(_AROUND)
    common = common_passwords()
    if _guessable(text, common) or (core and core != text and _guessable(core, common)):
        return TOO_COMMON
    address = email.strip().lower()
    own_words = {address, address.partition("@")[0]} - {""}
    if text in own_words or core in own_words:
        return IS_ADDRESS
    return None


def check_password_policy(password: str, email: str = "") -> None:
    """Raise WeakPassword unless `password` meets the policy."""
    problem = password_problem(password, email)
    if problem is not None:
        raise WeakPassword(problem)


class PasswordPolicy:
    """WTForms validator: the password meets the policy; `email_field` names the form's field
    holding the account's e-mail address, if it has one."""

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form, field: Field) -> None:
        email = ""
        if self.email_field is not None:
            email = form[self.email_field].data or ""
        problem = password_problem(field.data or "", email)
        if problem is not None:
            raise ValidationError(problem)


def hash_password(password: str) -> str:
    """A salted hash of `password`, made with the configured method (HASH_METHOD outside an
    application, e.g. in gunicorn's master process)."""
    method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else HASH_METHOD
    return generate_password_hash(password, method=method)
