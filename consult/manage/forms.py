"""Back-office forms: a consultation with every language side by side, document upload, the
outreach log."""

import datetime as dt

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from consult.core import outreach
from consult.core.fields import InOrder, WholeNumberField
from consult.core.kinds import kind_labels
from consult.core.labels import OUTREACH_CHANNEL_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l

TRANSLATED_FIELDS = {
    "title": Text(_l("Title"), 300),
    "summary": Text(_l("Summary"), 1000, area=True),
    "body": Text(_l("Announcement text"), 20000, area=True),
}


class _ConsultationBase(InOrder, FlaskForm):
    ORDER = (
        ("opens_at", "closes_at", _l("The closing date must not be before the opening date.")),
    )

    #: the kinds registered on the app (`consult.core.kinds`), set when the form is made
    kind = SelectField(_l("Kind"))
    directorate_id = SelectField(_l("Responsible directorate"), coerce=int, validators=[Optional()])
    planned_year = WholeNumberField(
        _l("Year of the annual plan"),
        validators=[Optional(), NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100."))],
    )
    contact_name = StringField(_l("Contact official"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    contact_phone = StringField(_l("Contact telephone"), validators=[Optional(), Length(max=40)])
    notice_at = DateField(_l("Preliminary notice"), validators=[Optional()])
    opens_at = DateField(_l("Opens on"), validators=[Optional()])
    closes_at = DateField(_l("Closes on"), validators=[Optional()])
    report_due_at = DateField(_l("Report due on"), validators=[Optional()])
    #: shown only where the standards profile has a longer period for complex acts
    complex_act = BooleanField(_l("Complex act: the written consultation may run longer"))
    #: asked only of a published consultation whose dates change
    change_reason = TextAreaField(
        _l("Reason for changing the dates"), validators=[Optional(), Length(max=2000)]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(code, name) for code, name in kind_labels().items()]


#: a consultation's texts are typed in Serbian Cyrillic as well (LANG-SCRIPT), and in Turkish
#: where the municipality types it
CONSULTATION_LOCALES = ("sq", "sr_Latn", "sr", "bs", "tr", "en")


@translated(CONSULTATION_LOCALES, **TRANSLATED_FIELDS)
class ConsultationForm(_ConsultationBase, TranslatedTexts):
    """A consultation's common fields and its texts in every language."""


@translated(title=Text(_l("Title"), 300, required=_l("Enter a title.")))
class DocumentForm(FlaskForm, TranslatedTexts):
    """Upload a PDF, DOCX, ODT or XLSX document with its role and title."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
    role = SelectField(
        _l("What the document is"),
        choices=[
            SelectChoice("draft", _l("The draft itself")),
            SelectChoice("explanatory_note", _l("Explanatory note")),
            SelectChoice("other", _l("Other document")),
        ],
    )

    def titles(self) -> dict[str, str]:
        """`{locale: title}` of the non-empty title fields."""
        return self.texts("title")


class RemoveDocumentForm(FlaskForm):
    """Remove a document; a published consultation's document needs a reason."""

    reason = TextAreaField(
        _l("Reason for removing the document"), validators=[Optional(), Length(max=2000)]
    )


class AdvanceForm(FlaskForm):
    """Move the consultation one step in its lifecycle, with a reason where a rule is broken."""

    to_status = HiddenField()
    override_reason = TextAreaField(
        _l("Reason for going on despite the findings"), validators=[Optional(), Length(max=2000)]
    )


class OutreachForm(FlaskForm):
    """A channel used to reach people about the consultation (the outreach log): which, on
    which day, the local community (for a notice board), how many and a note. The rules are
    `consult.core.outreach.problems`, shown on the fields they are about."""

    channel = SelectField(
        _l("Channel"),
        choices=[SelectChoice(code, label) for code, label in OUTREACH_CHANNEL_LABELS.items()],
        validators=[InputRequired(_l("Choose a channel."))],
    )
    used_on = DateField(
        _l("Day"), validators=[InputRequired(_l("Enter the day the channel was used."))]
    )
    #: 0: no local community; the others are set when the form is made
    local_community_id = SelectField(_l("Local community"), coerce=int, validate_choice=False)
    quantity = WholeNumberField(_l("How many"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the log's rules for an entry (as of today), each on its field."""
        valid = super().validate(extra_validators)
        found = outreach.problems(
            self.channel.data,
            self.used_on.data,
            self.community_id(),
            self.quantity.data,
            self.note.data,
            dt.date.today(),
        )
        for name, message in found.items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def community_id(self) -> int | None:
        """The chosen local community's id, None for none."""
        return self.local_community_id.data or None


class DeleteOutreachForm(FlaskForm):
    """Remove an entry from the outreach log (only the CSRF token)."""
