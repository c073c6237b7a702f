"""Forms of the e-mail subscriptions."""

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from consult.i18n import lazy_text as _l


class SubscriptionForm(FlaskForm):
    """Follow a directorate (or all) by e-mail."""

    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    directorate_id = SelectField(_l("Directorate"), coerce=int)


class UnsubscribeForm(FlaskForm):
    """End a subscription (confirmed with a button); the form carries only the CSRF token."""
