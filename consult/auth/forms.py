"""Sign-in, passwords (change, forgotten, reset), the People page's account form, and the
confirmation of a registration."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from consult.core.labels import ROLE_LABELS
from consult.i18n import lazy_text as _l


def _sign_in_address() -> EmailField:
    """The address an account signs in with, as the sign-in and forgotten-password forms
    ask for it."""
    return EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username"},
    )


class LoginForm(FlaskForm):
    """E-mail and password of a staff or organisation account."""

    email = _sign_in_address()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ConfirmRegistrationForm(FlaskForm):
    """The button that confirms an organisation's registration (only the CSRF token)."""


def _new_password_fields(cls):
    """The new password twice (the policy is checked against the account's address by the
    service that sets it)."""
    cls.new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    cls.repeat_password = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return cls


@_new_password_fields
class ChangePasswordForm(FlaskForm):
    """A signed-in user's new password, with the current one."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


@_new_password_fields
class ResetPasswordForm(FlaskForm):
    """The new password chosen through a reset link."""


class ForgotPasswordForm(FlaskForm):
    """The address a reset link is sent to, if it is an account's."""

    email = _sign_in_address()


class AccountForm(FlaskForm):
    """A staff account as an administrator creates or edits it (never its password)."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ("officer", "chair", "admin")],
        validators=[InputRequired(_l("Choose a role."))],
    )
    directorate = SelectField(
        _l("Directorate (officers only)"),
        coerce=str,
        validators=[Optional()],
    )


class ActionForm(FlaskForm):
    """A button on the People page (deactivate, reactivate, send a reset link): the CSRF
    token only."""


class SecondFactorForm(FlaskForm):
    """The six-digit code of an authenticator app."""

    code = StringField(
        _l("Code from your authenticator app"),
        validators=[
            DataRequired(_l("Enter the six-digit code.")),
            Length(min=6, max=8, message=_l("The code has six digits.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
