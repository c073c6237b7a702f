"""The question types of a questionnaire, one class each, registered in one place.

A question's `type` column holds a type's `code`; `question_type(question)` gives the object
that knows, for that type, the form fields that answer it (`form_fields`), how a submission
becomes the stored value (`parse`, `clean`) and earlier answers become field data again
(`prefill`), the `SurveyAnswer` rows of a value (`rows`, see `SurveyAnswer` for the layout), the
cell of the raw export (`export`), what the report shows (`summarise` and the attributes the
report reads), and how the questionnaire page renders it (`template`, `hint`).

Values travel as the services describe them (`consult.surveys.services`, module docstring).
Nothing here changes what is stored or how answers are kept apart from their respondents
(`consult.surveys.models`, `consult.core.anonymity`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, ClassVar

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from consult.i18n import lazy_text as _l
from consult.surveys.models import Question, SurveyAnswer
from consult.templating import render_content

if TYPE_CHECKING:
    from consult.surveys.report import QuestionReport, SurveyCounts

#: a respondent's answers, `{question key: value}` (JSON-able) until the final submit
Answers = dict[str, object]

LIKERT_POINTS = (1, 2, 3, 4, 5)
RATING_POINTS = tuple(range(11))
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


def field_name(question: Question, suffix: str = "") -> str:
    """The name of a form field answering `question` (`suffix` for one of several)."""
    return f"q{question.id}{suffix}"


def _option_choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(o.value, render_content(o.label)) for o in question.options]


def _likert_choices() -> list[SelectChoice]:
    return [SelectChoice(str(p), LIKERT_LABELS[p]) for p in LIKERT_POINTS]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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


def show_number(value: float) -> str:
    """A stored number as people write it: 3, not 3.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _summary(name: str):
    """The report's builder `name` (consult.surveys.report), imported at first use: the report
    loads the analytics libraries, which the questionnaire pages do not need."""
    from consult.surveys import report

    return getattr(report, name)


class QuestionType:
    """What every question type does; subclasses set the attributes and override methods."""

    #: the value of `Question.type`
    code: ClassVar[str]
    #: the name the builder shows
    label: ClassVar[object]
    #: rendered as a fieldset of several inputs rather than one labelled input
    grouped: ClassVar[bool] = True
    #: the macro of templates/surveys/_questions.html that renders its inputs:
    #: "choices", "statements", "places" (grouped) or "input"
    template: ClassVar[str] = "choices"
    #: the hint under the question the page adds for this type, if any:
    #: "choice_count", "rating", "ranking" or "number_range"
    hint: ClassVar[str | None] = None
    #: the builder asks for at least two options / at least one statement
    needs_options: ClassVar[bool] = False
    needs_statements: ClassVar[bool] = False
    #: stored as one row per response (`item` = ""): its rows are the responses that answered
    one_row: ClassVar[bool] = True
    #: free text: shown only from k (text) authors, no trend, blanked in small export groups
    free_text: ClassVar[bool] = False
    #: the answer column the report counts by ("choice", "number"), None if not counted so
    counted_by: ClassVar[str | None] = None
    #: a breakdown counts each answer per group (else it shows averages per group)
    breakdown_counts: ClassVar[bool] = False
    #: the answer column that names what a breakdown averages per group: the statement
    #: (`item`, a matrix; "" for one-value questions) or the option (`choice`, a ranking)
    means_by: ClassVar[str] = "item"
    #: the report's builder of this type's overall results (consult.surveys.report)
    summary: ClassVar[str]
    #: what a year-over-year row shows: "mean", "shares", "statement_means", "option_means"
    trend: ClassVar[str | None] = "mean"
    #: takes an answer: False for a note (no field, no rows, not in the report or the export,
    #: never the source of a condition)
    asks: ClassVar[bool] = True
    #: the report breaks its results down by group (directorate, gender...)
    broken_down: ClassVar[bool] = True

    # --- the questionnaire page ---

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """(name, unbound WTForms field) pairs answering `question`."""
        raise NotImplementedError

    def prefill(self, question: Question, value: object) -> dict:
        """Field data from a stored value, for a section the respondent comes back to."""
        return {field_name(question): str(value)}

    def parse(self, question: Question, raw: list) -> object:
        """The value from the fields' raw data; None when left unanswered.

        Raises AnswerInvalid with a translated message for a bad answer.
        """
        raise NotImplementedError

    def clean(self, question: Question, raw: list) -> object:
        """`parse`, and refuse a missing answer to a required question."""
        value = self.parse(question, raw)
        if value is None and question.required:
            raise AnswerInvalid(_("Please answer this question."))
        return value

    # --- storing and exporting ---

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """The `SurveyAnswer` rows storing `value` (see `SurveyAnswer`)."""
        return [SurveyAnswer(question_id=question.id, item="", number=float(value))]  # type: ignore[arg-type]

    def export(self, rows: list[SurveyAnswer]) -> object:
        """The raw export's cell of one response's rows ("" when unanswered)."""
        if not rows:
            return ""
        row = rows[0]
        if row.choice is not None:
            return row.choice
        if row.text is not None:
            return row.text
        return show_number(row.number) if row.number is not None else ""

    # --- the report ---

    def summarise(self, report: QuestionReport, counted: SurveyCounts) -> None:
        """Fill `report` with the overall results (table, chart, texts) of its question."""
        _summary(self.summary)(report, counted)

    def scale_labels(self) -> dict[int, str]:
        """Scale points → labels: the numbers 0–10 unless the type has an agreement scale."""
        return {p: str(p) for p in RATING_POINTS}


