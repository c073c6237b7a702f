"""Forms of the audience lists: a list, a member with the consent recorded, a CSV import, a
message to lists, and the public "Join a list" page."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consult.audiences.services import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from consult.core.fields import no_control_characters
from consult.core.labels import (
    AUDIENCE_LIST_LABELS,
    CONSENT_LABELS,
    RECORDED_CONSENT_WAYS,
    SECTOR_LABELS,
)
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import ENDONYMS, LOCALES
from consult.i18n import lazy_text as _l


class CheckBoxes(SelectMultipleField):
    """A list of check boxes (a fieldset, with the field's label as its legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _language_field(label) -> SelectField:
    return SelectField(
        label,
        choices=[SelectChoice(code, ENDONYMS[code]) for code in LOCALES],
        default="sq",
        validators=[InputRequired(_l("Choose a language."))],
    )


def _email_field(label) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        filters=[_stripped],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _stripped(value):
    """An address as typed, without the spaces around it (pasted from a document)."""
    return value.strip() if isinstance(value, str) else value


def _name_field(label) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=200), no_control_characters])


@translated(name=Text(_l("Name of the list"), 200, required=_l("Enter the name in Albanian.")))
class ListForm(FlaskForm, TranslatedTexts):
    """An audience list: its name in each language, its audience, a sector for organisations,
    and whether the public may join it."""

    audience = SelectField(
        _l("Audience"),
        choices=[SelectChoice(code, label) for code, label in AUDIENCE_LIST_LABELS.items()],
        validators=[InputRequired(_l("Choose an audience."))],
    )
    sector = SelectField(
        _l("Sector (civil-society organisations only)"),
        choices=[SelectChoice("", _l("Every sector"))]
        + [SelectChoice(code, label) for code, label in SECTOR_LABELS.items()],
        default="",
    )
    open_to_public = BooleanField(_l("Anyone may join it on the public page"))


class MemberForm(FlaskForm):
    """A member an officer adds, with the consent they hold and its day."""

    name = _name_field(_l("Name (optional)"))
    email = _email_field(_l("E-mail address"))
    locale = _language_field(_l("Language of the messages"))
    consent_how = RadioField(
        _l("How the person agreed"),
        choices=[SelectChoice(code, CONSENT_LABELS[code]) for code in RECORDED_CONSENT_WAYS],
        validators=[InputRequired(_l("Choose how the person agreed."))],
    )
    consent_on = DateField(
        _l("Day of the consent"), validators=[InputRequired(_l("Enter the day of the consent."))]
    )


class ImportForm(FlaskForm):
    """A CSV file of members."""

    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a file to upload."))])


@translated(
    subject=Text(_l("Subject"), SUBJECT_MAX_LENGTH, required=_l("Enter the subject in Albanian.")),
    body=Text(
        _l("Message"), BODY_MAX_LENGTH, area=True, required=_l("Write the message in Albanian.")
    ),
)
class SendForm(FlaskForm, TranslatedTexts):
    """An invitation or a newsletter: its texts, what it is about, the lists it goes to."""

    consultation_id = SelectField(_l("About a consultation (optional)"), coerce=int, default=0)
    meeting_id = SelectField(_l("About a public meeting (optional)"), coerce=int, default=0)
    list_ids = CheckBoxes(
        _l("Lists"), coerce=int, validators=[DataRequired(_l("Choose at least one list."))]
    )


class QueueForm(FlaskForm):
    """Send a draft: carries the number of people the officer was shown."""

    expected = HiddenField()


class ActionForm(FlaskForm):
    """A button that changes something (remove a member, delete a list or a draft): only the
    CSRF token."""


class JoinForm(FlaskForm):
    """Somebody joins lists open to the public; a link sent to the address confirms it."""

    list_ids = CheckBoxes(
        _l("Lists"), coerce=int, validators=[DataRequired(_l("Choose at least one list."))]
    )
    email = _email_field(_l("Your e-mail address"))
    name = _name_field(_l("Your name or your organisation's (optional)"))
    locale = _language_field(_l("Language of the messages"))


class UnsubscribeForm(FlaskForm):
    """Leave the lists a message came through (confirmed with a button): only the CSRF
    token."""
