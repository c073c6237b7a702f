"""Forms of budget hearings: the cycle, the plan, the budget import, proposals and answers."""

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
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from consult.core.comment_fields import gender_choices, language_choices, page_language
from consult.core.fields import WholeNumberField, no_control_characters
from consult.core.labels import HEARING_AUDIENCE_LABELS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.hearings.importer import AmountError, parse_cents
from consult.i18n import lazy_text as _l


def _amount_validator(form, field) -> None:
    """An amount in euros, with either decimal mark; kept in `field.cents`."""
    try:
        cents = parse_cents(field.data or "")
    except AmountError as error:
        raise ValidationError(_l("Enter an amount in euros, e.g. 25000 or 25.000,50.")) from error
    if cents < 0:
        raise ValidationError(_l("The amount cannot be negative."))
    field.cents = cents


class CycleForm(FlaskForm):
    """The budget year and its milestones (empty dates take the statutory calendar)."""

    budget_year = WholeNumberField(
        _l("Budget year"),
        validators=[
            InputRequired(_l("Enter the budget year.")),
            NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100.")),
        ],
    )
    mtbf_due = DateField(_l("MTBF due to the Ministry"), validators=[Optional()])
    circular2_due = DateField(_l("Budget proposal after Circular 2 due"), validators=[Optional()])
    approval_due = DateField(_l("Assembly approves the budget by"), validators=[Optional()])


class PlannedHearingForm(FlaskForm):
    """One hearing of the plan."""

    audience = SelectField(
        _l("Audience"), choices=[SelectChoice(k, v) for k, v in HEARING_AUDIENCE_LABELS.items()]
    )
    local_community_id = SelectField(_l("Local community"), coerce=int)
    planned_on = DateField(
        _l("Date of the hearing"), validators=[InputRequired(_l("Enter the date."))]
    )
    place = StringField(
        _l("Place"),
        validators=[InputRequired(_l("Enter the place.")), Length(max=200), no_control_characters],
    )
    announced_on = DateField(_l("Announced to the public on"), validators=[Optional()])


class BudgetImportForm(FlaskForm):
    """The draft budget file."""

    file = FileField(_l("Draft budget file"), validators=[FileRequired(_l("Choose a file."))])