class SingleChoice(QuestionType):
    """One option of several (radio buttons)."""

    code = "single_choice"
    label = _l("Single choice")
    needs_options = True
    counted_by = "choice"
    breakdown_counts = True
    summary = "_choices"
    trend = "shares"
    #: the heading of the report's count column
    count_heading = _l("Answers")

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One set of radio buttons."""
        label = render_content(question.text)
        choices = _option_choices(question)
        return [(field_name(question), RadioField(label, choices=choices, validate_choice=False))]

    def parse(self, question: Question, raw: list) -> str | None:
        """The chosen option's code."""
        value = raw[0]
        if _blank(value):
            return None
        if value not in {o.value for o in question.options}:
            raise AnswerInvalid(_("Choose one of the options given."))
        return value

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row with the option in `choice`."""
        return [SurveyAnswer(question_id=question.id, item="", choice=str(value))]


class MultipleChoice(SingleChoice):
    """Any number of options, between the question's minimum and maximum (checkboxes)."""

    code = "multiple_choice"
    label = _l("Multiple choice")
    hint = "choice_count"
    one_row = False
    count_heading = _l("Times chosen")

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One set of checkboxes."""
        label = render_content(question.text)
        choices = _option_choices(question)
        return [
            (field_name(question), CheckboxesField(label, choices=choices, validate_choice=False))
        ]

    def prefill(self, question: Question, value: object) -> dict:
        """The chosen codes."""
        return {field_name(question): list(value)}  # type: ignore[call-overload]

    def parse(self, question: Question, raw: list) -> list[str] | None:
        """The chosen codes, in the options' order."""
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

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row per chosen option (`item` = `choice`)."""
        return [
            SurveyAnswer(question_id=question.id, item=str(v), choice=str(v))
            for v in value  # type: ignore[attr-defined]
        ]

    def export(self, rows: list[SurveyAnswer]) -> object:
        """The chosen codes in alphabetical order, separated by semicolons."""
        if not rows:
            return ""
        return "; ".join(sorted(r.choice or "" for r in rows))


class Likert(QuestionType):
    """One point of the 5-point agreement scale."""

    code = "likert"
    label = _l("Agreement scale (5 points)")
    counted_by = "number"
    breakdown_counts = True
    summary = "_scale"
    #: the report's chart: the agreement scale's stacked bar, or plain bars
    chart = "likert"

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One set of radio buttons, strongly disagree to strongly agree."""
        label = render_content(question.text)
        field = RadioField(label, choices=_likert_choices(), validate_choice=False)
        return [(field_name(question), field)]

    def parse(self, question: Question, raw: list) -> int | None:
        """The scale point, 1 to 5."""
        return _point(raw[0], LIKERT_POINTS)

    def scale_labels(self) -> dict[int, str]:
        """The agreement scale's points and labels."""
        return {p: str(LIKERT_LABELS[p]) for p in LIKERT_POINTS}


