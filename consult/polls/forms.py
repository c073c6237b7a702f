"""Forms of the polls feature: settings, projects, voter list, verification, paper batches."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from consult.core.fields import InOrder, WholeNumberField
from consult.core.labels import GENDER_LABELS, POLL_GENDERS
from consult.core.translated_fields import Text, TranslatedTexts, translated
from consult.i18n import lazy_text as _l

BALLOT_TYPE_LABELS = {
    "approval": _l("Approval: choose the projects you support"),
    "knapsack": _l("Within the budget: choose projects whose total cost fits the budget"),
    "cumulative": _l("Points: share a number of points among the projects"),
    "ranking": _l("Ranking: put your favourite projects in order"),
    "choose_one": _l("Choose one project"),
}
RULE_LABELS = {
    "greedy": _l("Greedy: most votes first, skipping projects that no longer fit"),
    "greedy-no-skip": _l("Greedy without skipping: stop at the first project that does not fit"),
    "greedy-threshold": _l("Greedy with a minimum support threshold"),
    "greedy-exclusive": _l(
        "Greedy with mutually exclusive projects: of projects for the same site, only the "
        "one with most support can be funded"
    ),
    "equalshares": _l("Method of Equal Shares, without completion"),
    "equalshares/add1": _l("Method of Equal Shares, with completion"),
    "equalshares-comparison": _l(
        "Method of Equal Shares without completion, or greedy if more voters prefer its outcome"
    ),
    "equalshares/add1-comparison": _l(
        "Method of Equal Shares with completion, or greedy if more voters prefer its outcome"
    ),
}
ORDINAL_SCORING_LABELS = {
    "positions": _l(
        "By place: of k ranked projects the first gets k points and the last 1 (as Pabulib)"
    ),
    "borda": _l("Borda count: of k ranked projects the first gets k − 1 points and the last 0"),
}

_REQUIRED_NUMBER = _l("Enter a whole number.")


class PollSettingsForm(InOrder, FlaskForm):
    """Budget, ballot type, counting rule, minimum age and verification of a poll."""

    ORDER = (
        (
            "min_projects",
            "max_projects",
            _l("The most projects on a ballot must not be fewer than the fewest."),
        ),
    )

    budget = WholeNumberField(
        _l("Budget"),
        validators=[InputRequired(_REQUIRED_NUMBER), NumberRange(1, None, _REQUIRED_NUMBER)],
    )
    currency = StringField(_l("Currency"), default="EUR", validators=[Length(3, 3)])
    ballot_type = SelectField(
        _l("Ballot type"), choices=[SelectChoice(k, v) for k, v in BALLOT_TYPE_LABELS.items()]
    )
    min_projects = WholeNumberField(
        _l("Fewest projects on a ballot"), default=1, validators=[Optional(), NumberRange(0)]
    )
    max_projects = WholeNumberField(
        _l("Most projects on a ballot"), validators=[Optional(), NumberRange(1)]
    )
    points = WholeNumberField(_l("Points per voter"), validators=[Optional(), NumberRange(1)])
    top_k = WholeNumberField(_l("Projects to rank"), validators=[Optional(), NumberRange(1)])
    rule = SelectField(
        _l("Counting rule"), choices=[SelectChoice(k, v) for k, v in RULE_LABELS.items()]
    )
    threshold = WholeNumberField(
        _l("Minimum support (votes or points)"), default=0, validators=[Optional(), NumberRange(0)]
    )
    ordinal_scoring = SelectField(
        _l("Points for a ranking"),
        choices=[SelectChoice(k, v) for k, v in ORDINAL_SCORING_LABELS.items()],
        default="positions",
    )
    minimum_age = WholeNumberField(
        _l("Minimum age"), default=16, validators=[InputRequired(), NumberRange(0, 120)]
    )
    verify_voter_list = BooleanField(
        _l("Check personal number and birth year against the voter list")
    )
    verify_email = BooleanField(_l("Send a one-time code by e-mail"))
    verify_sms = BooleanField(_l("Send a one-time code by SMS"))

    def values(self) -> dict:
        """The settings as `Poll` attributes."""
        return {
            "budget": self.budget.data,
            "currency": (self.currency.data or "EUR").upper(),
            "ballot_type": self.ballot_type.data,
            "min_projects": self.min_projects.data or 0,
            "max_projects": self.max_projects.data,
            "points": self.points.data,
            "top_k": self.top_k.data,
            "rule": self.rule.data,
            "threshold": self.threshold.data or 0,
            "ordinal_scoring": self.ordinal_scoring.data,
            "minimum_age": self.minimum_age.data,
            "verify_voter_list": self.verify_voter_list.data,
            "verify_email": self.verify_email.data,
            "verify_sms": self.verify_sms.data,
        }


class CountingForm(FlaskForm):
    """How a poll is counted: the rule, the points of a ranking, mutually exclusive projects.

    It may change until voting starts, and for a poll imported from a file (whose ballots are
    fixed already): the officer chooses the rule of a file that names none the app knows.
    """

    rule = SelectField(
        _l("Counting rule"), choices=[SelectChoice(k, v) for k, v in RULE_LABELS.items()]
    )
    ordinal_scoring = SelectField(
        _l("Points for a ranking"),
        choices=[SelectChoice(k, v) for k, v in ORDINAL_SCORING_LABELS.items()],
    )
    exclusive_groups = TextAreaField(
        _l("Mutually exclusive projects"),
        validators=[Optional(), Length(max=4000)],
        description=_l(
            "One group a line: the codes of projects of which at most one can be funded "
            "(for example two projects for the same site), separated by commas."
        ),
    )


class ImportPbForm(FlaskForm):
    """A Pabulib `.pb` file to become a closed poll, and the rule to count it by."""

    pb_file = FileField(_l("Pabulib file (.pb)"), validators=[FileRequired(_l("Choose a file."))])
    rule = SelectField(
        _l("Counting rule"),
        choices=[SelectChoice("", _l("The file's own rule"))]
        + [SelectChoice(k, v) for k, v in RULE_LABELS.items()],
        validators=[Optional()],
    )


class ConfirmImportForm(FlaskForm):
    """The button that imports the file shown in the preview (the CSRF token only)."""


@translated(title=Text(_l("Title"), 300), description=Text(_l("Description"), 5000, area=True))
class ProjectForm(FlaskForm, TranslatedTexts):
    """A candidate project in every language, its cost and where it is."""

    code = StringField(_l("Short code for paper ballots"), validators=[Optional(), Length(max=40)])
    cost = WholeNumberField(
        _l("Cost"),
        validators=[InputRequired(_REQUIRED_NUMBER), NumberRange(1, None, _REQUIRED_NUMBER)],
    )
    local_community_id = SelectField(_l("Local community"), coerce=int, validators=[Optional()])
    directorate_id = SelectField(_l("Directorate"), coerce=int, validators=[Optional()])
    photo = FileField(_l("Photo (JPEG or PNG, optional)"))

    def validate_title_sq(self, field) -> None:
        """A project needs at least its Albanian title."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the title in Albanian."))


