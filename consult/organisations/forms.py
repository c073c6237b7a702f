"""Forms of the CSO registry: an organisation's registration, and the officers' verification."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, Optional

from consult.auth.passwords import PasswordPolicy
from consult.core.labels import SECTOR_LABELS
from consult.i18n import lazy_text as _l


class OrganisationForm(FlaskForm):
    """Register a civil-society organisation and its representative's account."""

    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
    )
    registration_number = StringField(
        _l("Registration number"),
        validators=[DataRequired(_l("Enter the registration number.")), Length(max=40)],
    )
    sector = SelectField(
        _l("Sector"),
        choices=lambda: [("", _l("Not given")), *SECTOR_LABELS.items()],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(list(SECTOR_LABELS), message=_l("Choose a sector from the list.")),
        ],
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    representative = StringField(
        _l("Representative"),
        validators=[DataRequired(_l("Enter the representative's name.")), Length(max=200)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), PasswordPolicy("contact_email")],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class VerifyForm(FlaskForm):
    """An officer verifies an organisation or withdraws the verification (the button says
    which); the form carries only the CSRF token."""
