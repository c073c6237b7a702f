"""Sign-in form and the confirmation of a registration."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from consult.i18n import lazy_text as _l


class LoginForm(FlaskForm):
    """E-mail and password of a staff or organisation account."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ConfirmRegistrationForm(FlaskForm):
    """The button that confirms an organisation's registration (only the CSRF token)."""
