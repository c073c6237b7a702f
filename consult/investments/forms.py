"""Forms of the register of capital investments: the record's details, its progress and
spending, a status change, a photo, the records made from a consultation, and following a
project by e-mail."""

import re
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from consult.core.fields import WholeNumberField, no_control_characters
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l
from consult.investments.labels import INVESTMENT_STATUS_LABELS

_NO_DATE = _l("Enter a date.")
_AMOUNT_EXAMPLE = _l("Enter an amount in euros, e.g. 25000 or 25.000,50.")
#: a lone separator followed by exactly three digits separates thousands
_THOUSANDS_ONLY = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def parse_euros(text: str) -> Decimal:
    """An amount typed in euros: "25000", "25.000,50", "25,000.50", "€ 12 000"; a negative
    amount is read (and refused by the register, with its own message). Raises ValueError."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"-?[\d.,]{1,30}", cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(text)
    sign, digits = ("-", cleaned[1:]) if cleaned.startswith("-") else ("", cleaned)
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        digits = digits.replace(thousands, "").replace(decimal_mark, ".")
    elif _THOUSANDS_ONLY.match(digits):
        digits = digits.replace(",", "").replace(".", "")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")
    try:
        amount = Decimal(sign + digits)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(text)
    return amount


class EurosField(StringField):
    """An amount in euros with either decimal mark; `data` is the typed text, `amount` the
    Decimal read from it (None when it cannot be read)."""

    amount: Decimal | None = None

    def pre_validate(self, form) -> None:
        self.amount = None
        if not (self.data or "").strip():
            return
        try:
            self.amount = parse_euros(self.data)
        except ValueError as error:
            raise ValidationError(_AMOUNT_EXAMPLE) from error


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


@translated(
    title=Text(
        _l("Title"),
        300,
        required=_l("Enter the title in Albanian."),
        checks=(no_control_characters,),
    ),
    description=Text(_l("What is built"), 5000, area=True, checks=(no_control_characters,)),
)
class DetailsForm(FlaskForm, TranslatedTexts):
    """What a record says of the project: its name, place, directorate, years, plan, budget."""

    local_community_id = SelectField(_l("Local community"), coerce=int)
    directorate_id = SelectField(_l("Responsible directorate"), coerce=int)
    year_start = WholeNumberField(
        _l("First year"), validators=[InputRequired(_l("Enter the first year."))]
    )
    year_end = WholeNumberField(
        _l("Last year"), validators=[InputRequired(_l("Enter the last year."))]
    )
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    budget = EurosField(_l("Budget in euros"), validators=[InputRequired(_l("Enter the budget."))])


class ProgressForm(FlaskForm):
    """How far the works are, what was spent and when they actually started and ended."""

    progress = WholeNumberField(
        _l("Progress (%)"), validators=[InputRequired(_l("Enter the progress, from 0 to 100."))]
    )
    spent = EurosField(
        _l("Spent so far, in euros"),
        validators=[InputRequired(_l("Enter the amount spent so far."))],
    )
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_end = DateField(_l("Actual end"), validators=[Optional()])


@translated(
    note=Text(_l("Note for the history"), 2000, area=True, checks=(no_control_characters,)),
    reason=Text(
        _l("Reason for the cancellation"), 2000, area=True, checks=(no_control_characters,)
    ),
)
class StatusForm(FlaskForm, TranslatedTexts):
    """A change of the project's status on a day, with a note; a cancellation with its
    reason in every official language."""

    status = SelectField(_l("New status"), choices=_choices(INVESTMENT_STATUS_LABELS))
    changed_on = DateField(_l("Day of the change"), validators=[InputRequired(_NO_DATE)])


@translated(
    alt=Text(_l("What the photo shows"), 300, checks=(no_control_characters,)),
)
class PhotoForm(FlaskForm, TranslatedTexts):
    """A photo of the works with its text alternative in every official language."""

    photo = FileField(
        _l("Photo (JPEG or PNG)"), validators=[FileRequired(_l("Choose a photo to upload."))]
    )


class RemovePhotoForm(FlaskForm):
    """Remove a photo (the CSRF token only)."""


class FromConsultationForm(FlaskForm):
    """Make the records of what a consultation funded, in one action."""

    year = WholeNumberField(_l("Budget year (optional)"), validators=[Optional()])


class FollowForm(FlaskForm):
    """Follow a project by e-mail: a notice whenever its status changes."""

    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )


class ConfirmForm(FlaskForm):
    """The button that confirms (the CSRF token only)."""
