"""Forms of the e-mail subscriptions."""

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from consult.i18n import lazy_text as _l


def _email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )


class SubscriptionForm(FlaskForm):
    """Follow a directorate (or all) by e-mail."""

    email = _email_field()
    directorate_id = SelectField(_l("Directorate"), coerce=int)


class FollowForm(FlaskForm):
    """Follow one consultation by e-mail (the form on every consultation's page, where a
    comment form may ask for an e-mail address too: the label says which is which)."""

    email = _email_field(_l("E-mail address for the notices"))


class UnsubscribeForm(FlaskForm):
    """End a subscription (confirmed with a button); the form carries only the CSRF token."""