class Rating(Likert):
    """A number from 0 to 10 (radio buttons)."""

    code = "rating"
    label = _l("Rating from 0 to 10")
    hint = "rating"
    chart = "bar"

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One set of radio buttons, 0 to 10."""
        label = render_content(question.text)
        points = [SelectChoice(str(p), str(p)) for p in RATING_POINTS]
        return [(field_name(question), RadioField(label, choices=points, validate_choice=False))]

    def parse(self, question: Question, raw: list) -> int | None:
        """The rating, 0 to 10."""
        if _blank(raw[0]):
            return None
        try:
            return _point(raw[0], RATING_POINTS)
        except AnswerInvalid:
            raise AnswerInvalid(_("Choose a number from 0 to 10.")) from None

    def scale_labels(self) -> dict[int, str]:
        """The numbers 0–10."""
        return QuestionType.scale_labels(self)


class LikertMatrix(QuestionType):
    """Several statements, each on the agreement scale."""

    code = "likert_matrix"
    label = _l("Several statements on the agreement scale")
    template = "statements"
    needs_statements = True
    one_row = False
    summary = "_matrix"
    trend = "statement_means"

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One set of radio buttons per statement."""
        return [
            (
                field_name(question, f"_s{s.position}"),
                RadioField(
                    render_content(s.text), choices=_likert_choices(), validate_choice=False
                ),
            )
            for s in question.statements
        ]

    def prefill(self, question: Question, value: object) -> dict:
        """The point of each statement answered."""
        return {
            field_name(question, f"_s{s.position}"): str(value[s.key])  # type: ignore[index]
            for s in question.statements
            if s.key in value  # type: ignore[operator]
        }

    def parse(self, question: Question, raw: list) -> dict[str, int] | None:
        """{statement key: point} of the statements answered."""
        values = {
            s.key: _point(v, LIKERT_POINTS) for s, v in zip(question.statements, raw, strict=True)
        }
        given = {k: v for k, v in values.items() if v is not None}
        if question.required and given and len(given) < len(values):
            raise AnswerInvalid(_("Please answer every statement."))
        return given or None

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row per statement (`item` = statement key, `number` = point)."""
        return [
            SurveyAnswer(question_id=question.id, item=str(k), number=float(n))
            for k, n in value.items()  # type: ignore[attr-defined]
        ]

    def export(self, rows: list[SurveyAnswer]) -> object:
        """`statement=point` pairs in the statements' alphabetical order."""
        if not rows:
            return ""
        return "; ".join(
            f"{r.item}={show_number(r.number or 0)}" for r in sorted(rows, key=lambda r: r.item)
        )

    def scale_labels(self) -> dict[int, str]:
        """The agreement scale's points and labels."""
        return Likert.scale_labels(self)  # type: ignore[arg-type]


class Ranking(QuestionType):
    """Every option given a place, first to last."""

    code = "ranking"
    label = _l("Ranking")
    hint = "ranking"
    template = "places"
    needs_options = True
    one_row = False
    means_by = "choice"
    summary = "_ranking"
    trend = "option_means"

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One select per place."""
        choices = [SelectChoice("", _l("(choose)")), *_option_choices(question)]
        return [
            (
                field_name(question, f"_r{n}"),
                SelectField(_l("Place %(n)s", n=n), choices=choices, validate_choice=False),
            )
            for n in range(1, len(question.options) + 1)
        ]

    def prefill(self, question: Question, value: object) -> dict:
        """The option at each place."""
        return {
            field_name(question, f"_r{n}"): option
            for n, option in enumerate(value, 1)  # type: ignore[arg-type]
        }

    def parse(self, question: Question, raw: list) -> list[str] | None:
        """The option codes, first place first."""
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

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row per option (`item` = `choice` = option, `number` = place, 1 = first)."""
        return [
            SurveyAnswer(question_id=question.id, item=str(v), choice=str(v), number=rank)
            for rank, v in enumerate(value, 1)  # type: ignore[arg-type]
        ]

    def export(self, rows: list[SurveyAnswer]) -> object:
        """The option codes first to last, separated by `>`."""
        if not rows:
            return ""
        return " > ".join(r.choice or "" for r in sorted(rows, key=lambda r: r.number or 0))


