"""Forms of draft-act consultations: comments, articles, answers, settings, meetings, and the
versions of the act (a revised draft's articles, the Assembly's adoption)."""

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
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core.comment_fields import gender_choices, language_choices, page_language
from consult.core.fields import InOrder, WholeNumberField, no_control_characters
from consult.core.labels import MEETING_AUDIENCE_LABELS, MEETING_FORMAT_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l
from consult.meetings.forms import meeting_link


class CommentForm(FlaskForm):
    """A comment on an article or the whole act, as a citizen, anonymously or for a CSO."""

    article_id = SelectField(_l("Comment on"), coerce=int, validate_choice=True)
    text = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=5000)],
        render_kw={"rows": 8},
    )
    language = SelectField(
        _l("Language of your comment"), choices=language_choices(), default=page_language
    )
    author = RadioField(_l("Comment as"), validators=[InputRequired(_l("Choose how to comment."))])
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Your e-mail address"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    show_name = BooleanField(_l("Publish my name next to the comment"))
    #: unticked by default: nothing is sent without the commenter's consent
    notify = BooleanField(_l("Tell me by e-mail when the municipality answers"))
    gender = SelectField(_l("Gender (optional, for statistics only)"), choices=gender_choices())


@translated(
    heading=Text(_l("Heading"), 300), text=Text(_l("Text of the article"), 20000, area=True)
)
class ArticleForm(FlaskForm, TranslatedTexts):
    """An article's number, and its heading and text in every language side by side."""

    number = WholeNumberField(
        _l("Article number"),
        validators=[
            InputRequired(_l("Enter the article number.")),
            NumberRange(1, 9999, _l("Enter a number from 1 to 9999.")),
        ],
    )


class ImportForm(FlaskForm):
    """Import articles from a DOCX or TXT file in one language."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
    language = SelectField(
        _l("Language of the document"),
        choices=language_choices(),
        default=page_language,
    )


class SettingsForm(FlaskForm):
    """Per-consultation settings of a draft act."""

    allow_anonymous = BooleanField(_l("Allow anonymous comments"))


AUDIENCE_CHOICES = [SelectChoice(key, label) for key, label in MEETING_AUDIENCE_LABELS.items()]


def _attendance(label) -> WholeNumberField:
    return WholeNumberField(
        label,
        default=0,
        validators=[Optional(), NumberRange(0, 100000, _l("Enter a number from 0 up."))],
    )


@translated(
    agenda=Text(_l("Agenda"), 20000, area=True),
    accessibility=Text(_l("Accessibility"), 5000, area=True),
    minutes=Text(_l("Minutes"), 20000, area=True),
)
class MeetingForm(InOrder, FlaskForm, TranslatedTexts):
    """A public meeting: date, times, format, place and links, local community, audience,
    agenda, accessibility, minutes and attendance."""

    ORDER = (("announced_on", "held_on", _l("The announcement cannot be after the meeting.")),)

    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired(_l("Enter a date."))])
    starts_at = TimeField(_l("Starts at"), validators=[Optional()])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    format = RadioField(
        _l("Format"),
        choices=[SelectChoice(code, label) for code, label in MEETING_FORMAT_LABELS.items()],
        default="in_person",
        validators=[DataRequired(_l("Choose a format."))],
    )
    place = StringField(
        _l("Place"), validators=[Optional(), Length(max=200), no_control_characters]
    )
    online_url = meeting_link(_l("Link to join online"))
    stream_url = meeting_link(_l("Link to the stream or recording"))
    local_community_id = SelectField(_l("Local community"), coerce=int, validators=[Optional()])
    audience = SelectField(_l("Audience"), choices=AUDIENCE_CHOICES)
    announced_on = DateField(_l("Announced on"), validators=[Optional()])
    attendance_women = _attendance(_l("Women present"))
    attendance_men = _attendance(_l("Men present"))
    attendance_other = _attendance(_l("Others present"))


class MeetingCommentForm(FlaskForm):
    """A proposal raised at a public meeting, recorded by an officer."""

    article_id = SelectField(_l("Comment on"), coerce=int)
    text = TextAreaField(
        _l("Proposal"), validators=[DataRequired(_l("Write your comment.")), Length(max=5000)]
    )
    language = SelectField(_l("Language"), choices=language_choices(), default=page_language)
    speaker = StringField(_l("Who raised it (optional)"), validators=[Optional(), Length(max=200)])
    gender = SelectField(_l("Gender (optional, for statistics only)"), choices=gender_choices())


# ---------------------------------------------------------------- versions of the act


class StartVersionForm(FlaskForm):
    """Start the next version of the act: a revised draft or the adopted text."""

    kind = HiddenField(validators=[AnyOf(("revised", "adopted"))])


class _CheckBoxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@translated(
    heading=Text(_l("Heading"), 300), text=Text(_l("Text of the article"), 20000, area=True)
)
class VersionArticleForm(FlaskForm, TranslatedTexts):
    """An article of a version being prepared: its number, heading and text in every
    language, and the comments that led to its change (checked against the article's own
    comments by the service, which says why in the reader's language)."""

    number = WholeNumberField(
        _l("Article number"),
        validators=[
            InputRequired(_l("Enter the article number.")),
            NumberRange(1, 9999, _l("Enter a number from 1 to 9999.")),
        ],
    )
    comment_ids = _CheckBoxes(
        _l("Comments that led to the change"), coerce=int, validate_choice=False
    )


class VersionActionForm(FlaskForm):
    """A button on a version being prepared: publish it, throw it away, restore an article."""


class AdoptionForm(FlaskForm):
    """The Assembly's adoption of the act: the day, the decision's number, the adopted text
    as PDF (optional; checked by its content and size like every uploaded document)."""

    adopted_on = DateField(
        _l("Day the Assembly adopted the act"),
        validators=[InputRequired(_l("Enter the day the Assembly adopted the act."))],
    )
    decision_number = StringField(
        _l("Number of the Assembly's decision"),
        validators=[
            DataRequired(_l("Enter the number of the Assembly's decision.")),
            Length(max=60),
        ],
    )
    file = FileField(_l("The adopted text as PDF (optional)"))