class VoterListForm(FlaskForm):
    """The voter list as CSV: personal_number, birth_year, gender, local_community."""

    file = FileField(
        _l("Voter list (CSV)"), validators=[FileRequired(_l("Choose a file to upload."))]
    )


class VoterCheckForm(FlaskForm):
    """Personal number and birth year, checked against the voter list."""

    personal_number = StringField(
        _l("Personal number"),
        validators=[InputRequired(_l("Enter your personal number.")), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    birth_year = WholeNumberField(
        _l("Year of birth"),
        validators=[InputRequired(_l("Enter your year of birth.")), NumberRange(1900, 2100)],
        render_kw={"inputmode": "numeric"},
    )


class EmailForm(FlaskForm):
    """Where to send an e-mail one-time code."""

    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Enter a valid e-mail address.")), Email(), Length(max=254)],
    )


class PhoneForm(FlaskForm):
    """Where to send an SMS one-time code."""

    phone = StringField(
        _l("Mobile phone number"),
        validators=[InputRequired(_l("Enter your mobile phone number.")), Length(6, 20)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )


class CodeForm(FlaskForm):
    """The one-time code the voter received."""

    code = StringField(
        _l("One-time code"),
        validators=[InputRequired(_l("Enter the code you received.")), Length(max=10)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )


class ConfirmVoteForm(FlaskForm):
    """The final "cast my vote" button."""


class AcceptBatchForm(FlaskForm):
    """The button that accepts a matching paper batch."""


class ReceiptForm(FlaskForm):
    """A receipt code to check."""

    code = StringField(
        _l("Receipt code"),
        validators=[InputRequired(_l("Enter your receipt code.")), Length(max=20)],
    )


class PaperBatchForm(FlaskForm):
    """A new batch of paper ballots."""

    label = StringField(
        _l("Where the ballots come from"),
        validators=[InputRequired(_l("Say where the ballots come from.")), Length(max=200)],
    )
    day = DateField(_l("Day of voting"), validators=[InputRequired(_l("Enter the day."))])


class PaperKeyingForm(FlaskForm):
    """One officer's keying of a batch: the sign-in sheet and the ballots."""

    voters = TextAreaField(
        _l("Personal numbers on the sign-in sheet, one per line"),
        validators=[InputRequired(_l("Enter the personal numbers of the voters."))],
    )
    ballots = TextAreaField(
        _l("Ballots, one per line, as project codes separated by commas"),
        validators=[InputRequired(_l("Enter the ballots."))],
    )


def gender_choices() -> list[SelectChoice]:
    """The optional gender question of the ballot."""
    return [SelectChoice("", _l("Prefer not to say"))] + [
        SelectChoice(k, GENDER_LABELS[k]) for k in POLL_GENDERS
    ]
