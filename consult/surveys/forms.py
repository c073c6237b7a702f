"""Forms of the surveys feature: a questionnaire section built from its questions, access codes.

A section becomes a WTForms form with one field per question (several for a Likert matrix, one
per statement, and for a ranking, one per place). `read_section()` validates every answer on the
server with translated messages and returns the answers as plain values (see services).
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core import translated_fields
from consult.core.fields import InOrder, WholeNumberField
from consult.i18n import lazy_text as _l
from consult.surveys.models import Question
from consult.surveys.services import LIKERT_POINTS, RATING_POINTS, Answers
from consult.templating import render_content

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 3000

LIKERT_LABELS = {
    1: _l("Strongly disagree"),
    2: _l("Disagree"),
    3: _l("Neither agree nor disagree"),
    4: _l("Agree"),
    5: _l("Strongly agree"),
}


class AnswerInvalid(Exception):
    """A translated message saying what is wrong with an answer."""


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass
class Item:
    """A question on the page with the form fields that answer it."""

    question: Question
    fields: list[Field] = field(default_factory=list)

    @property
    def first(self) -> Field:
        return self.fields[0]

    @property
    def grouped(self) -> bool:
        """Rendered as a fieldset (several inputs) rather than one labelled input."""
        return self.question.type not in ("number", "short_text", "long_text")


class SectionForm(FlaskForm):
    """One section of a questionnaire; fields are added per question by `section_form`."""

    #: the answers of the earlier sections, signed by the server (see views)
    state = HiddenField()


def _name(question: Question, suffix: str = "") -> str:
    return f"q{question.id}{suffix}"


def _option_choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(o.value, render_content(o.label)) for o in question.options]


def _likert_choices() -> list[SelectChoice]:
    return [SelectChoice(str(p), LIKERT_LABELS[p]) for p in LIKERT_POINTS]


def _unbound_fields(question: Question) -> list[tuple[str, object]]:
    """(name, unbound field) pairs answering `question`."""
    kind, label = question.type, render_content(question.text)
    if kind == "single_choice":
        return [
            (
                _name(question),
                RadioField(label, choices=_option_choices(question), validate_choice=False),
            )
        ]
    if kind == "multiple_choice":
        choices = _option_choices(question)
        return [(_name(question), CheckboxesField(label, choices=choices, validate_choice=False))]
    if kind == "likert":
        return [
            (_name(question), RadioField(label, choices=_likert_choices(), validate_choice=False))
        ]
    if kind == "rating":
        points = [SelectChoice(str(p), str(p)) for p in RATING_POINTS]
        return [(_name(question), RadioField(label, choices=points, validate_choice=False))]
    if kind == "likert_matrix":
        return [
            (
                _name(question, f"_s{s.position}"),
                RadioField(
                    render_content(s.text), choices=_likert_choices(), validate_choice=False
                ),
            )
            for s in question.statements
        ]
    if kind == "ranking":
        choices = [SelectChoice("", _l("(choose)")), *_option_choices(question)]
        return [
            (
                _name(question, f"_r{n}"),
                SelectField(_l("Place %(n)s", n=n), choices=choices, validate_choice=False),
            )
            for n in range(1, len(question.options) + 1)
        ]
    if kind == "long_text":
        return [(_name(question), TextAreaField(label, render_kw={"maxlength": LONG_TEXT_MAX}))]
    if kind == "number":
        return [(_name(question), StringField(label, render_kw={"inputmode": "decimal"}))]
    return [(_name(question), StringField(label, render_kw={"maxlength": SHORT_TEXT_MAX}))]


def section_form(
    questions: list[Question], answers: Answers, formdata: object = None
) -> tuple[SectionForm, list[Item]]:
    """The form of one section's visible `questions`, prefilled with earlier `answers`.

    Pass `formdata` (request.form) to read a submission; None renders a fresh page.
    """

    class Form(SectionForm):
        pass

    names: list[tuple[Question, list[str]]] = []
    for question in questions:
        pairs = _unbound_fields(question)
        for name, unbound in pairs:
            setattr(Form, name, unbound)
        names.append((question, [name for name, _unbound in pairs]))
    data = {} if formdata is not None else _prefill(questions, answers)
    form = (
        Form(formdata=formdata, data=data)
        if formdata is not None
        else Form(formdata=None, data=data)
    )
    items = [Item(q, [form[n] for n in field_names]) for q, field_names in names]
    return form, items


def _prefill(questions: list[Question], answers: Answers) -> dict:
    """Field data from stored answers, for a section the respondent comes back to."""
    data: dict = {}
    for q in questions:
        value = answers.get(q.key)
        if value is None:
            continue
        if q.type == "likert_matrix":
            for s in q.statements:
                if s.key in value:  # type: ignore[operator]
                    data[_name(q, f"_s{s.position}")] = str(value[s.key])  # type: ignore[index]
        elif q.type == "ranking":
            for n, option in enumerate(value, 1):  # type: ignore[arg-type]
                data[_name(q, f"_r{n}")] = option
        elif q.type == "multiple_choice":
            data[_name(q)] = list(value)  # type: ignore[call-overload]
        else:
            data[_name(q)] = str(value)
    return data


# --- validation ------------------------------------------------------------------------------


def read_section(form: SectionForm, items: list[Item]) -> Answers | None:
    """The answers of a submitted section, or None after putting translated errors on fields.

    Call after `form.validate()` (which checks the CSRF token).
    """
    answers: Answers = {}
    valid = True
    for item in items:
        try:
            value = clean(item.question, [f.data for f in item.fields])
        except AnswerInvalid as error:
            item.first.errors = [*item.first.errors, str(error)]
            valid = False
            continue
        if value is not None:
            answers[item.question.key] = value
    return answers if valid else None


def clean(question: Question, raw: list) -> object:
    """The value of `question` from its fields' raw data; None when left unanswered.

    Raises AnswerInvalid with a translated message for a bad or missing answer.
    """
    cleaner = _CLEANERS[question.type]
    value = cleaner(question, raw)
    if value is None and question.required:
        raise AnswerInvalid(_("Please answer this question."))
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _single(question: Question, raw: list) -> str | None:
    value = raw[0]
    if _blank(value):
        return None
    if value not in {o.value for o in question.options}:
        raise AnswerInvalid(_("Choose one of the options given."))
    return value


def _multiple(question: Question, raw: list) -> list[str] | None:
    chosen = [v for v in (raw[0] or []) if not _blank(v)]
    known = [o.value for o in question.options]
    if any(v not in known for v in chosen) or len(set(chosen)) != len(chosen):
        raise AnswerInvalid(_("Choose among the options given."))
    if not chosen:
        return None
    low, high = question.min_value, question.max_value
    if low is not None and len(chosen) < low:
        raise AnswerInvalid(
            ngettext(
                "Choose at least %(count)s option.",
                "Choose at least %(count)s options.",
                int(low),
                count=int(low),
            )
        )
    if high is not None and len(chosen) > high:
        raise AnswerInvalid(
            ngettext(
                "Choose at most %(count)s option.",
                "Choose at most %(count)s options.",
                int(high),
                count=int(high),
            )
        )
    return [v for v in known if v in chosen]


def _point(value: object, points: tuple[int, ...]) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number not in points:
        raise AnswerInvalid(_("Choose one of the points of the scale."))
    return number


def _likert(question: Question, raw: list) -> int | None:
    return _point(raw[0], LIKERT_POINTS)


def _rating(question: Question, raw: list) -> int | None:
    if _blank(raw[0]):
        return None
    try:
        return _point(raw[0], RATING_POINTS)
    except AnswerInvalid:
        raise AnswerInvalid(_("Choose a number from 0 to 10.")) from None


def _matrix(question: Question, raw: list) -> dict[str, int] | None:
    values = {
        s.key: _point(v, LIKERT_POINTS) for s, v in zip(question.statements, raw, strict=True)
    }
    given = {k: v for k, v in values.items() if v is not None}
    if question.required and given and len(given) < len(values):
        raise AnswerInvalid(_("Please answer every statement."))
    return given or None


def _ranking(question: Question, raw: list) -> list[str] | None:
    places = [v for v in raw if not _blank(v)]
    if not places:
        return None
    known = {o.value for o in question.options}
    if any(v not in known for v in places):
        raise AnswerInvalid(_("Choose among the options given."))
    if len(set(places)) != len(places):
        raise AnswerInvalid(_("Each option can take only one place."))
    if len(places) != len(known) or any(_blank(v) for v in raw):
        raise AnswerInvalid(_("Give every option a place, from first to last."))
    return places


def _number(question: Question, raw: list) -> float | int | None:
    text = raw[0]
    if _blank(text):
        return None
    try:
        number = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise AnswerInvalid(_("Enter a number, for example 12.")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerInvalid(_("Enter a number, for example 12."))
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerInvalid(_number_range_message(low, high))
    return int(number) if number.is_integer() else number


def _number_range_message(low: float | None, high: float | None) -> str:
    def show(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value)

    if low is not None and high is not None:
        return _("Enter a number from %(low)s to %(high)s.", low=show(low), high=show(high))
    if low is not None:
        return _("Enter a number of at least %(low)s.", low=show(low))
    return _("Enter a number of at most %(high)s.", high=show(high))  # type: ignore[arg-type]


def _text(limit: int):
    def clean_text(question: Question, raw: list) -> str | None:
        if _blank(raw[0]):
            return None
        text = str(raw[0]).strip().replace("\r\n", "\n")
        if len(text) > limit:
            raise AnswerInvalid(
                ngettext(
                    "Keep the answer under %(count)s character.",
                    "Keep the answer under %(count)s characters.",
                    limit,
                    count=limit,
                )
            )
        return text

    return clean_text


_CLEANERS = {
    "single_choice": _single,
    "multiple_choice": _multiple,
    "likert": _likert,
    "likert_matrix": _matrix,
    "ranking": _ranking,
    "number": _number,
    "rating": _rating,
    "short_text": _text(SHORT_TEXT_MAX),
    "long_text": _text(LONG_TEXT_MAX),
}


# --- other forms -----------------------------------------------------------------------------


class CodeForm(FlaskForm):
    """The access code printed on a staff member's slip."""

    code = StringField(
        _l("Access code"),
        validators=[InputRequired(_l("Enter the access code from your slip.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class TokenForm(FlaskForm):
    """Generate access codes for one directorate, printed as slips or e-mailed."""

    directorate_id = SelectField(_l("Directorate"), coerce=int)
    count = WholeNumberField(
        _l("Number of access codes"),
        default=20,
        validators=[
            InputRequired(_l("Enter how many access codes to print.")),
            NumberRange(1, 1000, _l("Enter a number from %(low)s to %(high)s.", low=1, high=1000)),
        ],
    )
    addresses = FileField(_l("Address list (CSV, optional)"))


class SurveySetupForm(FlaskForm):
    """Set up the questionnaire of a survey consultation."""

    audience = SelectField(
        _l("Who answers"),
        choices=[
            SelectChoice("staff", _l("Staff, with access codes")),
            SelectChoice("citizen", _l("Citizens, open to anyone")),
        ],
    )
    year = WholeNumberField(
        _l("Survey year"),
        validators=[
            InputRequired(_l("Enter the survey year.")),
            NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100.")),
        ],
    )
    one_response_per_browser = BooleanField(_l("One response per browser"))
    ask_gender = BooleanField(_l("Ask gender"))
    ask_age_band = BooleanField(_l("Ask age band"))
    ask_local_community = BooleanField(_l("Ask local community"))
    copy_from = SelectField(_l("Copy the questions of"), coerce=int, choices=[])


# --- the officer's builder -------------------------------------------------------------------

BUILDER_LOCALES = ("sq", "sr_Latn", "bs", "en")
QUESTION_TYPE_LABELS = {
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "likert": _l("Agreement scale (5 points)"),
    "likert_matrix": _l("Several statements on the agreement scale"),
    "ranking": _l("Ranking"),
    "number": _l("Number"),
    "rating": _l("Rating from 0 to 10"),
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
}
OPERATOR_LABELS = {
    "in": _l("is one of"),
    "not_in": _l("is none of"),
    "answered": _l("is answered"),
    "gte": _l("is at least"),
    "lte": _l("is at most"),
}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def _translated_fields(
    form_class: type, name: str, label, max_length: int, required: bool = True
) -> type:
    """Per-language fields `name_<locale>` of the builder's languages on `form_class`, built by
    the one builder of translated fields (`consult.core.translated_fields`)."""
    message = _l("Enter the text in Albanian.") if required else None
    text = translated_fields.Text(label, max_length, required=message)
    return translated_fields.translated(BUILDER_LOCALES, **{name: text})(form_class)


def translated(form: FlaskForm, name: str) -> dict[str, str]:
    """`{locale: text}` from the per-language fields `name_<locale>`, empty ones left out."""
    return translated_fields.form_texts(form, name, BUILDER_LOCALES)


def parse_items(text: str) -> list[tuple[str, dict]]:
    """Options or statements, one per line: `code = Albanian | Serbian | Bosnian | English`.

    Raises ValueError with a translated message.
    """
    items: list[tuple[str, dict]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        code, sep, rest = line.partition("=")
        code = code.strip()
        if not sep or not _CODE.match(code):
            raise ValueError(_("Write each line as: code = Albanian | Serbian | Bosnian | English"))
        texts = [part.strip() for part in rest.split("|")]
        if not texts[0] or len(texts) > len(BUILDER_LOCALES):
            raise ValueError(_("Write each line as: code = Albanian | Serbian | Bosnian | English"))
        items.append((code, {loc: t for loc, t in zip(BUILDER_LOCALES, texts, strict=False) if t}))
    if len({code for code, _texts in items}) != len(items):
        raise ValueError(_("Each code may appear only once."))
    return items


def format_items(rows: list, code: str, text: str) -> str:
    """Options or statements as the builder's text area shows them (see `parse_items`)."""
    lines = []
    for row in rows:
        texts = [getattr(row, text).get(loc, "") for loc in BUILDER_LOCALES]
        while texts and not texts[-1]:
            texts.pop()
        lines.append(f"{getattr(row, code)} = {' | '.join(texts)}")
    return "\n".join(lines)


def translated_data(name: str, texts: dict | None) -> dict[str, str]:
    """Form data `name_<locale>` from a `{locale: text}` value."""
    return translated_fields.texts_data(name, texts, BUILDER_LOCALES)


class SectionTitleForm(FlaskForm):
    """A section's title in every language (a new section, or an existing one renamed)."""


_translated_fields(SectionTitleForm, "title", _l("Section title"), 200)


class MoveForm(FlaskForm):
    """One step up or down in the questionnaire (a small form per button, no JavaScript)."""

    direction = HiddenField(validators=[AnyOf(("up", "down"))])

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class QuestionForm(InOrder, FlaskForm):
    """A question: a new one at the end of a section, or an existing one edited."""

    ORDER = (("min_value", "max_value", _l("The maximum must not be below the minimum.")),)

    section_id = SelectField(_l("Section"), coerce=int)
    key = StringField(
        _l("Key"),
        validators=[InputRequired(_l("Enter a key.")), Length(max=60)],
    )
    type = SelectField(
        _l("Type"), choices=[SelectChoice(k, v) for k, v in QUESTION_TYPE_LABELS.items()]
    )
    required = BooleanField(_l("An answer is required"))
    min_value = FloatField(_l("Minimum"), validators=[Optional()])
    max_value = FloatField(_l("Maximum"), validators=[Optional()])
    #: codes and texts in four languages (see `parse_items`): not for machine translation
    options = TextAreaField(
        _l("Options"), validators=[Length(max=5000)], render_kw={"translate": "no"}
    )
    #: codes and texts in four languages (see `parse_items`): not for machine translation
    statements = TextAreaField(
        _l("Statements"), validators=[Length(max=5000)], render_kw={"translate": "no"}
    )
    condition_question = SelectField(_l("Ask only if the answer to"), choices=[])
    condition_operator = SelectField(
        _l("Condition"), choices=[SelectChoice(k, v) for k, v in OPERATOR_LABELS.items()]
    )
    condition_values = StringField(_l("Values (separated by commas)"), validators=[Length(max=300)])

    def validate_key(self, field) -> None:
        """Keys are stable identifiers: lower-case letters, digits and underscores."""
        if not _KEY.match(field.data or ""):
            raise ValidationError(
                _l("Use lower-case letters, digits and underscores, starting with a letter.")
            )

    def validate_options(self, field) -> None:
        """Choice and ranking questions need at least two options."""
        try:
            items = parse_items(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if self.type.data in ("single_choice", "multiple_choice", "ranking") and len(items) < 2:
            raise ValidationError(_l("Give at least two options."))

    def validate_statements(self, field) -> None:
        """A Likert matrix needs at least one statement."""
        try:
            items = parse_items(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if self.type.data == "likert_matrix" and not items:
            raise ValidationError(_l("Give at least one statement."))

    def show_if(self) -> dict | None:
        """The condition as stored on the question, or None."""
        if not self.condition_question.data:
            return None
        values = [v.strip() for v in (self.condition_values.data or "").split(",") if v.strip()]
        return {
            "question": self.condition_question.data,
            "operator": self.condition_operator.data,
            "values": values,
        }

    def load(self, question: Question) -> None:
        """Fill the fields from `question` (the edit page before the officer changes it)."""
        self.process(
            data={
                "section_id": question.section_id,
                "key": question.key,
                "type": question.type,
                "required": question.required,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "options": format_items(question.options, "value", "label"),
                "statements": format_items(question.statements, "key", "text"),
                "condition_question": (question.show_if or {}).get("question", ""),
                "condition_operator": (question.show_if or {}).get("operator", "in"),
                "condition_values": ", ".join(
                    str(v) for v in (question.show_if or {}).get("values") or ()
                ),
                **translated_data("text", question.text),
                **translated_data("hint", question.hint),
            }
        )


_translated_fields(QuestionForm, "text", _l("Question"), 1000)
_translated_fields(QuestionForm, "hint", _l("Hint (optional)"), 1000, required=False)
