"""Forms of the surveys feature: a questionnaire section built from its questions, access codes.

A section becomes a WTForms form with one field per question (several for a Likert matrix, one
per statement, and for a ranking, one per place). `read_section()` validates every answer on the
server with translated messages and returns the answers as plain values (see services).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from consult.core import translated_fields
from consult.core.fields import InOrder, WholeNumberField
from consult.core.municipalities import typed_locales
from consult.i18n import lazy_text as _l
from consult.surveys.models import Question
from consult.surveys.question_types import (
    QUESTION_TYPES,
    AnswerInvalid,
    Answers,
    QuestionType,
    question_type,
)


@dataclass
class Item:
    """A question on the page with the form fields that answer it."""

    question: Question
    fields: list[Field] = field(default_factory=list)

    @property
    def first(self) -> Field | None:
        """The field errors are shown on; None for a note, which has no field."""
        return self.fields[0] if self.fields else None

    @property
    def question_type(self) -> QuestionType:
        """The type of the question (its template, hint, and whether it is grouped)."""
        return question_type(self.question)

    @property
    def grouped(self) -> bool:
        """Rendered as a fieldset (several inputs) rather than one labelled input."""
        return self.question_type.grouped


class SectionForm(FlaskForm):
    """One section of a questionnaire; fields are added per question by `section_form`."""

    #: the answers of the earlier sections, signed by the server (see views)
    state = HiddenField()


#: a page's form class, with the names of the fields answering each of its questions
PageForm = tuple[type[SectionForm], list[tuple[Question, list[str]]]]


def section_form(
    questions: Sequence[Question], answers: Answers, formdata: object = None, kept=None
) -> tuple[SectionForm, list[Item]]:
    """The form of one section's visible `questions`, prefilled with earlier `answers`.

    Pass `formdata` (request.form) to read a submission; None renders a fresh page. `kept`: the
    kept questionnaire the questions are from (consult/surveys/questionnaire_cache.py), whose
    form class for the same questions in the same language is reused.
    """
    form_class, names = (
        page_form_class(questions) if kept is None else kept.page_form(questions, page_form_class)
    )
    data = {} if formdata is not None else _prefill(questions, answers)
    form = (
        form_class(formdata=formdata, data=data)
        if formdata is not None
        else form_class(formdata=None, data=data)
    )
    items = [Item(q, [form[n] for n in field_names]) for q, field_names in names]
    return form, items


def page_form_class(questions: Sequence[Question]) -> PageForm:
    """A new form class with the fields of `questions` (labels in the reader's language)."""

    class Form(SectionForm):
        pass

    names: list[tuple[Question, list[str]]] = []
    for question in questions:
        pairs = question_type(question).form_fields(question)
        for name, unbound in pairs:
            setattr(Form, name, unbound)
        names.append((question, [name for name, _unbound in pairs]))
    return Form, names


def _prefill(questions: Sequence[Question], answers: Answers) -> dict:
    """Field data from stored answers, for a section the respondent comes back to."""
    data: dict = {}
    for q in questions:
        value = answers.get(q.key)
        if value is not None:
            data.update(question_type(q).prefill(q, value))
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
    return question_type(question).clean(question, raw)


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
    #: printed slips: in the officer's language, or each slip in every official language
    slip_languages = SelectField(
        _l("Language of the slips"),
        choices=[
            SelectChoice("reader", _l("The language of this page")),
            SelectChoice("official", _l("Every official language on each slip")),
        ],
        default="reader",
    )


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
    #: a template of the question bank (consult.surveys.question_bank); "" for none
    template = RadioField(
        _l("Or start from a template"), choices=[], default="", validate_choice=False
    )

    def validate_template(self, field) -> None:
        """One of the templates listed (the view lists them), and not with a copy as well."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the templates listed."))
        if field.data and self.copy_from.data:
            raise ValidationError(
                _l("Start from a template or copy an earlier questionnaire, not both.")
            )


# --- the officer's builder -------------------------------------------------------------------

QUESTION_TYPE_LABELS = {code: qtype.label for code, qtype in QUESTION_TYPES.items()}
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
    """Per-language fields `name_<locale>` of every typable language on `form_class`, built by
    the one builder of translated fields (`consult.core.translated_fields`); the builder shows
    those the municipality types (`text_locales`)."""
    message = _l("Enter the text in Albanian.") if required else None
    text = translated_fields.Text(label, max_length, required=message)
    return translated_fields.translated(**{name: text})(form_class)


def translated(form: FlaskForm, name: str) -> dict[str, str]:
    """`{locale: text}` from the per-language fields `name_<locale>` the municipality types,
    empty ones left out (the services keep a stored text of another language)."""
    return translated_fields.form_texts(form, name)


def _line_format() -> str:
    """How a line of options or statements is written, in the languages typed here."""
    if "tr" in typed_locales():
        return _("Write each line as: code = Albanian | Serbian | Bosnian | Turkish | English")
    return _("Write each line as: code = Albanian | Serbian | Bosnian | English")


def parse_items(text: str) -> list[tuple[str, dict]]:
    """Options or statements, one per line: `code = Albanian | Serbian | Bosnian | English`,
    with Turkish before English where the municipality types it (`typed_locales`).

    Raises ValueError with a translated message.
    """
    locales = typed_locales()
    items: list[tuple[str, dict]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        code, sep, rest = line.partition("=")
        code = code.strip()
        if not sep or not _CODE.match(code):
            raise ValueError(_line_format())
        texts = [part.strip() for part in rest.split("|")]
        if not texts[0] or len(texts) > len(locales):
            raise ValueError(_line_format())
        items.append((code, {loc: t for loc, t in zip(locales, texts, strict=False) if t}))
    if len({code for code, _texts in items}) != len(items):
        raise ValueError(_("Each code may appear only once."))
    return items


def format_items(rows: list, code: str, text: str) -> str:
    """Options or statements as the builder's text area shows them (see `parse_items`)."""
    lines = []
    for row in rows:
        texts = [getattr(row, text).get(loc, "") for loc in typed_locales()]
        while texts and not texts[-1]:
            texts.pop()
        lines.append(f"{getattr(row, code)} = {' | '.join(texts)}")
    return "\n".join(lines)


def translated_data(name: str, texts: dict | None) -> dict[str, str]:
    """Form data `name_<locale>` from a `{locale: text}` value."""
    return translated_fields.texts_data(name, texts)


class SectionTitleForm(FlaskForm):
    """A section's title in every language (a new section, or an existing one renamed)."""


_translated_fields(SectionTitleForm, "title", _l("Section title"), 200)


class MoveForm(FlaskForm):
    """One step up or down in the questionnaire (a small form per button, no JavaScript)."""

    direction = HiddenField(validators=[AnyOf(("up", "down"))])

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


def _type_asks(code: str | None, need: str) -> bool:
    """Whether the question type of a submitted code has `need` ("needs_options",
    "needs_statements"); False for an unknown code (the type select refuses it)."""
    qtype = QUESTION_TYPES.get(code or "")
    return qtype is not None and getattr(qtype, need)


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

    def validate_required(self, field) -> None:
        """A note takes no answer, so it cannot be required."""
        qtype = QUESTION_TYPES.get(self.type.data or "")
        if field.data and qtype is not None and not qtype.asks:
            raise ValidationError(_l("A note takes no answer, so it cannot be required."))

    def validate_options(self, field) -> None:
        """Choice and ranking questions need at least two options."""
        try:
            items = parse_items(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if _type_asks(self.type.data, "needs_options") and len(items) < 2:
            raise ValidationError(_l("Give at least two options."))

    def validate_statements(self, field) -> None:
        """A Likert matrix needs at least one statement."""
        try:
            items = parse_items(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if _type_asks(self.type.data, "needs_statements") and not items:
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


class ReminderForm(FlaskForm):
    """The confirmation of a reminder: the number of recipients the officer was shown (the
    list may have grown since the page was read)."""

    recipients = HiddenField(validators=[InputRequired()])


class RetryInvitationsForm(FlaskForm):
    """The button that tries the failed invitations again (the CSRF token only)."""


class StaffCountField(WholeNumberField):
    """The staff of one directorate: a whole number, or nothing (no count entered)."""

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            message = _("Enter the number of staff as a whole number, such as 24.")
            raise ValueError(message) from None


class StaffCountsForm(FlaskForm):
    """The staff of every directorate in one year; one `staff_<directorate id>` field each."""

    def counts(self) -> dict[int, int | None]:
        """{directorate id: staff or None} as entered."""
        return {
            int(name.removeprefix("staff_")): item.data
            for name, item in self._fields.items()
            if name.startswith("staff_")
        }


def staff_counts_form(
    directorates: list[tuple[int, str, str]], counts: dict[int, int]
) -> StaffCountsForm:
    """The form for (directorate id, name, hint) rows, prefilled with the counts entered."""
    high = 100_000

    class Form(StaffCountsForm):
        pass

    for directorate_id, name, hint in directorates:
        setattr(
            Form,
            f"staff_{directorate_id}",
            StaffCountField(
                name,
                description=hint,
                validators=[
                    Optional(),
                    NumberRange(
                        0,
                        high,
                        _l("Enter a number from %(low)s to %(high)s.", low=0, high=high),
                    ),
                ],
            ),
        )
    return Form(data={f"staff_{d}": n for d, n in counts.items()})


class ImportQuestionnaireForm(FlaskForm):
    """A questionnaire file to preview (XLSForm or LimeSurvey), and the survey it becomes."""

    questionnaire = FileField(
        _l("Questionnaire file (.xlsx or .lss)"), render_kw={"accept": ".xlsx,.lss"}
    )
    audience = SurveySetupForm.audience
    year = SurveySetupForm.year

    def validate_questionnaire(self, field) -> None:
        if not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choose a file."))


class ConfirmImportForm(FlaskForm):
    """ "Create the survey": the previewed file (signed, in `upload`, or chosen again when it
    is too large to travel in the page), with the audience and year shown on the preview."""

    upload = HiddenField(validators=[InputRequired()])
    questionnaire = FileField(_l("The same file again"))
    audience = SurveySetupForm.audience
    year = SurveySetupForm.year