class Number(QuestionType):
    """A number between the question's minimum and maximum."""

    code = "number"
    label = _l("Number")
    grouped = False
    template = "input"
    hint = "number_range"
    counted_by = "number"
    summary = "_number"

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One text input with the decimal keyboard."""
        label = render_content(question.text)
        return [(field_name(question), StringField(label, render_kw={"inputmode": "decimal"}))]

    def parse(self, question: Question, raw: list) -> float | int | None:
        """The number (a comma as decimal mark too); an int when it is whole."""
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
    if low is not None and high is not None:
        return _(
            "Enter a number from %(low)s to %(high)s.", low=show_number(low), high=show_number(high)
        )
    if low is not None:
        return _("Enter a number of at least %(low)s.", low=show_number(low))
    return _("Enter a number of at most %(high)s.", high=show_number(high))  # type: ignore[arg-type]


class ShortText(QuestionType):
    """A line of free text."""

    code = "short_text"
    label = _l("Short text")
    grouped = False
    template = "input"
    free_text = True
    summary = "_texts"
    trend = None
    #: the longest answer kept
    limit = SHORT_TEXT_MAX

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One text input."""
        label = render_content(question.text)
        return [(field_name(question), StringField(label, render_kw={"maxlength": self.limit}))]

    def parse(self, question: Question, raw: list) -> str | None:
        """The text, trimmed, with Unix line ends."""
        if _blank(raw[0]):
            return None
        text = str(raw[0]).strip().replace("\r\n", "\n")
        if len(text) > self.limit:
            raise AnswerInvalid(
                ngettext(
                    "Keep the answer under %(count)s character.",
                    "Keep the answer under %(count)s characters.",
                    self.limit,
                    count=self.limit,
                )
            )
        return text

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row with the text."""
        return [SurveyAnswer(question_id=question.id, item="", text=str(value))]


class LongText(ShortText):
    """Free text over several lines."""

    code = "long_text"
    label = _l("Long text")
    limit = LONG_TEXT_MAX

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One text area."""
        label = render_content(question.text)
        return [(field_name(question), TextAreaField(label, render_kw={"maxlength": self.limit}))]


#: a date as people type it where the browser has no date picker: 31.12.2024 (the dot after
#: the year and spaces after the dots optional), or 31/12/2024
_TYPED_DATE = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})\.?$")
#: the value a date input sends (and the stored form): 2024-12-31
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DateAnswer(QuestionType):
    """A day: the browser's date picker, or a date typed as 31.12.2024 where it has none.

    Stored as ISO text (`text` = "2024-12-31"); the report counts the answers by month and the
    raw export gives the month only: a full date (a birthday) can single a person out."""

    code = "date"
    label = _l("Date")
    grouped = False
    template = "input"
    hint = "date"
    summary = "_dates"
    trend = None
    broken_down = False

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """One date input (a text input on browsers without a date picker)."""
        label = render_content(question.text)
        return [(field_name(question), StringField(label, widget=DateInput()))]

    def parse(self, question: Question, raw: list) -> str | None:
        """The date as ISO text (YYYY-MM-DD), from ISO or day.month.year."""
        if _blank(raw[0]):
            return None
        text = str(raw[0]).strip()
        iso, typed = _ISO_DATE.match(text), _TYPED_DATE.match(text)
        try:
            if iso:
                day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            elif typed:
                day = dt.date(int(typed[3]), int(typed[2]), int(typed[1]))
            else:
                day = None
        except ValueError:
            day = None
        if day is None:
            raise AnswerInvalid(_("Enter a date as day.month.year, for example 31.12.2024."))
        return day.isoformat()

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """One row with the ISO date in `text`."""
        return [SurveyAnswer(question_id=question.id, item="", text=str(value))]

    def export(self, rows: list[SurveyAnswer]) -> object:
        """The month of the date (YYYY-MM), never the day."""
        return (rows[0].text or "")[:7] if rows else ""


class Note(QuestionType):
    """A text shown among the questions that takes no answer (an explanation, a transition)."""

    code = "note"
    label = _l("Note (a text shown, no answer)")
    grouped = False
    template = "note"
    summary = "_texts"
    trend = None
    asks = False
    broken_down = False

    def form_fields(self, question: Question) -> list[tuple[str, object]]:
        """No field: a note is only read."""
        return []

    def prefill(self, question: Question, value: object) -> dict:
        """Nothing to fill in."""
        return {}

    def parse(self, question: Question, raw: list) -> None:
        """Never an answer."""
        return None

    def clean(self, question: Question, raw: list) -> None:
        """Never an answer, so never a missing one (a note is never required)."""
        return None

    def rows(self, question: Question, value: object) -> list[SurveyAnswer]:
        """No rows."""
        return []

    def export(self, rows: list[SurveyAnswer]) -> object:
        """No cell (the raw export has no column for a note)."""
        return ""


#: every question type by its code, in the order the builder offers them
QUESTION_TYPES: dict[str, QuestionType] = {
    cls.code: cls()
    for cls in (
        SingleChoice,
        MultipleChoice,
        Likert,
        LikertMatrix,
        Ranking,
        Number,
        Rating,
        ShortText,
        LongText,
        DateAnswer,
        Note,
    )
}


def question_type(question: Question | str) -> QuestionType:
    """The type object of `question` (or of a type code)."""
    code = question if isinstance(question, str) else question.type
    return QUESTION_TYPES[code]
