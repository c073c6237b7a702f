"""Forms of public meetings: the officer's stand-alone meeting, its cancellation and minutes,
and a citizen's registration for a seat."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TimeField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from consult.core.fields import WholeNumberField, no_control_characters
from consult.core.labels import MEETING_AUDIENCE_LABELS, MEETING_FORMAT_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l
from consult.meetings.models import LINK_MAX_LENGTH
from consult.meetings.services import MAX_SEATS, MeetingRefused, web_link


def _web_address(form, field) -> None:
    """Validator: empty, or an http(s) address (`services.web_link`)."""
    try:
        web_link(field.data)
    except MeetingRefused as refused:
        raise ValidationError(str(refused.message)) from None


def meeting_link(label) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Length(max=LINK_MAX_LENGTH), _web_address],
        render_kw={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"},
    )


def _count(label) -> WholeNumberField:
    return WholeNumberField(
        label,
        default=0,
        validators=[Optional(), NumberRange(0, 100000, _l("Enter a number from 0 up."))],
    )


@translated(
    title=Text(_l("Title"), 200, required=_l("Enter the title in Albanian.")),
    agenda=Text(_l("Agenda"), 20000, area=True),
    accessibility=Text(_l("Accessibility"), 5000, area=True),
)
class PublicMeetingForm(FlaskForm, TranslatedTexts):
    """A stand-alone public meeting: what, who organises it, for whom, how, when and where,
    its links, its agenda and accessibility, and whether people register for a seat."""

    directorate_id = SelectField(_l("Organiser"), coerce=int)
    audience = SelectField(
        _l("Audience"),
        choices=[SelectChoice(code, label) for code, label in MEETING_AUDIENCE_LABELS.items()],
    )
    format = RadioField(
        _l("Format"),
        choices=[SelectChoice(code, label) for code, label in MEETING_FORMAT_LABELS.items()],
        default="in_person",
        validators=[InputRequired(_l("Choose a format."))],
    )
    local_community_id = SelectField(_l("Local community"), coerce=int)
    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired(_l("Enter a date."))])
    starts_at = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the time."))])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(
        _l("Place"), validators=[Optional(), Length(max=200), no_control_characters]
    )
    online_url = meeting_link(_l("Link to join online"))
    stream_url = meeting_link(_l("Link to the stream or recording"))
    registration = BooleanField(_l("People register for a seat"))
    seat_limit = WholeNumberField(
        _l("Seats"),
        validators=[
            Optional(),
            NumberRange(1, MAX_SEATS, _l("Enter a number of seats from 1 up.")),
        ],
    )


@translated(cancel_reason=Text(_l("Why it is cancelled"), 2000, area=True))
class CancelForm(FlaskForm, TranslatedTexts):
    """Call off an announced meeting, with the reason shown on its page."""


@translated(minutes=Text(_l("Minutes"), 20000, area=True))
class MinutesForm(FlaskForm, TranslatedTexts):
    """After the meeting: minutes and the people present by gender."""

    attendance_women = _count(_l("Women present"))
    attendance_men = _count(_l("Men present"))
    attendance_other = _count(_l("Others present"))


class ActionForm(FlaskForm):
    """A button that changes the meeting (announce, delete): only the CSRF token."""


class RegistrationForm(FlaskForm):
    """A citizen asks for a seat: the name on the list at the door and where the link goes."""

    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=200),
            no_control_characters,
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )


class CancelRegistrationForm(FlaskForm):
    """Give the seat back (confirmed with a button); only the CSRF token."""