class ProposalForm(FlaskForm):
    """A citizen's capital-investment proposal."""

    title = StringField(
        _l("Title of the project"),
        validators=[InputRequired(_l("Enter a title.")), Length(max=200), no_control_characters],
    )
    local_community_id = SelectField(_l("Local community"), coerce=int)
    estimated_cost = StringField(
        _l("Estimated cost in euros"),
        validators=[InputRequired(_l("Enter the estimated cost.")), _amount_validator],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            InputRequired(_l("Describe the project.")),
            Length(max=5000),
            no_control_characters,
        ],
    )
    language = SelectField(
        _l("Language you write in"),
        choices=language_choices(),
        default=page_language,
    )
    photo = FileField(_l("Photo (optional)"))
    proposer_name = StringField(
        _l("Your name"),
        validators=[InputRequired(_l("Enter your name.")), Length(max=200), no_control_characters],
    )
    proposer_email = EmailField(
        _l("Your e-mail"),
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    #: unticked by default: nothing is sent without the proposer's consent
    notify = BooleanField(_l("Tell me by e-mail when the municipality answers"))


class ForwardForm(FlaskForm):
    """Put a proposal on a capital-projects poll's ballot as a candidate project."""

    poll_id = SelectField(
        _l("Capital-projects poll"),
        coerce=int,
        validators=[InputRequired(_l("Choose a poll from the list."))],
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Note"), validators=[Optional(), Length(max=2000), no_control_characters]
    )


@translated(
    reason=Text(
        _l("Reason"),
        2000,
        area=True,
        required=_l("Give the reason."),
        checks=(no_control_characters,),
    )
)
class ChangeForm(FlaskForm, TranslatedTexts):
    """A change to a line of the draft budget, with its reason in every language."""

    line_id = SelectField(_l("Budget line"), coerce=int)
    new_amount = StringField(
        _l("New proposed amount in euros"),
        validators=[InputRequired(_l("Enter the new amount.")), _amount_validator],
    )
    proposal_id = SelectField(_l("Answers the proposal"), coerce=int)


def _no_markup(form, field) -> None:
    """A name is plain text: angle brackets (HTML tags) are refused."""
    if any(c in "<>" for c in field.data or ""):
        raise ValidationError(
            _l("A programme's name is plain text, without angle brackets or other markup.")
        )


@translated(
    name=Text(
        _l("Programme name"),
        200,
        checks=(no_control_characters, _no_markup),
    )
)
class ProgrammeNameForm(FlaskForm, TranslatedTexts):
    """A programme's name in every language; the draft budget file's name is the key."""

    programme = HiddenField(validators=[InputRequired(), Length(max=200)])


@translated(
    reason=Text(_l("Reason"), 2000, area=True, checks=(no_control_characters,)),
)
class ChangeReasonForm(FlaskForm, TranslatedTexts):
    """A recorded change's reason in the languages it still lacks (LANG-ANSWER)."""


class DeleteForm(FlaskForm):
    """A button that removes something (only the CSRF token)."""


# ---------------------------------------------------------------- held hearings and comments


def _count_field(label) -> WholeNumberField:
    return WholeNumberField(
        label,
        default=0,
        validators=[Optional(), NumberRange(0, 100000, _l("Enter a number of people, 0 or more."))],
    )


@translated(
    minutes=Text(
        _l("Minutes"),
        20000,
        area=True,
        required=_l("Write the minutes."),
        checks=(no_control_characters,),
    )
)
class HoldForm(FlaskForm, TranslatedTexts):
    """A planned hearing as held: minutes and attendance per audience by gender."""

    def attendance(self) -> dict[str, tuple[int, int, int]]:
        """{audience: (women, men, other)}."""
        return {
            audience: tuple(
                getattr(self, f"{gender}_{audience}").data or 0
                for gender in ("women", "men", "other")
            )
            for audience in HEARING_AUDIENCE_LABELS
        }

    def attendance_rows(self) -> list[tuple[str, list]]:
        """(audience, [women, men, other fields]) for the attendance table."""
        return [
            (a, [getattr(self, f"{g}_{a}") for g in ("women", "men", "other")])
            for a in HEARING_AUDIENCE_LABELS
        ]


for _audience in HEARING_AUDIENCE_LABELS:
    setattr(HoldForm, f"women_{_audience}", _count_field(_l("Women")))
    setattr(HoldForm, f"men_{_audience}", _count_field(_l("Men")))
    setattr(HoldForm, f"other_{_audience}", _count_field(_l("Other")))


class InvitationForm(FlaskForm):
    """An invitation sent for a held hearing (BH-GENDER)."""

    invitee_kind = SelectField(_l("Invited"))
    name = StringField(
        _l("Name of the person or organisation"),
        validators=[InputRequired(_l("Enter the name.")), Length(max=200), no_control_characters],
    )
    sent_on = DateField(_l("Sent on"), validators=[InputRequired(_l("Enter the date."))])


class BudgetCommentForm(FlaskForm):
    """A comment on a budget line or the whole budget (public form and from the floor)."""

    line_id = SelectField(_l("Budget line"), coerce=int)
    text = TextAreaField(
        _l("Your comment"),
        validators=[
            InputRequired(_l("Write your comment.")),
            Length(max=5000),
            no_control_characters,
        ],
    )
    language = SelectField(
        _l("Language you write in"),
        choices=language_choices(),
        default=page_language,
    )
    author_name = StringField(
        _l("Your name"), validators=[Optional(), Length(max=200), no_control_characters]
    )
    author_email = EmailField(
        _l("Your e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    #: unticked by default: nothing is sent without the commenter's consent (on the floor
    #: form, the officer ticks it when the speaker asked)
    notify = BooleanField(_l("Tell me by e-mail when the municipality answers"))
    gender = SelectField(
        _l("Gender (optional, for statistics only)"),
        choices=gender_choices(),
        default="",
    )
